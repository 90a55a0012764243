// replan=skip: the first read after a large load replanned every statement (3.5 s of a
// 4.7 s read at 1,000 cases). A plan made on a small graph is kept: it reads one label of
// one workspace either way.
CYPHER replan=skip
MATCH (d:PortfolioDocument {workspace: $workspace})
RETURN d.name AS name, d.title AS title, d.description AS description,
       d.riskBudget AS risk_budget
ORDER BY d.name
