"""A held-out metropolitan landscape written apart from lspgraph
(tests/data/landscapes/tyne-and-wear, by the landw2 writer on 2 December 2026): the five Tyne
and Wear boroughs and the bodies above them, with EXPECTED.md saying by hand what the four
questions should answer. Only the fire service covers exactly the five boroughs; the police
reach Northumberland, the combined authority County Durham too, and the ICB fourteen council
areas. Coterminosity is checked against footprints computed straight from the ONS CSVs
(tests/data/landscapes/coterm_expected.py's tables, a body's codes taken together)."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import (
    boards_of,
    codes,
    coterminous_by_ons,
    landscape_files,
    landscape_graph,
    named,
    names,
    need_semantic,
    with_lookups,
)
from lspgraph import queries

PLACE = "tyne-and-wear"
RULES = queries.load_rules()
RULES["gaps"]["as_of"] = 2026  # the year EXPECTED.md judges 'current' in

NEWCASTLE, GATESHEAD, NORTH_TYN, SOUTH_TYN, SUNDERLAND = (
    "E08000021", "E08000037", "E08000022", "E08000023", "E08000024")
GHWB, SHWB, NHWB, NTHWB, SSP, VRU, ICP = (
    "Gateshead Health and Wellbeing Board", "Sunderland Health and Wellbeing Board",
    "Newcastle Health and Wellbeing Board", "North Tyneside Health and Wellbeing Board",
    "Safer Sunderland Partnership", "Northumbria Violence Reduction Unit",
    "North East and North Cumbria Integrated Care Partnership")
NCL, GAT, NTY, STY, SUN = ("Newcastle City Council", "Gateshead Council",
                           "North Tyneside Council", "South Tyneside Council",
                           "Sunderland City Council")
POL, PCC = "Northumbria Police", "Northumbria Police and Crime Commissioner"
FIRE = "Tyne and Wear Fire and Rescue Service"
ICB = "NHS North East and North Cumbria Integrated Care Board"
CNTW = "Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust"
HWS, HWG, HWNT = "Healthwatch Sunderland", "Healthwatch Gateshead", "Healthwatch North Tyneside"
PROB, CV = "Probation Service North East", "Connected Voice"


def graph():
    return landscape_graph(PLACE)


@pytest.fixture(scope="module")
def england(shared, tmp_path_factory):
    """The landscape with the ONS lookups the Lancashire fixture loads, imported after it."""
    return with_lookups(landscape_files(PLACE), tmp_path_factory.mktemp("tw") / "tw.store")



# --- identity ------------------------------------------------------------------------------

def test_each_body_is_one_node_whatever_each_file_calls_it():
    kg = graph()
    found = Counter(kg.type_of(n) for n in kg.nodes())
    want = {"Organisation": 18, "Partnership": 7, "Strategy": 7, "Theme": 27, "Objective": 3,
            "Action": 24, "Indicator": 7, "Person": 4, "Area": 11}
    assert {t: found[t] for t in want} == want
    assert not [n for n in kg.nodes() if kg.node(n).get("inferred") and kg.type_of(n) in
                ("Organisation", "Partnership", "Strategy", "Person", "Area")]


def test_names_written_several_ways_meet():
    kg = graph()
    boards = {GHWB, SHWB, NHWB, NTHWB, SSP, VRU, ICP}
    assert names(kg, kg.out(named(kg, "Organisation", ICB), "MEMBER_OF")) == boards
    assert names(kg, kg.out(named(kg, "Organisation", FIRE), "MEMBER_OF")) == {SHWB, NTHWB, SSP}
    assert len(kg.out(named(kg, "Organisation", CNTW), "MEMBER_OF")) == 4
    assert len(kg.out(named(kg, "Organisation", SUN), "MEMBER_OF")) == 4
    pat = named(kg, "Person", "Pat Example")
    assert kg.node(pat)["title"] == "Cllr"
    assert boards_of(kg, pat) == {SHWB, SSP}
    lee = named(kg, "Person", "Lee Specimen")
    assert kg.node(lee)["title"] == "Prof"
    assert boards_of(kg, lee) == {ICP, NHWB}  # 'City Futures Board'
    assert kg.node(named(kg, "Person", "Robin Placeholder"))["title"] == "Dr"
    assert codes(kg, named(kg, "Organisation", CV)) == {NEWCASTLE, GATESHEAD}
    assert len(codes(kg, named(kg, "Organisation", "North East Combined Authority"))) == 7


def test_kinds_and_periods_as_written():
    kg = graph()
    kinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes("Organisation")}
    assert {kinds[n] for n in (NCL, GAT, NTY, STY, SUN)} == {"unitary_council"}
    assert (kinds[POL], kinds[PCC], kinds[FIRE], kinds[ICB]) == (
        "police", "police", "fire", "nhs_body")
    assert kinds["North East Combined Authority"] == "combined_authority"
    assert {kinds[HWS], kinds[HWG], kinds[HWNT], kinds[CV]} == {"voluntary"}
    pkinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes("Partnership")}
    assert {pkinds[b] for b in (GHWB, SHWB, NHWB, NTHWB)} == {"health_and_wellbeing_board"}
    assert pkinds[SSP] == "community_safety_partnership"
    assert pkinds[ICP] == "integrated_care_system"
    plans = {kg.node(n)["name"]: kg.node(n) for n in kg.nodes("Strategy")}
    for name, (start, end) in {
            "Gateshead Health and Wellbeing Strategy": ("2020", "2030"),
            "Safer Sunderland Strategy": ("2024", "2027"),
            "Northumbria Police and Crime Plan 2025-2029": ("2025", "2029"),
            "Equally Well: A healthier, fairer future for North Tyneside 2021-2025":
                ("2021", "2025")}.items():
        assert (plans[name]["start"], plans[name]["end"]) == (start, end), name


# --- overlaps ------------------------------------------------------------------------------

OVERLAPS = {
    (VRU, ICP): 6 / 11, (SSP, VRU): 5 / 10, (GHWB, NHWB): 3 / 8, (SHWB, SSP): 3 / 9,
    (SHWB, NTHWB): 3 / 9, (NTHWB, SSP): 3 / 9, (GHWB, NTHWB): 3 / 9, (NHWB, ICP): 3 / 10,
    (SHWB, ICP): 3 / 11, (GHWB, ICP): 3 / 11, (NTHWB, VRU): 3 / 12, (GHWB, VRU): 3 / 12,
    (SHWB, NHWB): 2 / 9, (NHWB, NTHWB): 2 / 9, (GHWB, SHWB): 2 / 10, (GHWB, SSP): 2 / 10,
    (SSP, ICP): 2 / 12, (NTHWB, ICP): 2 / 12, (NHWB, VRU): 2 / 12, (SHWB, VRU): 2 / 13,
    (NHWB, SSP): 1 / 10}
BY_MEMBER = {ICB: 7, CNTW: 4, POL: 4, SUN: 4, GAT: 3, CV: 3, FIRE: 3, NCL: 3, NTY: 3,
             HWS: 2, PROB: 2, PCC: 2, STY: 2, "Pat Example": 2, "Lee Specimen": 2}


def test_overlaps_pair_every_two_boards_by_their_shared_members():
    kg = graph()
    df = queries.run("overlaps", kg, rules=RULES)
    got = {frozenset((kg.label(r.a), kg.label(r.b))): r.members_jaccard for r in df.itertuples()}
    assert got.keys() == {frozenset(p) for p in OVERLAPS}
    for pair, want in OVERLAPS.items():
        assert got[frozenset(pair)] == pytest.approx(want, abs=1e-3), pair
    by_member = queries.run("overlaps", kg, rules=RULES, by="member")
    assert dict(zip(by_member.name, by_member.boards, strict=True)) == BY_MEMBER


def test_overlaps_name_the_shared_people():
    kg = graph()
    df = queries.run("overlaps", kg, rules=RULES)
    people = {frozenset((kg.label(r.a), kg.label(r.b))): set(r.shared_people)
              for r in df.itertuples()}
    assert {pair: p for pair, p in people.items() if p} == {
        frozenset((SHWB, SSP)): {"Pat Example"}, frozenset((NHWB, ICP)): {"Lee Specimen"}}


# --- gaps: the writer's answer (A): the five boroughs checked --------------------------------

GAP_COUNTS = {"required_plan_missing": 26, "area_without_partnership": 1,
              "partnership_without_current_strategy": 3, "theme_without_action": 4,
              "objective_without_action": 1, "objective_without_indicator": 1,
              "action_without_lead": 2, "action_without_due_date": 3,
              "action_without_measure": 17}
MISSING = {NEWCASTLE: 6, SOUTH_TYN: 6, GATESHEAD: 5, NORTH_TYN: 5, SUNDERLAND: 4}


@pytest.mark.parametrize("lookups", [False, True], ids=["alone", "with-lookups"])
def test_gaps_are_the_expected_ones(lookups, request):
    kg = request.getfixturevalue("england") if lookups else graph()
    df = queries.run("gaps", kg, rules=RULES)
    assert dict(Counter(df.kind)) == GAP_COUNTS
    plans = df[df.kind == "required_plan_missing"]
    assert dict(Counter(plans.subject)) == {f"area:{c}": n for c, n in MISSING.items()}
    assert set(df[df.kind == "area_without_partnership"].subject) == {f"area:{SOUTH_TYN}"}
    stale = df[df.kind == "partnership_without_current_strategy"]
    assert dict(zip(stale.subject_name, stale.detail, strict=True)) == {
        NHWB: "owns no strategy", NTHWB: "owns 1 strategies, none current in 2026",
        VRU: "owns no strategy"}
    assert set(df[df.kind == "theme_without_action"].subject_name) == {
        "Create the conditions for fair employment and good work for all",
        "Create and develop sustainable places and communities",
        "An integrated health and care system", "Carbon-neutral North East"}


# --- duplicates ----------------------------------------------------------------------------

SAME_WORK = [
    ("Reduce smoking in pregnancy by offering every pregnant smoker specialist support to quit",
     "Help more expectant mothers give up tobacco with dedicated stop smoking help in "
     "maternity services"),
    ("Reduce off-road motorbike nuisance",
     "Work with councils and landowners to seize off-road bikes and block the routes riders "
     "use to cause disorder on estates"),
    ("Let a child's school know before the next school day when police have attended a "
     "domestic abuse incident at the child's home",
     "Extend Operation Encompass to every school in the force area"),
    ("Place youth workers in the city's hospital emergency department to reach young people "
     "injured by violence",
     "Place youth workers in hospital emergency departments to reach young people injured "
     "through violence"),
]
OTHER_WORK = [
    ("Expand the alcohol care team at Sunderland Royal Hospital to see more patients admitted "
     "with alcohol dependence",
     "Expand alcohol treatment requirements for offenders sentenced in the city's courts"),
    ("Recruit more neighbourhood police officers and PCSOs for local policing teams",
     "Recruit more council neighbourhood wardens to patrol estates and the city centre"),
]


def _pairs(method: str | None = None) -> set[frozenset[str]]:
    df = queries.run("duplicates", graph(), rules=RULES,
                     **({"method": method} if method else {}))
    return {frozenset((r.a_text, r.b_text)) for r in df.itertuples()}


HEADING = ("held-out miss (scored once, 2 December 2026): the off-road motorbike heading against "
           "the commitment under it scores 0.458, under 0.59")
PROGRAMME = ("held-out miss (scored once, 2 December 2026): Operation Encompass named against what "
             "it does, almost no words shared, scores 0.282")


@pytest.mark.parametrize("pair", [
    SAME_WORK[0],
    pytest.param(SAME_WORK[1], marks=pytest.mark.xfail(strict=True, reason=HEADING)),
    pytest.param(SAME_WORK[2], marks=pytest.mark.xfail(strict=True, reason=PROGRAMME)),
    SAME_WORK[3]], ids=["paraphrase", "heading", "programme", "copy"])
def test_duplicates_find_the_same_work_in_other_words(pair):
    need_semantic()
    assert frozenset(pair) in _pairs()


@pytest.mark.parametrize("pair", OTHER_WORK, ids=["alcohol", "patrols"])
def test_duplicates_leave_other_work_sharing_topic_words(pair):
    need_semantic()
    assert frozenset(pair) not in _pairs()


@pytest.mark.xfail(strict=True, reason=f"{HEADING}; {PROGRAMME}")
def test_duplicates_are_only_those():
    need_semantic()
    assert _pairs() == {frozenset(p) for p in SAME_WORK}


def test_near_copy_is_found_by_wording_alone():
    found = _pairs("lexical")
    assert frozenset(SAME_WORK[3]) in found
    assert not found & {frozenset(p) for p in OTHER_WORK}


# --- coterminosity: against the ONS CSVs read directly ---------------------------------------

def test_coterminosity_of_each_partnership_and_member_matches_the_ons_lookups(england):
    kg = england
    df = queries.run("coterminosity", kg, rules=RULES)
    assert len(df) == 38
    assert coterminous_by_ons(kg, df) == {frozenset(p) for p in (
        (GHWB, GAT), (GHWB, HWG), (SHWB, SUN), (SHWB, HWS), (NHWB, NCL), (NTHWB, NTY),
        (NTHWB, HWNT), (SSP, SUN), (VRU, PCC), (VRU, POL), (ICP, ICB))}


def test_coterminosity_figures_by_hand(england):
    kg = england
    df = queries.run("coterminosity", kg, rules=RULES)
    got = {frozenset((kg.label(r.a), kg.label(r.b))): (r.jaccard, r.pop_jaccard)
           for r in df.itertuples()}
    for pair, (j, pj) in {
            (GHWB, CV): (0.4118, 0.3953), (GHWB, POL): (0.1359, 0.1355),
            (SHWB, FIRE): (0.2545, 0.2433), (NHWB, CV): (0.5882, 0.6047),
            (NTHWB, POL): (0.1435, 0.1443), (SSP, PCC): (0.1996, 0.1894),
            (VRU, ICB): (0.4907, 0.4880), (VRU, STY): (0.1111, 0.1021),
            (ICP, CV): (0.1620, 0.1673), (ICP, STY): (0.0545, 0.0498)}.items():
        assert got[frozenset(pair)] == (pytest.approx(j, abs=1e-4),
                                        pytest.approx(pj, abs=1e-4)), pair
