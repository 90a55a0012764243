// The kind label of an argument node follows its type (GOAL, STRATEGY, EVIDENCE).
MATCH (n:ArgumentNode {workspace: $workspace, id: $id})
REMOVE n:Goal:Strategy:Evidence
WITH n
FOREACH (_ IN CASE WHEN n.type = 'GOAL' THEN [1] ELSE [] END | SET n:Goal)
FOREACH (_ IN CASE WHEN n.type = 'STRATEGY' THEN [1] ELSE [] END | SET n:Strategy)
FOREACH (_ IN CASE WHEN n.type = 'EVIDENCE' THEN [1] ELSE [] END | SET n:Evidence)
RETURN n.id AS id
