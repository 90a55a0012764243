MATCH (n:ArgumentNode {workspace: $workspace})
RETURN n {.id, .type, .statement, .support, .k, .notes, .document, .ord,
  children: [(n)-[r:SUPPORTED_BY]->(c:ArgumentNode) | {id: c.id, ord: r.ord, ref: r.ref}],
  reliesOn: [(n)-[r:RELIES_ON]->(a:Assumption) | {id: a.id, ord: r.ord}],
  context: [(n)-[r:IN_CONTEXT_OF]->(c) | {statement: c.statement, kind: c.kind, ord: r.ord}],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
