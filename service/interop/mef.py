"""Open-PSA Model Exchange Format (MEF) fault trees as portfolios.

A fault tree says when the top event *fails*; a safety case says when its claim *holds*. The
two are duals: a claim that needs all its children fails when any child fails (OR -> all),
alternative legs fail only together (AND -> any), and a k-of-n claim fails when n-k+1 legs
fail (ATLEAST min=m over n -> at_least n-m+1). Basic events become assumptions with `p_fail`,
gates become argument nodes (a gate used by several parents stays one shared node), and the
top gate becomes the root of one case covering one deployment, so the deployment's P(uncovered)
is the top event's probability and its minimal cut sets over assumptions are the tree's.

House events and constants are folded away before the translation. Non-coherent gates (not,
xor, nand, nor, iff, imply) have no monotone reading and are rejected, naming the gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from service.errors import InvalidInputError
from service.model import Portfolio

NON_COHERENT = ("not", "xor", "nand", "nor", "iff", "imply", "cardinality")
ID_PREFIX_GATE = "gate:"
ID_PREFIX_EVENT = "event:"


class InvalidMefError(InvalidInputError):
    """The MEF file cannot be read as a coherent fault tree; the message names the element."""


@dataclass
class Formula:
    """A gate's formula after parsing: an operator over arguments (names or nested formulas)."""

    operator: str  # "and", "or", "atleast"
    args: list[Argument]
    min: int = 0


@dataclass(frozen=True)
class Ref:
    kind: str  # "gate", "basic-event", "house-event"
    name: str


Argument = Ref | Formula | bool


@dataclass
class FaultTreeModel:
    """Gates, basic-event probabilities and house-event values read from MEF files."""

    name: str = "fault-tree"
    gates: dict[str, Formula | Argument] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    house_events: dict[str, bool] = field(default_factory=dict)
    gate_order: list[str] = field(default_factory=list)


def read_mef(path: Path, model: FaultTreeModel | None = None) -> FaultTreeModel:
    """Add the definitions of one MEF file to `model` (a probabilities file may come second)."""
    model = model or FaultTreeModel(name=path.stem)
    try:
        root = SafeElementTree.parse(path).getroot()
        if root is None:
            raise SafeElementTree.ParseError("empty document")
    except (SafeElementTree.ParseError, DefusedXmlException) as error:
        raise InvalidMefError(f"{path}: not a readable MEF XML file: {error}") from error
    except OSError as error:
        raise InvalidMefError(f"{path}: {error.strerror}") from error
    if root.tag != "opsa-mef":
        raise InvalidMefError(f"{path}: the root element is <{root.tag}>, not <opsa-mef>")
    for element in root.iter():
        if element.tag == "define-fault-tree" and model.name == path.stem:
            model.name = element.get("name", model.name)
        elif element.tag == "define-gate":
            name = _name(element, path)
            model.gates[name] = _gate_formula(element, name, path)
            model.gate_order.append(name)
        elif element.tag == "define-basic-event":
            model.probabilities[_name(element, path)] = _probability(element, path)
        elif element.tag == "define-house-event":
            model.house_events[_name(element, path)] = _house_value(element, path)
    return model


def _name(element: Element, path: Path) -> str:
    name = element.get("name")
    if not name:
        raise InvalidMefError(f"{path}: <{element.tag}> without a name")
    return name


def _gate_formula(element: Element, gate: str, path: Path) -> Formula | Argument:
    children = [child for child in element if child.tag not in ("label", "attributes")]
    if len(children) != 1:
        raise InvalidMefError(f"{path}: gate '{gate}' must hold exactly one formula")
    return _formula(children[0], gate, path)


def _formula(element: Element, gate: str, path: Path) -> Formula | Argument:
    tag = element.tag
    if tag in NON_COHERENT:
        raise InvalidMefError(
            f"{path}: gate '{gate}' uses <{tag}>: only coherent fault trees (and, or, atleast) "
            "can be read as safety cases"
        )
    if tag in ("and", "or", "atleast"):
        args = [_formula(child, gate, path) for child in element]
        minimum = 0
        if tag == "atleast":
            try:
                minimum = int(element.get("min", ""))
            except ValueError:
                raise InvalidMefError(
                    f"{path}: gate '{gate}': <atleast> needs an integer min"
                ) from None
            if not 1 <= minimum <= len(args):
                raise InvalidMefError(
                    f"{path}: gate '{gate}': atleast min={minimum} over {len(args)} arguments"
                )
        return Formula(tag, args, minimum)
    if tag in ("gate", "basic-event", "house-event"):
        return Ref(tag, _name(element, path))
    if tag == "event":
        kind = element.get("type")
        if kind not in ("gate", "basic-event", "house-event"):
            raise InvalidMefError(f"{path}: gate '{gate}': <event> needs a type")
        return Ref(kind, _name(element, path))
    if tag == "constant":
        return _constant(element, gate, path)
    raise InvalidMefError(f"{path}: gate '{gate}': unsupported element <{tag}>")


