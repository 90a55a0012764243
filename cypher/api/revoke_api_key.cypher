// Revoking keeps the record (who had access, and until when) but the token stops working.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, datetime())
RETURN k {.id, .role, .workspaces, .name, .createdAt, .revokedAt} AS key
