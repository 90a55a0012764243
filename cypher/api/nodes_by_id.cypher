// Entities of one workspace by id (the DataLoader of nodes: one query per batch).
// Timestamps come as ISO text in every API read: the driver decodes text many times faster
// than temporal values (graph_queries.entity_row turns them back into datetimes).
UNWIND $ids AS id
MATCH (n:Entity {workspace: $workspace, id: id})
RETURN n {.*, labels: labels(n),
  createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)} AS node
