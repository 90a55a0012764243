// One prior profile as stored: its text, its priors by world model and its sources in order
// (a create compares them with what it would write).
MATCH (n:PriorProfile {workspace: $workspace, id: $id})
RETURN n.name AS name, n.description AS description, n.notes AS notes,
  [(n)-[r:ASSIGNS]->(w:WorldModel) | {world: w.id, prior: r.prior}] AS priors,
  [(n)-[r:CITES]->(s:Source) | {id: s.id, ord: r.ord}] AS sources
