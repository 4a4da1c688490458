"""A county-and-city landscape written apart from lspgraph (Nottinghamshire and Nottingham):
the folder's EXPECTED.md says, by hand, what the four questions should answer; these tests
hold lspgraph to it. Coterminosity is checked against figures computed straight from the
ONS CSVs (tests/data/landscapes/coterm_expected.py's tables), not by lspgraph.

The folder is tests/data/landscapes/nottinghamshire once landed (or nottinghamshire/
beside this file, where it was written)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import (
    LANDSCAPES,
    coterm_expected,
    landscape_files,
    landscape_graph,
    need_semantic,
    with_lookups,
)
from lspgraph import queries

FOLDER = LANDSCAPES / "nottinghamshire"
RULES = queries.load_rules()
RULES["gaps"]["as_of"] = 2026  # the year EXPECTED.md judges 'current' in

COUNTY, CITY, DERBYSHIRE, DERBY = ("area:E10000024", "area:E06000018", "area:E10000007",
                                   "area:E06000015")


def files() -> list[Path]:
    return landscape_files("nottinghamshire")


def graph():
    return landscape_graph("nottinghamshire")


@pytest.fixture(scope="module")
def england(shared, tmp_path_factory):
    """The landscape with the ONS lookups the Lancashire fixture loads, imported after it
    as the README shows."""
    return with_lookups(files(), tmp_path_factory.mktemp("notts") / "nottinghamshire.store")


def one(kg, name: str, types: tuple[str, ...]) -> str:
    found = kg.find(name, types)
    assert len(found) == 1, (name, found)
    return found[0]


def names(kg, ids) -> set[str]:
    return {kg.label(i) for i in ids}


ICB = "NHS Nottingham and Nottinghamshire Integrated Care Board"
BOARDS = {"CH": "Nottinghamshire Health and Wellbeing Board",
          "YH": "Nottingham City Health and Wellbeing Board",
          "SNB": "Safer Nottinghamshire Board",
          "ICP": "Nottingham and Nottinghamshire Integrated Care Partnership",
          "CDP": "Nottingham Crime and Drugs Partnership"}


# --- what the files make: one node per body, however each file names it -----------------

def test_each_body_is_one_node_whatever_each_file_calls_it():
    kg = graph()
    found = Counter(kg.type_of(n) for n in kg.nodes())
    want = {"Organisation": 16, "Partnership": 5, "Strategy": 7, "Theme": 19, "Action": 15,
            "Indicator": 3, "Person": 3, "Area": 16}
    assert {t: found[t] for t in want} == want
    assert not [n for n in kg.nodes() if kg.node(n).get("inferred")]


def test_names_written_several_ways_meet():
    kg = graph()
    icb = one(kg, ICB, ("Organisation",))
    # '... & ... ICB', '... Integrated Care Board' without NHS, '... ICB', 'NHS Notts ICB'
    assert names(kg, kg.out(icb, "MEMBER_OF")) == set(BOARDS.values())
    snb = one(kg, BOARDS["SNB"], ("Partnership",))
    assert names(kg, kg.into(snb, "MEMBER_OF")) == {
        "Nottinghamshire County Council",  # 'Nottinghamshire CC'
        "Nottinghamshire Police",  # 'Notts Police'
        "Nottinghamshire Police and Crime Commissioner",  # 'Nottinghamshire PCC'
        "Nottinghamshire Fire and Rescue Service",  # '... Fire & Rescue Service'
        "Ashfield District Council", "Bassetlaw District Council", "Broxtowe Borough Council",
        "Gedling Borough Council", "Mansfield District Council",
        "Newark and Sherwood District Council",  # 'Newark & Sherwood ...'
        "Rushcliffe Borough Council", ICB, "Alex Example"}
    county = one(kg, BOARDS["CH"], ("Partnership",))
    assert {"Mansfield District Council", "Rushcliffe Borough Council",  # DC, BC
            "Healthwatch Nottingham and Nottinghamshire",  # '&'
            "Nottinghamshire Police and Crime Commissioner"  # 'Notts PCC'
            } <= names(kg, kg.into(county, "MEMBER_OF"))
    cdp = one(kg, BOARDS["CDP"], ("Partnership",))  # 'CDP' and '... Crime & Drugs ...'
    assert len(kg.into(cdp, "MEMBER_OF")) == 5
    assert "Nottinghamshire Fire and Rescue Service" in names(kg, kg.into(cdp, "MEMBER_OF"))
    assert kg.node("person:alex-example")["title"] == "Cllr"
    sam = one(kg, "Sam Sample", ("Person",))  # 'Prof Sam Sample' in memberships.csv
    assert names(kg, [p for p in kg.out(sam, "MEMBER_OF") if kg.type_of(p) == "Partnership"]) \
        == {BOARDS["YH"], BOARDS["ICP"]}
    jhws = one(kg, "Nottinghamshire Joint Health and Wellbeing Strategy", ("Strategy",))
    assert len(kg.out(jhws, "HAS_THEME")) == 5
    assert sum(len(kg.out(t, "HAS_ACTION")) for t in kg.out(jhws, "HAS_THEME")) == 4  # 'Notts JHWS'
    city = one(kg, "Nottingham City Joint Health and Wellbeing Strategy", ("Strategy",))
    assert len(kg.out(city, "HAS_THEME")) == 4  # 'Eating & Moving for Good Health' is one of them
    assert all(len(kg.out(t, "HAS_ACTION")) <= 1 for t in kg.out(city, "HAS_THEME"))


def test_kinds_dates_and_covers_as_written():
    kg = graph()

    def node(name, types=("Organisation",)):
        return kg.node(one(kg, name, types))

    kinds = {"Nottingham City Council": "unitary_council",
             "Gedling Borough Council": "district_council",
             "Nottinghamshire Fire and Rescue Service": "fire",
             "Nottinghamshire Police and Crime Commissioner": "police",
             "Nottingham University Hospitals NHS Trust": "nhs_body",
             "Healthwatch Nottingham and Nottinghamshire": "voluntary",
             "East Midlands Combined County Authority": "combined_authority"}
    assert {n: node(n)["kind"] for n in kinds} == kinds
    assert node(BOARDS["CDP"], ("Partnership",))["kind"] == "community_safety_partnership"
    assert node(BOARDS["ICP"], ("Partnership",))["kind"] == "integrated_care_system"
    plans = {  # name: (kind, start, end)
        "Nottingham City Joint Health and Wellbeing Strategy":
            ("health_and_wellbeing_strategy", "2022", "2025"),  # 'April 2022 - March 2025'
        "Safer Nottinghamshire Community Safety Strategy":
            ("crime_and_disorder_reduction_plan", "2025", "2028"),  # '2025/26 - 2027/28'
        "Nottinghamshire Police and Crime Plan": ("police_and_crime_plan", "2024", "2029"),
        "Nottingham and Nottinghamshire Integrated Care Strategy":
            ("sustainability_and_transformation_plan", "2023", "2027"),  # '2023 to 2027'
        "The Mayor's Transport Plan": ("local_transport_plan", "2026", "2041"),
    }
    for name, want in plans.items():
        data = node(name, ("Strategy",))
        assert (data["kind"], data["start"], data["end"]) == want, name
    assert node("The Mayor's Transport Plan", ("Strategy",))["status"] == "consultation"

    def covers(name, types=("Organisation",)):
        return set(kg.out(one(kg, name, types), "COVERS"))

    assert covers("Greater Nottingham Aligned Core Strategies", ("Strategy",)) == {
        "area:E07000172", "area:E07000173", CITY}  # 'Broxtowe; Gedling; Nottingham'
    assert covers("East Midlands Combined County Authority") == {COUNTY, CITY, DERBYSHIRE,
                                                                 DERBY}
    assert covers("Healthwatch Nottingham and Nottinghamshire") == {COUNTY, CITY}
    assert covers("Bassetlaw District Council") == {"area:E07000171"}
    assert covers(BOARDS["YH"], ("Partnership",)) == {CITY}
    areas = {a: kg.node(a)["kind"] for a in ("area:E38000008", DERBY, "area:E07000171",
                                             COUNTY, "area:E23000019")}
    assert areas == {"area:E38000008": "sub_icb_location", DERBY: "unitary",
                     "area:E07000171": "district", COUNTY: "county",
                     "area:E23000019": "police_force_area"}

    def start(member, board):
        seat = kg.nx.edges[one(kg, member, ("Organisation",)),
                           one(kg, BOARDS[board], ("Partnership",)), "MEMBER_OF"]
        return seat.get("start")

    assert start(ICB, "CH") == "2022-07"  # 'Jul-22'
    assert start("Nottinghamshire Police and Crime Commissioner", "CH") == "2024-05"  # May 2024
    assert start("Rushcliffe Borough Council", "CH") == "2024-04-01"  # '1 April 2024'
    assert start("Nottinghamshire County Council", "ICP") == "2022-07"  # 'July 2022'
    assert start("Bassetlaw District Council", "CH") == "2024-04"  # 'Apr-24'



# --- overlaps ------------------------------------------------------------------------------

OVERLAPS = {  # by the short names of BOARDS
    ("YH", "ICP"): 4 / 6, ("CH", "SNB"): 7 / 13, ("YH", "CDP"): 3 / 7, ("SNB", "CDP"): 4 / 13,
    ("CH", "ICP"): 3 / 10, ("ICP", "CDP"): 2 / 8, ("CH", "YH"): 2 / 11, ("CH", "CDP"): 2 / 11,
    ("YH", "SNB"): 2 / 15, ("SNB", "ICP"): 2 / 15,
}
BY_MEMBER = {ICB: 5, "Nottinghamshire County Council": 3, "Nottingham City Council": 3,
             "Healthwatch Nottingham and Nottinghamshire": 3,
             "Nottinghamshire Police and Crime Commissioner": 3, "Nottinghamshire Police": 3,
             "Nottinghamshire Fire and Rescue Service": 2,
             "Nottingham University Hospitals NHS Trust": 2, "Ashfield District Council": 2,
             "Bassetlaw District Council": 2, "Mansfield District Council": 2,
             "Rushcliffe Borough Council": 2, "Alex Example": 2, "Sam Sample": 2}


def test_overlaps_pair_the_boards_that_share_members():
    kg = graph()
    short = {v: k for k, v in BOARDS.items()}
    df = queries.run("overlaps", kg, rules=RULES)
    got = {}
    for r in df.itertuples():
        a, b = short[r.a_name], short[r.b_name]
        got[(a, b) if (a, b) in OVERLAPS else (b, a)] = r.members_jaccard
    assert got.keys() == OVERLAPS.keys()
    for pair, want in OVERLAPS.items():
        assert got[pair] == pytest.approx(want, abs=1e-4), pair
    by_member = queries.run("overlaps", kg, rules=RULES, by="member")
    assert dict(zip(by_member.name, by_member.boards, strict=True)) == BY_MEMBER


def test_overlaps_name_the_shared_members_and_people():
    df = queries.run("overlaps", graph(), rules=RULES)

    def row(x, y):
        pick = df[((df.a_name == BOARDS[x]) & (df.b_name == BOARDS[y]))
                  | ((df.a_name == BOARDS[y]) & (df.b_name == BOARDS[x]))]
        assert len(pick) == 1, (x, y)
        return pick.iloc[0]

    yh_icp = row("YH", "ICP")
    assert set(yh_icp.shared_members) == {"Nottingham City Council", ICB,
                                          "Healthwatch Nottingham and Nottinghamshire",
                                          "Nottingham University Hospitals NHS Trust"}
    assert set(yh_icp.shared_people) == {"Sam Sample"}
    assert set(row("CH", "SNB").shared_people) == {"Alex Example"}
    assert set(row("SNB", "CDP").shared_members) == {
        ICB, "Nottinghamshire Police", "Nottinghamshire Police and Crime Commissioner",
        "Nottinghamshire Fire and Rescue Service"}


# --- gaps ----------------------------------------------------------------------------------

# EXPECTED.md counted Derbyshire and Derby too (7 + 7 plans, 2 boards), reached only by the
# combined county authority and its transport plan: under the scope rule they are left out
# and named, and --all-areas checks them as EXPECTED.md did
GAP_COUNTS = {"required_plan_missing": 8,
              "partnership_without_current_strategy": 2, "theme_without_action": 4,
              "action_without_lead": 2, "action_without_due_date": 2,
              "action_without_measure": 9}


def test_gaps_are_the_expected_ones(england):
    for kg in (graph(), england):  # the landscape alone, and with the lookups
        df = queries.run("gaps", kg, rules=RULES)
        assert dict(Counter(df.kind)) == GAP_COUNTS
        assert set(df[df.kind == "theme_without_action"].subject_name) == {
            "Keep our communities safe and healthy", "Financial wellbeing",
            "Strengthening work with partner agencies",
            "Support broader social and economic development"}
        assert set(df[df.kind == "action_without_lead"].subject_name) == {
            "Roll out social prescribing link workers in every primary care network",
            "Move outpatient follow-ups to patient-initiated appointments where clinically "
            "safe"}
        assert set(df[df.kind == "action_without_due_date"].subject_name) == {
            "Roll out social prescribing link workers in every primary care network",
            "Deliver knife crime awareness lessons in every secondary school"}


def test_gaps_by_area_and_footprint(england):
    local = queries.run("gaps", england, rules=RULES)
    assert dict(Counter(local[local.kind == "required_plan_missing"].subject)) == {
        COUNTY: 4, CITY: 4}
    assert local[local.kind == "area_without_partnership"].empty
    note = local.attrs["note"]
    assert "checked 2 areas" in note
    assert "E06000015 Derby (unitary authority); E10000007 Derbyshire (county)" in note
    # --all-areas: EXPECTED.md's first answer, with the two areas EMCCA alone reaches
    df = queries.run("gaps", england, rules=RULES, all_areas=True)
    df = df[df.subject.isin({COUNTY, CITY, DERBYSHIRE, DERBY}) | ~df.subject.str.startswith(
        "area:")]
    plans = df[df.kind == "required_plan_missing"]
    assert dict(Counter(plans.subject)) == {COUNTY: 4, CITY: 4, DERBYSHIRE: 7, DERBY: 7}
    assert not plans.detail.str.contains("Local transport plan").any()  # EMCCA's covers all
    crime = plans[plans.detail.str.contains("Crime, disorder")]
    assert set(crime.subject) == {CITY, DERBYSHIRE, DERBY}  # the SNB's plan: the county only
    police = plans[plans.detail.str.contains("Police and crime plan")]
    assert set(police.subject) == {DERBYSHIRE, DERBY}  # the PFA holds county and city
    local = plans[plans.detail.str.contains("Local plan")]
    assert set(local.subject) == {COUNTY, DERBYSHIRE, DERBY}  # the core strategies name the city
    county_local = local[local.subject == COUNTY].iloc[0]
    assert county_local.covered == pytest.approx(228_145 / 824_826, abs=1e-4)  # Broxtowe, Gedling
    hws = plans[plans.detail.str.contains("Joint health and wellbeing strategy")]
    assert set(hws.subject) == {DERBYSHIRE, DERBY}  # the city's expired JHWS still covers
    boards = df[df.kind == "area_without_partnership"]
    assert set(boards.subject) == {DERBYSHIRE, DERBY}
    stale = df[df.kind == "partnership_without_current_strategy"]
    assert dict(zip(stale.subject_name, stale.detail, strict=True)) == {
        BOARDS["YH"]: "owns 1 strategies, none current in 2026",
        BOARDS["CDP"]: "owns no strategy"}
    alone = queries.run("gaps", graph(), rules=RULES, kind="required_plan_missing")
    county_local = alone[alone.detail.str.contains("Local plan") & (alone.subject == COUNTY)]
    assert county_local.iloc[0].covered == pytest.approx(2 / 7, abs=1e-4)  # 2 of 7 districts


# --- duplicates ----------------------------------------------------------------------------

SAME_WORK = [
    ("Increase the number of mothers still breastfeeding at six to eight weeks",
     "Support more new mothers to keep breastfeeding until their baby is at least two months "
     "old"),
    ("Offer every smoker admitted to hospital support to quit before they go home",
     "Give all inpatients who smoke treatment for tobacco dependence during their hospital "
     "stay"),
    ("Commission a single countywide domestic abuse helpline and support service for victims",
     "Commission a single domestic abuse helpline and support service for all victims"),
]
OTHER_WORK = [
    ("Automatically enrol every eligible child for free school meals",
     "Expand the holiday activities and food programme for children on free school meals"),
    ("Deliver knife crime awareness lessons in every secondary school",
     "Increase stop and search patrols to take knives off the streets in hotspot areas"),
]


def _pairs(method: str | None = None) -> set[frozenset[str]]:
    df = queries.run("duplicates", graph(), rules=RULES,
                     **({"method": method} if method else {}))
    return {frozenset((r.a_text, r.b_text)) for r in df.itertuples()}


def test_duplicates_find_the_same_work_in_other_words():
    need_semantic()
    found = _pairs()
    for pair in SAME_WORK:
        assert frozenset(pair) in found, pair


# Scored once, when this held-out landscape landed (2 December 2026, about 12:05 UTC, main at
# cf9f5aa): the free school meals pair is flagged at 0.626 ('mostly meaning': meaning 0.69,
# shared words 0.38), over the shipped threshold of 0.59. Kept as lspgraph's answer, a known
# miss; when a change fixes it the strict xfail fails and must go.
FSM_MISS = pytest.mark.xfail(strict=True, reason="held-out miss: enrolling children for free "
                             "school meals and the holiday food programme for children on them "
                             "score 0.626 by meaning, over 0.59")


@pytest.mark.parametrize("pair", [pytest.param(OTHER_WORK[0], marks=FSM_MISS), OTHER_WORK[1]])
def test_duplicates_leave_other_work_alone(pair):
    need_semantic()
    assert frozenset(pair) not in _pairs(), pair


@FSM_MISS
def test_duplicates_are_only_those():
    need_semantic()
    assert _pairs() == {frozenset(p) for p in SAME_WORK}


def test_the_near_copy_is_found_by_wording_alone():
    found = _pairs("lexical")
    assert frozenset(SAME_WORK[2]) in found
    assert not {frozenset(p) for p in OTHER_WORK} & found


# --- coterminosity: against the ONS CSVs read directly ---------------------------------------

def _expected(codes_a: list[str], codes_b: list[str], tables) -> dict:
    """coterm_expected's measures for bodies that may cover several codes: the union of
    each code's LSOAs (a single code: coterm_expected.measures itself)."""
    ref = coterm_expected()
    if len(codes_a) == 1 and len(codes_b) == 1:
        return ref.measures(codes_a[0], codes_b[0], tables)
    lad_lsoa, pop, groups, icb = tables

    def footprint(code: str) -> set[str]:
        if code in icb:
            return icb[code]
        lads = groups.get(code) or ref.EXTRA.get(code)
        if lads:
            return set().union(*(lad_lsoa[lad] for lad in lads))
        return lad_lsoa.get(code, {code})

    fa = set().union(*(footprint(c) for c in codes_a))
    fb = set().union(*(footprint(c) for c in codes_b))
    both, either = fa & fb, fa | fb

    def people(s: set[str]) -> int:
        return sum(pop.get(x, 0) for x in s)

    return {"jaccard": round(len(both) / len(either), 4),
            "pop_jaccard": round(people(both) / people(either), 4) if people(either) else 0.0}


