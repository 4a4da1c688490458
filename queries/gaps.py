"""Gaps: what a sound set of plans should have and this graph does not.

Every finding is a row with ``kind``, ``subject`` (a node id), ``subject_name``,
``detail`` (what is missing, in words), ``rule`` (the rule it breaks, with its source)
and ``evidence`` (file and row of the subject).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pandas as pd

from ..graph.model import KnowledgeGraph
from ..schemas import load_schema
from .common import area_id, areas_above, evidence, strategy_of

__all__ = ["COLUMNS", "RULES", "run"]

TITLE = "Gaps in strategies and partnerships"
COLUMNS = ["kind", "subject", "subject_name", "detail", "rule", "evidence"]

RULES = {
    "theme_without_action": "themes are delivered through actions",
    "objective_without_action": "objectives are delivered through actions",
    "objective_without_indicator": "every objective has an indicator",
    "action_without_lead": "'clear, tangible, achievable and measurable actions' (Hampshire "
                           "Strategic Partnership principles): every action has a lead",
    "action_without_due_date": "'clear, tangible, achievable and measurable actions': every "
                               "action has a date",
    "action_without_measure": "'clear, tangible, achievable and measurable actions': every "
                              "action has an indicator",
    "too_many_key_actions": "'There should be no more than 3 or 4 key actions per topic' "
                            "(Hampshire Strategic Partnership principles; max_key_actions)",
    "required_plan_missing": "plan types every area is expected to have (plan_types.yaml, "
                             "from the LSP 'minimum requirement')",
    "strategy_without_owner": "every required plan has an owner",
    "area_without_partnership": "every area has a partnership of each required kind "
                                "(required_partnership_kinds)",
    "partnership_without_current_strategy": "a partnership has a current strategy",
}


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def run(kg: KnowledgeGraph, *, rules: dict[str, Any], area: str | None = None,
        partnership: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """Gap rows, grouped by kind."""
    cfg = rules["gaps"]
    as_of = cfg.get("as_of") or dt.date.today().year
    rows: list[list[Any]] = []

    def add(kind_: str, node: str, detail: str) -> None:
        rows.append([kind_, node, kg.label(node), detail, RULES[kind_], evidence(kg, node)])

    # themes and objectives
    for theme in kg.nodes("Theme"):
        level = kg.node(theme).get("level")
        if level and level not in cfg["action_levels"]:
            continue
        objectives = kg.out(theme, "HAS_OBJECTIVE")
        has_action = kg.out(theme, "HAS_ACTION") or any(kg.out(o, "HAS_ACTION")
                                                        for o in objectives)
        if not has_action:
            add("theme_without_action", theme, f"no action under this {level or 'theme'}")
    for obj in kg.nodes("Objective"):
        if not kg.out(obj, "HAS_ACTION"):
            add("objective_without_action", obj, "no action under this objective")
        if not kg.out(obj, "MEASURED_BY"):
            add("objective_without_indicator", obj, "no indicator measures this objective")

    # actions
    per_topic: dict[str, list[str]] = defaultdict(list)
    for action in kg.nodes("Action"):
        data = kg.node(action)
        if not kg.into(action, "LEADS"):
            add("action_without_lead", action, "no lead organisation or person")
        if not data.get("due"):
            add("action_without_due_date", action, "no due date")
        if not kg.out(action, "MEASURED_BY"):
            add("action_without_measure", action, "no indicator")
        for parent in kg.into(action, "HAS_ACTION"):
            if kg.type_of(parent) in ("Theme", "Objective"):
                per_topic[parent].append(action)
    for topic, actions in sorted(per_topic.items()):
        key = [a for a in actions if kg.node(a).get("key")] or actions
        if len(key) > cfg["max_key_actions"]:
            add("too_many_key_actions", topic,
                f"{len(key)} {'key ' if len(key) < len(actions) else ''}actions; the rule "
                f"allows {cfg['max_key_actions']}")

    # required plans per area
    plan_types = load_schema().plan_types
    required = {k: v for k, v in plan_types.items() if v.get("required")
                and v.get("since", 0) <= as_of and v.get("until", 9999) >= as_of}
    covering: dict[str, set[str]] = defaultdict(set)  # area -> plan kinds covering it
    for strategy in kg.nodes("Strategy"):
        kind_ = kg.node(strategy).get("kind")
        for a in kg.out(strategy, "COVERS"):
            covering[a].add(kind_)
        if kind_ in required and not kg.into(strategy, "OWNS"):
            add("strategy_without_owner", strategy, f"a {plan_types[kind_]['label']} with no owner")
    checked_kinds = {*cfg["plan_area_kinds"], *cfg["partnership_area_kinds"]}
    above = {a: areas_above(kg, a) for a in kg.nodes("Area")
             if kg.node(a).get("kind") in checked_kinds}
    for a, ups in above.items():
        if kg.node(a).get("kind") not in cfg["plan_area_kinds"]:
            continue
        have: set[str] = set()
        for up in ups:
            have |= covering.get(up, set())
        for kind_, spec in required.items():
            if kind_ not in have:
                add("required_plan_missing", a, f"no {spec['label']} covers this area "
                    f"(required since {spec.get('since', 'the start')})")

    # partnerships by area
    by_kind: dict[str, set[str]] = defaultdict(set)
    for p in kg.nodes("Partnership"):
        for a in kg.out(p, "COVERS"):
            by_kind[kg.node(p).get("kind", "")].add(a)
    for a, ups in above.items():
        if kg.node(a).get("kind") not in cfg["partnership_area_kinds"]:
            continue
        for pkind in cfg["required_partnership_kinds"]:
            if not ups & by_kind.get(pkind, set()):
                add("area_without_partnership", a, f"no {pkind.replace('_', ' ')} covers this area")

    for p in kg.nodes("Partnership"):
        current = []
        for s in kg.out(p, "OWNS"):
            data = kg.node(s)
            end = _year(data.get("end"))
            if data.get("status", "adopted") in cfg["current_statuses"] and (
                    end is None or end >= as_of):
                current.append(s)
        if not current:
            owned = kg.out(p, "OWNS")
            detail = (f"owns {len(owned)} strategies, none current in {as_of}" if owned
                      else "owns no strategy")
            add("partnership_without_current_strategy", p, detail)

    df = pd.DataFrame(rows, columns=COLUMNS)
    if kind:
        df = df[df["kind"] == kind]
    if partnership:
        owned = {s for s in kg.out(partnership, "OWNS") if kg.type_of(s) == "Strategy"}
        keep = {partnership, *owned}
        keep |= {n for n in kg.nodes() if kg.type_of(n) in ("Theme", "Objective", "Action")
                 and strategy_of(kg, n) in owned}
        df = df[df["subject"].isin(keep)]
    if area:
        code = area_id(area)
        df = df[df["subject"] == code] if code in kg else df.iloc[0:0]
    return df.reset_index(drop=True)
