// replan=skip: the plan does not depend on the graph's size, so a load after a large one
// reuses it instead of replanning (0.1-0.6 s per statement, every statement of the load).
CYPHER replan=skip
MERGE (d:PortfolioDocument {workspace: $workspace, name: $document})
ON CREATE SET d.createdAt = datetime()
SET d.title = $title, d.description = $description, d.version = $version, d.riskBudget = $risk_budget, d.loadedAt = datetime()
