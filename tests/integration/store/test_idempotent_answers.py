"""Kept Idempotency-Key answers against a real Neo4j: one claim wins among concurrent ones,
only its holder keeps an answer, and a released or abandoned claim can be taken again."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.store.database import Database
from service.store.idempotent_answers import (
    Claim,
    claim_answer,
    expire_answers,
    keep_answer,
    release_answer,
)

pytestmark = pytest.mark.integration

SCOPE, KEY, BODY = "key-1", "k" * 64, "b" * 64
HEADERS = [(b"content-type", b"application/json")]


def _claim(database: Database, claim: str, *, body: str = BODY, lease_s: float = 30) -> Claim:
    return claim_answer(database, SCOPE, KEY, body, claim, ttl_s=3600, lease_s=lease_s)


def test_of_concurrent_claims_exactly_one_wins(database: Database) -> None:
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda n: _claim(database, f"claim-{n}"), range(8)))
    assert sum(claim.claimed for claim in found) == 1
    assert all(claim.status is None and claim.body_hash == BODY for claim in found)


def test_a_kept_answer_is_what_every_later_claim_reads(database: Database) -> None:
    assert _claim(database, "first").claimed
    assert keep_answer(database, SCOPE, KEY, "first", 200, HEADERS, b'{"data": 1}')
    later = _claim(database, "second", body="another body")
    assert later == Claim(
        claimed=False, body_hash=BODY, status=200, headers=tuple(HEADERS), body=b'{"data": 1}'
    )


def test_a_released_claim_is_free_for_the_next_request(database: Database) -> None:
    assert _claim(database, "first").claimed
    release_answer(database, SCOPE, KEY, "first")
    assert _claim(database, "second").claimed


def test_an_abandoned_claim_is_taken_over_after_its_lease_and_its_answer_refused(
    database: Database,
) -> None:
    assert _claim(database, "dead", lease_s=1).claimed
    assert not _claim(database, "early").claimed
    time.sleep(1.2)
    assert _claim(database, "late").claimed
    assert not keep_answer(database, SCOPE, KEY, "dead", 200, HEADERS, b"stale")
    assert keep_answer(database, SCOPE, KEY, "late", 201, HEADERS, b"fresh")


def test_expired_answers_are_swept(database: Database) -> None:
    assert _claim(database, "first").claimed
    assert expire_answers(database) == 0
    database.write(
        lambda tx: tx.run(
            "MATCH (a:IdempotentAnswer) SET a.expiresAt = datetime() - duration('PT1S')"
        ).consume()
    )
    assert expire_answers(database) == 1
    assert _claim(database, "second").claimed
