MERGE (w:Workspace {name: $workspace})
ON CREATE SET w.revision = 0, w.createdAt = datetime()
SET w.revision = w.revision + 1
RETURN w.revision AS revision
