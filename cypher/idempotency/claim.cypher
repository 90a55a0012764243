// Claim the answer of (scope, keyHash) for the request $claim, or read who has it.
// Taken when there is none, when it expired, or when the request that claimed it never
// finished (its lease passed: the process died, or Neo4j was lost before it could release).
// MERGE on the unique (scope, keyHash) serialises concurrent claims: one of them wins.
MERGE (a:IdempotentAnswer {scope: $scope, keyHash: $keyHash})
WITH a, a.expiresAt IS NULL OR a.expiresAt < datetime()
  OR (a.status IS NULL AND a.leaseUntil < datetime()) AS free
FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
  SET a.bodyHash = $bodyHash, a.claim = $claim, a.createdAt = datetime(),
    a.expiresAt = datetime() + duration({seconds: $ttl}),
    a.leaseUntil = datetime() + duration({seconds: $lease}),
    a.status = null, a.headers = null, a.body = null)
RETURN a.claim = $claim AS claimed, a.bodyHash AS bodyHash, a.status AS status,
  a.headers AS headers, a.body AS body
