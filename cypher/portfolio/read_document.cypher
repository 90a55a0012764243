MATCH (d:PortfolioDocument {workspace: $workspace})
RETURN d.name AS name, d.title AS title, d.description AS description
ORDER BY d.name
