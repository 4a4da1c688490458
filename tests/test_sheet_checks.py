"""Issue 15, parts 5 and 6: the headers and dates real spreadsheets use are read; a header
close to an accepted one is refused with the accepted names; checks that belong to the data
(an end before its start) are refused at import and found by ``validate``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import workbook, write
from lspgraph.graph import InputErrors
from lspgraph.importers import build_graph
from lspgraph.importers.tabular import accepted_headers, match_template


def graph_of(*paths):
    return build_graph(paths).graph


def errors_of(*paths) -> list[str]:
    with pytest.raises(InputErrors) as err:
        build_graph(paths)
    return [str(e) for e in err.value.errors]


# -- part 6: headers real sheets use ---------------------------------------------------

def test_organisation_headers_as_councils_write_them(tmp_path):
    path = write(tmp_path / "organisations.csv",
                 "Organisation Name,Organisation type,ODS code,Web address,Notes\n"
                 "Kent County Council,county council,,https://kent.example,upper tier\n")
    kg = graph_of(path)
    node = kg.node("organisation:kent-county-council")
    assert (node["kind"], node["website"], node["note"]) == (
        "county_council", "https://kent.example", "upper tier")


def test_org_name_header_is_sniffed_as_an_organisations_sheet(tmp_path):
    path = write(tmp_path / "export 2024.csv", "Org name,Sector\nKent Police,police\n")
    kg = graph_of(path)
    assert kg.node("organisation:kent-police")["kind"] == "police"


def test_partnership_and_membership_headers(tmp_path):
    boards = write(tmp_path / "partnerships.csv",
                   "Partnership name,Partnership type,Area\n"
                   "Health and Wellbeing Board,HWB,Kent\n")
    members = write(tmp_path / "memberships.csv",
                    "Member organisation,Partnership name,Role on board,Date appointed,Term ends\n"
                    "Kent Police,Kent Health and Wellbeing Board,member,2019/04/01,31 March 2023\n")
    kg = graph_of(boards, members)
    edge = kg.nx.edges["organisation:kent-police",
                       "partnership:kent-health-and-wellbeing-board", "MEMBER_OF"]
    assert (edge["role"], edge["start"], edge["end"]) == ("member", "2019-04-01", "2023-03-31")


def test_action_plan_headers_lead_officer_and_target_date(tmp_path):
    path = write(tmp_path / "actions.csv",
                 "Strategy name,Action title,Lead organisation,Lead officer,Target date,"
                 "RAG status,Progress update\n"
                 "Kent Health Plan,Reduce smoking in pregnancy,Kent County Council,"
                 "Jo Bloggs,01-04-2019,amber,on track for spring\n")
    kg = graph_of(path)
    (action,) = kg.nodes("Action")
    data = kg.node(action)
    assert (data["due"], data["status"], data["note"]) == (
        "2019-04-01", "in_progress", "on track for spring")
    leads = sorted(u for u, _, k in kg.nx.in_edges(action, keys=True) if k == "LEADS")
    assert leads == ["organisation:kent-county-council", "person:jo-bloggs"]
    assert kg.type_of("person:jo-bloggs") == "Person"  # an officer is a person, not a body


def test_accepted_headers_are_declared_in_the_schema_not_in_code():
    actions = accepted_headers(match_template("actions"))
    assert actions["target date"] == "due" and actions["lead officer"] == "lead_officer"
    assert accepted_headers(match_template("organisations"))["organisation name"] == "name"


# -- part 6: dates real sheets use -----------------------------------------------------

@pytest.mark.parametrize(("written", "iso"), [
    ("2019/04/01", "2019-04-01"), ("1 April 2019", "2019-04-01"),
    ("01-04-2019", "2019-04-01"), ("1-Apr-2019", "2019-04-01"), ("01/04/19", "2019-04-01"),
    ("Apr-2019", "2019-04"), ("Apr-19", "2019-04"), ("1st April 2019", "2019-04-01"),
])
def test_dates_as_spreadsheets_write_them(tmp_path, written, iso):
    path = write(tmp_path / "actions.csv",
                 f"strategy,action,due date\nKent Health Plan,Open a clinic,{written}\n")
    (action,) = graph_of(path).nodes("Action")
    assert graph_of(path).node(action)["due"] == iso


def sheet(path, title: str, *rows: list) -> object:
    """A one-sheet workbook named `title` holding `rows`."""
    return workbook(path, list(rows), title)


def test_excel_dates_in_an_xlsx_are_read_as_dates(tmp_path):
    path = sheet(tmp_path / "plan.xlsx", "Actions", ["Strategy", "Action", "Target date"],
                    ["Kent Health Plan", "Open a clinic", dt.date(2019, 4, 1)],
                    ["Kent Health Plan", "Train staff", dt.datetime(2020, 3, 31)],
                    ["Kent Health Plan", "Review", 43921])  # a date cell without its format
    kg = graph_of(path)
    due = {kg.node(a)["name"]: kg.node(a)["due"] for a in kg.nodes("Action")}
    assert due == {"Open a clinic": "2019-04-01", "Train staff": "2020-03-31",
                   "Review": "2020-03-31"}


# -- part 5: near-miss headers ---------------------------------------------------------

_ACTION_COLUMNS = ("area, due, id, indicator, inferred, key, lead, lead_officer, name, note, "
                   "objective, partners, source, status, strategy, theme")


def test_a_header_close_to_a_column_is_refused_with_the_accepted_names(tmp_path):
    path = write(tmp_path / "actions.csv",
                 "strategy,action,due by\nKent Health Plan,Open a clinic,2019-04-01\n")
    assert errors_of(path) == [
        f"{path}, row 1, column 'due by': 'due by' is close to 'due' but is not a name the "
        "actions template reads, so its values would be lost: for the due column write one "
        "of by, by when, completion date, date, date due, deadline, due, due date, target "
        f"completion date, target date (accepted columns: {_ACTION_COLUMNS})"]


@pytest.mark.parametrize(("header", "close", "column"), [
    ("Partnershp", "partnership", "partnership"),   # a letter missing
    ("Strat date", "start date", "start"),          # letters swapped and lost
    ("member org", "member", "member"),             # an accepted name and one word more
])
def test_misspelt_membership_headers_are_refused(tmp_path, header, close, column):
    path = write(tmp_path / "memberships.csv",
                 f"member,partnership,{header}\nKent Police,Kent HWB,x\n"
                 if header != "Partnershp" else
                 f"member,{header}\nKent Police,Kent HWB\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}, row 1, column '{header}': '{header}' is close to "
                              f"'{close}' but is not a name the memberships template reads, "
                              f"so its values would be lost: for the {column} column write "
                              "one of ")


def test_clearly_extra_columns_pass_with_a_note(tmp_path):
    path = write(tmp_path / "organisations.csv",
                 "name,Budget,Comments\nKent Police,5,a partner since 2010\n")
    result = build_graph([path])
    assert result.notices == [f"{path}, row 1: column 'Budget' is not part of the "
                              "organisations template; ignored"]
    assert result.graph.node("organisation:kent-police")["note"] == "a partner since 2010"


def test_the_readme_lists_headers_and_dates_that_are_read():
    """The README's 'Column templates' names headers and dates: each one is read."""
    import re
    from pathlib import Path

    from lspgraph.graph.values import parse_date
    from lspgraph.importers.tabular import _accepted, near_miss

    text = Path(__file__).resolve().parents[1].joinpath("README.md").read_text()
    headers = text.split("The headers councils' own sheets use are accepted too")[1]
    headers, refused = headers.split("A header\nthat is close")[0], headers.split(
        "A header\nthat is close")[1].split("is passed over")[0]
    accepted = {h: c for t in ("organisations", "partnerships", "memberships", "strategies",
                               "actions") for h, c in accepted_headers(match_template(t)).items()}
    named = re.findall(r"`([^`]+)`", headers)
    assert len(named) >= 10
    assert [h for h in named if _accepted(accepted, h) is None
            and h not in ("headers: common", ":")] == []
    close, extra = re.findall(r"`([^`]+)`", refused)[:2], re.findall(r"`([^`]+)`", refused)[2]
    actions = accepted_headers(match_template("actions"))
    members = accepted_headers(match_template("memberships"))
    assert near_miss(close[0], actions) and near_miss(close[1], members)
    assert near_miss(extra, accepted_headers(match_template("organisations"))) is None
    dates = text.split("and dates as text (")[1].split("as Excel dates")[0]
    written = re.findall(r"`([^`]+)`", dates)
    assert len(written) == 10
    assert {parse_date(d)[:7] for d in written} == {"2014-07"}