def test_coterminosity_of_each_partnership_and_member_matches_the_ons_lookups(england):
    kg = england
    tables = coterm_expected().tables()
    df = queries.run("coterminosity", kg, rules=RULES)
    assert len(df) == 33  # every organisation member with a footprint (not the hospital trust)
    assert "Nottingham University Hospitals NHS Trust" not in set(df.a_name)
    code = {n: sorted(a.removeprefix("area:") for a in kg.out(n, "COVERS"))
            for n in set(df.a) | set(df.b)}
    for r in df.itertuples():
        want = _expected(code[r.a], code[r.b], tables)
        assert r.jaccard == pytest.approx(want["jaccard"], abs=1e-4), (r.a, r.b)
        assert r.pop_jaccard == pytest.approx(want["pop_jaccard"], abs=1e-4), (r.a, r.b)
        assert r.coterminous == (want["jaccard"] == 1.0), (r.a, r.b)
    assert int(df.coterminous.sum()) == 6


def test_coterminosity_names_the_city_outside_the_county_boards(england):
    df = queries.run("coterminosity", england, rules=RULES)

    def row(member, board):
        pick = df[(df.a_name == member) & (df.b_name == BOARDS[board])]
        assert len(pick) == 1, (member, board)
        return pick.iloc[0]

    icb = row(ICB, "CH")
    assert icb.jaccard == pytest.approx(505 / 684, abs=1e-4)
    assert icb.outside == ("E06000018 Nottingham: 323,684 people (all areas)",)
    assert not icb.missing
    county = row("Nottinghamshire County Council", "ICP")
    assert county.missing == ("E06000018 Nottingham: 323,684 people (all areas)",)
    healthwatch = row("Healthwatch Nottingham and Nottinghamshire", "ICP")  # county + city
    assert healthwatch.coterminous


def test_bassetlaw_is_in_the_nottinghamshire_icb_now(england):
    ref = coterm_expected()
    want = ref.measures("E07000171", "E54000060")
    df = queries.run("coterminosity", england, rules=RULES,
                     between=["E07000171", "E54000060"])
    assert len(df) == 1
    r = df.iloc[0]
    assert r.containment == pytest.approx(1.0)  # all 69 LSOAs: sub-ICB 02Q since July 2022
    assert r.jaccard == pytest.approx(want["jaccard"], abs=1e-4)
    assert r.jaccard == pytest.approx(69 / 684, abs=1e-4)
