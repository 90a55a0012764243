MATCH (n:PriorProfile {workspace: $workspace})
RETURN n {.id, .name, .description, .notes, .document, .ord,
  priors: [(n)-[r:ASSIGNS]->(w:WorldModel) | {world: w.id, prior: r.prior, ord: r.ord}],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
