MATCH (n:Deployment {workspace: $workspace})
RETURN n {.id, .name, .description, .stakes, .priorRisk, .riskThreshold, .notes, .document, .ord,
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