def _constant(element: Element, where: str, path: Path) -> bool:
    value = element.get("value")
    if value not in ("true", "false"):
        raise InvalidMefError(f"{path}: '{where}': <constant> value must be true or false")
    return value == "true"


def _probability(element: Element, path: Path) -> float:
    name = element.get("name")
    expressions = [child for child in element if child.tag not in ("label", "attributes")]
    if not expressions:
        return -1.0  # declared without a probability; it may come from another file
    expression = expressions[0]
    if expression.tag != "float":
        raise InvalidMefError(
            f"{path}: basic event '{name}' uses <{expression.tag}>: only constant <float> "
            "probabilities are supported"
        )
    try:
        value = float(expression.get("value", ""))
    except ValueError:
        raise InvalidMefError(f"{path}: basic event '{name}': <float> needs a number") from None
    if not 0.0 <= value <= 1.0:
        raise InvalidMefError(f"{path}: basic event '{name}': probability {value} not in [0, 1]")
    return value


def _house_value(element: Element, path: Path) -> bool:
    constants = [child for child in element if child.tag == "constant"]
    if not constants:
        return False  # MEF's default for a house event
    return _constant(constants[0], element.get("name", "?"), path)


class _Translator:
    """Builds the portfolio document from a folded fault tree, depth first from the top."""

    def __init__(self, model: FaultTreeModel) -> None:
        self.model = model
        self.defined: set[str] = set()  # argument node ids already written somewhere
        self.events: dict[str, None] = {}  # basic events in order of first use
        self.folded: dict[str, Formula | Ref | bool] = {}  # each gate folded once
        self.anonymous = 0

    # -- constant folding ----------------------------------------------------------------
    def fold(self, argument: Formula | Argument) -> Formula | Ref | bool:
        if isinstance(argument, bool):
            return argument
        if isinstance(argument, Ref):
            if argument.kind == "house-event":
                return self.model.house_events.get(argument.name, False)
            if argument.kind == "gate":
                value = self.gate_constant(argument.name)
                return argument if value is None else value
            return argument
        args = [self.fold(a) for a in argument.args]
        variable = [a for a in args if not isinstance(a, bool)]
        true_count = sum(1 for a in args if a is True)
        if argument.operator == "or":
            if true_count:
                return True
            return Formula("or", list(variable)) if variable else False
        if argument.operator == "and":
            if any(a is False for a in args):
                return False
            return Formula("and", list(variable)) if variable else True
        needed = argument.min - true_count
        if needed <= 0:
            return True
        if needed > len(variable):
            return False
        return Formula("atleast", list(variable), needed)

    def gate_constant(self, name: str) -> bool | None:
        """The gate's constant value when house events decide it, else None."""
        folded = self.folded_gate(name)
        return folded if isinstance(folded, bool) else None

    def folded_gate(self, name: str) -> Formula | Ref | bool:
        if name not in self.model.gates:
            raise InvalidMefError(f"gate '{name}' is used but never defined")
        if name not in self.folded:
            self.folded[name] = Ref("gate", name)  # provisional: a cycle is reported later
            self.folded[name] = self.fold(self.model.gates[name])
        return self.folded[name]

    # -- translation ---------------------------------------------------------------------
    def node(self, node_id: str, formula: Formula | Ref | bool, path: list[str]) -> dict[str, Any]:
        """The argument node (dict) that holds exactly when `formula` does not fail."""
        if isinstance(formula, bool):
            return self.constant_node(node_id, formula)
        if isinstance(formula, Ref):  # a gate defined as a bare reference
            return {
                "id": node_id,
                "type": "goal",
                "statement": f"{node_id} holds",
                "children": [self.child(formula, path)],
            }
        children: list[dict[str, Any]] = []
        relies_on: list[str] = []
        for arg in formula.args:
            if formula.operator == "or" and isinstance(arg, Ref) and arg.kind == "basic-event":
                relies_on.append(self.event(arg.name))
            else:
                children.append(self.child(arg, path))
        node: dict[str, Any] = {
            "id": node_id,
            "type": "goal",
            "statement": f"{node_id} does not fail",
        }
        if formula.operator == "and":
            node["support"] = "any"
        elif formula.operator == "atleast":
            node["support"] = {"at_least": len(formula.args) - formula.min + 1}
        if relies_on:
            node["relies_on"] = relies_on
        if children:
            node["children"] = children
        return node

    def child(self, arg: Formula | Ref | bool, path: list[str]) -> dict[str, Any]:
        if isinstance(arg, Formula):
            self.anonymous += 1
            return self.node(f"{ID_PREFIX_GATE}{path[-1]}.{self.anonymous}", arg, path)
        if isinstance(arg, bool):
            self.anonymous += 1
            return self.constant_node(f"{ID_PREFIX_GATE}{path[-1]}.{self.anonymous}", arg)
        if arg.kind == "basic-event":
            node_id = f"{ID_PREFIX_EVENT}{arg.name}"
            if node_id in self.defined:
                return {"ref": node_id}
            self.defined.add(node_id)
            return {
                "id": node_id,
                "type": "evidence",
                "statement": f"basic event {arg.name} does not occur",
                "relies_on": [self.event(arg.name)],
            }
        node_id = f"{ID_PREFIX_GATE}{arg.name}"
        if node_id in self.defined:
            return {"ref": node_id}
        if arg.name in path:
            cycle = " -> ".join([*path[path.index(arg.name) :], arg.name])
            raise InvalidMefError(f"the gates form a cycle: {cycle}")
        self.defined.add(node_id)
        return self.node(node_id, self.folded_gate(arg.name), [*path, arg.name])

    def constant_node(self, node_id: str, fails: bool) -> dict[str, Any]:
        node: dict[str, Any] = {
            "id": node_id,
            "type": "goal",
            "statement": "always fails (house events)" if fails else "never fails (house events)",
        }
        if fails:
            node["relies_on"] = [self.event("always-true", probability=1.0)]
        else:
            node["type"] = "evidence"
        return node

    def event(self, name: str, probability: float | None = None) -> str:
        if name not in self.events:
            self.events[name] = None
            if probability is not None:
                self.model.probabilities.setdefault(name, probability)
        return name


