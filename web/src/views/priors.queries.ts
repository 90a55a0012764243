/** The analyses of whose priors (DESIGN §4.8-4.11), as panels of the deployment and overview. */

export const ACROSS_PRIORS = /* GraphQL */ `
  query RiskAcrossPriors($id: ID!, $workspace: String) {
    riskAcrossPriors(deployment: $id, workspace: $workspace, samples: 20000) {
      verdictsAgree
      profiles { profile name method pUncovered expectedRisk robustness thresholdMet }
    }
  }
`;

export const QUESTIONS = /* GraphQL */ `
  query QuestionSensitivity($id: ID!, $priors: ID, $workspace: String) {
    questionSensitivity(deployment: $id, priors: $priors, workspace: $workspace) {
      method expectedRisk riskThreshold
      questions {
        question { id text }
        swing flipProbability
        answers { world { id } prior expectedRisk thresholdMet }
      }
    }
  }
`;

export const IMPORTANCE = /* GraphQL */ `
  query Importance($id: ID!, $priors: ID, $workspace: String) {
    importance(deployment: $id, priors: $priors, workspace: $workspace, samples: 20000, seed: 0) {
      method pUncovered
      events { kind id birnbaum fussellVesely raw rrw }
    }
  }
`;

export const BUDGET = /* GraphQL */ `
  query RiskBudget($priors: ID, $workspace: String) {
    riskBudget(priors: $priors, workspace: $workspace) {
      riskBudget totalExpectedRisk withinBudget
      deployments { deployment { id name } method expectedRisk share }
    }
  }
`;

export interface AcrossPriorsData {
  riskAcrossPriors: {
    verdictsAgree: boolean;
    profiles: {
      profile: string;
      name: string;
      method: string;
      pUncovered: number;
      expectedRisk: number;
      robustness: number;
      thresholdMet: boolean;
    }[];
  };
}

export interface QuestionsData {
  questionSensitivity: {
    method: string;
    expectedRisk: number;
    riskThreshold: number;
    questions: {
      question: { id: string; text: string };
      swing: number;
      flipProbability: number;
      answers: { world: { id: string }; prior: number; expectedRisk: number; thresholdMet: boolean }[];
    }[];
  };
}

export interface ImportanceData {
  importance: {
    method: string;
    pUncovered: number;
    events: {
      kind: string;
      id: string;
      birnbaum: number | null;
      fussellVesely: number | null;
      raw: number | null;
      rrw: number | null;
    }[];
  };
}

export interface BudgetData {
  riskBudget: {
    riskBudget: number | null;
    totalExpectedRisk: number;
    withinBudget: boolean | null;
    deployments: { deployment: { id: string; name: string }; method: string; expectedRisk: number; share: number | null }[];
  };
}
