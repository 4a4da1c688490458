"""Which areas gaps checks (schemas/rules.yaml, gaps.scope): those the landscape's councils
and local partnerships cover, not every area a police force, fire service, NHS body or
combined authority of the store reaches; those are named in the answer's note, and
--all-areas checks them. Each case is a small landscape of its own, with real ONS codes
and names (populations rounded), built the way a user's files would give it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import console, write
from lspgraph import queries
from lspgraph.graph.errors import LspGraphError
from lspgraph.importers import build_graph
from lspgraph.schemas import load_schema

RULES = queries.load_rules()
AREA_KINDS = ("required_plan_missing", "area_without_partnership")


def landscape(tmp_path, **files: str):
    return build_graph([write(tmp_path / f"{k}.csv", v) for k, v in files.items()]).graph


def checked(df) -> set[str]:
    """The areas with findings of their own (every checked area misses something here)."""
    return set(df[df.kind.isin(AREA_KINDS)].subject)


def ids(*codes: str) -> set[str]:
    return {f"area:{c}" for c in codes}


# --- a two-tier county given by its districts' councils ----------------------------------

TWO_TIER_AREAS = """code,name,kind,population,within
E10000016,Kent,county,,
E23000032,Kent,police_force_area,,
E07000105,Ashford,district,132700,E10000016; E23000032
E07000106,Canterbury,district,157400,E10000016; E23000032
E07000107,Dartford,district,116800,E10000016; E23000032
E06000035,Medway,unitary,279800,E23000032
"""
DISTRICTS = """name,kind,covers
Ashford Borough Council,borough,E07000105
Canterbury City Council,district,E07000106
Dartford Borough Council,district council,E07000107
"""
POLICE = "Kent Police,police force,E23000032\n"  # a row of organisations


def test_a_county_whose_district_councils_cover_it_all_is_checked(tmp_path):
    kg = landscape(tmp_path, areas=TWO_TIER_AREAS, organisations=DISTRICTS + POLICE,
                   partnerships="name,kind,covers\n"
                                "Kent Community Safety Partnership,CSP,E23000032\n")
    df = queries.run("gaps", kg, rules=RULES)
    # the districts' footprints hold the whole county; the police force area and the
    # community safety partnership on it reach Medway, which no council here covers
    assert checked(df) == ids("E10000016")
    assert "E06000035 Medway (unitary authority)" in df.attrs["note"]
    assert "checked 1 area " in df.attrs["note"]
    assert checked(queries.run("gaps", kg, rules=RULES, all_areas=True)) == ids(
        "E10000016", "E06000035")


def test_a_county_only_some_of_whose_districts_are_here_is_left_out_and_named(tmp_path):
    two = "\n".join(DISTRICTS.splitlines()[:3]) + "\n"  # Ashford and Canterbury only
    kg = landscape(tmp_path, areas=TWO_TIER_AREAS, organisations=two + POLICE)
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == set()  # districts are not a checked kind; 72% of the county
    note = df.attrs["note"]
    assert "checked 0 areas" in note
    assert "E10000016 Kent (county)" in note and "E06000035 Medway" in note


# --- a metropolitan area under a combined authority ---------------------------------------

METRO = {
    "areas": """code,name,kind,population,within
E47000001,Greater Manchester,combined_authority,,
E08000001,Bolton,metropolitan_district,296000,E47000001
E08000002,Bury,metropolitan_district,193800,E47000001
E08000003,Manchester,metropolitan_district,551900,E47000001
E08000004,Oldham,metropolitan_district,242100,E47000001
""",
    "organisations": """name,kind,covers,aliases
Manchester City Council,metropolitan borough council,E08000003,
Bolton Council,council,E08000001,
Greater Manchester Combined Authority,mayoral combined authority,E47000001,GMCA
""",
    "partnerships": """name,kind,covers
Manchester Health and Wellbeing Board,HWB,E08000003
""",
    "strategies": """name,kind,owner,covers
