"""Identity on real documents: the hand annotations of the seeds, imported as a user would."""

from __future__ import annotations

import csv
import json

import pytest
import yaml

from conftest import console, write
from lspgraph.graph import InputErrors
from lspgraph.importers import build_graph

SECTIONS = ("organisations", "partnerships", "strategies", "people")


def seed_yaml(shared, tmp_path, stem: str, area: str):
    """The seed's annotated bodies, people and plans as a YAML file a person could write."""
    doc = json.loads((shared / "seeds" / "expected" / f"{stem}.json").read_text())
    out = {}
    for section in SECTIONS:
        rows = []
        for item in doc[section]:
            row = {k: v for k, v in item.items() if k != "note"}
            if section != "people":
                row["area"] = area
            if section == "strategies" and row.get("owner") == "LSP":
                row.pop("owner")
            rows.append(row)
        out[section] = rows
    return write(tmp_path / f"{stem}.yaml", yaml.safe_dump(out, allow_unicode=True))


def test_hertfordshire_seed_one_ccg_under_both_spellings(shared, tmp_path):
    path = seed_yaml(shared, tmp_path, "001_c12ba0dabf3f69f6", "Hertfordshire")
    kg = build_graph([path]).graph
    ccg = kg.find("Herts Valleys CCG")
    assert ccg == kg.find("Herts Valley NHS Clinical Commissioning Group")
    assert ccg == ["organisation:herts-valleys-nhs-clinical-commissioning-group"]
    members = kg.into("partnership:hertfordshire-public-sector-leaders-steering-group",
                      "MEMBER_OF")
    assert len(members) == 6 and all(m.startswith("person:") for m in members)
    small = kg.out("person:nicolas-small", "MEMBER_OF")
    assert ccg[0] in small
    assert kg.counts()["Organisation"] == 9 and kg.counts()["Partnership"] == 6


def test_kent_and_leicester_boards_stay_two(shared, tmp_path):
    kent = seed_yaml(shared, tmp_path, "004_cc92c03a1e1232d1", "Kent")
    leic = seed_yaml(shared, tmp_path, "003_085fda8e0b9bc954", "Leicester")
    kg = build_graph([kent, leic]).graph
    boards = [p for p in kg.nodes("Partnership")
              if kg.node(p).get("kind") == "health_and_wellbeing_board"]
    assert "partnership:kent-health-and-wellbeing-board" in boards
    assert "partnership:leicester-health-and-wellbeing-board" in boards
    # 'the Board' is an alias of both: a reference to it must not guess
    assert len(kg.find("the Board")) == 2
    kent_strategy = kg.find("Kent Health and Wellbeing Strategy")[0]
    assert kg.into(kent_strategy, "OWNS") == ["partnership:kent-health-and-wellbeing-board"]


def test_same_entity_twice_is_one_node_and_near_matches_are_reported(tmp_path):
    a = write(tmp_path / "organisations.csv",
              "name,kind,aliases\nHertsmere Borough Council,district,\n"
              "Herts Valleys CCG,nhs,\n")
    b = write(tmp_path / "more_organisations.csv",
              "name,kind\nHERTSMERE  borough council,district\n"
              "Herts Valleys NHS Clinical Commissioning Group,nhs\n"
              "Hertsmere Borough Concil,district\n")
    result = build_graph([a, b])
    kg = result.graph
    assert kg.counts() == {"Organisation": 3}
    (nm,) = result.report.near_matches
    assert nm.name == "Hertsmere Borough Concil"
    assert nm.existing == "organisation:hertsmere-borough-council"