# -- part 5: an end before its start ---------------------------------------------------

def test_a_membership_that_ends_before_it_starts_is_refused(tmp_path):
    path = write(tmp_path / "memberships.csv",
                 "member,partnership,start,end\n"
                 "Kent Police,Kent HWB,2016-04-01,\n"
                 "Kent Fire,Kent HWB,2020-04-01,31/03/2019\n")
    assert errors_of(path) == [
        f"{path}, row 3, column 'end': the end (2019-03-31) is before the start "
        "(2020-04-01, column 'start')"]


def test_a_plan_that_ends_before_it_starts_names_the_columns_as_written(tmp_path):
    path = sheet(tmp_path / "plans.xlsx", "Strategies",
                    ["Strategy name", "Start date", "End date"],
                    ["Kent Health Plan", dt.date(2024, 4, 1), "March 2023"])
    assert errors_of(path) == [
        f"{path} sheet 'Strategies', row 2, column 'End date': the end (2023-03) is before "
        "the start (2024-04-01, column 'Start date')"]


def test_an_end_in_the_start_year_is_not_before_it(tmp_path):
    path = write(tmp_path / "milestones.yaml",
                 "milestones:\n  - what: consultation\n    start: 2024-05\n    end: 2024\n")
    (m,) = graph_of(path).nodes("Milestone")
    assert (graph_of(path).node(m)["start"], graph_of(path).node(m)["end"]) == ("2024-05",
                                                                                 "2024")


