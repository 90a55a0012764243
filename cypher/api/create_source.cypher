// A Source created by a direct edit (no owning document).
CREATE (n:Entity:Source {workspace: $workspace, id: $id})
SET n += $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN n.id AS id
