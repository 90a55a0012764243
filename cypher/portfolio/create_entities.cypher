// New entities; `labels` come from the loader's fixed set of kinds, never from the document.
UNWIND $rows AS row
CREATE (n:Entity:$(row.labels) {workspace: $workspace, id: row.id, document: $document})
SET n += row.props, n.contentHash = row.hash, n.createdAt = datetime(), n.updatedAt = datetime()