def test_validate_finds_an_end_before_its_start_in_a_store_built_earlier(tmp_path):
    from conftest import console
    from lspgraph.graph import load, save

    store = tmp_path / "old.store"
    plans = write(tmp_path / "strategies.csv", "name,start,end\nKent Health Plan,2016,2020\n")
    members = write(tmp_path / "memberships.csv",
                    "member,partnership,start,end\nKent Police,Kent HWB,2016-04-01,2019\n")
    assert console("import", str(plans), str(members), "--store", str(store)).returncode == 0
    assert console("validate", "--store", str(store)).returncode == 0
    kg = load(store)  # as an earlier lspgraph, which took these, would have stored them
    kg.nx.nodes["strategy:kent-health-plan"]["end"] = "2015"
    kg.nx.edges["organisation:kent-police", "partnership:kent-hwb", "MEMBER_OF"]["end"] = \
        "2015-03-31"
    save(kg, store)
    out = console("validate", "--store", str(store), "--format", "csv")
    assert out.returncode == 1
    assert "strategy:kent-health-plan: the end (2015) is before the start (2016)" in out.stdout
    assert ("organisation:kent-police -MEMBER_OF-> partnership:kent-hwb: the end (2015-03-31) "
            "is before the start (2016-04-01)") in out.stdout


# -- part 6: a title above the header --------------------------------------------------

def test_a_title_above_the_header_is_passed_over_and_rows_keep_their_numbers(tmp_path):
    book = sheet(tmp_path / "plan.xlsx", "Actions",
                    ["Kent Health and Wellbeing Board: action plan 2024"], [],
                    ["Strategy", "Action", "Target date"],
                    ["Kent Health Plan", "Open a clinic", dt.date(2019, 4, 1)],
                    ["Kent Health Plan", "Train staff", "whenever"])
    assert errors_of(book) == [f"{book} sheet 'Actions', row 5, column 'Target date': "
                               "'whenever' is not a date (use e.g. 2014-07-16, 16/07/2014 "
                               "or July 2014)"]
    text = write(tmp_path / "actions.csv", "Kent action plan 2024\n\nStrategy,Action,Due by\n"
                 "Kent Health Plan,Open a clinic,2019-04-01\n")
    (message,) = errors_of(text)
    assert message.startswith(f"{text}, row 3, column 'Due by': 'Due by' is close to 'due'")


def test_a_one_column_sheet_still_has_its_first_row_as_header(tmp_path):
    book = sheet(tmp_path / "orgs.xlsx", "Organisations", ["Name"], ["Kent Police"],
                    ["Kent County Council"])
    assert sorted(graph_of(book).nodes("Organisation")) == [
        "organisation:kent-county-council", "organisation:kent-police"]


def test_a_near_miss_key_in_yaml_is_named_by_its_section(tmp_path):
    path = write(tmp_path / "plan.yaml", "actions:\n  - strategy: Kent Health Plan\n"
                 "    action: Open a clinic\n    due by: 2024-03-01\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}, section 'actions', column 'due by': 'due by' is close "
                              "to 'due' but is not a name the actions template reads")


def test_headers_with_a_hint_in_brackets_or_a_colon_are_read(tmp_path):
    path = write(tmp_path / "actions.csv",
                 "Strategy:,Action,Target date (dd/mm/yyyy),Status [RAG],Lead organisation?\n"
                 "Kent Health Plan,Open a clinic,01/04/2019,green,Kent Police\n")
    kg = graph_of(path)
    (action,) = kg.nodes("Action")
    assert (kg.node(action)["due"], kg.node(action)["status"]) == ("2019-04-01", "in_progress")
    assert kg.nx.has_edge("organisation:kent-police", action, "LEADS")


