"""The riskiest sampled worlds a Monte Carlo residual risk reports, against a full sort."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis import Circuit, compile_circuit
from service.analysis.montecarlo import DeploymentSamples, sample_deployment
from service.analysis.residual_risk import WORST_WORLDS, _worst_sampled
from tests.unit.analysis.synthetic import synthetic_portfolio


@pytest.fixture(scope="module")
def drawn() -> tuple[Circuit, DeploymentSamples]:
    circuit = compile_circuit(
        synthetic_portfolio(cases=12, assumptions=60, questions=8, cases_per_deployment=6, seed=3)
    )
    samples = sample_deployment(circuit, 0, 3000, seed=1)
    assert len(samples.world_answers) > 100
    return circuit, samples


@settings(max_examples=80, deadline=None)
@given(
    st.data(),
    st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5]), min_size=1, max_size=4, unique=True),
    st.lists(st.sampled_from([0.01, 0.02, 0.05]), min_size=1, max_size=3, unique=True),
)
def test_worst_sampled_worlds_are_the_riskiest_then_likeliest_then_first_by_ids(
    drawn: tuple[Circuit, DeploymentSamples],
    data: st.DataObject,
    risks: list[float],
    priors: list[float],
) -> None:
    circuit, samples = drawn
    n = len(samples.world_answers)
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    risk = rng.choice(risks, n)  # few distinct values: ties everywhere
    prior = rng.choice(priors, n)

    def ids(i: int) -> tuple[str, ...]:
        return tuple(
            circuit.worlds[circuit.questions[q].worlds[int(samples.world_answers[i, j])]].id
            for j, q in enumerate(samples.questions)
        )

    everything = sorted(range(n), key=lambda i: (-risk[i], -prior[i], ids(i)))
    want = [(ids(i), float(prior[i]), float(risk[i])) for i in everything[:WORST_WORLDS]]
    got = [(w.worlds, w.prior, w.risk) for w in _worst_sampled(circuit, samples, prior, risk)]
    assert got == want
