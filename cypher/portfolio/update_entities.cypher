// Entities whose content changed (the caller sends only those).
UNWIND $rows AS row
MATCH (n:Entity {workspace: $workspace, id: row.id})
REMOVE n:Goal:Strategy:Evidence:Context:Justification
SET n += row.props, n.contentHash = row.hash, n.updatedAt = datetime()
SET n:$(row.labels)
