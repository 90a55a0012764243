"""Answers of requests sent with an `Idempotency-Key`, shared by every API process on one
database (`service.store.idempotent_answers`); the API's door to them."""

from __future__ import annotations

from service.store.idempotent_answers import (
    Claim,
    claim_answer,
    expire_answers,
    keep_answer,
    release_answer,
)

__all__ = ["Claim", "claim_answer", "expire_answers", "keep_answer", "release_answer"]
