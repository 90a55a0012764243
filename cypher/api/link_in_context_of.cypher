// Append a IN_CONTEXT_OF relationship created by a direct edit (ord: after the source's others).
MATCH (a:Entity {workspace: $workspace, id: $source}), (b:Entity {workspace: $workspace, id: $target})
OPTIONAL MATCH (a)-[e:IN_CONTEXT_OF]->()
WITH a, b, coalesce(max(e.ord), -1) + 1 AS ord
CREATE (a)-[r:IN_CONTEXT_OF {ord: ord}]->(b)
SET r += $props
RETURN count(r) AS created
