// $properties: the kind's properties (service.model.kinds), read in that order.
MATCH (n:Defeater {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]],
  challenges: [(n)-[:CHALLENGES]->(t) | t.id]
} AS n
ORDER BY n.document, n.ord, n.id
