"""The GraphQL operations the benchmark times, as a dashboard would send them."""

from __future__ import annotations

from benchmarks.workloads import NESTED_READ_LEVELS

_NODE_FIELDS = "id type statement support k reliesOn { nodes { id statement pFail } }"


def nested_read_query(levels: int = NESTED_READ_LEVELS) -> str:
    """One case with its whole argument tree, `levels` deep (within the API's depth limit of
    15: the case, its root, then two levels of selection per argument level)."""
    selection = _NODE_FIELDS
    for _ in range(levels - 1):
        selection = f"{_NODE_FIELDS} children {{ nodes {{ {selection} }} }}"
    return (
        "query NestedRead($id: ID!, $ws: String) { safetyCase(id: $id, workspace: $ws) { "
        "id title category status effectiveness pUnsound "
        "covers { nodes { id name stakes } } "
        f"root {{ {selection} }} }} }}"
    )


#: The README's headline query, with the failed assumption as a variable.
IMPACT = """
query Impact($assumptions: [ID!]!, $ws: String) {
  impact(scenario: {failAssumptions: $assumptions}, workspace: $ws) {
    cases { case { id title } outcome pHolds explanation }
    deployments { deployment { id name } covered survivingCases { id } }
  }
}
"""

#: A one-node edit, as a reviewer's dashboard makes it: one assumption's pFail.
EDIT_ASSUMPTION = """
mutation EditAssumption($id: ID!, $pFail: Float!, $ws: String) {
  updateAssumption(id: $id, input: {pFail: $pFail}, workspace: $ws) { revision }
}
"""

ALIGNED_HOLES = """
query AlignedHoles($deployment: ID!, $order: Int!, $ws: String) {
  alignedHoles(deployment: $deployment, maxOrder: $order, workspace: $ws) {
    cutSets { probability order events { kind id } }
    singlePointsOfFailure { kind id }
  }
}
"""

RISK = """
query Risk($deployment: ID!, $method: RiskMethod!, $samples: Int!, $seed: Int, $ws: String) {
  risk(deployment: $deployment, method: $method, samples: $samples, seed: $seed, workspace: $ws) {
    method pUncovered stdError samples naive correlationPenalty nEff
    expectedRisk robustness thresholdMet
    caseFailure { case { id } probability }
  }
}
"""

AUDIT = """
query Audit($ws: String) {
  audit(workspace: $ws) {
    policyName errors warningCount notes
    findings { rule severity message nodes }
  }
}
"""

IMPORTANCE = """
query Importance($deployment: ID!, $samples: Int!, $seed: Int, $ws: String) {
  importance(deployment: $deployment, over: [ASSUMPTION, TECHNIQUE, WORLD], samples: $samples,
             seed: $seed, workspace: $ws) {
    method pUncovered events { kind id birnbaum fussellVesely raw rrw }
  }
}
"""

QUESTIONS = """
query Questions($deployment: ID!, $seed: Int!, $ws: String) {
  questionSensitivity(deployment: $deployment, seed: $seed, workspace: $ws) {
    method expectedRisk questions { question { id } swing flipProbability }
  }
}
"""
