UNWIND $ids AS id
MATCH (n:Entity {workspace: $workspace, id: id})
DETACH DELETE n
RETURN count(*) AS deleted
