/** Queries the app shell needs (each view keeps its own next to it, in `views/*.queries.ts`). */

export const ME = /* GraphQL */ `
  query Me {
    me { id name role workspaces }
  }
`;

export const WORKSPACE_REVISION = /* GraphQL */ `
  query WorkspaceRevision($workspace: String) {
    workspaceRevision(workspace: $workspace)
  }
`;

/** Which optional fields this service offers, so that panels appear when the API has them. */
export const CAPABILITIES = /* GraphQL */ `
  query Capabilities {
    query: __type(name: "Query") { fields { name } }
    safetyCase: __type(name: "SafetyCase") { fields { name } }
    risk: __type(name: "PortfolioRisk") { fields { name } }
  }
`;
