MATCH (d:PortfolioDocument {workspace: $workspace})
RETURN d.name AS name, d.title AS title, d.description AS description,
       d.riskBudget AS risk_budget
ORDER BY d.name
