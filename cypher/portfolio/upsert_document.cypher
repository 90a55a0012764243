MERGE (d:PortfolioDocument {workspace: $workspace, name: $document})
ON CREATE SET d.createdAt = datetime()
SET d.title = $title, d.description = $description, d.version = $version, d.riskBudget = $risk_budget, d.loadedAt = datetime()
