"""Identity on the names users write for one body (schemas/lsp.yaml, `identity` and
`kind_qualifiers`): each rule with the spellings it joins and the bodies it must keep apart,
then a small landscape that writes a county, a unitary city, their police, fire and combined
authority each two ways, imported as a user's files would be."""

from __future__ import annotations

import pytest

from conftest import write
from lspgraph.graph.ids import identity_key, near_key
from lspgraph.importers import build_graph
from lspgraph.schemas import load_schema


def same(a: str, b: str) -> bool:
    return identity_key(a) == identity_key(b)


@pytest.mark.parametrize("a, b", [
    ("Leicester City Council", "Leicester CC"),  # 'CC' of a city council
    ("Leicestershire County Council", "Leicestershire CC"),
    ("City of York Council", "York City Council"),
    ("Borough of Poole", "Poole Borough Council"),
    ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead Borough Council"),
    ("London Borough of Camden", "Camden London Borough Council"),
    ("City of Bradford Metropolitan District Council", "Bradford MDC"),
    ("Bury MBC", "Bury Metropolitan Borough Council"),
    ("Blackburn with Darwen Borough Council", "Blackburn with Darwen BC"),
    ("Medway Council", "Medway Unitary Authority"),
])
def test_a_councils_tier_words_do_not_split_it(a, b):
    assert same(a, b)


@pytest.mark.parametrize("a, b", [
    ("the City Council", "the County Council"),  # generic words alone: two bodies
    ("Wokingham Town Council", "Wokingham Borough Council"),  # a parish-level council
    ("Nottingham City Council", "Nottinghamshire County Council"),
    ("Leicester City Council", "Leicestershire CC"),
    ("City of London", "London Councils"),
    ("Kent County Council", "Kent Police"),
    # a council with no tier word is not merged with a tiered one: a unitary named 'X
    # Council' often succeeded a county council of the place, another body
    ("Buckinghamshire Council", "Buckinghamshire County Council"),
    ("Dorset Council", "Dorset County Council"),
])
def test_a_councils_fold_keeps_other_bodies_apart(a, b):
    assert not same(a, b)


@pytest.mark.parametrize("a, b", [
    ("Office of the PCC for Kent", "Kent PCC"),
    ("Office of the Police and Crime Commissioner for Kent", "Kent Police and Crime Commissioner"),
    ("Police and Crime Commissioner for Lancashire", "Lancashire PCC"),
    ("Office of the Police, Fire and Crime Commissioner for Essex", "Essex PFCC"),
    ("Mayor of West Yorkshire", "West Yorkshire Mayor"),
    ("OPCC Suffolk", "Suffolk Police and Crime Commissioner"),
    ("PCC Kent", "Kent PCC"),
])
def test_an_office_holder_is_one_body_whichever_way_round(a, b):
    assert same(a, b)


def test_the_commissioner_is_not_the_force_nor_another_places():
    assert not same("Kent Police", "Kent Police and Crime Commissioner")
    assert not same("Police and Crime Commissioner for Kent", "Police and Crime Commissioner")
    assert not same("Office of the PCC for Kent", "Office of the PCC for Essex")


@pytest.mark.parametrize("a, b", [
    ("Kent Fire and Rescue Authority", "Kent Fire and Rescue Service"),
    ("Kent FRS", "Kent Fire & Rescue Service"),
    ("Lancashire Combined Fire Authority", "Lancashire Fire and Rescue Service"),
    ("West Yorkshire Combined Authority", "West Yorkshire CA"),
    ("East Midlands Mayoral Combined County Authority", "East Midlands Combined County Authority"),
    ("East Midlands CCA", "East Midlands Combined County Authority"),
    ("NHS Nottingham and Nottinghamshire ICB",
     "Nottingham & Nottinghamshire Integrated Care Board"),
    ("Leicestershire Constabulary", "Leicestershire Police"),
    ("Notts County Council", "Nottinghamshire CC"),  # a county's short form
    ("Cambs Fire and Rescue Service", "Cambridgeshire Fire Authority"),
])
def test_one_services_names_meet(a, b):
    assert same(a, b)


