/**
 * The overview in three steps, so that a large workspace shows its table at once: the rows
 * (known for every deployment without an analysis of its own), then the page's risk figures,
 * then the audit's counts (one audit run per revision).
 */
export const OVERVIEW = /* GraphQL */ `
  query Overview($workspace: String, $first: Int, $after: String) {
    overview(workspace: $workspace, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
      nodes {
        deployment { id name stakes riskThreshold }
        coveringCases covered naive
      }
    }
  }
`;

export const OVERVIEW_RISK = /* GraphQL */ `
  query OverviewRisk($workspace: String, $first: Int, $after: String) {
    overview(workspace: $workspace, first: $first, after: $after) {
      nodes {
        deployment { id }
        risk {
          method pUncovered stdError naive correlationPenalty nEff
          expectedRisk riskThreshold thresholdMet robustness requiredUpdate deliveredUpdate
        }
        riskError
        singlePointsOfFailure
      }
    }
  }
`;

export const OVERVIEW_AUDIT = /* GraphQL */ `
  query OverviewAudit($workspace: String, $first: Int, $after: String) {
    overview(workspace: $workspace, first: $first, after: $after) {
      nodes { deployment { id } auditFindings }
    }
  }
`;

export interface RiskFigures {
  method: "EXACT" | "MC" | "AUTO";
  pUncovered: number;
  stdError: number | null;
  naive: number;
  correlationPenalty: number | null;
  nEff: number | null;
  expectedRisk: number;
  riskThreshold: number;
  thresholdMet: boolean;
  robustness: number;
  requiredUpdate: number | null;
  deliveredUpdate: number | null;
}

export interface DeploymentRow {
  deployment: { id: string; name: string; stakes: string; riskThreshold: number };
  coveringCases: number;
  covered: boolean;
  naive: number;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  endCursor: string | null;
  startCursor: string | null;
}

export interface OverviewData {
  overview: { totalCount: number; pageInfo: PageInfo; nodes: DeploymentRow[] };
}

export interface OverviewRiskData {
  overview: {
    nodes: {
      deployment: { id: string };
      risk: RiskFigures | null;
      riskError: string | null;
      singlePointsOfFailure: number;
    }[];
  };
}

export interface OverviewAuditData {
  overview: { nodes: { deployment: { id: string }; auditFindings: number }[] };
}
