// The argument trees of some safety cases in one query (the DataLoader of case trees): for
// each case id, its ROOT pairs, then every argument node below them (shared `ref` nodes
// included) with its SUPPORTED_BY children and RELIES_ON assumptions, each list in the order
// and with the filters of related_out.cypher, so the rows can stand in for its answers.
// `WITH DISTINCT n` after the variable-length match lets the planner prune (BFS): each node
// is visited once, however many paths lead to it.
UNWIND $ids AS caseId
MATCH (c:Entity {workspace: $workspace, id: caseId})
WITH c, caseId, COLLECT {
  MATCH (c)-[r:ROOT]->(n:ArgumentNode)
  WHERE n.workspace = $workspace
  WITH r, n ORDER BY coalesce(r.ord, 0), n.id
  RETURN {edge: properties(r), node: n {.*, labels: labels(n),
    createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)}}
} AS roots
CALL (c) {
  OPTIONAL MATCH (c)-[:ROOT]->(:ArgumentNode)-[:SUPPORTED_BY*0..]->(n:ArgumentNode)
  WHERE n.workspace = $workspace
  WITH DISTINCT n
  WHERE n IS NOT NULL
  RETURN collect({
    id: n.id,
    children: COLLECT {
      MATCH (n)-[r:SUPPORTED_BY]->(m:ArgumentNode)
      WHERE m.workspace = $workspace
      WITH r, m ORDER BY coalesce(r.ord, 0), m.id
      RETURN {edge: properties(r), node: m {.*, labels: labels(m),
        createdAt: toString(m.createdAt), updatedAt: toString(m.updatedAt)}}
    },
    reliesOn: COLLECT {
      MATCH (n)-[r:RELIES_ON]->(a:Assumption)
      WHERE a.workspace = $workspace
      WITH r, a ORDER BY coalesce(r.ord, 0), a.id
      RETURN {edge: properties(r), node: a {.*, labels: labels(a),
        createdAt: toString(a.createdAt), updatedAt: toString(a.updatedAt)}}
    }
  }) AS nodes
}
RETURN caseId AS case, roots, nodes
