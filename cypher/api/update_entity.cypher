// Set properties of an entity (a null value removes one). Clearing contentHash makes the next
// import of the owning document write its own values again.
MATCH (n:Entity {workspace: $workspace, id: $id})
SET n += $props, n.updatedAt = datetime()
REMOVE n.contentHash
RETURN n.id AS id
