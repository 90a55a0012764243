// $properties, $answerProperties: the properties of a question and of a world model
// (service.model.kinds), read in that order.
MATCH (n:Question {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]],
  answers: [(n)-[r:HAS_ANSWER]->(w:WorldModel) |
    w {.id, ord: r.ord, properties: [key IN $answerProperties | w[key]]}]
} AS n
ORDER BY n.document, n.ord, n.id
