// A RELIES_ON path between assumptions from $from to $to, if any.
MATCH (a:Assumption {workspace: $workspace, id: $from}), (b:Assumption {workspace: $workspace, id: $to})
MATCH p = shortestPath((a)-[:RELIES_ON*1..]->(b))
RETURN [x IN nodes(p) | x.id] AS path
LIMIT 1