def test_other_services_and_places_stay_apart():
    assert not same("Kent and Medway Fire and Rescue Authority", "Kent Fire and Rescue Service")
    assert not same("East Midlands Combined County Authority", "West Yorkshire Combined Authority")
    assert not same("Lancashire Fire and Rescue Service", "Lancashire Police")


def test_near_matches_still_see_a_misspelt_council():
    """The fold is for identity; near matches compare the tier words as written."""
    assert near_key("Hertsmere Borough Council") == "hertsmere borough council"
    assert identity_key("Hertsmere Borough Council") == "hertsmere tiered council"


@pytest.mark.parametrize("vocab, cell, value", [
    ("partnership_kind", "Joint HWB", "health_and_wellbeing_board"),
    ("partnership_kind", "Joint Health and Wellbeing Board", "health_and_wellbeing_board"),
    ("partnership_kind", "Shadow health and wellbeing board", "health_and_wellbeing_board"),
    ("partnership_kind", "joint CSP", "community_safety_partnership"),
    ("partnership_kind", "Joint committee", "other"),  # a value of its own, not 'committee'
    ("organisation_kind", "Mayoral Combined County Authority", "combined_authority"),
    ("organisation_kind", "CCA", "combined_authority"),
    ("organisation_kind", "Office of the PCC", "police"),
    ("organisation_kind", "Police, Fire and Crime Commissioner", "police"),
    ("plan_type", "Joint Local Plan", "local_plan"),
    # a board meeting as two: the first kind it names
    ("partnership_kind", "HWB/ICP", "health_and_wellbeing_board"),
    ("partnership_kind", "Health and Wellbeing Board and Integrated Care Partnership",
     "health_and_wellbeing_board"),
    ("partnership_kind", "Joint HWB / ICP", "health_and_wellbeing_board"),
    ("partnership_kind", "Crime and Disorder Reduction Partnership",
     "community_safety_partnership"),  # a CSP's name before 2010
    ("area_kind", "Mayoral combined county authority", "combined_authority"),
    ("area_kind", "metropolitan borough", "metropolitan_district"),
    ("area_kind", "police area", "police_force_area"),
    ("area_kind", "Fire and rescue authority", "fire_authority"),
    ("area_kind", "Integrated care board", "icb"),
])
def test_a_kind_cell_with_a_qualifier_is_the_kind(vocab, cell, value):
    assert load_schema().vocabularies[vocab].normalise(cell) == value


def test_a_county_and_city_written_two_ways_are_one_body_each(tmp_path):
    """Leicestershire and Leicester: each body named one way where it is defined and
    another where a membership or a plan names it."""
    orgs = write(tmp_path / "organisations.csv", "name,kind\n"
                 "Leicestershire County Council,county council\n"
                 "Leicester City Council,unitary\n"
                 "Office of the Police and Crime Commissioner for Leicestershire,"
                 "Office of the PCC\n"
                 "Leicestershire Fire and Rescue Service,fire\n"
                 "East Midlands Combined County Authority,Mayoral Combined County Authority\n")
    boards = write(tmp_path / "partnerships.csv", "name,kind\n"
                   "Leicester Health and Wellbeing Board,HWB\n"
                   "Leicestershire Safer Communities Board,Joint CSP\n")
    members = write(tmp_path / "memberships.csv", "member,partnership\n"
                    "Leicester CC,Leicester Health and Wellbeing Board\n"
                    "Leicestershire CC,Leicestershire Safer Communities Board\n"
                    "Leicestershire PCC,Leicestershire Safer Communities Board\n"
                    "Leicestershire Fire & Rescue Authority,"
                    "Leicestershire Safer Communities Board\n"
                    "East Midlands CCA,Leicester Health and Wellbeing Board\n")
    result = build_graph([orgs, boards, members])
    kg = result.graph
    assert kg.counts() == {"Organisation": 5, "Partnership": 2}
    assert not result.report.near_matches
    kinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes()}
    assert kinds["Leicestershire Safer Communities Board"] == "community_safety_partnership"
    assert kinds["East Midlands Combined County Authority"] == "combined_authority"


def test_a_kind_cell_naming_nothing_known_is_still_refused():
    vocab = load_schema().vocabularies["partnership_kind"]
    assert vocab.normalise("Quangos and things") is None
    assert vocab.normalise("wellbeing / board") is None
