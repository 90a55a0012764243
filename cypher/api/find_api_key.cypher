// The active key whose token hashes to $hash, if any.
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
RETURN k {.id, .role, .workspaces, .name, .createdAt} AS key
