// Entities of one workspace by id (the DataLoader of nodes: one query per batch).
UNWIND $ids AS id
MATCH (n:Entity {workspace: $workspace, id: id})
RETURN n {.*, labels: labels(n)} AS node
