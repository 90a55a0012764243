MATCH (n:Question {workspace: $workspace})
RETURN n {.id, .text, .notes, .document, .ord,
  answers: [(n)-[r:HAS_ANSWER]->(w:WorldModel) | w {.id, .statement, .prior, .notes, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
