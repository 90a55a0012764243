// Entities whose content changed (the caller sends only those).
// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
// The writer pads every batch with nulls to one length: Neo4j keeps a plan per list size
// (by powers of ten), and each new size was planned again.
CYPHER replan=skip
UNWIND [row IN $rows WHERE row IS NOT NULL] AS row
MATCH (n:Entity {workspace: $workspace, id: row.id})
REMOVE n:Goal:Strategy:Evidence:Context:Justification
SET n += row.props, n.contentHash = row.hash, n.updatedAt = datetime()
SET n:$(row.labels)
