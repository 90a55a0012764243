// Questions whose answers' priors do not sum to 1 (or that have no answers).
MATCH (q:Question {workspace: $workspace})
WITH q, [(q)-[:HAS_ANSWER]->(w:WorldModel) | w.prior] AS priors
WITH q, priors, reduce(total = 0.0, p IN priors | total + coalesce(p, 0.0)) AS total
WHERE size(priors) = 0 OR abs(total - 1.0) > $tolerance
RETURN q.id AS id, total, size(priors) AS answers
ORDER BY q.id
LIMIT 20
