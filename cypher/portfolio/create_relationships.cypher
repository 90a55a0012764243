// New relationships between nodes given by element id (from read_ownership or the node
// creates of the same transaction): a direct seek, no (workspace, id) index lookup. `type`
// comes from the loader's fixed set of relationship types, never from the document. The
// properties are written in the CREATE (null ones are not stored), so the plan has no Eager.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[:$(row.type) {document: $document, ord: row.ord, p: row.p, ref: row.ref, prior: row.prior}]->(b)
