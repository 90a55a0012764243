// Baseline (a) of the benchmark: impact as one variable-length traversal, the query a user
// might write first. From the failed assumption, up RELIES_ON chains to the argument nodes
// that need it, up SUPPORTED_BY to a root goal, to its case. It treats every case reached as
// failed: it ignores `any` / `at_least` support (a case with a surviving alternative leg is
// still reported), which is what the benchmark counts as its wrong answers.
MATCH (a:Assumption {workspace: $workspace, id: $assumption})
MATCH (a)<-[:RELIES_ON*1..]-(:ArgumentNode)<-[:SUPPORTED_BY*0..]-(:ArgumentNode)<-[:ROOT]-(c:SafetyCase)
WHERE c.workspace = $workspace
RETURN DISTINCT c.id AS id
