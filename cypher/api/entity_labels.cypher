// The labels of the entity with this id in the workspace (none: no such entity).
MATCH (n:Entity {workspace: $workspace, id: $id})
RETURN labels(n) AS labels
