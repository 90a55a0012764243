// Ownership sweeps: which entities a loaded document owns.
CREATE INDEX entity_document IF NOT EXISTS FOR (n:Entity) ON (n.workspace, n.document);
CREATE CONSTRAINT document_key IF NOT EXISTS FOR (n:PortfolioDocument) REQUIRE (n.workspace, n.name) IS UNIQUE;
