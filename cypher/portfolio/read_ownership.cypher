// Every entity of the workspace with the document that owns it (null: a direct edit).
MATCH (n:Entity {workspace: $workspace})
RETURN n.id AS id, n.document AS document, n.contentHash AS hash
