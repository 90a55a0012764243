// `type` comes from the loader's fixed set of relationship types, never from the document.
UNWIND $rows AS row
MATCH (a:Entity {workspace: $workspace, id: row.source})
MATCH (b:Entity {workspace: $workspace, id: row.target})
CREATE (a)-[r:$(row.type) {document: $document}]->(b)
SET r += row.props
