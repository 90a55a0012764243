"""Monte Carlo from common samples (several deployments, one pass) agrees with exact risk
within 4 standard errors, per deployment, and is reproducible with a seed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis import Circuit, compile_circuit, montecarlo, portfolio_risk
from service.analysis.circuit import GateType
from service.analysis.montecarlo import sample_deployment, sample_deployments
from service.analysis.per_world import TooMuchSharingError
from service.analysis.risk import deployment_plan, portfolio_risks
from service.authoring.generator import generate_portfolio
from tests.unit.analysis.synthetic import synthetic_portfolio


@pytest.fixture(scope="module")
def shared() -> Circuit:
    """Four deployments of 4 cases each over one pool of assumptions and questions."""
    return compile_circuit(
        synthetic_portfolio(cases=16, assumptions=40, questions=4, cases_per_deployment=4, seed=5)
    )


def test_each_deployment_is_within_four_standard_errors_of_exact(shared: Circuit) -> None:
    ids = [d.id for d in shared.deployments]
    assert len(ids) >= 3
    sampled = portfolio_risks(shared, ids, method="mc", samples=30_000, seed=11)
    for d in ids:
        exact = portfolio_risk(shared, d, method="exact")
        drawn = sampled[d]
        assert drawn.method == "mc"
        assert drawn.std_error is not None
        assert abs(drawn.p_uncovered - exact.p_uncovered) <= 4 * max(drawn.std_error, 1e-4), d
        for case, p in exact.case_failure.items():
            n = drawn.samples or 1
            error = (p * (1 - p) / n) ** 0.5
            assert abs(drawn.case_failure[case] - p) <= 4 * max(error, 1e-4), (d, case)
        spread = 4 * max(drawn.residual.expected_risk, 1e-3) / 30_000**0.5 * 10
        assert abs(drawn.residual.expected_risk - exact.residual.expected_risk) <= spread, d


def test_common_samples_are_reproducible_and_auto_keeps_exact_where_it_can(
    shared: Circuit,
) -> None:
    ids = [d.id for d in shared.deployments]
    first = portfolio_risks(shared, ids, method="mc", samples=5000, seed=3)
    again = portfolio_risks(shared, ids, method="mc", samples=5000, seed=3)
    assert {d: r.to_json() for d, r in first.items()} == {d: r.to_json() for d, r in again.items()}
    auto = portfolio_risks(shared, ids, method="auto", samples=5000, seed=3)
    for d in ids:
        assert auto[d].to_json() == portfolio_risk(shared, d, method="auto").to_json()


@pytest.fixture(scope="module")
def many_questions() -> Circuit:
    """Deployments whose cones reach over 50 questions: more answer combinations (2^64 and
    more) than one int64 code per world can tell apart."""
    return compile_circuit(
        synthetic_portfolio(
            cases=30, assumptions=300, questions=80, cases_per_deployment=15, seed=2
        )
    )


@pytest.mark.parametrize("common", [False, True], ids=["one deployment", "common samples"])
def test_sampled_worlds_draw_each_answer_at_its_prior_with_many_questions(
    many_questions: Circuit, common: bool
) -> None:
    circuit, n = many_questions, 20_000
    d = 0
    drawn = (
        sample_deployments(circuit, [0, 1], n, seed=4)[0]
        if common
        else sample_deployment(circuit, d, n, seed=4)
    )
    assert len(drawn.questions) > 50
    assert int(drawn.world_samples.sum()) == n
    assert len({tuple(r) for r in drawn.world_answers.tolist()}) == len(drawn.world_answers)
    for j, q in enumerate(drawn.questions):
        answers = circuit.questions[q].worlds
        for position, w in enumerate(answers):
            prior = circuit.worlds[w].prior
            seen = drawn.world_samples[drawn.world_answers[:, j] == position].sum() / n
            assert abs(seen - prior) <= 5 * (prior * (1 - prior) / n) ** 0.5, (q, position)


def test_deployments_batched_for_memory_give_what_each_batch_gives_alone(
    shared: Circuit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(montecarlo, "WORLD_TALLY_BYTES", 1)  # every deployment its own batch
    deployments = list(range(len(shared.deployments)))
    batched = sample_deployments(shared, deployments, 3000, seed=9)
    for d, drawn in zip(deployments, batched, strict=True):
        alone = next(montecarlo._sample_common(shared, [d], 3000, seed=9))
        assert drawn.uncovered == alone.uncovered
        assert drawn.factor_sum == alone.factor_sum
        assert (drawn.world_answers == alone.world_answers).all()
        assert (drawn.world_samples == alone.world_samples).all()


def test_worlds_that_share_a_hash_are_still_told_apart_by_their_answers() -> None:
    rows = np.array([[0, 1], [1, 0], [0, 1], [2, 2]], dtype=np.uint8)
    collided = montecarlo._Worlds(
        keys=np.zeros(4, dtype=np.uint64),  # every row given the same hash
        rows=rows,
        counts=np.array([1, 2, 3, 4], dtype=np.int64),
        sums=np.array([0.5, 0.25, 0.125, 1.0]),
    )
    merged = montecarlo._reduce(np.array([1, 3], dtype=np.uint64), collided)
    tallies = {
        tuple(int(a) for a in row): (int(n), float(s))
        for row, n, s in zip(merged.rows, merged.counts, merged.sums, strict=True)
    }
    assert tallies == {(0, 1): (4, 0.625), (1, 0): (2, 0.25), (2, 2): (4, 1.0)}


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=60),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_worlds_reduce_to_the_tally_of_their_rows_whatever_hashes_collide(
    samples: list[tuple[int, int]], m1: int, m2: int
) -> None:
    """A hash in 0..3 of each row: collisions among worlds drawn once and drawn often."""
    rows = np.array(samples, dtype=np.uint8)
    worlds = montecarlo._Worlds(
        keys=np.array([(a * m1 + b * m2) % 4 for a, b in samples], dtype=np.uint64),
        rows=rows,
        counts=np.ones(len(samples), dtype=np.int64),
        sums=np.arange(1, len(samples) + 1, dtype=np.float64),
    )
    expected: dict[tuple[int, int], tuple[int, float]] = {}
    for i, row in enumerate(samples):
        n, total = expected.get(row, (0, 0.0))
        expected[row] = (n + 1, total + i + 1)
    merged = montecarlo._reduce(np.array([m1, m2], dtype=np.uint64), worlds)
    got = {
        (int(row[0]), int(row[1])): (int(n), float(total))
        for row, n, total in zip(merged.rows, merged.counts, merged.sums, strict=True)
    }
    assert got == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=300))
def test_unique_keys_are_what_numpy_unique_gives(values: list[int]) -> None:
    keys = np.array(values, dtype=np.uint64)
    expected = np.unique(keys, return_index=True, return_inverse=True)
    for got, want in zip(montecarlo._unique_keys(keys), expected, strict=True):
        assert got.tolist() == want.reshape(-1).tolist()


def _packed_gate_values(circuit: Circuit, seed: int) -> tuple[list[int], np.ndarray]:
    """Random packed values on the events of every deployment's cone, then its gates by the
    batched groups: (the cone, the values)."""
    cone = circuit.cone([d.signal for d in circuit.deployments])
    row = {s: i for i, s in enumerate(cone)}
    width = 5
    values = np.zeros((len(cone) + 2, width), dtype=np.uint8)
    values[len(cone) + montecarlo.ONE] = 0xFF
    events = [row[s] for s in cone if s < len(circuit.events)]
    values[events] = np.random.default_rng(seed).integers(0, 256, (len(events), width))
    for group in montecarlo._gate_groups(circuit, cone, row, width):
        group.evaluate(values)
    return cone, values


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_batched_gates_give_each_gate_its_inputs_or_and_or_at_least(seed: int) -> None:
    circuit = compile_circuit(generate_portfolio(60, seed))
    assert any(g.type is GateType.AT_LEAST for g in circuit.gates)
    cone, values = _packed_gate_values(circuit, seed)
    row = {s: i for i, s in enumerate(cone)}
    bits = np.unpackbits(values, axis=1).astype(bool)
    for s in cone:
        if s < len(circuit.events):
            continue
        gate = circuit.gates[s - len(circuit.events)]
        inputs = bits[[row[i] for i in gate.inputs]]
        if len(gate.inputs) == 0:
            want = np.full(bits.shape[1], gate.type is GateType.AND)
        elif len(gate.inputs) == 1:
            want = inputs[0]
        elif gate.type is GateType.OR:
            want = inputs.any(axis=0)
        elif gate.type is GateType.AND:
            want = inputs.all(axis=0)
        else:
            want = inputs.sum(axis=0) >= gate.threshold
        assert (bits[row[s]] == want).all(), (s, gate)


@pytest.mark.parametrize("common", [False, True], ids=["one deployment", "common samples"])
def test_each_sampled_world_carries_the_product_of_its_answers_priors(
    many_questions: Circuit, common: bool
) -> None:
    circuit = many_questions
    drawn = (
        sample_deployments(circuit, [0, 1], 2000, seed=6)[1]
        if common
        else sample_deployment(circuit, 1, 2000, seed=6)
    )
    for answers, prior in zip(drawn.world_answers.tolist(), drawn.world_priors, strict=True):
        want = 1.0
        for q, position in zip(drawn.questions, answers, strict=True):
            want *= circuit.worlds[circuit.questions[q].worlds[position]].prior
        assert prior == pytest.approx(want, rel=1e-12)


def test_auto_samples_deployments_past_the_shared_limit_and_remembers_why() -> None:
    def fresh() -> Circuit:
        return compile_circuit(
            synthetic_portfolio(
                cases=16, assumptions=40, questions=4, cases_per_deployment=4, seed=5
            )
        )

    ids = [d.id for d in fresh().deployments]
    planned = fresh()
    allowed = portfolio_risks(planned, ids, method="auto", samples=2000, seed=3)
    exact = [d for d, r in allowed.items() if r.method == "exact"]
    assert exact
    limited = fresh()

    def shares(d: str) -> bool:
        try:
            deployment_plan(limited, limited.deployment_index(d), step_limit=None, shared_limit=0)
        except TooMuchSharingError:
            return True
        return False

    sharing = {d for d in exact if shares(d)}
    assert sharing
    limited = fresh()
    for _ in range(2):  # the second time refused from the count kept on the circuit
        risks = portfolio_risks(
            limited, ids, method="auto", samples=2000, seed=3, auto_shared_limit=0
        )
        assert {d for d in exact if risks[d].method == "mc"} == sharing
    # A plan kept from an earlier call is used whatever the limit.
    kept = portfolio_risks(planned, ids, method="auto", samples=2000, seed=3, auto_shared_limit=0)
    assert all(kept[d].method == "exact" for d in exact)
