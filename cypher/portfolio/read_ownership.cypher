// Every entity of the workspace with the document that owns it (null: a direct edit) and its
// element id (new relationships to it are created by element id). `n.id IS NOT NULL` lets the
// planner seek the (workspace, id) index instead of scanning the entities of every workspace
// (the hint keeps that plan whatever the statistics were when it was made).
// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
CYPHER replan=skip
MATCH (n:Entity)
USING INDEX n:Entity(workspace, id)
WHERE n.workspace = $workspace AND n.id IS NOT NULL
RETURN n.id AS id, n.document AS document, n.contentHash AS hash, elementId(n) AS key
