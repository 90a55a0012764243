// Every question of a workspace with its answers' ids (a prior profile edit is checked
// against them).
MATCH (q:Question {workspace: $workspace})
OPTIONAL MATCH (q)-[r:HAS_ANSWER]->(w:WorldModel)
WITH q, w ORDER BY r.ord
RETURN q.id AS question, [x IN collect(w.id) WHERE x IS NOT NULL] AS answers
