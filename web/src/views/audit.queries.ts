export const AUDIT = /* GraphQL */ `
  query AuditView($workspace: String) {
    audit(workspace: $workspace) {
      policyName errors warningCount notes warnings
      findings { rule severity message nodes remedy subject deployments }
    }
  }
`;

/** What kind each id of the findings is, to link it to its page (a few ids, one round trip). */
export const KINDS = /* GraphQL */ `
  query AuditIdKinds($ids: [ID!], $workspace: String) {
    deployments(filter: {ids: $ids}, first: 500, workspace: $workspace) { nodes { id } }
    safetyCases(filter: {ids: $ids}, first: 500, workspace: $workspace) { nodes { id } }
    assumptions(filter: {ids: $ids}, first: 500, workspace: $workspace) { nodes { id } }
    techniques(filter: {ids: $ids}, first: 500, workspace: $workspace) { nodes { id } }
    worldModels(filter: {ids: $ids}, first: 500, workspace: $workspace) { nodes { id } }
  }
`;

export interface Finding {
  rule: string;
  severity: "error" | "warning" | "note";
  message: string;
  nodes: string[];
  remedy: string;
  subject: string;
  deployments: string[];
}

export interface AuditData {
  audit: {
    policyName: string;
    errors: number;
    warningCount: number;
    notes: number;
    warnings: string[];
    findings: Finding[];
  };
}

type Ids = { nodes: { id: string }[] };
export interface KindsData {
  deployments: Ids;
  safetyCases: Ids;
  assumptions: Ids;
  techniques: Ids;
  worldModels: Ids;
}
