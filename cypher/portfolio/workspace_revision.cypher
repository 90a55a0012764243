OPTIONAL MATCH (w:Workspace {name: $workspace})
RETURN coalesce(w.revision, 0) AS revision
