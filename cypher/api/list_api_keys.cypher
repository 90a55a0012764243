MATCH (k:ApiKey)
WHERE $includeRevoked OR k.revokedAt IS NULL
RETURN k {.id, .role, .workspaces, .name, .createdAt, .revokedAt} AS key
ORDER BY k.createdAt, k.id
