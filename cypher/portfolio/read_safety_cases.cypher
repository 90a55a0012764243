// $properties: the kind's properties (service.model.kinds), read in that order.
MATCH (n:SafetyCase {workspace: $workspace})
RETURN n {.id, .document, .ord, properties: [key IN $properties | n[key]],
  covers: [(n)-[r:COVERS]->(d:Deployment) | {id: d.id, ord: r.ord}],
  root: [(n)-[:ROOT]->(g:ArgumentNode) | g.id],
  sources: [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}]
} AS n
ORDER BY n.document, n.ord, n.id
