"""The reference taxonomy (schemas/taxonomy.yaml): every concept says where it comes from,
its labels map onto it, and the usual headings of the field's strategies are known."""

from __future__ import annotations

import pytest

from conftest import lancashire_files, sample_files
from lspgraph import queries
from lspgraph.graph.taxonomy import concepts_for
from lspgraph.importers import build_graph
from lspgraph.schemas import load_schema

TAXONOMY = load_schema().taxonomy
CONCEPTS = TAXONOMY["concepts"]


def test_every_concept_has_labels_and_a_source():
    for cid, c in CONCEPTS.items():
        assert c["label"] and c["alt_labels"] and c["keywords"], cid
        assert c["source"] in TAXONOMY["sources"], cid
        assert c.get("broader") in (None, *CONCEPTS), cid


@pytest.mark.parametrize("cid", sorted(CONCEPTS))
def test_each_label_maps_onto_its_concept(cid):
    c = CONCEPTS[cid]
    for label in (c["label"], *c["alt_labels"]):
        assert cid in concepts_for(label), (cid, label)


@pytest.mark.parametrize(("heading", "expected"), [
    # health and wellbeing strategies: the life course, and the usual topics
    ("Starting well", {"starting_well"}),
    ("Developing well", {"developing_well"}),
    ("Living well", {"living_well"}),
    ("Living and working well", {"living_well"}),
    ("Ageing well", {"ageing_well"}),
    ("Dying well", {"dying_well"}),
    ("Give every child the best start in life", {"best_start", "children"}),
    ("Healthy weight", {"healthy_weight"}),
    ("Improve mental wellbeing", {"mental_health"}),
    ("Reduce smoking in pregnancy", {"smoking", "starting_well"}),
    # community safety plans and police and crime plans
    ("Tackle domestic abuse", {"domestic_abuse"}),
    ("Reduce anti-social behaviour", {"antisocial_behaviour"}),
    ("Reduce re-offending", {"reoffending"}),
    ("Violence, vulnerability and exploitation", {"serious_violence"}),
    ("Reduce the number killed or seriously injured on our roads", {"road_safety"}),
    ("Putting victims first", {"victims"}),
    # integrated care strategies
    ("Joined-up care closer to home", {"integrated_care"}),
    ("Tackling inequalities in outcomes, experience and access", {"health_inequalities"}),
    # economic strategies
    ("Innovation and productivity", {"innovation", "economy"}),
    ("Net zero and clean growth", {"environment"}),
    # the LSP era: the blocks of local area agreements
    ("Safer and stronger communities", {"community_safety", "communities"}),
    ("Healthier communities and older people", {"health", "ageing_well"}),
    ("Economic development and enterprise", {"economy"}),
])
def test_the_fields_usual_headings_map(heading, expected):
    assert expected <= concepts_for(heading), concepts_for(heading)


def test_two_counties_health_strategies_meet_on_the_life_course():
    kg = build_graph([*sample_files(), *lancashire_files()]).graph
    df = queries.run("overlaps", kg, rules=queries.load_rules(), of="strategy")
    pair = df[df.a_name.str.startswith(("Hertfordshire Health", "Lancashire Joint"))
              & df.b_name.str.startswith(("Hertfordshire Health", "Lancashire Joint"))]
    assert len(pair) == 1
    assert {"Starting well", "Living well", "Ageing well"} <= set(pair.iloc[0].shared_themes)