def test_possible_duplicates_are_the_same_whatever_the_hash_seed(tmp_path):
    """Each new name is reported with its five closest names, ties broken by id: the
    candidates are gathered in sets, whose order changed with Python's hash seed, so which
    five of many equally close names were printed changed from run to run."""
    import itertools

    names = [f"Ashford Care Trust {a}{b}" for a, b in itertools.product("abcdef", "klmn")]
    orgs = write(tmp_path / "organisations.csv",
                 "name,area\n" + "".join(f"{n},Kent\n" for n in names))
    said, listed = [], []
    for seed in ("1", "2", "3"):
        store = tmp_path / f"s{seed}.store"
        every = tmp_path / "duplicates.csv"  # read before the next run writes it again
        out = console("import", str(orgs), "--store", str(store), "--duplicates", str(every),
                      env={"PYTHONHASHSEED": seed})
        assert out.returncode == 0, out.stderr
        said.append([line for line in out.stderr.splitlines()
                     if line.startswith("possible duplicate")])
        with every.open(newline="", encoding="utf-8") as fh:
            listed.append(list(csv.DictReader(fh)))
    assert said[0] == said[1] == said[2]
    assert listed[0] == listed[1] == listed[2]
    # the import prints the first ten and counts the rest; the file has every one, the
    # printed ones first
    assert len(listed[0]) > 10 and len(said[0]) == 11
    assert said[0][-1] == (f"possible duplicates: {len(listed[0])}, the first 10 shown "
                           f"above; all of them are in {tmp_path / 'duplicates.csv'}")
    for line, row in zip(said[0][:10], listed[0], strict=False):
        assert line.startswith(f"possible duplicate ({row['row']}): '{row['name']}' "
                               f"({row['id']}) looks like '{row['looks_like']}' "
                               f"({row['looks_like_id']}), similarity "
                               f"{float(row['similarity']):.2f};")
    # the last name has many matches above the threshold: the five listed are the
    # closest, equal scores by id
    shown = [(-float(row["similarity"]), row["looks_like_id"]) for row in listed[0]
             if row["name"] == names[-1]]
    assert len(shown) == 5 and shown == sorted(shown) and len({s for s, _ in shown}) < 5


def test_ambiguous_generic_reference_is_an_error(tmp_path):
    boards = write(tmp_path / "partnerships.csv", "name,area\nHealth and Wellbeing Board,Kent\n"
                   "Health and Wellbeing Board,Leicester\n")
    members = write(tmp_path / "memberships.csv", "member,partnership\n"
                    "Kent County Council,Health and Wellbeing Board\n")
    with pytest.raises(InputErrors, match="could be any of"):
        build_graph([boards, members])
    members_ok = write(tmp_path / "memberships.csv", "member,partnership,area\n"
                       "Kent County Council,Health and Wellbeing Board,Kent\n")
    kg = build_graph([boards, members_ok]).graph
    assert kg.out("organisation:kent-county-council", "MEMBER_OF") == [
        "partnership:kent-health-and-wellbeing-board"]


# --- names that several nodes answer to ----------------------------------------------------

ICB = "NHS Shire and Vale Integrated Care Board"


def test_a_link_reaches_the_type_its_edge_allows_when_a_body_and_an_area_share_a_name(
        tmp_path):
    """An ICB and the ONS area named after it: `covers` reaches the area, a membership
    or a lead the organisation, and neither is an error."""
    files = [
        write(tmp_path / "areas.csv", f"code,name,kind\nE54000099,{ICB},icb\n"),
        write(tmp_path / "organisations.csv", f"name,kind,covers\n{ICB},icb,{ICB}\n"),
        write(tmp_path / "partnerships.csv", f"name,covers\nShire and Vale ICP,{ICB}\n"),
        write(tmp_path / "memberships.csv",
              "member,partnership\nNHS Shire and Vale ICB,Shire and Vale ICP\n"),
    ]
    kg = build_graph(files).graph
    org = "organisation:nhs-shire-and-vale-integrated-care-board"
    assert kg.out(org, "COVERS") == ["area:E54000099"]
    assert kg.out("partnership:shire-and-vale-icp", "COVERS") == ["area:E54000099"]
    assert kg.out(org, "MEMBER_OF") == ["partnership:shire-and-vale-icp"]
    from lspgraph.queries.coterminosity import resolve
    assert resolve(kg, ICB) == org  # one footprint: the body the area is named after


