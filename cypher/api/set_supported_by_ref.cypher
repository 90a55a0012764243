UNWIND $rows AS row
MATCH (a:ArgumentNode {workspace: $workspace, id: row.source})-[r:SUPPORTED_BY]->(b:ArgumentNode {workspace: $workspace, id: row.target})
SET r.ref = row.ref
