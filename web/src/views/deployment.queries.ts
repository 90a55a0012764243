export const DEPLOYMENT = /* GraphQL */ `
  query DeploymentView($id: ID!, $priors: ID, $workspace: String) {
    deployment(id: $id, workspace: $workspace) {
      id name description stakes priorRisk riskThreshold
      cases(first: 0) { totalCount }
    }
    alignedHoles(deployment: $id, priors: $priors, workspace: $workspace, maxOrder: 3) {
      cutSets { order probability events { kind id } }
      singlePointsOfFailure { kind id }
    }
    swissCheeseMatrix(deployment: $id, priors: $priors, workspace: $workspace) {
      worlds { id statement prior question { id text } }
      cases { case { id title } pHolds { world { id } probability } }
    }
    correlation(deployment: $id, priors: $priors, workspace: $workspace) {
      pairs { pBothFail phi cases { id } }
    }
  }
`;

/** Apart from the rest: on a large workspace it is the slow part (Monte Carlo). */
export const DEPLOYMENT_RISK = /* GraphQL */ `
  query DeploymentRisk($id: ID!, $priors: ID, $workspace: String) {
    risk(deployment: $id, priors: $priors, workspace: $workspace, method: AUTO, samples: 20000, seed: 0) {
      method pUncovered stdError naive correlationPenalty nEff requiredUpdate deliveredUpdate
      expectedRisk riskThreshold thresholdMet robustness priorRisk
      worstWorlds { prior risk worlds { id statement } }
    }
  }
`;

export type EventKind = "ASSUMPTION" | "TECHNIQUE" | "WORLD";

export interface DeploymentData {
  deployment: {
    id: string;
    name: string;
    description: string | null;
    stakes: string;
    priorRisk: number;
    riskThreshold: number;
    cases: { totalCount: number };
  } | null;
  alignedHoles: {
    cutSets: { order: number; probability: number; events: { kind: EventKind; id: string }[] }[];
    singlePointsOfFailure: { kind: EventKind; id: string }[];
  };
  swissCheeseMatrix: {
    worlds: { id: string; statement: string; prior: number; question: { id: string; text: string } | null }[];
    cases: { case: { id: string; title: string }; pHolds: { world: { id: string }; probability: number }[] }[];
  };
  correlation: { pairs: { pBothFail: number; phi: number | null; cases: { id: string }[] }[] };
}

export interface DeploymentRiskData {
  risk: {
    method: string;
    pUncovered: number;
    stdError: number | null;
    naive: number;
    correlationPenalty: number | null;
    nEff: number | null;
    expectedRisk: number;
    riskThreshold: number;
    thresholdMet: boolean;
    robustness: number;
    priorRisk: number;
    requiredUpdate: number | null;
    deliveredUpdate: number | null;
    worstWorlds: { prior: number; risk: number; worlds: { id: string; statement: string }[] }[];
  };
}
