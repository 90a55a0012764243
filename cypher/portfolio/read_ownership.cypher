// Every entity of the workspace with the document that owns it (null: a direct edit) and its
// element id (new relationships to it are created by element id). `n.id IS NOT NULL` lets the
// planner seek the (workspace, id) index instead of scanning the entities of every workspace.
MATCH (n:Entity)
WHERE n.workspace = $workspace AND n.id IS NOT NULL
RETURN n.id AS id, n.document AS document, n.contentHash AS hash, elementId(n) AS key
