// Append a SUPPORTED_BY relationship created by a direct edit (ord: after the source's others).
MATCH (a:Entity {workspace: $workspace, id: $source}), (b:Entity {workspace: $workspace, id: $target})
OPTIONAL MATCH (a)-[e:SUPPORTED_BY]->()
WITH a, b, coalesce(max(e.ord), -1) + 1 AS ord
CREATE (a)-[r:SUPPORTED_BY {ord: ord}]->(b)
SET r += $props
RETURN count(r) AS created
