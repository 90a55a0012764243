// For each parent id, its outgoing relationships of type $type to entities labelled $label,
// in authored order (the DataLoader of relationship fields: one query per batch).
UNWIND $ids AS parentId
MATCH (p:Entity {workspace: $workspace, id: parentId})-[r]->(n:Entity)
WHERE type(r) = $type AND $label IN labels(n) AND n.workspace = $workspace
RETURN parentId AS parent, properties(r) AS edge, n {.*, labels: labels(n),
  createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)} AS node
ORDER BY parentId, coalesce(r.ord, 0), n.id
