"""Actions whose lead does not sit on the partnership that owns the strategy.

A partnership that owns a strategy answers for its actions; an action led by a body that
has no seat on that partnership is delivered by someone the partnership cannot hold to
account at its own table. A lead sits on a partnership when it is the partnership, or
reaches it in at most ``membership_steps`` MEMBER_OF steps (rules; 2 as shipped: a person
through their organisation, an organisation through a board that is a member). An action
is a finding when its lead sits on none of the partnerships owning its strategy; strategies
owned by no partnership are not judged.

>>> from lspgraph.graph import KnowledgeGraph
>>> run(KnowledgeGraph()).columns.tolist()[:4]
['action', 'action_text', 'lead', 'lead_name']
"""

from __future__ import annotations

from typing import Any

from ..graph.lazy import lazy
from ..graph.model import KnowledgeGraph
from . import load_rules, register
from .base import PARTNERSHIP, Finding, Question
from .common import evidence, strategy_of

pd = lazy("pandas")

__all__ = ["COLUMNS", "LeadNotMember", "run"]

COLUMNS = ["action", "action_text", "lead", "lead_name", "strategy", "strategy_name",
           "partnership", "partnership_name", "evidence"]


def _seats(kg: KnowledgeGraph, lead: str, steps: int) -> set[str]:
    """The lead and every body it reaches in at most ``steps`` MEMBER_OF steps."""
    seen, frontier = {lead}, {lead}
    for _ in range(steps):
        frontier = {b for n in frontier for b in kg.out(n, "MEMBER_OF")} - seen
        seen |= frontier
    return seen


def run(kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
        partnership: str | None = None) -> pd.DataFrame:
    """One row per action, lead and owning partnership the lead does not sit on."""
    steps = int((rules or load_rules())["lead_not_member"]["membership_steps"])
    rows = []
    for action in kg.nodes("Action"):
        strategy = strategy_of(kg, action)
        owners = sorted(p for p in kg.into(strategy, "OWNS")
                        if kg.type_of(p) == "Partnership") if strategy else []
        if not owners or (partnership and partnership not in owners):
            continue
        for lead in sorted(kg.into(action, "LEADS")):
            if _seats(kg, lead, steps) & set(owners):
                continue
            rows += [[action, kg.label(action), lead, kg.label(lead), strategy,
                      kg.label(strategy), p, kg.label(p), evidence(kg, action)]
                     for p in owners]
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values(["partnership", "action", "lead"], ignore_index=True)


@register
class LeadNotMember(Question):
    name = "lead_not_member"
    title = "Actions led from outside the owning partnership"
    columns = tuple(COLUMNS)
    options = (PARTNERSHIP,)
    order = 50
    geography = "around"
    run = staticmethod(run)

    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        return [Finding(f"{r['lead_name']} leads '{r['action_text']}' but does not sit on "
                        f"{r['partnership_name']}, which owns {r['strategy_name']}",
                        (r["action"], r["lead"], r["partnership"]), f"source: {r['evidence']}",
                        (r["lead"], r["partnership"], "not a member"))
                for r in df.to_dict("records")]
