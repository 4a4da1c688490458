"""The second county landscape (tests/data/landscapes/lancashire): what it holds, and that
its geography is real (every code it names is in the ONS lookups, under the same name)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from conftest import LANCASHIRE, ONS, console, lancashire_files
from lspgraph import queries
from lspgraph.importers import build_graph
from lspgraph.queries.gaps import LABELS


def test_the_landscape_holds_what_its_readme_says(lancashire):
    kg = lancashire
    counts = Counter(kg.type_of(n) for n in kg.nodes())
    assert counts["Organisation"] == 13 and counts["Partnership"] == 5
    assert counts["Strategy"] == 4 and counts["Action"] == 21
    assert not [n for n in kg.nodes() if kg.node(n).get("inferred")
                and kg.type_of(n) in ("Organisation", "Partnership", "Strategy")]
    themes = {kg.node(t)["name"] for t in kg.nodes("Theme")}
    assert {"Starting well", "Living well", "Ageing well"} <= themes


def test_every_code_is_a_real_ons_area_with_its_name(shared):
    names: dict[str, set[str]] = {}
    for path in ONS.glob("*.csv"):
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            up = [h.upper() for h in header]
            pairs = [(i, up.index(h[:-2] + "NM")) for i, h in enumerate(up)
                     if h.endswith("CD") and h[:-2] + "NM" in up]
            for row in reader:
                for c, n in pairs:
                    names.setdefault(row[c], set()).add(row[n])
    used: set[str] = set()
    for path in lancashire_files():
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for col in ("covers", "within", "code"):
                    used |= {c.strip() for c in (row.get(col) or "").split(";") if c.strip()}
    assert used and all(code in names for code in used), sorted(used - set(names))
    with (LANCASHIRE / "areas.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["name"] in names[row["code"]], row


def test_no_within_link_puts_the_county_in_the_police_force_area(lancashire):
    # the police and crime plan covers E23000003; only footprints can tell that it covers
    # the county (issue 18's false gap)
    kg = lancashire
    assert "area:E23000003" not in kg.out("area:E10000017", "WITHIN")
    plan = kg.find("Police and Crime Plan for Lancashire", ("Strategy",))[0]
    assert kg.out(plan, "COVERS") == ["area:E23000003"]


# --- gaps by footprint, and scoped to the landscape (issue 18, items 1 and 2) -----------

RULES = queries.load_rules()
AREA_KINDS = ("required_plan_missing", "area_without_partnership")


def _area_gaps(kg, **params):
    df = queries.run("gaps", kg, rules=params.pop("rules", RULES), **params)
    return df[df.kind.isin(AREA_KINDS)]


def test_the_police_and_crime_plan_covers_the_county_by_footprint(lancashire_england):
    _, kg = lancashire_england
    gaps = _area_gaps(kg)
    police = gaps[gaps.detail.str.contains("Police and crime plan")]
    # the plan covers E23000003, which holds all 760 of the county's LSOAs and both
    # unitaries': no WITHIN link says so, the footprints do
    assert police.empty, police.to_dict("records")
    county = gaps[gaps.subject == "area:E10000017"]
    assert "no Local transport plan covers this area" in " ".join(county.detail)


def test_without_the_lookups_only_the_areas_the_data_places_are_covered(lancashire):
    # areas.csv puts three districts in the county and the police force area, and nothing
    # in the unitaries: the county is covered by footprint, Blackpool is not (yet)
    gaps = _area_gaps(lancashire)
    police = gaps[gaps.detail.str.contains("Police and crime plan")]
    assert set(police.subject) == {"area:E06000008", "area:E06000009"}
    row = police[police.subject == "area:E06000009"].iloc[0]
    assert row.covered == 0.0 and "of its finest areas" in row.detail
    assert row.footprint == ("Police and Crime Plan for Lancashire: "
                             "E23000003 Lancashire (police force area)")


def test_a_finding_says_which_footprint_was_checked_and_how_much_it_covered(lancashire_england):
    _, kg = lancashire_england
    strict = queries.load_rules()
    strict["gaps"]["footprint_share"] = 1.01  # nothing can pass: every nearest is reported
    gaps = _area_gaps(kg, rules=strict, area="E10000017")
    row = gaps[gaps.detail.str.contains("Police and crime plan")].iloc[0]
    assert row.covered == 1.0
    assert row.footprint.endswith("E23000003 Lancashire (police force area)")
    assert "covers 100% of its population; the rule asks for 101%" in row.detail
    hwb = gaps[gaps.kind == "area_without_partnership"].iloc[0]
    assert hwb.footprint.startswith("Lancashire Health and Wellbeing Board: E10000017")


def test_only_the_landscapes_own_areas_are_checked(lancashire_england):
    _, kg = lancashire_england
    gaps = _area_gaps(kg)
    # no flood: the county and the two unitaries its police force area reaches, nothing else
    assert set(gaps.subject) == {"area:E10000017", "area:E06000008", "area:E06000009"}
    every = _area_gaps(kg, all_areas=True)
    assert len(every) > 1000 and "area:E10000015" in set(every.subject)  # Hertfordshire too


def test_geography_loaded_only_as_reference_yields_no_findings():
    kg = build_graph([LANCASHIRE / "areas.csv"]).graph
    assert queries.run("gaps", kg, rules=RULES).empty
    assert len(_area_gaps(kg, all_areas=True)) > 0


def test_summary_one_row_per_area_and_kind(lancashire_england):
    _, kg = lancashire_england
    detail = queries.run("gaps", kg, rules=RULES)
    summary = queries.run("gaps", kg, rules=RULES, summary=True)
    assert not summary.duplicated(["area", "kind"]).any()
    row = summary[(summary.area == "E10000017")
                  & (summary.kind == "required_plan_missing")].iloc[0]
    assert row.area_name == "Lancashire (county)"
    assert row.findings == ((detail.subject == "area:E10000017")
                            & (detail.kind == "required_plan_missing")).sum() == 5
    assert "Local transport plan" in row.subjects
    actions = summary[summary.kind == "action_without_lead"]
    assert actions.findings.sum() >= (detail.kind == "action_without_lead").sum()


# --- coterminosity on the landscape (issue 18, item 4) ----------------------------------

def test_coterminosity_around_an_area_overlapping_pairs_first(lancashire_england):
    _, kg = lancashire_england
    df = queries.run("coterminosity", kg, rules=RULES, kinds=["police_force_area", "icb"],
                     area="E10000017")
    overlapping = df[df.jaccard > 0]
    # the three police force areas that share people with the county's ICB come first
    assert list(df.index[:len(overlapping)]) == list(overlapping.index)
    assert list(overlapping.a_name) == ["Lancashire (police force area)",
                                        "Cumbria (police force area)",
                                        "North Yorkshire (police force area)"]
    assert set(overlapping.b_name) == {
        "NHS Lancashire and South Cumbria Integrated Care Board (integrated care board area)"}
    best = overlapping.iloc[0]
    assert best.outside == ()  # the police force area lies wholly in the ICB
    assert any(s.startswith("E06000064 Westmorland and Furness: 171,861 people (106 of 142")
               for s in best.missing)
    assert "missing_areas" not in df.columns


def test_coterminosity_areas_named_with_their_kind_and_listed_in_full(lancashire_england):
    _, kg = lancashire_england
    df = queries.run("coterminosity", kg, rules=RULES,
                     between=["E10000017", "E23000003", "E31000023"], full=True)
    assert set(df.a_name) | set(df.b_name) == {
        "Lancashire (county)", "Lancashire (police force area)",
        "Lancashire (fire and rescue authority area)"}
    row = df[(df.a == "area:E10000017") & (df.b == "area:E23000003")].iloc[0]
    assert row.containment == 1.0 and row.outside_areas == ()
    # the district summary names the two unitaries; the full list, each of their LSOAs
    assert [s.split(":")[0] for s in row.missing] == ["E06000008 Blackburn with Darwen",
                                                      "E06000009 Blackpool"]
    assert len(row.missing_areas) == row.b_areas - row.a_areas
    assert all(c.startswith("E01") for c in row.missing_areas)


# --- findings name their subject (issue 18, item 3) --------------------------------------

def test_findings_name_their_subject_and_cite_files_by_name(lancashire):
    gaps = queries.run("gaps", lancashire, rules=RULES)
    action = gaps[gaps.subject.str.endswith("/share-care-records-between-hospitals-and-social-care")
                  & (gaps.kind == "action_without_lead")].iloc[0]
    assert action.subject_name == "Share care records between hospitals and social care"
    assert action.evidence == "actions.csv, row 22"  # the file's name and row, no local path
    area = gaps[gaps.subject == "area:E06000009"].iloc[0]
    assert area.subject_name == "E06000009 Blackpool (unitary authority)"
    assert not gaps.evidence.str.contains("/").any()
    assert not gaps.rule.str.contains("Hampshire").any()  # rules in general terms
    assert gaps.kind.map(LABELS).notna().all()
    dups = queries.run("duplicates", lancashire, rules=RULES)
    assert len(dups) == 2 and set(dups.a_source) | set(dups.b_source) <= {
        f"actions.csv, row {n}" for n in range(2, 23)}


# --- readable output (issue 18, item 6) --------------------------------------------------

def test_output_lists_joined_in_csv_and_cut_in_tables(lancashire_england):
    store, _ = lancashire_england
    args = ["query", "coterminosity", "--store", str(store), "--kind", "police_force_area,icb",
            "--area", "E10000017"]
    out = console(*args, "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["a_name"] == "Lancashire (police force area)"
    assert rows[0]["missing"].startswith("E06000063 Cumberland: 8,517 people (6 of 177 areas); ")
    assert "['" not in out.stdout
    table = console(*args, "--limit", "3")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "(+14 more)" in lines[2]  # Cumbria's row: the ICB's 15 other districts
    assert max(map(len, lines)) < 700
    full = json.loads(console(*args, "--format", "json").stdout)
    assert "missing_areas" not in rows[0]  # the full lists only in JSON
    assert len(full[0]["missing"]) == 3 and len(full[0]["missing_areas"]) == 6 + 106 + 3


# --- the report of one of the landscape's partnerships (issue 18, done means) ------------

def test_report_names_every_subject_without_paths_or_codes(lancashire_england):
    import re

    from lspgraph.outputs import report as reports

    _, kg = lancashire_england
    built = reports.build(kg, "partnership:lancashire-health-and-wellbeing-board")
    page = built.html
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    # no local path anywhere, JSON-LD and Turtle included
    for text in (page, built.turtle):
        assert str(LANCASHIRE) not in text and "file://" not in text
    # no raw vocabulary code where people read
    schema = kg.schema
    codes = {v for vocab in schema.vocabularies.values() for v in vocab.values if "_" in v}
    codes |= set(LABELS)
    shown = [c for c in codes if re.search(rf"\b{re.escape(c)}\b", visible)]
    assert not shown, shown
    assert "Health and wellbeing board" in visible and "Not started" in visible
    assert "Joint health and wellbeing strategy" in visible
    # each gap names its subject: the action's text, the area by code and kind
    assert ("Action with no lead: Help more people to die in the place they choose"
            in visible)
    assert "source: actions.csv, row" in visible
    assert ("Required plan missing: E10000017 Lancashire (county): no Local transport plan"
            in visible)
    assert "Alex Example" in visible and "Director of Public Health" in visible


def test_gaps_from_the_console_on_the_landscape_with_national_lookups(lancashire_england):
    store, _ = lancashire_england
    county = console("query", "gaps", "--store", str(store), "--area", "E10000017",
                     "--format", "csv")
    assert county.returncode == 0, county.stderr  # findings are an answer, not an error
    rows = list(csv.DictReader(io.StringIO(county.stdout)))
    assert rows and not [r for r in rows if "Police and crime plan" in r["detail"]]
    assert {r["subject_name"] for r in rows} == {"E10000017 Lancashire (county)"}
    everything = console("query", "gaps", "--store", str(store), "--format", "json")
    areas = {r["subject"] for r in json.loads(everything.stdout)
             if r["kind"] in AREA_KINDS}
    assert areas == {"area:E10000017", "area:E06000008", "area:E06000009"}
    summary = console("query", "gaps", "--store", str(store), "--summary", "--all-areas",
                      "--format", "csv", "--fail-on-findings")
    assert summary.returncode == 1  # findings, asked to fail on them
    rows = list(csv.DictReader(io.StringIO(summary.stdout)))
    assert len({r["area"] for r in rows}) > 150 and all(int(r["findings"]) for r in rows)
    cot = json.loads(console("query", "coterminosity", "--store", str(store), "--between",
                             "E10000017,E23000003", "--format", "json").stdout)
    assert len(cot[0]["missing_areas"]) == 945 - 760  # JSON: the full list


def test_the_view_shows_vocabulary_labels(lancashire):
    from lspgraph.outputs import view

    page = view.build(lancashire).html
    assert "Health and wellbeing board" in page and "Not started" in page
    assert "health_and_wellbeing_board" not in page and "not_started" not in page
