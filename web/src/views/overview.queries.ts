export const OVERVIEW = /* GraphQL */ `
  query Overview($workspace: String, $first: Int, $after: String) {
    overview(workspace: $workspace, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
      nodes {
        deployment { id name stakes }
        coveringCases
        covered
        risk {
          method pUncovered stdError naive correlationPenalty nEff
          expectedRisk riskThreshold thresholdMet robustness
        }
        riskError
        singlePointsOfFailure
        auditFindings
      }
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
}

export interface DeploymentSummary {
  deployment: { id: string; name: string; stakes: string };
  coveringCases: number;
  covered: boolean;
  risk: RiskFigures | null;
  riskError: string | null;
  singlePointsOfFailure: number;
  auditFindings: number;
}

export interface OverviewData {
  overview: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
    nodes: DeploymentSummary[];
  };
}
