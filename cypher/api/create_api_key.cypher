// A new API key: only the SHA-256 of the token is stored, never the token.
CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, workspaces: $workspaces, name: $name,
                  createdAt: datetime()})
RETURN k {.*} AS key
