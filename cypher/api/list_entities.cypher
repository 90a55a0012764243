// One page of the entities with label $label in a workspace, filtered and sorted, with the total.
// Every filter is optional (null = no filter); sort keys are fixed names chosen by the API.
MATCH (n:Entity {workspace: $workspace})
WHERE $label IN labels(n) AND n.id IS NOT NULL
  AND ($ids IS NULL OR n.id IN $ids)
  AND ($text IS NULL OR toLower(
        coalesce(n.name, '') + ' ' + coalesce(n.title, '') + ' ' + coalesce(n.statement, '') + ' ' +
        coalesce(n.text, '') + ' ' + coalesce(n.description, '')) CONTAINS toLower($text))
  AND ($stakes IS NULL OR n.stakes IN $stakes)
  AND ($categories IS NULL OR n.category IN $categories)
  AND ($statuses IS NULL OR n.status IN $statuses)
  AND ($types IS NULL OR n.type IN $types)
  AND ($kinds IS NULL OR n.kind IN $kinds)
  AND ($deployment IS NULL OR EXISTS {
        MATCH (n)-[:COVERS]->(d:Deployment {workspace: $workspace, id: $deployment}) })
  AND ($question IS NULL OR EXISTS {
        MATCH (n)<-[:HAS_ANSWER]-(q:Question {workspace: $workspace, id: $question}) })
  AND ($challenges IS NULL OR EXISTS {
        MATCH (n)-[:CHALLENGES]->(c:Entity {workspace: $workspace, id: $challenges}) })
  AND ($technique IS NULL OR EXISTS {
        MATCH (n)<-[:COVERS*0..1]-(:Entity)-[:ROOT|SUPPORTED_BY|RELIES_ON|USES*0..]->(t:Technique)
        WHERE t.workspace = $workspace AND t.id = $technique })
WITH n, CASE $sortField
  WHEN 'ID' THEN n.id
  WHEN 'TEXT' THEN toLower(coalesce(n.name, n.title, n.statement, n.text, ''))
  WHEN 'AUTHORED' THEN [coalesce(n.document, ''), coalesce(n.ord, 0)]
  WHEN 'CREATED_AT' THEN n.createdAt
  WHEN 'UPDATED_AT' THEN coalesce(n.updatedAt, n.createdAt)
  WHEN 'STAKES' THEN CASE n.stakes WHEN 'LOW' THEN 0 WHEN 'MEDIUM' THEN 1 WHEN 'HIGH' THEN 2
                                   WHEN 'CRITICAL' THEN 3 END
  WHEN 'P_FAIL' THEN n.pFail
  WHEN 'PRIOR' THEN n.prior
  ELSE null END AS key
ORDER BY CASE WHEN $descending THEN null ELSE key END ASC,
         CASE WHEN $descending THEN key ELSE null END DESC,
         n.id ASC
// The window: after $start and before $end (cursors), then the $first or $last of it.
WITH collect(n) AS matched
WITH matched, size(matched) AS total
WITH matched, total, $start AS s0,
     CASE WHEN $end IS NULL OR $end > total THEN total ELSE $end END AS e0
WITH matched, total, s0,
     CASE WHEN $first IS NULL OR s0 + $first > e0 THEN e0 ELSE s0 + $first END AS e1
WITH matched, total, e1,
     CASE WHEN $last IS NULL OR e1 - $last < s0 THEN s0 ELSE e1 - $last END AS s1
RETURN total, s1 AS offset,
       [x IN matched[s1..e1] | x {.*, labels: labels(x),
  createdAt: toString(x.createdAt), updatedAt: toString(x.updatedAt)}] AS page
