// $properties: the kind's properties (service.model.kinds), read in that order.
// replan=skip: the first read after a large load replanned every statement (3.5 s of a
// 4.7 s read at 1,000 cases). A plan made on a small graph is kept: it reads one label of
// one workspace either way.
CYPHER replan=skip
MATCH (n:Deployment {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
