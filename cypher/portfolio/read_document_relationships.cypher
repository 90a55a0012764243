// Relationships a document created, to be compared with the ones its file now has.
MATCH (a:Entity {workspace: $workspace, document: $document})-[r]->(b:Entity)
WHERE r.document = $document
RETURN elementId(r) AS key, a.id AS source, type(r) AS type, b.id AS target,
       properties(r) AS props
