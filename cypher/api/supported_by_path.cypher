// A SUPPORTED_BY path from $from to $to, if any (linking $to -> $from would close a cycle).
MATCH (a:ArgumentNode {workspace: $workspace, id: $from}), (b:ArgumentNode {workspace: $workspace, id: $to})
MATCH p = shortestPath((a)-[:SUPPORTED_BY*1..]->(b))
RETURN [x IN nodes(p) | x.id] AS path
LIMIT 1
