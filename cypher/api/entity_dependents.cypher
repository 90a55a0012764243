// What goes with deleted entities: their context statements and answers, and the defeaters
// that challenge any of them.
UNWIND $ids AS id
MATCH (n:Entity {workspace: $workspace, id: id})
WITH n, [(n)-[:IN_CONTEXT_OF|HAS_ANSWER]->(o:Entity) | o] AS owned
UNWIND [n] + owned AS x
WITH DISTINCT x
RETURN x.id AS id, [(d:Defeater)-[:CHALLENGES]->(x) WHERE d.workspace = $workspace | d.id] AS defeaters