def test_an_area_named_before_its_code_arrives_takes_the_coded_footprint(tmp_path):
    """A landscape imported before the lookups (as the README shows) names an area that no
    file defines yet: a placeholder. When a later import brings the one area of that name
    with its code, the placeholder holds it, and importing the landscape again links the
    coded area itself, without calling the name ambiguous."""
    from lspgraph.graph import load
    from lspgraph.importers import import_files
    from lspgraph.queries.common import areas_of

    store = tmp_path / "s.store"
    orgs = write(tmp_path / "organisations.csv",
                 "name,kind,covers\nTandridge District Council,district,Tandridge\n")
    import_files([orgs], store)
    lookup = write(tmp_path / "lookup.csv", "LAD24CD,LAD24NM,CTY24CD,CTY24NM\n"
                   "E07000215,Tandridge,E10000030,Surrey\n")
    import_files([lookup], store)
    kg = load(store)
    council = "organisation:tandridge-district-council"
    assert "area:E07000215" in areas_of(kg, council)
    write(orgs, "name,kind,covers\nTandridge District Council,district,Tandridge\n"
          "Surrey County Council,county,E10000030\n")
    import_files([orgs], store)  # no 'could be any of'
    assert load(store).out(council, "COVERS") == ["area:E07000215"]


def test_a_placeholder_several_coded_areas_could_be_is_named_with_their_codes(tmp_path):
    from lspgraph.importers import import_files

    store = tmp_path / "s.store"
    import_files([write(tmp_path / "partnerships.csv", "name,covers\nShire Board,Shire\n")],
                 store)
    areas = write(tmp_path / "areas.csv", "code,name,kind\nE10000099,Shire,county\n"
                  "E23000099,Shire,police_force_area\n")
    said = import_files([areas], store).report.warnings
    assert said == ["'Shire' is an area only a link names, and could be any of E10000099 "
                    "(county), E23000099 (police force area): write the code of the one "
                    "meant where the name is"]


def test_an_ambiguous_name_says_what_would_settle_it_for_that_row(tmp_path):
    areas = write(tmp_path / "areas.csv", "code,name,kind\nE37000099,Shire,lep\n"
                  "E23000099,Shire,police_force_area\nE31000099,Shire,fire_authority\n")
    boards = write(tmp_path / "partnerships.csv", "name,area,covers\nShire Board,Shire,Shire\n")
    with pytest.raises(InputErrors) as info:
        build_graph([areas, boards])
    (err,) = info.value.errors
    assert (err.line, err.field) == (2, "covers")
    assert err.msg == ("'Shire' names 3 areas: E23000099 (police force area), E31000099 (fire "
                       "and rescue authority area), E37000099 (local enterprise partnership "
                       "area); write the code of the one meant")
    # two bodies with one alias: the row's area does not tell them apart, and says so
    orgs = write(tmp_path / "organisations.csv", "name,area,aliases\n"
                 "Leeds City Council,Leeds,LCC\nLancashire County Council,Lancashire,LCC\n")
    members = write(tmp_path / "memberships.csv", "member,partnership,area\nLCC,Leeds HWB,Leeds\n")
    with pytest.raises(InputErrors) as info:
        build_graph([orgs, members])
    (err,) = info.value.errors
    assert "the row's area 'Leeds' does not tell them apart" in err.msg
    assert "give the row an area" not in err.msg
    assert "organisation:leeds-city-council (in Leeds)" in err.msg
    # generic names with no area on the row: the areas that would tell them apart
    boards = write(tmp_path / "partnerships.csv", "name,area\nHealth and Wellbeing Board,Kent\n"
                   "Health and Wellbeing Board,Leicester\n")
    members = write(tmp_path / "memberships.csv", "member,partnership\n"
                    "Kent County Council,Health and Wellbeing Board\n")
    with pytest.raises(InputErrors, match=r"give the row an area \(one of Kent, Leicester\)"):
        build_graph([boards, members])


# --- a council's tier is its area's --------------------------------------------------------

