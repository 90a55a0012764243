MATCH (n:Defeater {workspace: $workspace})
RETURN n {.id, .statement, .status, .notes, .document, .ord,
  challenges: [(n)-[:CHALLENGES]->(t) | t.id]
} AS n
ORDER BY n.document, n.ord, n.id
