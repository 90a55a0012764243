// Every argument node of the workspace ($properties: those of the kind, service.model.kinds)
// and its links, as five lists in one record: a big
// workspace reads far faster this way than as one map per node with pattern comprehensions
// (one Bolt record instead of 150,000). `n.id IS NOT NULL` lets the planner seek the
// (workspace, id) index instead of scanning every argument node of every workspace.
// replan=skip: the first read after a large load replanned every statement (3.5 s of a
// 4.7 s read at 1,000 cases). A plan made on a small graph is kept: it reads one label of
// one workspace either way.
CYPHER replan=skip
MATCH (n:ArgumentNode)
WHERE n.workspace = $workspace AND n.id IS NOT NULL
WITH collect(n) AS ns
CALL (ns) {
  UNWIND ns AS n
  MATCH (n)-[r:SUPPORTED_BY]->(c:ArgumentNode)
  RETURN collect([n.id, c.id, r.ref, r.ord]) AS children
}
CALL (ns) {
  UNWIND ns AS n
  MATCH (n)-[r:RELIES_ON]->(a:Assumption)
  RETURN collect([n.id, a.id, r.ord]) AS reliesOn
}
CALL (ns) {
  UNWIND ns AS n
  MATCH (n)-[r:IN_CONTEXT_OF]->(c)
  RETURN collect([n.id, c.statement, c.kind, r.ord]) AS context
}
CALL (ns) {
  UNWIND ns AS n
  MATCH (n)-[r:CITES]->(s:Source)
  RETURN collect([n.id, s.id, r.ord]) AS sources
}
RETURN [n IN ns | [n.id] + [key IN $properties | n[key]]] AS nodes,
       children, reliesOn, context, sources
