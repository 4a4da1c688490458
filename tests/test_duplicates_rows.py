"""The duplicates question's rows: each plan's name and owners, and each action's source, are
looked up once however many rows name them (a landscape's rows name each many times)."""

from __future__ import annotations

from lspgraph.graph.model import KnowledgeGraph
from lspgraph.graph.records import Origin
from lspgraph.queries import duplicates

ACTIONS = ["Offer free swimming to children in the school holidays",
           "Train volunteers to spot the signs of loneliness in older people",
           "Publish a directory of local debt advice services",
           "Fund a specialist worker for survivors of domestic abuse"]


def _three_plans() -> KnowledgeGraph:
    """Three partnerships' plans, each with the same four actions (copies)."""
    kg = KnowledgeGraph()
    for p in "abc":
        body, plan = f"partnership:body-{p}", f"strategy:plan-{p}"
        kg.nx.add_node(body, type="Partnership", name=f"Body {p.upper()}",
                       provenance=[Origin("plans.csv", 1)])
        kg.nx.add_node(plan, type="Strategy", name=f"Plan {p.upper()}",
                       provenance=[Origin("plans.csv", 1)])
        kg.nx.add_edge(body, plan, key="OWNS", provenance=[Origin("plans.csv", 1)])
        for k, text in enumerate(ACTIONS):
            action = f"action:plan-{p}/{k}"
            kg.nx.add_node(action, type="Action", name=text, scope=plan,
                           provenance=[Origin("actions.csv", 2 + k)])
            kg.nx.add_edge(plan, action, key="HAS_ACTION", provenance=[Origin("plans.csv", 1)])
    return kg


def test_each_plan_and_source_is_looked_up_once(monkeypatch):
    kg = _three_plans()
    calls: list[str] = []
    into = kg.into

    def counted(node: str, edge_type: str | None = None) -> list[str]:
        if edge_type == "OWNS":
            calls.append(node)
        return into(node, edge_type)

    monkeypatch.setattr(kg, "into", counted)
    sources: list[str] = []
    evidence = duplicates.evidence
    monkeypatch.setattr(duplicates, "evidence",
                        lambda g, n: sources.append(n) or evidence(g, n))
    df = duplicates.run(kg, method="lexical")
    assert len(df) == 3 * len(ACTIONS)  # each action's three pairs of plans
    assert sorted(calls) == ["strategy:plan-a", "strategy:plan-b", "strategy:plan-c"]
    assert sorted(sources) == sorted(set(sources)) and len(sources) == 3 * len(ACTIONS)
    for r in df.itertuples():
        assert r.a_owner == r.a_strategy.replace("Plan", "Body")
        assert r.b_owner == r.b_strategy.replace("Plan", "Body")
        assert r.a_source.startswith("actions.csv") and r.a_strategy != r.b_strategy
