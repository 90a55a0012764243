// Nodes of a backup, with the labels and properties it gives (labels checked against the
// known set before the statement runs); returns each one's new element id by its old one.
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.key AS key, elementId(n) AS id
