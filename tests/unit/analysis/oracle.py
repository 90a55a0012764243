"""Brute-force oracle for the analyses, written straight from DESIGN §4.

It shares no code with `service.analysis`: it reads the `Portfolio` model directly, enumerates
every world (one answer per Question) and every assignment of every basic event (assumption
and technique own failures, FAILS_IN edge effects, case unsoundness), weights each by its
probability and evaluates the definitions of §4 on all of them at once (numpy arrays with one
entry per enumerated row). Only usable on small portfolios: the number of rows is the product
of the answer counts times 2 ** (number of events with 0 < p < 1).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from service.model import ArgumentNode, ArgumentRef, Portfolio, Support

TOLERANCE = 1e-9  # risk(w) <= threshold is read as risk(w) <= threshold + TOLERANCE

Column = Any  # a numpy bool array over the rows, or a Python bool broadcast to all rows


def _edge_key(kind: str, owner: str, position: int) -> tuple[str, str, int]:
    return (kind, owner, position)


@dataclass
class Table:
    """Rows of a (partial) enumeration: a value per basic event and a weight per row."""

    own_assumption: dict[str, Column]
    own_technique: dict[str, Column]
    world: dict[str, Column]
    edge: dict[tuple[str, str, int], Column]
    unsound: dict[str, Column]
    weight: np.ndarray
    world_of_row: np.ndarray  # index of the row's world in `worlds`
    worlds: list[tuple[str, ...]]  # the answer ids of each world, one per question
    world_prior: list[float]


class Definitions:
    """The §4 definitions evaluated on a table."""

    def __init__(self, portfolio: Portfolio, table: Table) -> None:
        self.p = portfolio
        self.t = table
        self.assumptions = {a.id: a for a in portfolio.assumptions}
        self.techniques = {t.id: t for t in portfolio.techniques}
        self.nodes: dict[str, ArgumentNode] = {n.id: n for n in portfolio.argument_nodes()}
        self._tech: dict[str, Column] = {}
        self._assm: dict[str, Column] = {}
        self._node: dict[str, Column] = {}

    def technique_fails(self, tid: str) -> Column:
        if tid not in self._tech:
            tech = self.techniques[tid]
            fails = self.t.own_technique[tid]
            for j, f in enumerate(tech.fails_in):
                fails = fails | (self.t.world[f.world] & self.t.edge[_edge_key("t", tid, j)])
            self._tech[tid] = fails
        return self._tech[tid]

    def assumption_fails(self, aid: str) -> Column:
        if aid not in self._assm:
            assm = self.assumptions[aid]
            fails = self.t.own_assumption[aid]
            for tid in assm.techniques:
                fails = fails | self.technique_fails(tid)
            for j, f in enumerate(assm.fails_in):
                fails = fails | (self.t.world[f.world] & self.t.edge[_edge_key("a", aid, j)])
            for bid in assm.relies_on:
                fails = fails | self.assumption_fails(bid)
            self._assm[aid] = fails
        return self._assm[aid]

    def node_holds(self, nid: str) -> Column:
        if nid not in self._node:
            node = self.nodes[nid]
            holds: Column = True
            for aid in node.relies_on:
                holds = holds & ~np.asarray(self.assumption_fails(aid))
            children = [c.ref if isinstance(c, ArgumentRef) else c.id for c in node.children]
            if children:  # a leaf is undeveloped: it holds for the logic
                child_holds = [np.asarray(self.node_holds(c)) for c in children]
                count = sum(h.astype(np.int64) for h in child_holds)
                if node.support is Support.ALL:
                    support = count == len(children)
                elif node.support is Support.ANY:
                    support = count >= 1
                else:
                    assert node.k is not None
                    support = count >= node.k
                holds = holds & support
            self._node[nid] = holds
        return self._node[nid]

    def case_holds(self, cid: str) -> np.ndarray:
        case = next(c for c in self.p.cases if c.id == cid)
        holds = np.asarray(self.node_holds(case.argument.id)) & ~np.asarray(self.t.unsound[cid])
        return np.broadcast_to(holds, self.t.weight.shape)

    def case_nodes(self, cid: str) -> list[str]:
        case = next(c for c in self.p.cases if c.id == cid)
        out: list[str] = []
        stack = [case.argument.id]
        while stack:
            nid = stack.pop()
            if nid in out:
                continue
            out.append(nid)
            stack.extend(
                c.ref if isinstance(c, ArgumentRef) else c.id for c in self.nodes[nid].children
            )
        return out

    def uncovered(self, did: str) -> np.ndarray:
        result = np.ones(self.t.weight.shape, dtype=bool)
        for case in self.p.cases:
            if did in case.covers:
                result = result & ~self.case_holds(case.id)
        return result


class Oracle:
    def __init__(self, portfolio: Portfolio) -> None:
        self.p = portfolio

    # -- tables ------------------------------------------------------------------------------

    def _worlds(
        self, fixed: Mapping[str, str] | None = None
    ) -> tuple[list[tuple[str, ...]], list[float]]:
        """Every world with its prior; a question in `fixed` (question id -> answer id) has
        that answer with probability 1."""
        fixed = fixed or {}
        choices = []
        for q in self.p.questions:
            if q.id in fixed:
                choices.append([(fixed[q.id], 1.0)])
            else:
                choices.append([(a.id, a.prior) for a in q.answers])
        worlds, priors = [], []
        for combo in itertools.product(*choices):
            worlds.append(tuple(a for a, _ in combo))
            priors.append(math.prod(p for _, p in combo))
        return worlds, priors

    def quantitative(
        self,
        forced_assumptions: Iterable[str] = (),
        forced_techniques: Iterable[str] = (),
        fixed_worlds: Mapping[str, str] | None = None,
        unsound_probability: Mapping[str, float] | None = None,
    ) -> Table:
        """Every world x every assignment of the random events, weighted (quantitative reading)."""
        forced_a, forced_t = set(forced_assumptions), set(forced_techniques)
        unsound_probability = unsound_probability or {}
        events: list[tuple[str, Any, float]] = []  # (table, key, probability)
        for a in self.p.assumptions:
            events.append(("own_assumption", a.id, 1.0 if a.id in forced_a else a.p_fail))
            for j, f in enumerate(a.fails_in):
                events.append(("edge", _edge_key("a", a.id, j), f.p))
        for t in self.p.techniques:
            events.append(("own_technique", t.id, 1.0 if t.id in forced_t else t.p_fail))
            for j, f in enumerate(t.fails_in):
                events.append(("edge", _edge_key("t", t.id, j), f.p))
        for c in self.p.cases:
            events.append(("unsound", c.id, unsound_probability.get(c.id, c.p_unsound)))
        random = [e for e in events if 0.0 < e[2] < 1.0]
        worlds, priors = self._worlds(fixed_worlds)
        n_assign = 2 ** len(random)
        n_rows = len(worlds) * n_assign
        assign = np.arange(n_assign)
        columns: dict[str, dict[Any, Column]] = {
            "own_assumption": {},
            "own_technique": {},
            "edge": {},
            "unsound": {},
        }
        event_weight = np.ones(n_assign)
        for i, (table, key, prob) in enumerate(random):
            bit = ((assign >> i) & 1).astype(bool)
            columns[table][key] = np.tile(bit, len(worlds))
            event_weight = event_weight * np.where(bit, prob, 1.0 - prob)
        for table, key, prob in events:
            if not 0.0 < prob < 1.0:
                columns[table][key] = prob >= 1.0
        world_of_row = np.repeat(np.arange(len(worlds)), n_assign)
        weight = np.repeat(np.array(priors), n_assign) * np.tile(event_weight, len(worlds))
        world_cols: dict[str, Column] = {}
        for qi, q in enumerate(self.p.questions):
            answer_of_world = np.array([w[qi] for w in worlds])
            for answer in q.answers:
                world_cols[answer.id] = np.repeat(answer_of_world == answer.id, n_assign)
        assert weight.shape == (n_rows,)
        return Table(
            own_assumption=columns["own_assumption"],
            own_technique=columns["own_technique"],
            world=world_cols,
            edge=columns["edge"],
            unsound=columns["unsound"],
            weight=weight,
            world_of_row=world_of_row,
            worlds=worlds,
            world_prior=priors,
        )

    def structural(self, rows: list[tuple[set[str], set[str], set[str]]]) -> Table:
        """One row per (failed assumptions, failed techniques, true world models): the chosen
        events occur, nothing else does, and FAILS_IN edges with p > 0 take effect."""
        n = len(rows)

        def column(ids: Iterable[str], pick: int) -> dict[str, Column]:
            return {i: np.array([i in r[pick] for r in rows], dtype=bool) for i in ids}

        edges: dict[tuple[str, str, int], Column] = {}
        for a in self.p.assumptions:
            for j, f in enumerate(a.fails_in):
                edges[_edge_key("a", a.id, j)] = f.p > 0
        for t in self.p.techniques:
            for j, f in enumerate(t.fails_in):
                edges[_edge_key("t", t.id, j)] = f.p > 0
        return Table(
            own_assumption=column([a.id for a in self.p.assumptions], 0),
            own_technique=column([t.id for t in self.p.techniques], 1),
            world=column([w.id for _, w in self.p.world_models()], 2),
            edge=edges,
            unsound={c.id: False for c in self.p.cases},
            weight=np.ones(n),
            world_of_row=np.zeros(n, dtype=np.int64),
            worlds=[],
            world_prior=[],
        )

    # -- analyses ----------------------------------------------------------------------------

    def impact(
        self, assumptions: set[str], techniques: set[str], worlds: set[str]
    ) -> tuple[dict[str, tuple[str, float]], dict[str, tuple[bool, set[str]]]]:
        """case id -> (outcome, p_holds); deployment id -> (covered, surviving case ids)."""
        structural = Definitions(self.p, self.structural([(assumptions, techniques, worlds)]))
        question_of = {w.id: q.id for q, w in self.p.world_models()}
        fixed = {question_of[w]: w for w in worlds}
        table = self.quantitative(assumptions, techniques, fixed)
        quantitative = Definitions(self.p, table)
        cases: dict[str, tuple[str, float]] = {}
        for case in self.p.cases:
            holds = bool(structural.case_holds(case.id)[0])
            degraded = any(
                not bool(np.asarray(structural.node_holds(n)).reshape(-1)[0])
                for n in structural.case_nodes(case.id)
            )
            outcome = "FAILS" if not holds else ("DEGRADED" if degraded else "HOLDS")
            p_holds = float(np.sum(table.weight * quantitative.case_holds(case.id)))
            cases[case.id] = (outcome, p_holds)
        deployments: dict[str, tuple[bool, set[str]]] = {}
        for d in self.p.deployments:
            surviving = {
                c.id for c in self.p.cases if d.id in c.covers and cases[c.id][0] != "FAILS"
            }
            deployments[d.id] = (bool(surviving), surviving)
        return cases, deployments

    def cut_sets(self, deployment: str, kinds: set[str]) -> set[frozenset[tuple[str, str]]]:
        """Minimal sets of events of `kinds` that leave the deployment uncovered (all orders)."""
        candidates: list[tuple[str, str]] = []
        if "assumption" in kinds:
            candidates += [("assumption", a.id) for a in self.p.assumptions]
        if "technique" in kinds:
            candidates += [("technique", t.id) for t in self.p.techniques]
        if "world" in kinds:
            candidates += [("world", w.id) for _, w in self.p.world_models()]
        question_of = {w.id: q.id for q, w in self.p.world_models()}
        subsets: list[tuple[tuple[str, str], ...]] = []
        for size in range(len(candidates) + 1):
            for combo in itertools.combinations(candidates, size):
                qs = [question_of[i] for k, i in combo if k == "world"]
                if len(qs) == len(set(qs)):  # at most one answer per question
                    subsets.append(combo)
        rows = [
            (
                {i for k, i in s if k == "assumption"},
                {i for k, i in s if k == "technique"},
                {i for k, i in s if k == "world"},
            )
            for s in subsets
        ]
        uncovered = Definitions(self.p, self.structural(rows)).uncovered(deployment)
        cut = [frozenset(s) for s, u in zip(subsets, uncovered, strict=True) if u]
        position = {e: i for i, e in enumerate(candidates)}
        masks = np.array([sum(1 << position[e] for e in s) for s in cut], dtype=np.int64)
        if len(masks) == 0:
            return set()
        # s is minimal iff no other cut set is a proper subset of it.
        sub = (masks[:, None] & masks[None, :]) == masks[None, :]  # [i, j]: j subset of i
        np.fill_diagonal(sub, False)
        return {s for s, dominated in zip(cut, sub.any(axis=1), strict=True) if not dominated}

    def risk(self, deployment: str) -> dict[str, Any]:
        dep = next(d for d in self.p.deployments if d.id == deployment)
        covering = [c for c in self.p.cases if deployment in c.covers]
        table = self.quantitative()
        defs = Definitions(self.p, table)
        w = table.weight
        p_uncovered = float(np.sum(w * defs.uncovered(deployment)))
        case_failure = {c.id: float(np.sum(w * ~defs.case_holds(c.id))) for c in covering}
        naive = math.prod(case_failure.values())
        # risk(w) = priorRisk x E[prod_c (1 - eff_c 1{c holds}) | w]
        factor = np.ones(w.shape)
        for c in covering:
            factor = factor * (1.0 - c.effectiveness * defs.case_holds(c.id))
        world_risk = []
        for wi in range(len(table.worlds)):
            rows = table.world_of_row == wi
            # Within a world, the event weights of its rows sum to 1 (times the world prior).
            event_w = w[rows] / table.world_prior[wi] if table.world_prior[wi] > 0 else None
            if event_w is None:
                sub = self.quantitative(
                    fixed_worlds=dict(
                        zip([q.id for q in self.p.questions], table.worlds[wi], strict=True)
                    )
                )
                sub_defs = Definitions(self.p, sub)
                f = np.ones(sub.weight.shape)
                for c in covering:
                    f = f * (1.0 - c.effectiveness * sub_defs.case_holds(c.id))
                world_risk.append(dep.prior_risk * float(np.sum(sub.weight * f)))
            else:
                world_risk.append(dep.prior_risk * float(np.sum(event_w * factor[rows])))
        expected = float(sum(p * r for p, r in zip(table.world_prior, world_risk, strict=True)))
        robustness = float(
            sum(
                p
                for p, r in zip(table.world_prior, world_risk, strict=True)
                if r <= dep.risk_threshold + TOLERANCE
            )
        )
        return {
            "p_uncovered": p_uncovered,
            "case_failure": case_failure,
            "naive": naive,
            "expected_risk": expected,
            "robustness": robustness,
            "threshold_met": expected <= dep.risk_threshold + TOLERANCE,
            "world_risk": world_risk,
            "world_prior": list(table.world_prior),
        }

    def matrix(self, deployment: str) -> dict[str, dict[str, float]]:
        """case id -> world id -> P(case holds | world), for every world model."""
        out: dict[str, dict[str, float]] = {
            c.id: {} for c in self.p.cases if deployment in c.covers
        }
        for q, w in self.p.world_models():
            table = self.quantitative(fixed_worlds={q.id: w.id})
            defs = Definitions(self.p, table)
            for cid in out:
                out[cid][w.id] = float(np.sum(table.weight * defs.case_holds(cid)))
        return out

    def phi(self, deployment: str) -> dict[tuple[str, str], float | None]:
        covering = [c.id for c in self.p.cases if deployment in c.covers]
        table = self.quantitative()
        defs = Definitions(self.p, table)
        w = table.weight
        fails = {c: ~defs.case_holds(c) for c in covering}
        out: dict[tuple[str, str], float | None] = {}
        for i, a in enumerate(covering):
            for b in covering[i + 1 :]:
                pa = float(np.sum(w * fails[a]))
                pb = float(np.sum(w * fails[b]))
                pab = float(np.sum(w * (fails[a] & fails[b])))
                var = pa * (1 - pa) * pb * (1 - pb)
                out[(a, b)] = None if var <= 1e-12 else (pab - pa * pb) / math.sqrt(var)
        return out


# -------------------------------------------------------------------------------------------
# Prior profiles, question sensitivity, importance, update and budget (DESIGN §4.8-4.11),
# straight from their definitions: a profile rewrites the answers' priors, conditioning on an
# answer gives it prior 1, forcing an event sets its probability; every figure is then one or
# two ordinary `Oracle.risk` / `Oracle.p_uncovered` computations.
# -------------------------------------------------------------------------------------------


def with_priors(portfolio: Portfolio, priors: Mapping[str, float]) -> Portfolio:
    """A copy of the portfolio whose named answers have the given priors."""
    copy = portfolio.model_copy(deep=True)
    for question in copy.questions:
        for answer in question.answers:
            if answer.id in priors:
                answer.prior = priors[answer.id]
    return copy


def reached(portfolio: Portfolio, deployment: str) -> set[tuple[str, str]]:
    """(kind, id) of every assumption, technique and world model that reaches a case covering
    the deployment (FAILS_IN edges with p = 0 do not reach)."""
    nodes: dict[str, ArgumentNode] = {n.id: n for n in portfolio.argument_nodes()}
    assumptions = {a.id: a for a in portfolio.assumptions}
    techniques = {t.id: t for t in portfolio.techniques}
    out: set[tuple[str, str]] = set()
    stack: list[tuple[str, str]] = [
        ("node", c.argument.id) for c in portfolio.cases if deployment in c.covers
    ]
    seen: set[tuple[str, str]] = set()
    while stack:
        item = stack.pop()
        if item in seen:
            continue
        seen.add(item)
        kind, ident = item
        if kind == "node":
            node = nodes[ident]
            stack += [("assumption", a) for a in node.relies_on]
            stack += [
                ("node", c.ref if isinstance(c, ArgumentRef) else c.id) for c in node.children
            ]
        elif kind == "assumption":
            out.add(item)
            a = assumptions[ident]
            stack += [("assumption", b) for b in a.relies_on]
            stack += [("technique", t) for t in a.techniques]
            out.update(("world", f.world) for f in a.fails_in if f.p > 0)
        elif kind == "technique":
            out.add(item)
            out.update(("world", f.world) for f in techniques[ident].fails_in if f.p > 0)
    return out


def p_uncovered(portfolio: Portfolio, deployment: str) -> float:
    oracle = Oracle(portfolio)
    table = oracle.quantitative()
    return float(np.sum(table.weight * Definitions(portfolio, table).uncovered(deployment)))


def conditioned(portfolio: Portfolio, question_id: str, answer_id: str) -> Portfolio:
    """The portfolio with `question_id` known to have answer `answer_id`."""
    question = next(q for q in portfolio.questions if q.id == question_id)
    return with_priors(portfolio, {a.id: float(a.id == answer_id) for a in question.answers})


def question_sensitivity(portfolio: Portfolio, deployment: str) -> dict[str, Any]:
    """Per question reaching the deployment: per answer (prior, expected risk, p_uncovered,
    verdict), the swing and the flip probability; and the unconditioned figures."""
    dep = next(d for d in portfolio.deployments if d.id == deployment)
    overall = Oracle(portfolio).risk(deployment)
    worlds = {i for k, i in reached(portfolio, deployment) if k == "world"}
    out: dict[str, Any] = {}
    for q in portfolio.questions:
        if not any(a.id in worlds for a in q.answers):
            continue
        answers = []
        for a in q.answers:
            given = Oracle(conditioned(portfolio, q.id, a.id)).risk(deployment)
            answers.append(
                {
                    "id": a.id,
                    "prior": a.prior,
                    "expected_risk": given["expected_risk"],
                    "p_uncovered": given["p_uncovered"],
                    "threshold_met": given["expected_risk"] <= dep.risk_threshold + TOLERANCE,
                }
            )
        risks = [a["expected_risk"] for a in answers]
        out[q.id] = {
            "answers": answers,
            "swing": max(risks) - min(risks),
            "flip_probability": sum(
                a["prior"] for a in answers if a["threshold_met"] != overall["threshold_met"]
            ),
        }
    return {"overall": overall, "questions": out}


def importance(portfolio: Portfolio, deployment: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, id) -> the six figures of §4.10 (None where undefined)."""
    p = p_uncovered(portfolio, deployment)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, ident in reached(portfolio, deployment):
        given: float | None
        given_not: float | None
        if kind in ("assumption", "technique"):
            entities = portfolio.assumptions if kind == "assumption" else portfolio.techniques
            position = next(i for i, e in enumerate(entities) if e.id == ident)
            forced = []
            for value in (1.0, 0.0):
                copy = portfolio.model_copy(deep=True)
                group = copy.assumptions if kind == "assumption" else copy.techniques
                group[position].p_fail = value
                forced.append(p_uncovered(copy, deployment))
            given, given_not = forced
        else:
            question = next(q for q in portfolio.questions if ident in {a.id for a in q.answers})
            prior = next(a.prior for a in question.answers if a.id == ident)
            given = (
                p_uncovered(conditioned(portfolio, question.id, ident), deployment)
                if prior > 0
                else None
            )
            given_not = None
            rest = sum(a.prior for a in question.answers if a.id != ident)
            if rest > 1e-12 and prior < 1.0:
                others = {
                    a.id: (0.0 if a.id == ident else a.prior / rest) for a in question.answers
                }
                given_not = p_uncovered(with_priors(portfolio, others), deployment)
        out[(kind, ident)] = {
            "p_given": given,
            "p_given_not": given_not,
            "birnbaum": None if given is None or given_not is None else given - given_not,
            "fussell_vesely": None if given_not is None or p == 0 else (p - given_not) / p,
            "raw": None if given is None or p == 0 else given / p,
            "rrw": None if given_not is None or given_not == 0 else p / given_not,
        }
    return out


def update_and_budget(portfolio: Portfolio, budget: float | None) -> dict[str, Any]:
    """Per deployment its required and delivered update and expected risk; the total, the
    shares and the verdict against `budget`."""
    per: dict[str, dict[str, Any]] = {}
    for dep in portfolio.deployments:
        expected = Oracle(portfolio).risk(dep.id)["expected_risk"]
        per[dep.id] = {
            "expected_risk": expected,
            "required_update": dep.prior_risk / dep.risk_threshold
            if dep.risk_threshold > 0
            else None,
            "delivered_update": dep.prior_risk / expected if expected > 0 else None,
        }
    total = sum(d["expected_risk"] for d in per.values())
    for d in per.values():
        d["share"] = d["expected_risk"] / total if total > 0 else None
    return {
        "deployments": per,
        "total": total,
        "within_budget": None if budget is None else total <= budget + TOLERANCE,
    }
