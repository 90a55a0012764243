// Relationships of a backup, between restored nodes given by element id (a direct seek);
// types checked against the known set before the statement runs.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
