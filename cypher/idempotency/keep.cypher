// The answer of the request holding the claim, kept for replays until it expires (nothing
// when another request took the claim over meanwhile).
MATCH (a:IdempotentAnswer {scope: $scope, keyHash: $keyHash})
WHERE a.claim = $claim AND a.status IS NULL
SET a.status = $status, a.headers = $headers, a.body = $body
RETURN count(a) AS kept
