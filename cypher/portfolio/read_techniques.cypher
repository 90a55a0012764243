// $properties: the kind's properties (service.model.kinds), read in that order.
MATCH (n:Technique {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]],
  failsIn: [(n)-[r:FAILS_IN]->(w:WorldModel) | {world: w.id, p: r.p, ord: r.ord}],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
