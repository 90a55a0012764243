// Relationships a document created, to be compared with the ones its file now has. The
// workspace's entities come from the (workspace, id) index (a workspace is read whole by
// read_ownership anyway), so no index on `document` is needed.
// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
CYPHER replan=skip
MATCH (a:Entity)
USING INDEX a:Entity(workspace, id)
WHERE a.workspace = $workspace AND a.id IS NOT NULL AND a.document = $document
MATCH (a)-[r]->(b:Entity)
WHERE r.document = $document
RETURN elementId(r) AS key, a.id AS source, type(r) AS type, b.id AS target,
       properties(r) AS props
