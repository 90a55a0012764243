// Create or replace a prior profile (DESIGN §4.8): its properties, and its ASSIGNS and CITES
// relationships replaced by the given ones (worlds and sources were checked to exist).
MERGE (p:Entity:PriorProfile {workspace: $workspace, id: $id})
ON CREATE SET p.createdAt = datetime(), p.ord = 0
SET p.name = $name, p.description = $description, p.notes = $notes, p.updatedAt = datetime()
WITH p
OPTIONAL MATCH (p)-[old:ASSIGNS|CITES]->()
DELETE old
WITH DISTINCT p
CALL (p) {
  UNWIND $priors AS row
  MATCH (w:WorldModel {workspace: $workspace, id: row.world})
  CREATE (p)-[:ASSIGNS {prior: row.prior, ord: row.ord}]->(w)
}
CALL (p) {
  UNWIND $sources AS row
  MATCH (s:Source {workspace: $workspace, id: row.source})
  CREATE (p)-[:CITES {ord: row.ord}]->(s)
}
RETURN p.id AS id
