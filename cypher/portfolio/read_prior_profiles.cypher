// replan=skip: the first read after a large load replanned every statement (3.5 s of a
// 4.7 s read at 1,000 cases). A plan made on a small graph is kept: it reads one label of
// one workspace either way.
CYPHER replan=skip
MATCH (n:PriorProfile {workspace: $workspace})
RETURN n {.id, .name, .description, .notes, .document, .ord,
  priors: [(n)-[r:ASSIGNS]->(w:WorldModel) | {world: w.id, prior: r.prior, ord: r.ord}],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
