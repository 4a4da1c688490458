"""A held-out landscape written apart from lspgraph (tests/data/landscapes/suffolk, by the
landw1 writer on 2 December 2026): Suffolk County Council, its five districts and the bodies
around them, with EXPECTED.md saying by hand what the four questions should answer. Two ICBs
reach beyond the county and split East Suffolk between them, so no district-level answer is
exact. Coterminosity is checked against footprints computed straight from the ONS CSVs
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

RULES = queries.load_rules()
RULES["gaps"]["as_of"] = 2026  # the year EXPECTED.md judges 'current' in

SUFFOLK, NORFOLK = "E10000029", "E10000020"
HWB, SSCB, WSCSP, ESCSP, ICP, SPSL = (
    "Suffolk Health and Wellbeing Board", "Suffolk Safer Stronger Communities Board",
    "Western Suffolk Community Safety Partnership", "East Suffolk Community Safety Partnership",
    "Suffolk and North East Essex Integrated Care Partnership", "Suffolk Public Sector Leaders")
SCC, BDC, IBC, MSDC, ESC, WSC = (
    "Suffolk County Council", "Babergh District Council", "Ipswich Borough Council",
    "Mid Suffolk District Council", "East Suffolk Council", "West Suffolk Council")
POLICE, PCC, FIRE = ("Suffolk Constabulary", "Suffolk Police and Crime Commissioner",
                     "Suffolk Fire and Rescue Service")
SNEE = "NHS Suffolk and North East Essex Integrated Care Board"
NW = "NHS Norfolk and Waveney Integrated Care Board"
HW, CAS = "Healthwatch Suffolk", "Community Action Suffolk"
NSFT = "Norfolk and Suffolk NHS Foundation Trust"


def graph():
    return landscape_graph("suffolk")


@pytest.fixture(scope="module")
def england(shared, tmp_path_factory):
    """The landscape with the ONS lookups the Lancashire fixture loads, imported after it."""
    return with_lookups(landscape_files("suffolk"), tmp_path_factory.mktemp("suffolk") / "s.store")



# --- identity ------------------------------------------------------------------------------

def test_each_body_is_one_node_whatever_each_file_calls_it():
    kg = graph()
    found = Counter(kg.type_of(n) for n in kg.nodes())
    want = {"Organisation": 15, "Partnership": 6, "Strategy": 7, "Theme": 24, "Objective": 2,
            "Action": 22, "Indicator": 6, "Person": 3, "Area": 14}
    assert {t: found[t] for t in want} == want
    assert not [n for n in kg.nodes() if kg.node(n).get("inferred") and kg.type_of(n) in
                ("Organisation", "Partnership", "Strategy", "Objective", "Indicator", "Person",
                 "Area")]


def test_names_written_several_ways_meet():
    kg = graph()
    boards = {HWB, SSCB, WSCSP, ESCSP, ICP, SPSL}
    assert names(kg, kg.out(named(kg, "Organisation", SCC), "MEMBER_OF")) == boards
    assert names(kg, kg.out(named(kg, "Organisation", SNEE), "MEMBER_OF")) == boards
    assert names(kg, kg.out(named(kg, "Organisation", POLICE), "MEMBER_OF")) == boards - {ICP}
    assert names(kg, kg.out(named(kg, "Organisation", NW), "MEMBER_OF")) == {HWB, ESCSP}
    assert names(kg, kg.out(named(kg, "Organisation", PCC), "MEMBER_OF")) == {SSCB, SPSL}
    alex = named(kg, "Person", "Alex Example")  # 'Cllr Alex Example' in people.csv
    assert kg.node(alex)["title"] == "Cllr"
    assert boards_of(kg, alex) == {HWB, SPSL}
    jo = named(kg, "Person", "Jo Placeholder")
    assert kg.node(jo)["title"] == "Dr"
    assert boards_of(kg, jo) == {HWB, SSCB}  # by aliases
    assert codes(kg, named(kg, "Partnership", WSCSP)) == {"E07000200", "E07000203", "E07000245"}
    assert codes(kg, named(kg, "Organisation", IBC)) == {"E07000202"}  # 'Ipswich'


def test_kinds_and_periods_as_written():
    kg = graph()
    kinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes("Organisation")}
    assert {kinds[n] for n in (BDC, IBC, MSDC, ESC, WSC)} == {"district_council"}
    assert (kinds[SCC], kinds[POLICE], kinds[PCC], kinds[FIRE]) == (
        "county_council", "police", "police", "fire")
    assert {kinds[SNEE], kinds[NW], kinds[NSFT]} == {"nhs_body"}
    assert kinds[HW] == kinds[CAS] == "voluntary"
    pkinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes("Partnership")}
    assert pkinds[HWB] == "health_and_wellbeing_board"
    assert pkinds[SSCB] == pkinds[WSCSP] == pkinds[ESCSP] == "community_safety_partnership"
    assert pkinds[ICP] == "integrated_care_system"
    assert pkinds[SPSL] == "leaders_group"
    plans = {kg.node(n)["name"]: kg.node(n) for n in kg.nodes("Strategy")}
    for name, (start, end) in {
            "Suffolk Joint Health and Wellbeing Strategy 2019-2022": ("2019", "2022"),
            "Police and Crime Plan for Suffolk 2025-2029": ("2025", "2029"),
            "Safer Stronger Communities Board Priorities 2024-2027": ("2024", "2027"),
            "SNEE Joint Forward Plan 2024-2029": ("2024", "2029")}.items():
        assert (plans[name]["start"], plans[name]["end"]) == (start, end), name


def _strategy(kg, node: str) -> str:
    """The strategy an action, objective or theme sits in, up its HAS_* edges."""
    while kg.type_of(node) != "Strategy":
        node = next(p for e in ("HAS_ACTION", "HAS_OBJECTIVE", "HAS_THEME")
                    for p in kg.into(node, e))
    return node


def test_actions_reach_their_strategies_by_alias():
    kg = graph()
    per = Counter(kg.label(_strategy(kg, a)) for a in kg.nodes("Action"))
    assert per == {"Suffolk Joint Health and Wellbeing Strategy 2019-2022": 5,
                   "Police and Crime Plan for Suffolk 2025-2029": 4,
                   "Safer Stronger Communities Board Priorities 2024-2027": 3,
                   "Western Suffolk Community Safety Partnership Plan 2025-2028": 4,
                   "SNEE Joint Forward Plan 2024-2029": 4,
                   "Suffolk Local Transport Plan 2025-2040": 2}


# --- overlaps ------------------------------------------------------------------------------

OVERLAPS = {
    (SSCB, SPSL): 8 / 10, (SSCB, WSCSP): 6 / 10, (WSCSP, SPSL): 6 / 10, (SSCB, ESCSP): 5 / 10,
    (HWB, ICP): 5 / 10, (WSCSP, ESCSP): 4 / 9, (HWB, SSCB): 5 / 13, (HWB, SPSL): 5 / 13,
    (HWB, ESCSP): 4 / 11, (ESCSP, SPSL): 4 / 11, (HWB, WSCSP): 4 / 12, (ESCSP, ICP): 2 / 10,
    (WSCSP, ICP): 2 / 11, (SSCB, ICP): 2 / 13, (ICP, SPSL): 2 / 13}
BY_MEMBER = {SCC: 6, SNEE: 6, POLICE: 5, WSC: 4, IBC: 3, ESC: 3, MSDC: 3, FIRE: 3, NW: 2,
             HW: 2, CAS: 2, NSFT: 2, PCC: 2, BDC: 2, "Alex Example": 2, "Jo Placeholder": 2}


def test_overlaps_pair_every_two_boards_by_their_shared_members():
    kg = graph()
    df = queries.run("overlaps", kg, rules=RULES)
    got = {frozenset((kg.label(r.a), kg.label(r.b))): r.members_jaccard for r in df.itertuples()}
    assert got.keys() == {frozenset(p) for p in OVERLAPS}
    for pair, want in OVERLAPS.items():
        assert got[frozenset(pair)] == pytest.approx(want, abs=1e-4), pair
    by_member = queries.run("overlaps", kg, rules=RULES, by="member")
    assert dict(zip(by_member.name, by_member.boards, strict=True)) == BY_MEMBER


def test_overlaps_name_the_shared_people():
    kg = graph()
    df = queries.run("overlaps", kg, rules=RULES)
    people = {frozenset((kg.label(r.a), kg.label(r.b))): set(r.shared_people)
              for r in df.itertuples()}
    assert {pair: p for pair, p in people.items() if p} == {
        frozenset((HWB, SPSL)): {"Alex Example"}, frozenset((HWB, SSCB)): {"Jo Placeholder"}}


# --- gaps: the writer's answer (areas reached only by an ICB are outside the landscape) -------

GAP_COUNTS = {"required_plan_missing": 4, "partnership_without_current_strategy": 4,
              "theme_without_action": 4, "objective_without_action": 1,
              "objective_without_indicator": 1, "action_without_lead": 2,
              "action_without_due_date": 2, "action_without_measure": 14}


@pytest.mark.parametrize("lookups", [False, True], ids=["alone", "with-lookups"])
def test_gaps_are_the_expected_ones(lookups, request):
    kg = request.getfixturevalue("england") if lookups else graph()
    df = queries.run("gaps", kg, rules=RULES)
    assert dict(Counter(df.kind)) == GAP_COUNTS
    plans = df[df.kind == "required_plan_missing"]
    assert set(plans.subject) == {f"area:{SUFFOLK}"}
    told = " ".join(plans.detail)
    for label in ("Community strategy", "Children and young people's plan", "Local plan",
                  "Joint strategic needs assessment"):
        assert label in told
    stale = df[df.kind == "partnership_without_current_strategy"]
    assert dict(zip(stale.subject_name, stale.detail, strict=True)) == {
        HWB: "owns 1 strategies, none current in 2026", ESCSP: "owns no strategy",
        ICP: "owns no strategy", SPSL: "owns no strategy"}
    assert set(df[df.kind == "theme_without_action"].subject_name) == {
        "Engaging with communities and partners", "Hate crime",
        "A strong, sustainable and fair economy", "Creating better places"}
    assert set(df[df.kind == "objective_without_indicator"].subject_name) == {
        "Deliver quality investigations and proper support for victims"}


# --- duplicates ----------------------------------------------------------------------------

SAME_WORK = [
    ("Roll out the Clear, Hold, Build approach to neighbourhoods affected by organised crime "
     "gangs",
     "Roll out the Clear Hold Build approach in neighbourhoods affected by organised crime "
     "groups"),
    ("Support employers across Suffolk to look after the mental and physical wellbeing of "
     "their staff", "Help local workplaces promote the health of the people who work for them"),
    ("Prevent radicalisation",
     "Deliver Prevent awareness training to staff in schools, colleges and district council "
     "front-line teams so they can spot and refer people at risk of radicalisation"),
    ("Refer more adults at risk of type 2 diabetes to the NHS Diabetes Prevention Programme",
     "Get more people with raised blood sugar onto Healthier You, the national lifestyle "
     "course that prevents type 2 diabetes"),
]
OTHER_WORK = [
    ("Fund specialist advocates for victims of rape and serious sexual offences",
     "Fund specialist advocates for victims of modern slavery and labour exploitation"),
    ("Improve road safety by stepping up speed enforcement on rural roads",
     "Improve road safety around schools with 20mph zones and safer crossings"),
]


def _pairs(method: str | None = None) -> set[frozenset[str]]:
    df = queries.run("duplicates", graph(), rules=RULES,
                     **({"method": method} if method else {}))
    return {frozenset((r.a_text, r.b_text)) for r in df.itertuples()}


MISSED = ("held-out miss (scored once, 2 December 2026): the workplace-health paraphrase, almost "
          "no words shared, scores 0.512 by meaning, under 0.59")


@pytest.mark.parametrize("pair", [
    SAME_WORK[0], pytest.param(SAME_WORK[1], marks=pytest.mark.xfail(strict=True, reason=MISSED)),
    *SAME_WORK[2:]], ids=["copy", "paraphrase", "heading", "programme"])
def test_duplicates_find_the_same_work_in_other_words(pair):
    need_semantic()
    assert frozenset(pair) in _pairs()


@pytest.mark.parametrize("pair", OTHER_WORK, ids=["victims", "road-safety"])
def test_duplicates_leave_other_work_sharing_topic_words(pair):
    need_semantic()
    assert frozenset(pair) not in _pairs()


@pytest.mark.xfail(strict=True, reason=MISSED)
def test_duplicates_are_only_those():
    need_semantic()
    assert _pairs() == {frozenset(p) for p in SAME_WORK}


def test_near_copy_is_found_by_wording_alone():
    found = _pairs("lexical")
    assert frozenset(SAME_WORK[0]) in found
    assert not found & {frozenset(p) for p in OTHER_WORK}


# --- coterminosity: against the ONS CSVs read directly ---------------------------------------

def test_coterminosity_of_each_partnership_and_member_matches_the_ons_lookups(england):
    kg = england
    df = queries.run("coterminosity", kg, rules=RULES)
    assert len(df) == 43  # every member with a footprint (not the two trusts, not the people)
    assert coterminous_by_ons(kg, df) == {frozenset(p) for p in (
        (HWB, SCC), (HWB, HW), (HWB, POLICE), (HWB, CAS), (SSCB, SCC), (SSCB, POLICE),
        (SSCB, PCC), (SSCB, FIRE), (ESCSP, ESC), (ICP, SNEE), (SPSL, SCC), (SPSL, PCC),
        (SPSL, POLICE))}


def test_coterminosity_figures_by_hand(england):
    kg = england
    df = queries.run("coterminosity", kg, rules=RULES)
    got = {frozenset((kg.label(r.a), kg.label(r.b))): (r.jaccard, r.pop_jaccard)
           for r in df.itertuples()}
    for pair, (j, pj) in {
            (HWB, SNEE): (0.5756, 0.5848), (HWB, NW): (0.0719, 0.0694),
            (HWB, IBC): (0.1893, 0.1836), (SSCB, ESC): (0.3229, 0.3235),
            (WSCSP, WSC): (0.4886, 0.4798), (WSCSP, SCC): (0.4878, 0.4930),
            (WSCSP, SNEE): (0.3756, 0.3806), (ESCSP, SNEE): (0.1115, 0.1177),
            (ESCSP, NW): (0.1033, 0.1001), (SPSL, BDC): (0.1225, 0.1214)}.items():
        assert got[frozenset(pair)] == (pytest.approx(j, abs=1e-4),
                                        pytest.approx(pj, abs=1e-4)), pair
