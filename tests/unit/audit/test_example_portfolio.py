"""The headline finding on the example portfolio (issue 6 acceptance)."""

from __future__ import annotations

from service.analysis import compile_circuit, minimal_cut_sets
from service.audit import Severity, run_audit
from service.authoring import load_portfolio_file
from tests.conftest import REPOSITORY_ROOT

EXAMPLE = REPOSITORY_ROOT / "schema" / "examples" / "frontier-portfolio.yaml"


def test_interpretability_cases_of_the_internal_deployment_share_a_single_point_of_failure() -> (
    None
):
    portfolio = load_portfolio_file(EXAMPLE)
    report = run_audit(portfolio)
    spof = [
        f for f in report.findings_of("single-point-of-failure") if f.subject == "asl4-internal-rd"
    ]
    assert [f.nodes[0] for f in spof] == ["opaque"]
    (headline,) = spof
    assert headline.severity is Severity.ERROR
    assert report.findings[0] == headline  # the most severe finding, reported first
    assert set(headline.nodes[2:]) == {"asl4-interp", "asl4-control", "asl4-incentives"}
    assert "World model `opaque` (an answer of question `parsimony`)" in headline.message
    # It fails every case through the interpretability-based assumptions, among others.
    assert "`interp-detects-deception`" in headline.message
    assert "`probes-train-test`" in headline.message
    assert headline.remedy.startswith(
        "Add a case for `asl4-internal-rd` whose assumptions do not fail in world `opaque`"
    )
    assert report.fails(Severity.ERROR)

    # The same single point of failure as the analysis engine's minimal cut sets.
    cut_sets = minimal_cut_sets(compile_circuit(portfolio), "asl4-internal-rd", max_order=1)
    assert [e.id for e in cut_sets.single_points_of_failure] == ["opaque"]


def test_the_other_deployments_of_the_example() -> None:
    report = run_audit(load_portfolio_file(EXAMPLE))
    by_deployment: dict[str, list[str]] = {}
    for f in report.findings_of("single-point-of-failure"):
        by_deployment.setdefault(f.subject, []).append(f.nodes[0])
    assert sorted(by_deployment) == ["asl4-internal-rd", "external-api"]
    assert sorted(by_deployment["external-api"]) == [
        "black-box-evals",
        "dangerous-caps-elicited",
        "sandbagging",
    ]
    assert report.findings_of("min-cases") == ()  # every high-stakes deployment has >= 2 cases
    # No case of the example is accepted: the accepted-case rules have nothing to judge.
    assert report.findings_of("open-defeaters") == ()
    assert report.findings_of("undeveloped-goals") == ()