def test_a_councils_kind_comes_from_the_area_it_covers_before_the_words(tmp_path):
    areas = write(tmp_path / "areas.csv", "code,name,kind\nE07000041,Exeter,district\n"
                  "E06000036,Bracknell Forest,unitary\n")
    orgs = write(tmp_path / "organisations.csv", "name,kind,covers\n"
                 "Norwich City Council,City Council,E07000148\n"  # words: unitary; E07
                 "Leeds City Council,City Council,E08000035\n"  # metropolitan: single tier
                 "Exeter City Council,city council,\n"  # no covers: its name's place
                 "Bracknell Forest Council,council,Bracknell Forest\n"  # no tier in words
                 "Surrey County Council,Local Authority,E10000030\n"
                 "Lincoln City Council,City Council,\n"  # nothing known: the words
                 "Healthwatch Exeter,voluntary,E07000041\n")
    report = build_graph([areas, orgs]).report
    kg = build_graph([areas, orgs]).graph
    kinds = {kg.node(n)["name"]: kg.node(n)["kind"] for n in kg.nodes("Organisation")}
    assert kinds == {"Norwich City Council": "district_council",
                     "Leeds City Council": "unitary_council",
                     "Exeter City Council": "district_council",
                     "Bracknell Forest Council": "unitary_council",
                     "Surrey County Council": "county_council",
                     "Lincoln City Council": "unitary_council",
                     "Healthwatch Exeter": "voluntary"}
    assert [w.split(": ", 1)[1] for w in report.warnings] == [
        "'Norwich City Council' is a district_council (its area E07000148 is a district), "
        "not the unitary_council its kind 'City Council' reads as",
        "'Exeter City Council' is a district_council (its area E07000041 is a district), "
        "not the unitary_council its kind 'city council' reads as"]


def test_a_council_kind_without_a_tier_or_an_area_is_refused_saying_what_settles_it(
        tmp_path):
    orgs = write(tmp_path / "organisations.csv", "name,kind\nWoking Borough Council,Local "
                 "Authority\n")
    with pytest.raises(InputErrors) as info:
        build_graph([orgs])
    (err,) = info.value.errors
    assert (err.line, err.field) == (2, "kind")
    assert err.msg.startswith("'Local Authority' says 'Woking Borough Council' is a council "
                              "but not which tier, and no area it covers says")


def test_an_areas_kind_is_its_codes_when_the_words_say_otherwise(tmp_path):
    areas = write(tmp_path / "areas.csv", "code,name,kind\nE07000148,Norwich,city\n"
                  "E06000036,Bracknell Forest,borough\nE10000020,Norfolk,county\n"
                  "E99999999,Somewhere,town\n")
    result = build_graph([areas])
    kg = result.graph
    assert kg.node("area:E07000148")["kind"] == "district"
    assert kg.node("area:E06000036")["kind"] == "unitary"  # 'borough' reads as a district
    assert kg.node("area:E10000020")["kind"] == "county"
    assert kg.node("area:E99999999")["kind"] == "town"  # a prefix the schema does not know
    assert [w.split(": ", 1)[1] for w in result.report.warnings] == [
        "area E07000148 'Norwich' is a district by its code, not the city its kind cell says",
        "area E06000036 'Bracknell Forest' is a unitary by its code, not the district its "
        "kind cell says"]


def test_a_covers_name_several_areas_have_is_the_one_the_bodys_kind_covers(tmp_path):
    """'Shire' is the county, the police force area and the fire authority: the police
    cover the police force area, the fire service the fire authority's, the council, its
    board and a voluntary body the county, the police and crime plan the force's area."""
    areas = write(tmp_path / "areas.csv", "code,name,kind\nE10000099,Shire,county\n"
                  "E23000099,Shire,police_force_area\nE31000099,Shire,fire_authority\n")
    orgs = write(tmp_path / "organisations.csv", "name,kind,covers\n"
                 "Shire County Council,county council,Shire\nShire Police,police,Shire\n"
                 "Shire Fire and Rescue Service,fire,Shire\nShire PCC,pcc,Shire\n"
                 "Healthwatch Shire,voluntary,Shire\n")
    boards = write(tmp_path / "partnerships.csv", "name,kind,covers\n"
                   "Shire Health and Wellbeing Board,HWB,Shire\n")
    plans = write(tmp_path / "strategies.csv", "name,kind,owner,covers\n"
                  "Shire Police and Crime Plan,police and crime plan,Shire PCC,Shire\n")
    kg = build_graph([areas, orgs, boards, plans]).graph
    covers = {kg.node(n)["name"]: kg.out(n, "COVERS") for n in kg.nodes()
              if kg.type_of(n) in ("Organisation", "Partnership", "Strategy")}
    assert covers == {
        "Shire County Council": ["area:E10000099"], "Shire Police": ["area:E23000099"],
        "Shire Fire and Rescue Service": ["area:E31000099"], "Shire PCC": ["area:E23000099"],
        "Healthwatch Shire": ["area:E10000099"],
        "Shire Health and Wellbeing Board": ["area:E10000099"],
        "Shire Police and Crime Plan": ["area:E23000099"]}
