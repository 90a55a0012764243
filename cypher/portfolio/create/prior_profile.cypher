// New prior profile entities. One statement per kind: with labels written out
// (not `$(row.labels)`) the plan has no Eager, and `n = row.props` sets every property at once.
// The element ids come back in the order of $rows (reading anything of `row` or `n` after the
// SET would make the planner add an Eager).
UNWIND $rows AS row
CREATE (n:Entity:PriorProfile)
SET n = row.props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN elementId(n) AS key
