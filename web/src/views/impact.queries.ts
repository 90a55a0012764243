export const IMPACT = /* GraphQL */ `
  query ImpactView($scenario: ScenarioInput!, $outcomes: [Outcome!], $workspace: String) {
    impact(scenario: $scenario, outcomes: $outcomes, workspace: $workspace) {
      cases { case { id title } outcome pHolds explanation }
      deployments { deployment { id name } covered survivingCases { id title } }
    }
  }
`;

/** The pickers search one kind at a time, a few matches per keystroke: never the whole graph. */
export const SEARCH = {
  technique: /* GraphQL */ `
    query SearchTechniques($text: String, $workspace: String) {
      found: techniques(filter: {text: $text}, first: 20, workspace: $workspace) {
        nodes { id label: name }
      }
    }
  `,
  assumption: /* GraphQL */ `
    query SearchAssumptions($text: String, $workspace: String) {
      found: assumptions(filter: {text: $text}, first: 20, workspace: $workspace) {
        nodes { id label: statement }
      }
    }
  `,
  world: /* GraphQL */ `
    query SearchWorlds($text: String, $workspace: String) {
      found: worldModels(filter: {text: $text}, first: 20, workspace: $workspace) {
        nodes { id label: statement }
      }
    }
  `,
} as const;

export interface SearchData {
  found: { nodes: { id: string; label: string }[] };
}

export type Outcome = "HOLDS" | "DEGRADED" | "FAILS";

export interface ImpactData {
  impact: {
    cases: { case: { id: string; title: string }; outcome: Outcome; pHolds: number; explanation: string[][] }[];
    deployments: {
      deployment: { id: string; name: string };
      covered: boolean;
      survivingCases: { id: string; title: string }[];
    }[];
  };
}
