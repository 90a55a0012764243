"""Answers of requests sent with an `Idempotency-Key`, kept in Neo4j, so that every API process
on one database, and a restarted one, replays the same answer (`service.api.idempotency`).

One node per API key and key: `(:IdempotentAnswer {scope, keyHash, bodyHash, claim,
leaseUntil, status, headers, body, createdAt, expiresAt})`, unique on (scope, keyHash). The
key itself is not stored, only its SHA-256; the scope is the id of the API key that sent it,
so one client's key never replays another client's answer.

A request first *claims* the answer (`claim_answer`): it gets the claim when there is no
answer yet, when the answer expired, or when the request holding the claim never finished
(its lease, the request deadline, passed: its process died). The holder runs, then keeps its
answer (`keep_answer`) or, for an answer not worth keeping, releases the claim
(`release_answer`). Everyone else reads the claim: a kept answer to replay, a different
request body to refuse, or a request still running to wait for. Times are Neo4j's clock, the
one every process shares.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.store.database import Database
from service.store.query_log import run_statement

__all__ = ["Claim", "claim_answer", "expire_answers", "keep_answer", "release_answer"]


@dataclass(frozen=True)
class Claim:
    """What `claim_answer` found."""

    claimed: bool  # this request holds the claim: it runs, then keeps or releases
    body_hash: str  # of the request that holds (or held) the claim
    status: int | None = None  # the kept answer; None while its request still runs
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""


def claim_answer(
    database: Database,
    scope: str,
    key_hash: str,
    body_hash: str,
    claim: str,
    *,
    ttl_s: float,
    lease_s: float,
) -> Claim:
    """Claim the answer of (`scope`, `key_hash`) for the request `claim`, or what holds it."""
    rows = database.write(
        lambda tx: run_statement(
            tx,
            "idempotency/claim",
            scope=scope,
            keyHash=key_hash,
            bodyHash=body_hash,
            claim=claim,
            ttl=int(ttl_s),
            lease=max(1, int(lease_s + 0.999)),
        )
    )
    row = rows[0]
    flat = [value.encode("latin-1") for value in row["headers"] or []]
    return Claim(
        claimed=bool(row["claimed"]),
        body_hash=str(row["bodyHash"]),
        status=None if row["status"] is None else int(row["status"]),
        headers=tuple(zip(flat[::2], flat[1::2], strict=True)),
        body=bytes(row["body"] or b""),
    )


def keep_answer(
    database: Database,
    scope: str,
    key_hash: str,
    claim: str,
    status: int,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
) -> bool:
    """Keep the answer of the request holding `claim`; False when it no longer holds it."""
    flat = [part.decode("latin-1") for header in headers for part in header]
    rows = database.write(
        lambda tx: run_statement(
            tx,
            "idempotency/keep",
            scope=scope,
            keyHash=key_hash,
            claim=claim,
            status=status,
            headers=flat,
            body=body,
        )
    )
    return bool(rows[0]["kept"])


def release_answer(database: Database, scope: str, key_hash: str, claim: str) -> None:
    """Give up `claim` without an answer: the next retry runs its request again."""
    database.write(
        lambda tx: run_statement(
            tx, "idempotency/release", scope=scope, keyHash=key_hash, claim=claim
        )
    )


def expire_answers(database: Database, limit: int = 1000) -> int:
    """Remove up to `limit` expired answers; how many went."""
    rows = database.write(lambda tx: run_statement(tx, "idempotency/expire", limit=limit))
    return int(rows[0]["removed"]) if rows else 0
