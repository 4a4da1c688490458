"""Gaps: what a sound set of plans should have and this graph does not.

Every finding is a row with ``kind``, ``subject`` (a node id), ``subject_name`` (an
action's text; an area's code, name and kind), ``detail`` (what is missing, in words),
``rule`` (the rule it breaks, with its source), ``evidence`` (file name and row of the
subject), and for an area's missing plan or partnership ``footprint`` and ``covered`` (the
nearest footprint checked, and the share of the area's population it holds).

A required plan, or a partnership of a required kind, covers an area when its footprint
(the finest areas beneath its COVERS, as coterminosity counts them) holds at least
``footprint_share`` of the area, whatever the WITHIN links say. Only the landscape's own
areas are checked (:func:`scope`): those its councils and local partnerships cover, not
every area a police force, fire service, NHS body or combined authority of the store
reaches (those are named in the answer's note; ``all_areas`` checks every area of the
rules' kinds). Geography loaded for reference yields no findings unless ``all_areas``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..graph.errors import LspGraphError
from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from ..schemas import load_schema
from . import load_rules, register
from .base import AREA, PARTNERSHIP, Finding, Option, Question
from .common import area_id, area_label, areas_above, areas_below, evidence, strategy_of
from .coterminosity import Footprints

np = lazy("numpy")
pd = lazy("pandas")

__all__ = ["COLUMNS", "LABELS", "RULES", "SUMMARY_COLUMNS", "Gaps", "Scope", "areas_checked",
           "run", "scope", "summarise"]

TITLE = "Gaps in strategies and partnerships"
COLUMNS = ["kind", "subject", "subject_name", "detail", "rule", "evidence", "footprint",
           "covered"]
SUMMARY_COLUMNS = ["area", "area_name", "kind", "findings", "subjects"]

# each rule in general terms, with the document it was first read from as a reference
_SMART = ("actions are clear, tangible, achievable and measurable (seed 000, a county "
          "strategic partnership's principles)")
RULES = {
    "theme_without_action": "themes are delivered through actions",
    "objective_without_action": "objectives are delivered through actions",
    "objective_without_indicator": "every objective has an indicator",
    "action_without_lead": f"every action has a lead: {_SMART}",
    "action_without_due_date": f"every action has a date: {_SMART}",
    "action_without_measure": f"every action has an indicator: {_SMART}",
    "too_many_key_actions": "no more than a few key actions per topic (max_key_actions; seed "
                            "000, a county strategic partnership's principles)",
    "required_plan_missing": "plan types every area is expected to have (plan_types.yaml; "
                             "seed 002, the LSP 'minimum requirement')",
    "strategy_without_owner": "every required plan has an owner",
    "area_without_partnership": "every area has a partnership of each required kind "
                                "(required_partnership_kinds)",
    "partnership_without_current_strategy": "a partnership has a current strategy",
}
# what each kind of finding is, in words (reports and summaries show these, not the codes)
LABELS = {
    "theme_without_action": "Theme with no action",
    "objective_without_action": "Objective with no action",
    "objective_without_indicator": "Objective with no indicator",
    "action_without_lead": "Action with no lead",
    "action_without_due_date": "Action with no date",
    "action_without_measure": "Action with no indicator",
    "too_many_key_actions": "Topic with too many key actions",
    "required_plan_missing": "Required plan missing",
    "strategy_without_owner": "Required plan with no owner",
    "area_without_partnership": "Area with no partnership of a required kind",
    "partnership_without_current_strategy": "Partnership with no current strategy",
}


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def run(kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None, area: str | None = None,
        partnership: str | None = None, kind: str | None = None, all_areas: bool = False,
        summary: bool = False) -> pd.DataFrame:
    """Gap rows, grouped by kind.

    Areas are checked for required plans and partnerships only where the landscape's
    councils and local partnerships reach (:func:`scope`), unless ``all_areas``; the areas
    only wider bodies reach are named in ``df.attrs["note"]`` (the table's first line).
    ``summary`` gives one row per area and kind of gap, with counts (:func:`summarise`).
    ``partnership``: the gaps of the partnership, of the strategies it owns and what they
    hold, and of the areas they cover."""
    cfg = (rules or load_rules())["gaps"]
    as_of = cfg.get("as_of") or dt.date.today().year
    rows: list[list[Any]] = []

    def add(kind_: str, node: str, detail: str, footprint: str = "",
            covered: float | None = None) -> None:
        name = (area_label(kg, node, code=True) if kg.type_of(node) == "Area"
                else kg.label(node))
        rows.append([kind_, node, name, detail, RULES[kind_], evidence(kg, node),
                     footprint, covered])

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

    # required plans, and partnerships of required kinds, per area: by footprint (the
    # finest areas beneath, as coterminosity counts them), whatever the WITHIN links say
    fp = Footprints(kg)
    need = float(cfg.get("footprint_share", 0.95))
    plan_types = load_schema().plan_types
    required = {k: v for k, v in plan_types.items() if v.get("required")
                and v.get("since", 0) <= as_of and v.get("until", 9999) >= as_of}
    plans: dict[str, list[str]] = defaultdict(list)  # plan kind -> strategies with a footprint
    for strategy in kg.nodes("Strategy"):
        kind_ = kg.node(strategy).get("kind")
        if fp.of(strategy):
            plans[kind_].append(strategy)
        if kind_ in required and not kg.into(strategy, "OWNS"):
            add("strategy_without_owner", strategy, f"a {plan_types[kind_]['label']} with no owner")
    boards: dict[str, list[str]] = defaultdict(list)
    for p in kg.nodes("Partnership"):
        if fp.of(p):
            boards[kg.node(p).get("kind", "")].append(p)
    pkind_label = load_schema().vocabularies["partnership_kind"].values
    chosen = scope(kg, fp, cfg, area=area, all_areas=all_areas)
    checked = chosen.checked
    bodies = [b for k in sorted(required) for b in plans.get(k, [])] + \
             [b for k in cfg["required_partnership_kinds"] for b in boards.get(k, [])]
    column = {b: j for j, b in enumerate(bodies)}
    share, by_people = fp.coverage(checked, [fp.of(b) for b in bodies])
    for i, a in enumerate(checked):
        akind = kg.node(a).get("kind")

        def check(found: list[str], what: str, noun: str, kind_: str, i: int = i,
                  a: str = a) -> None:
            _check(kg, a, found, share[i, [column[b] for b in found]], bool(by_people[i]),
                   need, what, noun, lambda *r: add(kind_, *r))

        if akind in cfg["plan_area_kinds"]:
            for kind_, spec in required.items():
                check(plans.get(kind_, []), f"no {spec['label']} covers this area (required "
                      f"since {spec.get('since', 'the start')})", "plan", "required_plan_missing")
        if akind in cfg["partnership_area_kinds"]:
            for pkind in cfg["required_partnership_kinds"]:
                label = pkind_label.get(pkind, {}).get("label", pkind.replace("_", " "))
                check(boards.get(pkind, []), f"no {label[:1].lower() + label[1:]} covers this "
                      "area", "partnership", "area_without_partnership")

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
        keep = {partnership, *owned, *kg.out(partnership, "COVERS")}
        keep |= {a for s in owned for a in kg.out(s, "COVERS")}
        keep |= {n for n in kg.nodes() if kg.type_of(n) in ("Theme", "Objective", "Action")
                 and strategy_of(kg, n) in owned}
        df = df[df["subject"].isin(keep)]
    if area:
        code = area_id(area)
        df = df[df["subject"] == code] if code in kg else df.iloc[0:0]
    df = df.reset_index(drop=True)
    df = summarise(kg, df) if summary else df
    if chosen.note:
        df.attrs["note"] = chosen.note
    return df


@dataclass(frozen=True)
class Scope:
    """The areas a gaps answer checks for required plans and partnerships (``checked``),
    the areas of those kinds that only wider bodies reach (``left_out``: what the old rule,
    every body of the store, would have added), and ``note``, a line naming them ('' when
    none is left out)."""

    checked: list[str]
    left_out: list[str]
    note: str = ""


def areas_checked(kg: KnowledgeGraph, fp: Footprints, cfg: dict[str, Any], *,
                  area: str | None = None, all_areas: bool = False) -> list[str]:
    """The areas whose plans and partnerships are checked (:func:`scope`)."""
    return scope(kg, fp, cfg, area=area, all_areas=all_areas).checked


def scope(kg: KnowledgeGraph, fp: Footprints, cfg: dict[str, Any], *,
          area: str | None = None, all_areas: bool = False) -> Scope:
    """The areas whose plans and partnerships are checked: those of the kinds the rules
    name (``plan_area_kinds``, ``partnership_area_kinds``) that the landscape's local bodies
    cover. A local body is an organisation of one of ``scope.organisation_kinds`` (the
    councils) or a partnership of one of ``scope.partnership_kinds`` (boards of council
    areas), and it counts through the areas of ``scope.area_kinds`` it COVERS (council
    areas: a community safety board covering a police force area widens nothing). An area
    is theirs when one COVERS it or an area above it, or when their footprints together
    hold at least ``footprint_share`` of it; with ``scope.owned_plans``, a plan a local
    body owns (alone or jointly) counts through its council areas too. Police, fire, NHS
    bodies, combined authorities, plans only they own and the other partnerships widen
    nothing: the areas only they reach are ``left_out`` and named. When the local bodies
    cover areas but none is checked (districts alone), the note says why. A store whose
    local bodies cover no area (no council, a health system's files alone) is scoped by
    every organisation, partnership and strategy it holds; rules with no ``scope`` section
    likewise. Geography loaded only for reference is left alone. ``all_areas``: every area
    of the rules' kinds; ``area``: that one.

    >>> from lspgraph.graph.model import KnowledgeGraph
    >>> scope(KnowledgeGraph(), None, load_rules()["gaps"])
    Scope(checked=[], left_out=[], note='')
    """
    kinds = {*cfg["plan_area_kinds"], *cfg["partnership_area_kinds"]}
    if area:
        code = area_id(area)
        return Scope([code] if code in kg.nx and kg.node(code).get("kind") in kinds else [],
                     [])
    local = _local_kinds(cfg.get("scope"))
    candidates: list[str] = []
    bodies: list[str] = []
    mine: dict[str, list[str]] = {}  # local body -> the council areas it covers
    for n, data in kg.nx.nodes(data=True):  # one pass: the graph may hold the whole country
        type_ = data["type"]
        if type_ == "Area":
            if data.get("kind") in kinds:
                candidates.append(n)
        elif type_ in ("Organisation", "Partnership", "Strategy"):
            bodies.append(n)
            if local and data.get("kind") in local.get(type_, ()):
                mine[n] = [a for a in kg.out(n, "COVERS")
                           if kg.node(a).get("kind") in local["Area"]]
    candidates.sort()
    if all_areas:
        return Scope(candidates, [])
    if local and (cfg.get("scope") or {}).get("owned_plans"):
        # a plan a local body owns, alone or with others (a joint health and wellbeing
        # strategy of a county and its city), is the landscape's: its council areas count
        for n in bodies:
            if kg.type_of(n) == "Strategy" and any(o in mine for o in kg.into(n, "OWNS")):
                mine[n] = [a for a in kg.out(n, "COVERS")
                           if kg.node(a).get("kind") in local["Area"]]
    need = float(cfg.get("footprint_share", 0.95))
    wide = _reached(kg, fp, candidates, [kg.out(b, "COVERS") for b in bodies], need)
    if not any(mine.values()):  # no local body covers anything: every body counts
        return Scope(wide, [])
    ours = set(_reached(kg, fp, wide, list(mine.values()), need))
    checked = [a for a in wide if a in ours]
    left_out = [a for a in wide if a not in ours]
    note = _note(kg, checked, left_out)
    if not checked:  # local bodies of districts only: say so, not an empty answer alone
        note = "; ".join(filter(None, [_partial(kg, mine, kinds, need), note]))
    return Scope(checked, left_out, note)


def _partial(kg: KnowledgeGraph, mine: dict[str, list[str]], kinds: set[str],
             need: float) -> str:
    """Why a landscape whose councils and local partnerships cover areas checks none: they
    cover areas of kinds not checked (districts), and only part of the areas above them."""
    own = sorted({a for areas in mine.values() for a in areas})
    above = sorted({b for a in own for b in areas_above(kg, a)
                    if b != a and kg.node(b).get("kind") in kinds})
    names = "; ".join(area_label(kg, a, code=True) for a in own[:8])
    more = f" and {len(own) - 8} more" if len(own) > 8 else ""
    where = (f", less than {need:.0%} of {'; '.join(area_label(kg, b, code=True) for b in above)}"
             if above else "")
    return (f"checked no area: the landscape's councils and local partnerships cover only "
            f"{names}{more}{where}, and the rules check required plans and partnerships in "
            f"areas of kinds {', '.join(sorted(kinds))} (--area CODE checks one)")


def _local_kinds(spec: dict[str, Any] | None) -> dict[str, set[str]]:
    """The rules' ``scope`` section as kinds per type, each checked against the schema's
    vocabulary (a misspelt kind would silently narrow the scope); {} without one."""
    if not spec:
        return {}
    vocabularies = load_schema().vocabularies
    out: dict[str, set[str]] = {}
    for key, type_, vocab in (("organisation_kinds", "Organisation", "organisation_kind"),
                              ("partnership_kinds", "Partnership", "partnership_kind"),
                              ("area_kinds", "Area", "area_kind")):
        given = spec.get(key) or []
        given = [given] if isinstance(given, str) else given
        known = vocabularies[vocab].values
        wrong = [k for k in given if k not in known]
        if wrong:
            raise LspGraphError(f"rules gaps.scope.{key}: {', '.join(map(repr, wrong))} "
                                f"{'is not a' if len(wrong) == 1 else 'are not'} "
                                f"{vocab.replace('_', ' ')}{'' if len(wrong) == 1 else 's'}; "
                                f"known: {', '.join(known)}")
        out[type_] = set(given)
    return out


def _reached(kg: KnowledgeGraph, fp: Footprints, candidates: list[str],
             covers: list[list[str]], need: float) -> list[str]:
    """The ``candidates`` that the areas in ``covers`` (one list per body) reach: at or
    below one of them, or held ``need`` or more by all their footprints together."""
    reached: set[str] = set()
    leaves: set[str] = set()
    for areas in covers:
        for a in areas:
            if a not in reached:
                reached |= areas_below(kg, a)
            leaves |= fp.of(a)
    rest = [a for a in candidates if a not in reached]
    share, _ = fp.coverage(rest, [leaves]) if rest and leaves else (None, None)
    held = {a for i, a in enumerate(rest) if share is not None and share[i, 0] >= need}
    return [a for a in candidates if a in reached or a in held]


def _note(kg: KnowledgeGraph, checked: list[str], left_out: list[str], shown: int = 8) -> str:
    """The line naming the areas left out (at most ``shown``, then how many more)."""
    if not left_out:
        return ""
    names = [area_label(kg, a, code=True) for a in left_out[:shown]]
    more = f" and {len(left_out) - shown} more" if len(left_out) > shown else ""
    return (f"checked {len(checked)} area{'' if len(checked) == 1 else 's'} the landscape's "
            f"councils and local partnerships cover; left out {len(left_out)} that only "
            f"other bodies (such as police, fire, NHS, a combined authority) reach: "
            f"{'; '.join(names)}{more} (--all-areas checks them)")


def _check(kg: KnowledgeGraph, area: str, bodies: list[str], shares: np.ndarray,
           by_people: bool, need: float, what: str, noun: str, add: Any) -> None:
    """A finding unless one of ``bodies`` covers ``need`` of ``area``'s footprint (their
    ``shares`` of it); the finding names the footprint checked (the nearest body's) and
    how much it covered."""
    if not bodies:
        add(area, f"{what}; there is no such {noun} in the store")
        return
    best = max(range(len(bodies)), key=lambda j: (shares[j], bodies[j]))
    share, body = float(shares[best]), bodies[best]
    if share >= need:
        return
    codes = "; ".join(area_label(kg, c, code=True) for c in kg.out(body, "COVERS"))
    measure = "population" if by_people else "finest areas"
    add(area, f"{what}: the nearest, {kg.label(body)} (footprint {codes}), covers "
              f"{share:.0%} of its {measure}; the rule asks for {need:.0%}",
        f"{kg.label(body)}: {codes}", round(share, 4))


def _areas_of(kg: KnowledgeGraph, node: str) -> list[str]:
    """The areas a finding's subject is about: an area itself; the areas a body or plan
    covers; for a theme, objective or action, those of its strategy."""
    if kg.type_of(node) == "Area":
        return [node]
    if kg.type_of(node) in ("Theme", "Objective", "Action"):
        node = strategy_of(kg, node) or node
    return sorted(kg.out(node, "COVERS"))


def summarise(kg: KnowledgeGraph, df: pd.DataFrame) -> pd.DataFrame:
    """One row per area and kind of gap: how many findings, and their subjects (what is
    missing, for an area's own findings)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in df.to_dict("records"):
        # an area's own findings are told apart by what is missing; the others by subject
        what = (r["detail"].split(" covers this area")[0].removeprefix("no ")
                if kg.type_of(r["subject"]) == "Area" else r["subject_name"])
        for a in _areas_of(kg, r["subject"]) or [""]:
            groups[(a, r["kind"])].append(what)
    rows = []
    for (a, kind_), names in sorted(groups.items()):
        rows.append([kg.node(a).get("code") or a if a else "",
                     area_label(kg, a) if a else "(no area)", kind_, len(names), tuple(names)])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


@register
class Gaps(Question):
    name = "gaps"
    title = TITLE
    columns = tuple(COLUMNS)
    options = (Option("--kind", "Only findings of this kind.", choices=tuple(RULES)),
               Option("--all-areas", "Check every area of the kinds the rules name, not only "
                      "those the landscape's councils and local partnerships cover.",
                      type=bool),
               Option("--summary", "One row per area and kind of gap, with counts.",
                      type=bool),
               AREA, PARTNERSHIP)
    order = 20
    geography = "around"
    whole_with = ("all_areas",)
    run = staticmethod(run)

    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        if "findings" in df.columns:  # --summary
            return [Finding(f"{LABELS.get(r['kind'], r['kind'])}: {r['area_name']}: "
                            f"{r['findings']} findings",
                            (area_id(r["area"]),) if r["area"] and area_id(r["area"]) in kg.nx
                            else (), "; ".join(r["subjects"]))
                    for r in df.to_dict("records")]
        return [Finding(f"{LABELS.get(r['kind'], r['kind'])}: {r['subject_name']}: "
                        f"{r['detail']}",
                        (r["subject"],) if r["subject"] in kg.nx else (),
                        f"rule: {r['rule']}; source: {r['evidence']}")
                for r in df.to_dict("records")]

    def headline(self, kg: KnowledgeGraph, rules: dict[str, Any]) -> list[str]:
        df = self.answer(kg, rules=rules)
        return [f"Gaps: {len(df)} findings",
                *(f"  {n:4d} {LABELS.get(k, k)} (--kind {k})"
                  for k, n in df["kind"].value_counts().sort_index().items()),
                *([f"  ({df.attrs['note']})"] if df.attrs.get("note") else [])]

    def cypher_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """gaps.cypher finds the actions with no lead or no due date."""
        return df[df["kind"].isin(("action_without_lead", "action_without_due_date"))]
