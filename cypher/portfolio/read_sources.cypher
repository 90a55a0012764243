MATCH (n:Source {workspace: $workspace})
RETURN n {.id, .title, .url, .notes, .document, .ord} AS n
ORDER BY n.document, n.ord, n.id
