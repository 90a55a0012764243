// Argument nodes with support AT_LEAST k but fewer than k children.
MATCH (n:ArgumentNode {workspace: $workspace})
WHERE n.support = 'AT_LEAST'
WITH n, COUNT { (n)-[:SUPPORTED_BY]->(:ArgumentNode) } AS children
WHERE n.k IS NULL OR n.k > children
RETURN n.id AS id, n.k AS k, children
ORDER BY n.id
LIMIT 20