Greater Manchester Transport Strategy,local transport plan,GMCA,E47000001
""",
}


def test_boroughs_only_the_combined_authority_reaches_are_left_out(tmp_path):
    kg = landscape(tmp_path, **METRO)
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E08000001", "E08000003")
    # the combined authority's plan still covers the boroughs checked
    assert not df.detail.str.contains("Local transport plan").any()
    assert set(df[df.kind == "area_without_partnership"].subject) == ids("E08000001")
    note = df.attrs["note"]
    assert ("E08000002 Bury (metropolitan district); E08000004 Oldham (metropolitan "
            "district)") in note and "--all-areas checks them" in note
    every = queries.run("gaps", kg, rules=RULES, all_areas=True)
    assert checked(every) == ids("E08000001", "E08000002", "E08000003", "E08000004")
    assert "note" not in every.attrs
    bury = queries.run("gaps", kg, rules=RULES, area="E08000002")  # asked for by name
    assert checked(bury) == ids("E08000002") and "note" not in bury.attrs


def test_the_rules_say_which_bodies_are_local(tmp_path):
    kg = landscape(tmp_path, **METRO)
    wide = queries.load_rules()
    wide["gaps"]["scope"]["organisation_kinds"].append("combined_authority")
    # a local body counts through the areas of area_kinds it covers: the CA's as well
    assert checked(queries.run("gaps", kg, rules=wide)) == ids("E08000001", "E08000003")
    wide["gaps"]["scope"]["area_kinds"].append("combined_authority")
    df = queries.run("gaps", kg, rules=wide)
    assert checked(df) == ids("E08000001", "E08000002", "E08000003", "E08000004")
    assert "note" not in df.attrs
    old = queries.load_rules()
    del old["gaps"]["scope"]  # rules without a scope: every body counts, as before
    assert checked(queries.run("gaps", kg, rules=old)) == checked(df)
    wrong = queries.load_rules()
    wrong["gaps"]["scope"]["partnership_kinds"] = ["health_and_wellbeing_board", "hwbb"]
    with pytest.raises(LspGraphError, match=r"gaps.scope.partnership_kinds: 'hwbb' is not "
                                            r"a partnership kind; known: "):
        queries.run("gaps", kg, rules=wrong)


def test_the_note_is_the_tables_first_line_and_the_store_gives_the_same_scope(tmp_path):
    files = [write(tmp_path / f"{k}.csv", v) for k, v in METRO.items()]
    store = tmp_path / "metro.store"
    assert console("import", *map(str, files), "--store", str(store)).returncode == 0
    table = console("query", "gaps", "--store", str(store))  # read in part: load_around
    assert table.returncode == 0, table.stderr
    first = table.stdout.splitlines()[0]
    assert first.startswith("# checked 2 areas") and "E08000004 Oldham" in first
    rows = list(csv.DictReader(io.StringIO(console(
        "query", "gaps", "--store", str(store), "--format", "csv").stdout)))
    assert {r["subject"] for r in rows if r["kind"] in AREA_KINDS} == ids("E08000001",
                                                                           "E08000003")
    every = json.loads(console("query", "gaps", "--store", str(store), "--all-areas",
                               "--format", "json").stdout)
    assert len({r["subject"] for r in every if r["kind"] in AREA_KINDS}) == 4
    summary = console("query", "gaps", "--store", str(store), "--summary")
    assert summary.stdout.startswith("# checked 2 areas")


def test_csv_json_and_markdown_answers_name_the_areas_left_out_too(tmp_path):
    files = [write(tmp_path / f"{k}.csv", v) for k, v in METRO.items()]
    store = tmp_path / "metro.store"
    assert console("import", *map(str, files), "--store", str(store)).returncode == 0
    for fmt in ("csv", "json"):  # the rows stay machine-readable; the note goes to stderr
        out = console("query", "gaps", "--store", str(store), "--format", fmt)
        assert out.returncode == 0, out.stderr
        assert out.stderr.startswith("# checked 2 areas") and "E08000004 Oldham" in out.stderr
        rows = (json.loads(out.stdout) if fmt == "json"
                else list(csv.DictReader(io.StringIO(out.stdout))))
        assert {r["subject"] for r in rows if r["kind"] in AREA_KINDS} == ids("E08000001",
                                                                               "E08000003")
    md = console("query", "gaps", "--store", str(store), "--format", "markdown").stdout
    assert md.startswith("> checked 2 areas") and "\n\n| kind |" in md


# --- one council and an ICB over fourteen council areas -----------------------------------

NENC = [("E06000047", "County Durham", "unitary"), ("E06000005", "Darlington", "unitary"),
        ("E06000001", "Hartlepool", "unitary"), ("E06000002", "Middlesbrough", "unitary"),
        ("E06000003", "Redcar and Cleveland", "unitary"),
        ("E06000004", "Stockton-on-Tees", "unitary"), ("E06000057", "Northumberland", "unitary"),
        ("E08000021", "Newcastle upon Tyne", "metropolitan_district"),
        ("E08000022", "North Tyneside", "metropolitan_district"),
        ("E08000023", "South Tyneside", "metropolitan_district"),
        ("E08000024", "Sunderland", "metropolitan_district"),
        ("E08000037", "Gateshead", "metropolitan_district"),
        ("E06000063", "Cumberland", "unitary")]
# the ICB reaches thirteen council areas whole and a fraction of the fourteenth: Eden's
# people are in it, the rest of Westmorland and Furness is in Lancashire and South Cumbria
ICB_AREAS = ("code,name,kind,population,within\n"
             "E54000050,NHS North East and North Cumbria Integrated Care Board,icb,,\n"
             + "".join(f"{c},{n},{k},250000,E54000050\n" for c, n, k in NENC)
             + "E06000064,Westmorland and Furness,unitary,,\n"
               "E02990001,Eden (fixture part),msoa,55000,E06000064; E54000050\n"
               "E02990002,South Lakeland and Furness (fixture part),msoa,170000,E06000064\n")
ICB_BODIES = """name,kind,covers
NHS North East and North Cumbria Integrated Care Board,ICB,E54000050
"""


def test_one_council_and_an_icb_over_fourteen_areas_checks_the_council_area(tmp_path):
    kg = landscape(tmp_path, areas=ICB_AREAS,
                   organisations=ICB_BODIES + "Sunderland City Council,unitary,E08000024\n",
                   partnerships="name,kind,covers\nNorth East and North Cumbria Integrated "
                                "Care Partnership,ICP,E54000050\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E08000024")
    note = df.attrs["note"]
    # twelve left out, eight named and the rest counted; Westmorland and Furness, a
    # fraction of whose people the ICB holds, was never in scope
    assert "left out 12 " in note and note.count(" (unitary authority)") + note.count(
        " (metropolitan district)") == 8
    assert "and 4 more" in note and "Westmorland" not in note
    assert "E06000001 Hartlepool (unitary authority)" in note
    every = checked(queries.run("gaps", kg, rules=RULES, all_areas=True))
    assert every == ids(*(c for c, _, _ in NENC), "E06000064")


def test_a_store_with_no_council_is_scoped_by_everything_it_holds(tmp_path):
    kg = landscape(tmp_path, areas=ICB_AREAS, organisations=ICB_BODIES)
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids(*(c for c, _, _ in NENC))  # not Westmorland and Furness
    assert "note" not in df.attrs


def test_an_icb_holding_a_fraction_of_a_neighbour_neither_checks_nor_names_it(tmp_path):
    # Eden's 55,000 of Westmorland and Furness's 225,000 people: 24%, under footprint_share
    kg = landscape(tmp_path, areas=ICB_AREAS,
                   organisations=ICB_BODIES + "Cumberland Council,unitary,E06000063\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E06000063")
    assert "E06000064" not in df.attrs["note"] and "left out 12 " in df.attrs["note"]


# --- a council partnership reaching over the county line ----------------------------------

BORDER = {
    "areas": """code,name,kind,population,within
