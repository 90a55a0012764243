// Ids are unique per label within a workspace.
CREATE CONSTRAINT deployment_key IF NOT EXISTS FOR (n:Deployment) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT safety_case_key IF NOT EXISTS FOR (n:SafetyCase) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT goal_key IF NOT EXISTS FOR (n:Goal) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT strategy_key IF NOT EXISTS FOR (n:Strategy) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT evidence_key IF NOT EXISTS FOR (n:Evidence) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT context_key IF NOT EXISTS FOR (n:Context) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT justification_key IF NOT EXISTS FOR (n:Justification) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT assumption_key IF NOT EXISTS FOR (n:Assumption) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT technique_key IF NOT EXISTS FOR (n:Technique) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT question_key IF NOT EXISTS FOR (n:Question) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT world_model_key IF NOT EXISTS FOR (n:WorldModel) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT defeater_key IF NOT EXISTS FOR (n:Defeater) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE (n.workspace, n.id) IS UNIQUE;
CREATE CONSTRAINT workspace_key IF NOT EXISTS FOR (n:Workspace) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT argument_node_key IF NOT EXISTS FOR (n:ArgumentNode) REQUIRE (n.workspace, n.id) IS UNIQUE;
// Every domain node also carries :Entity, so ids are unique across kinds within a workspace.
CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE (n.workspace, n.id) IS UNIQUE;
