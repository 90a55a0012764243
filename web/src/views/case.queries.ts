export const CASE = /* GraphQL */ `
  query CaseView($id: ID!, $workspace: String) {
    safetyCase(id: $id, workspace: $workspace) {
      id title category status effectiveness pUnsound notes
      covers(first: 100) { nodes { id name } }
      sources(first: 100) { nodes { id title url } }
      defeaters(first: 100) { nodes { id statement status } }
      root { id }
    }
  }
`;

/** The argument nodes of a case, a level at a time (any depth, shared nodes once). */
export const ARGUMENT_NODES = /* GraphQL */ `
  query CaseNodes($ids: [ID!], $workspace: String) {
    argumentNodes(filter: {ids: $ids}, first: 25, workspace: $workspace) {
      nodes {
        id statement type support k
        children(first: 50) { nodes { id } }
        reliesOn(first: 20) {
          nodes {
            id statement pFail
            techniques(first: 10) { nodes { id name } }
            failsIn(first: 10) { nodes { p world { id statement } } }
          }
        }
        context(first: 10) { nodes { statement } }
        justifications(first: 10) { nodes { statement } }
        defeaters(first: 10) { nodes { id statement status } }
      }
    }
  }
`;

/** Only when the service has `SafetyCase.diagram` (the GSN diagram, DESIGN §10). */
export const DIAGRAM = /* GraphQL */ `
  query CaseDiagram($id: ID!, $scenario: ScenarioInput, $workspace: String) {
    safetyCase(id: $id, workspace: $workspace) { diagram(scenario: $scenario, format: SVG) }
  }
`;

export const UPDATE_STATUS = /* GraphQL */ `
  mutation UpdateCaseStatus($id: ID!, $status: CaseStatus!, $workspace: String) {
    updateSafetyCase(id: $id, input: {status: $status}, workspace: $workspace) { revision }
  }
`;

export const RESOLVE_DEFEATER = /* GraphQL */ `
  mutation ResolveDefeater($id: ID!, $workspace: String) {
    resolveDefeater(id: $id, workspace: $workspace) { revision }
  }
`;

export interface Defeater {
  id: string;
  statement: string;
  status: "OPEN" | "RESOLVED";
}

export interface CaseData {
  safetyCase: {
    id: string;
    title: string;
    category: string;
    status: string;
    effectiveness: number;
    pUnsound: number;
    notes: string | null;
    covers: { nodes: { id: string; name: string }[] };
    sources: { nodes: { id: string; title: string; url: string | null }[] };
    defeaters: { nodes: Defeater[] };
    root: { id: string } | null;
  } | null;
}

export interface AssumptionRow {
  id: string;
  statement: string;
  pFail: number;
  techniques: { nodes: { id: string; name: string }[] };
  failsIn: { nodes: { p: number; world: { id: string; statement: string } }[] };
}

export interface ArgumentNodeRow {
  id: string;
  statement: string;
  type: "GOAL" | "STRATEGY" | "EVIDENCE";
  support: string;
  k: number | null;
  children: { nodes: { id: string }[] };
  reliesOn: { nodes: AssumptionRow[] };
  context: { nodes: { statement: string }[] };
  justifications: { nodes: { statement: string }[] };
  defeaters: { nodes: Defeater[] };
}

export interface ArgumentNodesData {
  argumentNodes: { nodes: ArgumentNodeRow[] };
}
