// A WorldModel created by a direct edit (no owning document).
CREATE (n:Entity:WorldModel {workspace: $workspace, id: $id})
SET n += $props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN n.id AS id
