MATCH (n:SafetyCase {workspace: $workspace})
RETURN n {.id, .title, .category, .status, .effectiveness, .pUnsound, .notes, .document, .ord,
  covers: [(n)-[r:COVERS]->(d:Deployment) | {id: d.id, ord: r.ord}],
  root: [(n)-[:ROOT]->(g:ArgumentNode) | g.id],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
