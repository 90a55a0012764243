// Give up a claim whose answer is not kept (a server error): the next retry runs again.
MATCH (a:IdempotentAnswer {scope: $scope, keyHash: $keyHash})
WHERE a.claim = $claim AND a.status IS NULL
DELETE a