def _all_accepted() -> list[tuple[str, str, str]]:
    from lspgraph.schemas import load_schema

    return sorted((t, h, c) for t in load_schema().templates
                  for h, c in accepted_headers(match_template(t)).items())


@given(st.sampled_from(_all_accepted()), st.sampled_from(["upper", "title", "same"]),
       st.sampled_from([" ", "_", "-"]), st.sampled_from(["", ":", " (optional)", " [text]", "*"]))
def test_any_spelling_of_an_accepted_header_is_its_column(entry, case, space, tail):
    """Case, the word separator, a closing ':' or a bracketed hint never change which
    column a header is read as."""
    from lspgraph.importers.tabular import _accepted

    template, header, column = entry
    written = getattr(str, case, lambda s: s)(header.replace(" ", space)) + tail
    assert _accepted(accepted_headers(match_template(template)), written) == column


def test_a_semicolon_file_with_a_title_line_is_read_by_its_header(tmp_path):
    """Excel writes a title cell as a row of empty cells after it: 'Title;;'."""
    path = write(tmp_path / "actions.csv", "Kent action plan 2024;;\n;;\n"
                 "Strategy;Action;Target date\nKent Health Plan;Open a clinic;01/04/2019\n")
    (action,) = graph_of(path).nodes("Action")
    assert graph_of(path).node(action)["due"] == "2019-04-01"


def test_a_one_column_file_with_separators_in_its_names_keeps_its_header(tmp_path):
    path = write(tmp_path / "organisations.csv", "name\nKent Police; Kent Fire\nKent CC\n")
    assert len(list(graph_of(path).nodes("Organisation"))) == 2


def test_the_command_refuses_a_near_miss_header_and_writes_nothing(tmp_path):
    from conftest import console

    store = tmp_path / "x.store"
    path = write(tmp_path / "actions.csv",
                 "strategy,action,due by\nKent Health Plan,Open a clinic,2019-04-01\n")
    out = console("import", str(path), "--store", str(store))
    assert out.returncode == 1 and not store.exists()
    assert out.stderr.startswith("Error: 1 error in the input; nothing was imported:\n"
                                 f"  {path}, row 1, column 'due by': 'due by' is close to "
                                 "'due'")


@pytest.mark.parametrize(("header", "column"), [
    ("ONS code", "covers"), ("Area code", "covers"), ("Areas covered", "covers"),
    ("Covers area", "covers"), ("Type of organisation", "kind"), ("Abbreviation", "aliases"),
    ("Acronym", "aliases"),
])
def test_headers_users_give_a_body_are_read(tmp_path, header, column):
    """Each was refused as 'close to' another column (so the whole landscape was), or
    passed over."""
    value = {"covers": "E10000016", "kind": "county council", "aliases": "KCC"}[column]
    orgs = write(tmp_path / "organisations.csv", f"Name,{header}\nKent County Council,{value}\n")
    result = build_graph([orgs])
    kg = result.graph
    node = "organisation:kent-county-council"
    got = {"covers": kg.out(node, "COVERS"), "kind": kg.node(node).get("kind"),
           "aliases": kg.node(node).get("aliases")}[column]
    assert got == {"covers": ["area:E10000016"], "kind": "county_council",
                   "aliases": ["KCC"]}[column]
    assert not result.notices


def test_headers_no_template_reads_but_sheets_carry_are_passed_over(tmp_path):
    """'Published' is not a misspelt 'publisher', nor an action's 'Start date' its 'target
    date': passed over with a note; 'Lead partnership' is the strategy's owner."""
    plans = write(tmp_path / "strategies.csv", "Name,Lead partnership,Published\n"
                  "Shire Plan,Shire Board,2024\n")
    actions = write(tmp_path / "actions.csv", "Strategy,Action,Start date,Timescale\n"
                    "Shire Plan,Do one thing,2024-04,12 months\n")
    members = write(tmp_path / "memberships.csv", "Member,Partnership,Voting member\n"
                    "Shire Council,Shire Board,Yes\n")
    result = build_graph([plans, actions, members])
    kg = result.graph
    assert kg.into("strategy:shire-plan", "OWNS") == ["partnership:shire-board"]
    ignored = sorted(n.split("column '")[1].split("'")[0] for n in result.notices)
    assert ignored == ["Published", "Start date", "Timescale", "Voting member"]
