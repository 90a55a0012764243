// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
CYPHER replan=skip
MERGE (w:Workspace {name: $workspace})
ON CREATE SET w.revision = 0, w.createdAt = datetime()
SET w.revision = w.revision + 1
RETURN w.revision AS revision
