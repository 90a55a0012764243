// The shape of every argument in a workspace: case roots and SUPPORTED_BY edges (with `ref`:
// false on the edge under which a node is defined in the authoring format, true elsewhere).
MATCH (n:ArgumentNode {workspace: $workspace})
RETURN n.id AS id,
       [(c:SafetyCase)-[:ROOT]->(n) WHERE c.workspace = $workspace | c.id] AS cases,
       [(n)-[r:SUPPORTED_BY]->(m:ArgumentNode) | {target: m.id, ref: coalesce(r.ref, false)}] AS children
