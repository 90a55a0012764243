// Every workspace's graph revision, for a server that keeps analyses ready (usecases.warming).
MATCH (w:Workspace)
RETURN w.name AS workspace, coalesce(w.revision, 0) AS revision
ORDER BY workspace
