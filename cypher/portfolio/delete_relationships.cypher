// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
// The writer pads every batch with nulls to one length: Neo4j keeps a plan per list size
// (by powers of ten), and each new size was planned again.
CYPHER replan=skip
UNWIND [key IN $keys WHERE key IS NOT NULL] AS key
MATCH ()-[r]->() WHERE elementId(r) = key
DELETE r
