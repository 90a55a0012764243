MATCH (a:Entity {workspace: $workspace, id: $source})-[r]->(b:Entity {workspace: $workspace, id: $target})
WHERE type(r) = $type
DELETE r
RETURN count(*) AS removed
