MATCH (n:Technique {workspace: $workspace})
RETURN n {.id, .name, .pFail, .notes, .document, .ord,
  failsIn: [(n)-[r:FAILS_IN]->(w:WorldModel) | {world: w.id, p: r.p, ord: r.ord}],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
