"""The schema is the one list of types; everything in it must hang together."""

from __future__ import annotations

import re

import pytest

from lspgraph.graph.values import parse_value
from lspgraph.schemas import load_schema

schema = load_schema()


@pytest.mark.parametrize("name", sorted(schema.node_types))
def test_node_type_has_every_facet(name):
    nt = schema.node_types[name]
    assert nt.prefix and re.fullmatch(r"[a-z]+", nt.prefix)
    assert nt.rdf.split(":")[0] in schema.prefixes
    assert re.fullmatch(r"[A-Z][A-Za-z]+", nt.neo4j)
    assert re.fullmatch(r"#[0-9a-f]{6}", nt.view["color"])
    assert "name" in nt.required
    for prop in nt.properties.values():
        if prop.vocabulary:
            assert prop.vocabulary in schema.vocabularies


def test_prefixes_are_unique():
    prefixes = [nt.prefix for nt in schema.node_types.values()]
    assert len(prefixes) == len(set(prefixes))


@pytest.mark.parametrize("name", sorted(schema.edge_types))
def test_edge_type_endpoints_and_terms(name):
    et = schema.edge_types[name]
    assert set(et.sources) <= set(schema.node_types)
    assert set(et.targets) <= set(schema.node_types)
    assert et.rdf.split(":")[0] in schema.prefixes
    assert re.fullmatch(r"[A-Z_]+", et.neo4j)
    assert "color" in et.view


def test_the_issue_s_types_exist():
    for t in ["Organisation", "Partnership", "Person", "Strategy", "Theme", "Objective",
              "Action", "Indicator", "Area", "Meeting", "Decision", "Document"]:
        assert t in schema.node_types
    for e in ["MEMBER_OF", "OWNS", "HAS_THEME", "HAS_OBJECTIVE", "HAS_ACTION", "LEADS",
              "CONTRIBUTES_TO", "MEASURED_BY", "COVERS", "WITHIN", "PART_OF", "ALIGNS_WITH",
              "DECIDED_AT", "CONCERNS", "SOURCED_FROM"]:
        assert e in schema.edge_types
    kinds = set(schema.vocabularies["organisation_kind"].values)
    assert {"county_council", "district_council", "unitary_council", "nhs_body", "police",
            "fire", "lep", "education", "voluntary", "government", "other"} <= kinds


def test_lsp_terms_are_documented():
    used = {t.rdf.split(":")[1] for t in [*schema.node_types.values(),
                                          *schema.edge_types.values()]
            if t.rdf.startswith("lsp:")}
    assert used <= set(schema.lsp_terms)


@pytest.mark.parametrize("name", sorted(schema.templates))
def test_templates_point_at_the_schema(name):
    t = schema.templates[name]
    assert bool(t.node) != bool(t.edge)
    props = (schema.node_types[t.node] if t.node else schema.edge_types[t.edge]).properties
    for col in t.columns:
        assert col in props, f"{name}: column {col} is no property"
    links = [(lk, lk.direction == "in") for lk in t.links.values()]
    links += [(t.source, True), (t.target, False)] if t.edge else []
    for link, is_source in links:
        et = schema.edge_types[link.edge]
        ends = et.sources if is_source else et.targets
        assert set(link.targets) <= set(ends), f"{name}.{link.column}"
        if link.create:
            assert link.create in link.targets
        if link.rest:
            assert link.rest in t.links
        for other in (*link.unless, *([link.within] if link.within else [])):
            assert other in t.links
    assert t.all_columns()  # every template accepts some header


def test_vocabulary_aliases_fold():
    assert parse_value("vocab:partnership_kind", "HWB") == "health_and_wellbeing_board"
    assert parse_value("vocab:strategy_status", "Final draft") == "draft"
    assert parse_value("vocab:plan_type", "JSNA") == "joint_strategic_needs_assessment"
    with pytest.raises(ValueError, match="not a known value"):
        parse_value("vocab:organisation_kind", "spaceship")


def test_reference_lists():
    concepts = schema.taxonomy["concepts"]
    for cid, c in concepts.items():
        assert c["label"] and c["keywords"], cid
        assert c.get("broader") in (None, *concepts)
    required = [k for k, v in schema.plan_types.items() if v.get("required")]
    # the seed deck's 'minimum requirement' starts the list
    assert {"community_strategy", "crime_and_disorder_reduction_plan",
            "children_and_young_peoples_plan", "local_plan"} <= set(required)


def test_area_kinds_from_codes():
    assert schema.area_kind_for_code("E10000015") == "county"
    assert schema.area_kind_for_code("E54000025") == "icb"
    assert schema.area_kind_for_code("E01000001") == "lsoa"
    assert schema.area_kind_for_code("X99000000") is None


def test_vocabulary_values_read_ampersands_and_apostrophes_as_written():
    vocab = load_schema().vocabularies
    assert vocab["partnership_kind"].normalise("Health & Wellbeing Board") == \
        "health_and_wellbeing_board"
    assert vocab["plan_type"].normalise("Children & Young People's Plan") == \
        "children_and_young_peoples_plan"


# kinds and statuses as councils' own sheets write them: each one refused before was a
# whole landscape refused (an import is all or nothing)
AS_WRITTEN = [
    ("organisation_kind", "NHS Foundation Trust", "nhs_body"),
    ("organisation_kind", "Integrated Care Board", "nhs_body"),
    ("organisation_kind", "Mental Health Trust", "nhs_body"),
    ("organisation_kind", "Police and Crime Commissioner", "police"),
    ("organisation_kind", "Fire & Rescue Service", "fire"),
    ("organisation_kind", "Fire Authority", "fire"),
    ("organisation_kind", "Healthwatch", "voluntary"),
    ("organisation_kind", "Third sector", "voluntary"),
    ("organisation_kind", "Metropolitan Borough Council", "unitary_council"),
    ("organisation_kind", "Further Education College", "education"),
    ("organisation_kind", "Probation Service", "government"),
    ("organisation_kind", "Housing association", "other"),
    ("organisation_kind", "ICB (statutory)", "nhs_body"),
    ("partnership_kind", "Health and Wellbeing Board (statutory)",
     "health_and_wellbeing_board"),
    ("partnership_kind", "Safer Communities Partnership", "community_safety_partnership"),
    ("partnership_kind", "Place-based partnership", "integrated_care_system"),
    ("partnership_kind", "Leaders Board", "leaders_group"),
    ("partnership_kind", "Safeguarding Adults Board", "other"),
    ("plan_type", "Community Safety Strategy", "crime_and_disorder_reduction_plan"),
    ("plan_type", "Joint Local Health and Wellbeing Strategy", "health_and_wellbeing_strategy"),
    ("plan_type", "Joint Forward Plan", "sustainability_and_transformation_plan"),
    ("plan_type", "Domestic Abuse Strategy", "other"),
    ("plan_type", "Homelessness Strategy", "housing_strategy"),
    ("action_status", "Not yet started", "not_started"),
    ("action_status", "Behind schedule", "at_risk"),
    ("action_status", "Blue", "complete"),
    ("strategy_status", "Under review", "refreshed"),
]


@pytest.mark.parametrize(("vocab", "written", "value"), AS_WRITTEN)
def test_kinds_and_statuses_as_sheets_write_them(vocab, written, value):
    assert parse_value(f"vocab:{vocab}", written) == value