E10000016,Kent,county,,
E07000111,Sevenoaks,district,120500,E10000016
E07000116,Tunbridge Wells,district,115300,E10000016
E10000011,East Sussex,county,,
E07000064,Rother,district,92900,E10000011
E07000065,Wealden,district,162700,E10000011
E06000035,Medway,unitary,279800,
""",
    "organisations": """name,kind,covers
Kent County Council,County Council,E10000016
""",
    "partnerships": """name,kind,covers
West Kent and Wealden Leaders,leaders group,E07000111; E07000116; E07000065
Kent and Medway Leaders,leaders group,E10000016; E06000035
""",
}


def test_a_council_partnership_over_part_of_a_neighbouring_county(tmp_path):
    kg = landscape(tmp_path, **BORDER)
    df = queries.run("gaps", kg, rules=RULES)
    # the partnership of councils covers Medway whole: the landscape's; of East Sussex it
    # holds Wealden, 64% of the people: neither checked nor named (no wider body reaches it)
    assert checked(df) == ids("E10000016", "E06000035")
    assert "note" not in df.attrs


# --- the rule's kinds come from the schema ------------------------------------------------

def test_the_shipped_scope_names_the_schemas_councils_and_their_areas():
    tiers = load_schema().identity["council_tiers"]
    scope = RULES["gaps"]["scope"]
    assert set(scope["organisation_kinds"]) == set(tiers.values())
    assert set(scope["area_kinds"]) == set(tiers)
    assert "integrated_care_system" not in scope["partnership_kinds"]
    assert set(RULES["gaps"]["plan_area_kinds"]) <= set(scope["area_kinds"])


# --- a county and its unitary city under one police force, fire service and ICB ------------

LLR_AREAS = """code,name,kind,population,within
E23000021,Leicestershire,police_force_area,,
E10000018,Leicestershire,county,712400,E23000021
E06000016,Leicester,unitary,368600,E23000021
E06000017,Rutland,unitary,41000,E23000021
"""
LLR_BODIES = """name,kind,covers
Leicestershire County Council,county council,E10000018
Office of the Police and Crime Commissioner for Leicestershire,Office of the PCC,E23000021
Leicestershire Fire and Rescue Service,fire,E23000021
"""


def test_a_joint_strategy_the_county_board_owns_brings_the_city_in(tmp_path):
    """Leicestershire's board and the city agree one joint health and wellbeing strategy,
    filed under the county's board: the city is the landscape's, Rutland (reached only by
    the police and fire) is not."""
    kg = landscape(tmp_path, areas=LLR_AREAS, organisations=LLR_BODIES,
                   partnerships="name,kind,covers\n"
                                "Leicestershire Health and Wellbeing Board,HWB,E10000018\n",
                   strategies="name,kind,owner,covers,start,end\n"
                              "Leicester and Leicestershire Joint Health and Wellbeing "
                              "Strategy,JHWS,Leicestershire Health and Wellbeing Board,"
                              "E10000018; E06000016,2022,2032\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E10000018", "E06000016")
    # the joint strategy covers both; the city has no board of its own in these files
    assert set(df[df.kind == "area_without_partnership"].subject) == ids("E06000016")
    assert not df[(df.subject == "area:E06000016")
                  & df.detail.str.contains("health and wellbeing strategy")].shape[0]
    assert "E06000017 Rutland" in df.attrs["note"] and "Leicester (" not in df.attrs["note"]
    no = queries.load_rules()
    no["gaps"]["scope"]["owned_plans"] = False  # the rule is a setting
    assert checked(queries.run("gaps", kg, rules=no)) == ids("E10000018")


def test_a_plan_only_a_wider_body_owns_brings_nothing_in(tmp_path):
    kg = landscape(tmp_path, areas=LLR_AREAS, organisations=LLR_BODIES,
                   strategies="name,kind,owner,covers\n"
                              "Leicestershire Police and Crime Plan,police and crime plan,"
                              "Leicestershire PCC,E23000021\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E10000018")
    assert "E06000016 Leicester" in df.attrs["note"]


def test_a_joint_board_of_a_county_and_a_unitary_is_local_and_covers_both(tmp_path):
    """Kent and Medway's joint health and wellbeing board ('Joint HWB' in the kind cell):
    a board of both councils, so both areas are checked and neither lacks a board."""
    kg = landscape(tmp_path, areas="""code,name,kind,population
