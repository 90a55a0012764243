"""Synthetic portfolios of realistic shape, for benchmarks and property tests (`scg generate`).

Shape (all drawn from `random.Random(seed)`, so a seed always gives the same portfolio):

- questions with 2-4 answers, priors in thousandths summing to 1;
- techniques and assumptions failing in a few world models each (p in (0, 1]), mostly in the
  pessimistic answers of a handful of dominant questions;
- assumptions reused with a heavy tail (Zipf): a few are leaned on by a large share of the cases;
  RELIES_ON chains between assumptions, acyclic by construction (an assumption only relies on
  earlier ones);
- deployments covered by a Pareto-distributed number of cases (most 3-10, some about 50);
- argument trees 3-5 levels deep mixing all / any / at_least, evidence leaves relying on
  assumptions, a few `{ref: ID}` children reusing evidence or sub-arguments of earlier cases;
- a few defeaters and sources.

Everything is built as a plain document and validated once, so 10,000 cases take seconds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any

from service.errors import InvalidInputError
from service.model import Portfolio
from service.util.gc_pause import collector_paused

__all__ = [
    "GeneratorSizes",
    "default_sizes",
    "generate_document",
    "generate_portfolio",
    "generate_sections",
]

ZIPF_EXPONENT = 1.1  # reuse of assumptions, techniques and questions: a few dominate
MAX_QUESTIONS = 50
MAX_CASES_PER_DEPLOYMENT = 50
_SHARED_POOL = 2000  # how many earlier nodes a `{ref: ID}` may point at (bounds memory)


@dataclass(frozen=True)
class GeneratorSizes:
    cases: int
    assumptions: int
    questions: int
    techniques: int
    deployments: int | None  # None: as many as the Pareto-sized coverage needs
    sources: int


def default_sizes(
    cases: int,
    *,
    assumptions: int | None = None,
    questions: int | None = None,
    techniques: int | None = None,
    deployments: int | None = None,
) -> GeneratorSizes:
    """Sizes for `cases` cases, with optional overrides (e.g. 50 cases over 1,000 assumptions)."""
    if cases < 0:
        raise InvalidInputError(f"--cases must be 0 or more, got {cases}")
    for name, value in (
        ("--assumptions", assumptions),
        ("--questions", questions),
        ("--techniques", techniques),
        ("--deployments", deployments),
    ):
        if value is not None and value < 1:
            raise InvalidInputError(f"{name} must be at least 1, got {value}")
    n_assumptions = assumptions or cases // 10 + 20
    return GeneratorSizes(
        cases=cases,
        assumptions=n_assumptions,
        questions=questions or min(MAX_QUESTIONS, 5 + cases // 200),
        techniques=techniques or min(60, 8 + n_assumptions // 100),
        deployments=deployments,
        sources=min(30, 4 + cases // 500),
    )


def generate_portfolio(
    cases: int,
    seed: int,
    *,
    assumptions: int | None = None,
    questions: int | None = None,
    techniques: int | None = None,
    deployments: int | None = None,
) -> Portfolio:
    """A valid synthetic portfolio; the same arguments always give the same portfolio."""
    document = generate_document(
        cases,
        seed,
        assumptions=assumptions,
        questions=questions,
        techniques=techniques,
        deployments=deployments,
    )
    with collector_paused():
        return Portfolio.model_validate(document)


def generate_document(
    cases: int,
    seed: int,
    *,
    assumptions: int | None = None,
    questions: int | None = None,
    techniques: int | None = None,
    deployments: int | None = None,
) -> dict[str, Any]:
    """The synthetic portfolio as an authoring-format document (see `generate_portfolio`)."""
    sizes = default_sizes(
        cases,
        assumptions=assumptions,
        questions=questions,
        techniques=techniques,
        deployments=deployments,
    )
    with collector_paused():
        return {
            key: list(value) if isinstance(value, Iterator) else value
            for key, value in _Generator(Random(seed), sizes, seed).sections()
        }


def generate_sections(
    cases: int,
    seed: int,
    *,
    assumptions: int | None = None,
    questions: int | None = None,
    techniques: int | None = None,
    deployments: int | None = None,
) -> Iterator[tuple[str, Any]]:
    """The document of `generate_document` as (key, value) pairs, the cases as an iterator,
    for `service.authoring.dumper.stream_document` (bounded memory for any number of cases)."""
    sizes = default_sizes(
        cases,
        assumptions=assumptions,
        questions=questions,
        techniques=techniques,
        deployments=deployments,
    )
    return _Generator(Random(seed), sizes, seed).sections()


# --- text ------------------------------------------------------------------------------------

_QUESTIONS = [
    ("parsimony", "Are models parsimonious enough for today's interpretability and evals?"),
    ("eval-awareness", "Can the model tell evaluation from deployment?"),
    ("scheming", "Does training produce a coherent schemer?"),
    ("control-scaling", "Do control protocols keep working at top-expert capability?"),
    ("elicitation", "Do capability evaluations elicit full capability?"),
    ("security", "Does SL4 security suffice against state actors?"),
    ("debate-honesty", "Does debate avoid obfuscated arguments?"),
    ("cot-legibility", "Does externalized reasoning reflect actual cognition?"),
    ("generalization", "Does behaviour in testbeds generalize to deployment?"),
    ("takeoff", "Is capability progress gradual enough to react to?"),
]
_ANSWERS = [
    "holds broadly",
    "fails for the most capable models",
    "fails in ways current tools cannot see",
    "holds only for narrow tasks",
]
_TECHNIQUES = [
    "White-box interpretability",
    "Black-box evaluations",
    "AI control",
    "Control red-teaming",
    "Model-weight security",
    "Debate",
    "Chain-of-thought monitoring",
    "Formal verification",
    "Anomaly detection",
    "Unlearning",
    "Adversarial training",
    "Human uplift studies",
]
_KINDS = ["method", "empirical", "security", "deployment", "organizational"]
_CLAIMS = [
    "detects deceptive reasoning when it occurs",
    "elicits the model's full capability",
    "catches harmful actions before they take effect",
    "generalizes from testbeds to deployment",
    "cannot be subverted by the model",
    "stays reliable under distribution shift",
    "is applied to every deployment transcript",
    "reflects the model's actual cognition",
]
_STAKES = ["low", "medium", "medium", "high", "high", "critical"]
# Defaults (medium stakes, draft status) are left out, as an export leaves them out, so that the
# generated document is already in export form (`scg generate` writes it without a model pass).
_CATEGORIES = ["inability", "control", "trustworthiness", "deference"]
_STATUSES = ["draft", "submitted", "accepted", "accepted", "rejected"]


def _zipf_cum_weights(n: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(n)))


def _width(n: int) -> int:
    return max(2, len(str(max(n, 1))))


@dataclass
class _Tree:
    """The argument tree of one case being drawn (no closures: with the collector paused, a
    self-referencing closure per case would never be freed)."""

    case_id: str
    depth: int
    count: int = 0
    defined: list[str] = field(default_factory=list)


class _Generator:
    def __init__(self, rng: Random, sizes: GeneratorSizes, seed: int) -> None:
        self.rng = rng
        self.sizes = sizes
        self.seed = seed
        # Popular items are a random subset, not the first ids.
        self.assumption_ids = self._ids("asm", sizes.assumptions)
        self.assumption_rank = self._shuffled(self.assumption_ids)
        self.assumption_cum = _zipf_cum_weights(sizes.assumptions)
        self.technique_ids = self._ids("tech", sizes.techniques)
        self.technique_rank = self._shuffled(self.technique_ids)
        self.technique_cum = _zipf_cum_weights(sizes.techniques)
        self.technique_names: dict[str, str] = {}
        self.source_ids = self._ids("src", sizes.sources)
        self.question_cum = _zipf_cum_weights(sizes.questions, 1.3)
        self.pessimistic: list[list[str]] = []  # per question (by rank): its non-first answers
        self.shared: list[str] = []  # ids of earlier argument nodes a ref may point at
        self.nodes_seen = 0

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _ids(prefix: str, n: int) -> list[str]:
        w = _width(n)
        return [f"{prefix}-{i:0{w}d}" for i in range(1, n + 1)]

    def _shuffled(self, items: Sequence[str]) -> list[str]:
        out = list(items)
        self.rng.shuffle(out)
        return out

    def _pick(self, ranked: Sequence[str], cum: Sequence[float], k: int) -> list[str]:
        """Up to k distinct items, drawn with Zipf weights over `ranked`."""
        k = min(k, len(ranked))
        chosen: list[str] = []
        for _ in range(4 * k):
            if len(chosen) == k:
                break
            item = self.rng.choices(ranked, cum_weights=cum)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def _probability(self, low: float, high: float, digits: int = 3) -> float:
        return round(self.rng.uniform(low, high), digits)

    def _fails_in(self, count: int) -> list[dict[str, Any]]:
        edges: list[dict[str, Any]] = []
        worlds: set[str] = set()
        for _ in range(count):
            q = self.rng.choices(range(len(self.pessimistic)), cum_weights=self.question_cum)[0]
            answers = self.pessimistic[q]
            world = answers[-1] if self.rng.random() < 0.7 else self.rng.choice(answers)
            if world in worlds:
                continue
            worlds.add(world)
            edge: dict[str, Any] = {"world": world}
            if self.rng.random() < 0.7:  # else p = 1, the default
                edge["p"] = self._probability(0.1, 0.95, 2)
            edges.append(edge)
        return edges

    def _sources(self, probability: float) -> list[str]:
        if not self.source_ids or self.rng.random() >= probability:
            return []
        return [self.rng.choice(self.source_ids)]

    # -- the parts -----------------------------------------------------------------------------

    def questions(self) -> list[dict[str, Any]]:
        n = self.sizes.questions
        w = _width(n)
        out = []
        for i in range(1, n + 1):
            topic, text = _QUESTIONS[(i - 1) % len(_QUESTIONS)]
            round_ = (i - 1) // len(_QUESTIONS)
            qid = f"q{i:0{w}d}-{topic}"
            if round_:
                text = f"{text} (variant {round_ + 1})"
            n_answers = self.rng.randint(2, 4)
            # Priors in thousandths, each at least 0.05, summing to exactly 1000.
            weights = [self.rng.uniform(0.2, 1.0) for _ in range(n_answers)]
            spare = 1000 - 50 * n_answers
            shares = [50 + math.floor(spare * wt / sum(weights)) for wt in weights]
            shares[0] += 1000 - sum(shares)
            answers: list[dict[str, Any]] = [
                {
                    "id": f"{qid}-a{j + 1}",
                    "statement": f"{topic.replace('-', ' ').capitalize()}: {_ANSWERS[j]}",
                    "prior": shares[j] / 1000,
                }
                for j in range(n_answers)
            ]
            question: dict[str, Any] = {"id": qid, "text": text, "answers": answers}
            out.append(question)
        # Dominant questions are a random subset; fails_in points at their pessimistic answers.
        ranked = self._shuffled([q["id"] for q in out])
        by_id = {q["id"]: q for q in out}
        self.pessimistic = [[a["id"] for a in by_id[qid]["answers"][1:]] for qid in ranked]
        return out

    def techniques(self) -> list[dict[str, Any]]:
        out = []
        for i, tid in enumerate(self.technique_ids):
            name = _TECHNIQUES[i % len(_TECHNIQUES)]
            if i >= len(_TECHNIQUES):
                name = f"{name} ({i // len(_TECHNIQUES) + 1})"
            self.technique_names[tid] = name
            technique: dict[str, Any] = {"id": tid, "name": name}
            if self.rng.random() < 0.3:
                technique["p_fail"] = self._probability(0.01, 0.1)
            fails_in = self._fails_in(self.rng.choice([0, 1, 1, 2]))
            if fails_in:
                technique["fails_in"] = fails_in
            out.append(technique)
        return out

    def assumptions(self) -> list[dict[str, Any]]:
        out = []
        ids = self.assumption_ids
        for j, aid in enumerate(ids):
            technique_ids = self._pick(
                self.technique_rank, self.technique_cum, self.rng.choice([0, 1, 1, 1, 2])
            )
            subject = (
                self.technique_names[technique_ids[0]]
                if technique_ids
                else self.rng.choice(["Training", "Monitoring", "The deployment setup"])
            )
            assumption: dict[str, Any] = {
                "id": aid,
                "statement": f"{subject} {self.rng.choice(_CLAIMS)} ({aid})",
                "kind": self.rng.choice(_KINDS),
            }
            if self.rng.random() < 0.6:
                assumption["p_fail"] = self._probability(0.01, 0.2)
            if technique_ids:
                assumption["techniques"] = technique_ids
            if j and self.rng.random() < 0.25:  # chains: rely on recent, earlier assumptions
                window = ids[max(0, j - 30) : j]
                relies = self.rng.sample(window, min(len(window), self.rng.choice([1, 1, 2])))
                assumption["relies_on"] = relies
            fails_in = self._fails_in(self.rng.choice([0, 1, 1, 1, 2, 2, 3]))
            if fails_in:
                assumption["fails_in"] = fails_in
            sources = self._sources(0.3)
            if sources:
                assumption["sources"] = sources
            out.append(assumption)
        return out

    def coverage(self) -> tuple[list[dict[str, Any]], list[list[str]]]:
        """The deployments, and for each case the deployments it covers."""
        n_cases = self.sizes.cases
        primary: list[int] = []
        if self.sizes.deployments is not None:
            n_dep = self.sizes.deployments
            primary = [i % n_dep for i in range(n_cases)]
        else:
            n_dep = 0
            while len(primary) < n_cases:  # Pareto-sized groups: most small, some ~50
                size = max(3, min(MAX_CASES_PER_DEPLOYMENT, int(3 * self.rng.paretovariate(1.0))))
                left = n_cases - len(primary)
                if left - size < 3:  # no deployment left with only one or two cases
                    size = left
                primary.extend([n_dep] * size)
                n_dep += 1
            n_dep = max(n_dep, 1)
        self.rng.shuffle(primary)
        dep_ids = self._ids("dep", n_dep)
        deployments = []
        for i, did in enumerate(dep_ids):
            stakes = self.rng.choice(_STAKES)
            prior_risk = self._probability(0.005, 0.05, 4)
            deployment: dict[str, Any] = {
                "id": did,
                "name": f"Deployment {i + 1}",
                "description": f"Synthetic {stakes}-stakes deployment",
            }
            if stakes != "medium":
                deployment["stakes"] = stakes
            deployment["prior_risk"] = prior_risk
            deployment["risk_threshold"] = round(prior_risk / self.rng.uniform(5, 20), 6)
            deployments.append(deployment)
        covers = []
        for p in primary:
            ids = [dep_ids[p]]
            if n_dep > 1 and self.rng.random() < 0.15:
                other = self.rng.randrange(n_dep - 1)
                ids.append(dep_ids[other if other < p else other + 1])
            covers.append(ids)
        return deployments, covers

    def argument(self, case_id: str) -> dict[str, Any]:
        tree = _Tree(case_id, depth=self.rng.choice([3, 4, 5]))
        root = self.node(tree, 1, must_descend=True)
        # Earlier cases are complete, so refs to their nodes cannot close a cycle.
        for nid in tree.defined:
            self.nodes_seen += 1
            if len(self.shared) < _SHARED_POOL:
                self.shared.append(nid)
            else:  # reservoir sampling keeps the pool uniform over every node seen
                slot = self.rng.randrange(self.nodes_seen)
                if slot < _SHARED_POOL:
                    self.shared[slot] = nid
        return root

    def node(self, tree: _Tree, level: int, must_descend: bool) -> dict[str, Any]:
        """One argument node at `level` (1 = root) and, recursively, its children."""
        tree.count += 1
        nid = f"{tree.case_id}-n{tree.count}"
        tree.defined.append(nid)
        leaf = level == tree.depth or (not must_descend and level > 1 and self.rng.random() < 0.35)
        if leaf:
            if self.rng.random() < 0.03:  # an undeveloped goal
                return {"id": nid, "type": "goal", "statement": f"Claim {nid} (undeveloped)"}
            return {
                "id": nid,
                "type": "evidence",
                "statement": f"Evidence {nid}",
                "relies_on": self._pick(
                    self.assumption_rank, self.assumption_cum, self.rng.choice([1, 1, 2])
                ),
            }
        kind = "goal" if level == 1 or self.rng.random() < 0.6 else "strategy"
        out: dict[str, Any] = {
            "id": nid,
            "type": kind,
            "statement": f"{'Claim' if kind == 'goal' else 'Argue over'} {nid}",
        }
        n_children = self.rng.randint(2, 3) if level == 1 else self.rng.randint(1, 3)
        roll = self.rng.random()
        if n_children >= 3 and roll > 0.8:
            out["support"] = {"at_least": self.rng.randint(2, n_children - 1)}
        elif n_children >= 2 and roll > 0.55:
            out["support"] = "any"
        if self.rng.random() < 0.15:
            out["relies_on"] = self._pick(self.assumption_rank, self.assumption_cum, 1)
        if level == 1 and self.rng.random() < 0.3:
            out["context"] = [f"Operating context of {tree.case_id}"]
        if kind == "strategy" and self.rng.random() < 0.2:
            out["justification"] = ["Decomposition reviewed by the safety team"]
        children: list[dict[str, Any]] = []
        refs: set[str] = set()
        for c in range(n_children):
            if c and self.shared and self.rng.random() < 0.04:
                target = self.rng.choice(self.shared)
                if target not in refs:
                    refs.add(target)
                    children.append({"ref": target})
                    continue
            children.append(self.node(tree, level + 1, must_descend=c == 0))
        out["children"] = children
        return out

    def cases(self, covers: list[list[str]]) -> Iterator[dict[str, Any]]:
        """The cases, one at a time (a caller may write each before the next is drawn)."""
        w = _width(self.sizes.cases)
        for i, covered in enumerate(covers, start=1):
            cid = f"case-{i:0{w}d}"
            case: dict[str, Any] = {
                "id": cid,
                "title": f"Safety case {i}",
                "category": self.rng.choice(_CATEGORIES),
            }
            status = self.rng.choice(_STATUSES)
            if status != "draft":
                case["status"] = status
            case["covers"] = covered
            case["effectiveness"] = self._probability(0.5, 0.99, 2)
            case["p_unsound"] = self._probability(0.01, 0.2)
            sources = self._sources(0.5)
            if sources:
                case["sources"] = sources
            case["argument"] = self.argument(cid)
            yield case

    def defeaters(self, node_ids: list[str]) -> list[dict[str, Any]]:
        n = max(1, self.sizes.cases // 25) if node_ids else 0
        w = _width(n)
        out = []
        for i in range(1, n + 1):
            defeater = {
                "id": f"dft-{i:0{w}d}",
                "statement": "A reviewer doubts this holds outside the tested settings",
                "challenges": self.rng.choice(node_ids),
            }
            if self.rng.random() < 0.4:  # else open, the default
                defeater["status"] = "resolved"
            out.append(defeater)
        return out

    def sections(self) -> Iterator[tuple[str, Any]]:
        """The document's top-level (key, value) pairs in export order; empty lists left out.

        The value of "cases" is an iterator: the pairs after it are drawn only once it is
        exhausted, so a writer can stream the cases with bounded memory."""
        sources = [
            {
                "id": sid,
                "title": f"Synthetic reference {i + 1}",
                "url": f"https://example.org/refs/{sid}",
            }
            for i, sid in enumerate(self.source_ids)
        ]
        questions = self.questions()
        techniques = self.techniques()
        assumptions = self.assumptions()
        deployments, covers = self.coverage()
        s = self.sizes
        yield "version", 1
        yield "title", f"Synthetic portfolio ({s.cases} cases, seed {self.seed})"
        yield (
            "description",
            (
                "Generated by `scg generate` for benchmarks and tests; every value is synthetic. "
                f"{s.assumptions} assumptions, {s.questions} questions, {s.techniques} techniques, "
                f"{len(deployments)} deployment{'s' if len(deployments) != 1 else ''}."
            ),
        )
        for key, items in (
            ("sources", sources),
            ("questions", questions),
            ("techniques", techniques),
            ("assumptions", assumptions),
            ("deployments", deployments),
        ):
            if items:
                yield key, items
        if covers:
            yield "cases", self.cases(covers)
        defeaters = self.defeaters(self.shared[:200] + self.assumption_ids[:50])
        if defeaters:
            yield "defeaters", defeaters
