"""Questions that read only the part of the store they need (issue 22).

Each question declares its part (:meth:`Question.needs`: node types, kinds, edge types,
footprints, the walk to a plan, provenance) and ``storage.load_part`` selects it in SQL.
The answers must be the ones over the whole graph, and the part must really be a part.
"""

from __future__ import annotations

import pandas as pd
import pytest

from lspgraph import queries
from lspgraph.graph import storage
from lspgraph.queries.base import WHOLE, Needs

LANCASHIRE = "E10000017"
HWB = "Lancashire Health and Wellbeing Board"


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True),
                                  check_dtype=False)


@pytest.mark.parametrize("params", [
    {"method": "lexical"}, {"method": "lexical", "min_score": 0.5},
    {"method": "lexical", "within": True, "min_score": 0.6},
    {"method": "lexical", "min_score": 0.5, "area": LANCASHIRE},
    {"method": "lexical", "min_score": 0.5, "partnership": HWB},
    {"kind": "organisations", "min_score": 0.5}])
def test_duplicates_read_the_actions_their_plans_and_owners(params, lancashire_england):
    """On the Lancashire landscape with every ONS area of England and Wales: no area but
    the one asked about, no person, theme or link but ownership and cover."""
    store, kg = lancashire_england
    dup = queries.get("duplicates")
    part = dup.load(store, **params)
    _same(dup.answer(part, **params), dup.answer(kg, **params))
    counts = part.counts()
    assert counts.get("Area", 0) == (1 if "area" in params else 0)
    assert not {"Person", "Theme", "Indicator", "Document"} & set(counts)
    assert set(part.edge_counts()) <= {"OWNS", "COVERS"}
    assert ("Action" in counts) == (params.get("kind") != "organisations")
    assert all(data["provenance"] for n, data in part.nx.nodes(data=True)
               if data["type"] == "Action")  # the evidence column's sources
    assert all(not d["provenance"] for _, _, d in part.nx.edges(data=True))


def test_an_action_without_a_plan_of_its_own_is_walked_up_to_one(sample_store, tmp_path):
    """An action with no scope (hung from a theme of a plan) is read with the themes and
    strategies above it, so its plan and owner in the answer are the whole graph's."""
    kg = storage.load(sample_store)
    plan = sorted(kg.nodes("Strategy"))[0]
    copy = next(a for a in sorted(kg.nodes("Action")) if kg.node(a)["scope"] != plan)
    g = kg.nx
    g.add_node("theme:loose", type="Theme", name="A theme of its own", provenance=[])
    g.add_node("action:loose", type="Action", name=kg.label(copy) + " again", provenance=[])
    g.add_edge(plan, "theme:loose", "HAS_THEME", provenance=[])
    g.add_edge("theme:loose", "action:loose", "HAS_ACTION", provenance=[])
    store = storage.save(kg, tmp_path / "loose.store")
    dup = queries.get("duplicates")
    whole, part = storage.load(store), dup.load(store, method="lexical")
    assert "theme:loose" in part and "action:loose" in part
    assert "Theme" in part.counts() and part.counts()["Theme"] < whole.counts()["Theme"]
    ours = dup.answer(part, method="lexical")
    _same(ours, dup.answer(whole, method="lexical"))
    row = ours[(ours.a == "action:loose") | (ours.b == "action:loose")]
    assert len(row) == 1 and kg.label(plan) in set(row.a_strategy) | set(row.b_strategy)


def test_each_question_declares_its_part():
    cot, dup = queries.get("coterminosity"), queries.get("duplicates")
    kinds = cot.needs(kinds=["police_force_area", "icb"])
    assert kinds.part and kinds.kinds == ("police_force_area", "icb") and kinds.footprints
    assert not kinds.provenance and kinds.types is None
    assert cot.needs().types == ("Organisation", "Partnership")
    assert cot.needs(between=["a", "b"]) is WHOLE
    assert dup.needs().part and dup.needs().plans and "Area" not in dup.needs().types
    assert dup.needs(kind="organisations").types == ("Organisation", "Partnership")
    assert not Needs(whole=False).part  # around: the landscape and the areas near it


def test_a_store_of_lspgraph_0x_loads_whole(sample_graph, tmp_path):
    """The gzip-JSON store has no SQL to choose a part with: it is read whole."""
    old = tmp_path / "old.store"
    old.write_bytes(storage.dumps(sample_graph))
    part = storage.load_part(old, types=("Action",))
    assert len(part) == len(sample_graph.nx)
