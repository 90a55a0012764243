// For each parent id, its incoming relationships of type $type from entities labelled $label.
UNWIND $ids AS parentId
MATCH (p:Entity {workspace: $workspace, id: parentId})<-[r]-(n:Entity)
WHERE type(r) = $type AND $label IN labels(n) AND n.workspace = $workspace
RETURN parentId AS parent, properties(r) AS edge, n {.*, labels: labels(n),
  createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)} AS node
ORDER BY parentId, coalesce(n.document, ''), coalesce(n.ord, 0), n.id