def fault_tree_portfolio(model: FaultTreeModel, top: str | None = None) -> Portfolio:
    """The one-case portfolio whose deployment fails exactly when the tree's top event occurs."""
    top_gate = top or _top_gate(model)
    if top_gate not in model.gates:
        raise InvalidMefError(f"top gate '{top_gate}' is not defined")
    translator = _Translator(model)
    root_id = f"{ID_PREFIX_GATE}{top_gate}"
    translator.defined.add(root_id)
    root = translator.node(root_id, translator.folded_gate(top_gate), [top_gate])
    missing = [e for e in translator.events if model.probabilities.get(e, -1.0) < 0]
    if missing:
        shown = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        raise InvalidMefError(
            f"basic events without a probability: {shown}; pass --probabilities FILE.xml"
        )
    name = model.name
    document = {
        "version": 1,
        "title": f"Fault tree {name} (imported from Open-PSA MEF)",
        "assumptions": [
            {
                "id": event,
                "statement": f"basic event {event} does not occur",
                "kind": "basic-event",
                "p_fail": model.probabilities[event],
            }
            for event in translator.events
        ],
        "deployments": [
            {"id": name, "name": f"top event of {name}", "stakes": "high", "prior_risk": 1.0}
        ],
        "cases": [
            {
                "id": f"ft:{name}",
                "title": f"{name}: the top gate {top_gate} does not fail",
                "category": "trustworthiness",
                "covers": [name],
                "argument": root,
            }
        ],
    }
    return Portfolio.model_validate(document)


def _top_gate(model: FaultTreeModel) -> str:
    used: set[str] = set()

    def collect(argument: Formula | Argument) -> None:
        if isinstance(argument, Ref) and argument.kind == "gate":
            used.add(argument.name)
        elif isinstance(argument, Formula):
            for arg in argument.args:
                collect(arg)

    for formula in model.gates.values():
        collect(formula)
    tops = [gate for gate in model.gate_order if gate not in used]
    if not tops:
        raise InvalidMefError("no top gate: every gate is used by another (a cycle?)")
    if len(tops) > 1:
        raise InvalidMefError(
            f"several top gates ({', '.join(tops[:5])}): choose one with --top NAME"
        )
    return tops[0]


def import_mef(path: Path, probabilities: Path | None = None, top: str | None = None) -> Portfolio:
    model = read_mef(path)
    if probabilities is not None:
        read_mef(probabilities, model)
    return fault_tree_portfolio(model, top)
