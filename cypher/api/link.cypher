// Append a relationship created by a direct edit (ord: after the source's others of its type).
// $type is one of the model's relationship types (service.model.kinds), never user text; the
// endpoints are still found by the (Entity, workspace, id) index, as with a written type.
MATCH (a:Entity {workspace: $workspace, id: $source}), (b:Entity {workspace: $workspace, id: $target})
OPTIONAL MATCH (a)-[e:$($type)]->()
WITH a, b, coalesce(max(e.ord), -1) + 1 AS ord
CREATE (a)-[r:$($type) {ord: ord}]->(b)
SET r += $props
RETURN count(r) AS created
