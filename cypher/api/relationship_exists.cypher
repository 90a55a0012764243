MATCH (a:Entity {workspace: $workspace, id: $source})-[r]->(b:Entity {workspace: $workspace, id: $target})
WHERE type(r) = $type
RETURN count(r) > 0 AS exists