E10000016,Kent,county,1590000
E06000035,Medway,unitary,279800
""", organisations="name,kind,covers\nKent County Council,County Council,E10000016\n",
        partnerships="name,kind,covers\n"
                     "Kent and Medway Joint Health and Wellbeing Board,Joint HWB,"
                     "E10000016; E06000035\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == ids("E10000016", "E06000035")
    assert "area_without_partnership" not in set(df.kind)
    assert "note" not in df.attrs


def test_a_landscape_of_districts_alone_says_why_it_checks_no_area(tmp_path):
    """Two Lancashire districts and their joint community safety partnership: districts
    are not a checked kind and hold only part of the county, so nothing is checked, and
    the answer's note says so rather than leaving an empty answer unexplained."""
    kg = landscape(tmp_path, areas="""code,name,kind,population,within
E10000017,Lancashire,county,1235000,
E07000117,Burnley,district,94600,E10000017
E07000122,Pendle,district,96300,E10000017
E07000125,Rossendale,district,71000,E10000017
""", organisations="name,kind,covers\nBurnley Borough Council,borough council,E07000117\n"
                   "Pendle Borough Council,borough council,E07000122\n",
        partnerships="name,kind,covers\n"
                     "Burnley and Pendle Community Safety Partnership,joint CSP,"
                     "E07000117; E07000122\n")
    df = queries.run("gaps", kg, rules=RULES)
    assert checked(df) == set()
    note = df.attrs["note"]
    assert note.startswith("checked no area: ") and "E07000117 Burnley" in note
    assert "E10000017 Lancashire (county)" in note and "--area CODE" in note
    county = queries.run("gaps", kg, rules=RULES, area="E10000017")
    assert checked(county) == ids("E10000017")
