// New relationships between nodes given by element id (from read_ownership or the node
// creates of the same transaction): a direct seek, no (workspace, id) index lookup. `type`
// comes from the loader's fixed set of relationship types, never from the document. The
// properties are written in the CREATE (null ones are not stored), so the plan has no Eager.
// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
// The writer pads every batch with nulls to one length: Neo4j keeps a plan per list size
// (by powers of ten), and each new size was planned again.
CYPHER replan=skip
UNWIND [row IN $rows WHERE row IS NOT NULL] AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[:$(row.type) {document: $document, ord: row.ord, p: row.p, ref: row.ref, prior: row.prior}]->(b)
