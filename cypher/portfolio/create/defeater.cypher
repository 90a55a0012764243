// New defeater entities. One statement per kind: with labels written out
// (not `$(row.labels)`) the plan has no Eager, and `n = row.props` sets every property at once.
// The element ids come back in the order of $rows (reading anything of `row` or `n` after the
// SET would make the planner add an Eager).
// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
// The writer pads every batch with nulls to one length: Neo4j keeps a plan per list size
// (by powers of ten), and each new size was planned again.
CYPHER replan=skip
UNWIND [row IN $rows WHERE row IS NOT NULL] AS row
CREATE (n:Entity:Defeater)
SET n = row.props, n.createdAt = datetime(), n.updatedAt = datetime()
RETURN elementId(n) AS key
