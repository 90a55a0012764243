MATCH (a:Entity {workspace: $workspace, id: $source})-[r:FAILS_IN]->(b:WorldModel {workspace: $workspace, id: $target})
SET r.p = $p
RETURN count(r) AS updated
