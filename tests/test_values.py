"""Cell values as Excel and people write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lspgraph.graph.values import parse_date, parse_period, parse_value, split_list

dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


@given(dates)
def test_every_way_of_writing_a_date_gives_iso(d):
    iso = d.isoformat()
    assert parse_date(d) == iso
    assert parse_date(dt.datetime(d.year, d.month, d.day, 0, 0)) == iso
    assert parse_date(iso) == iso
    assert parse_date(d.strftime("%d/%m/%Y")) == iso
    assert parse_date(d.strftime("%-d %B %Y")) == iso
    assert parse_date(d.strftime("%B %-d, %Y")) == iso
    assert parse_date(d.strftime("%Y/%m/%d")) == iso     # 2019/04/01 (issue 15)
    assert parse_date(d.strftime("%d-%m-%Y")) == iso     # 01-04-2019
    assert parse_date(d.strftime("%-d-%b-%Y")) == iso    # 1-Apr-2019, Excel's d-mmm-yyyy
    assert parse_date(d.strftime("%b-%Y")) == iso[:7]    # Apr-2019
    assert parse_date(d.strftime("%d/%m/%Y 00:00")) == iso  # a date-time cell in a CSV
    assert parse_date(d.strftime("%A %-d %B %Y")) == iso  # Monday 1 April 2019
    assert parse_date(d.strftime("%a, %-d %b %Y")) == iso  # Mon, 1 Apr 2019
    assert parse_date(d.strftime("%Y-%m-%dT%H:%M:%SZ")) == iso
    serial = (d - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == iso
    assert parse_date(str(serial)) == iso
    assert parse_date(d.strftime("%B %Y")) == iso[:7]
    assert parse_date(d.year) == str(d.year)


@pytest.mark.parametrize("bad", ["soon", "31/02/2014", "2014-13", "13/13/2013", "", "Q3"])
def test_non_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


@pytest.mark.parametrize(("text", "want"), [
    ("2016-2020", "2016-2020"), ("2016/17", "2016-2017"), ("2017 to 2030", "2017-2030"),
    ("2016 – 2020", "2016-2020"), ("2024", "2024"),
    # plans are often dated by financial year, or by month (a held-out landscape's
    # community safety strategy, '2024/25 - 2026/27', was refused before)
    ("2024/25 - 2026/27", "2024-2027"), ("2024/25 to 2026/27", "2024-2027"),
    ("2008/09-2010/11", "2008-2011"), ("1999/00", "1999-2000"),
    ("April 2024 - March 2027", "2024-2027"), ("Sept 2023 to Aug 2026", "2023-2026"),
    ("March 2025", "2025"), ("2024–27", "2024-2027"),
])
def test_periods(text, want):
    assert parse_period(text) == want


@pytest.mark.parametrize("bad", ["2020-2016", "2024/25 - 2022/23", "2024-10", "Q3 2024 - Q1 2026",
                                 "Spring 2024 - 2026", "from 2024"])
def test_reversed_or_unreadable_periods_are_refused(bad):
    with pytest.raises(ValueError, match="is not a period"):
        parse_period(bad)


def test_numbers_lists_and_booleans():
    assert parse_value("integer", "1,198,832") == 1198832
    assert parse_value("integer", 98983.0) == 98983
    with pytest.raises(ValueError):
        parse_value("integer", "about 100")
    assert parse_value("boolean", "Yes") is True
    assert split_list(" A ;B|  C\nD ") == ["A", "B", "C", "D"]
    assert split_list(["x", " ", None]) == ["x"]
    assert parse_value("string", "  trailing   spaces\u00a0") == "trailing spaces"


@pytest.mark.parametrize(("written", "iso"), [
    ("2024-25", "2025-03"), ("2024/25", "2025-03"), ("FY 2024/25", "2025-03"),
    ("Q4 2025/26", "2026-03"), ("Q1 2026/27", "2026-06"), ("Q2 2026", "2026-06"),
    ("by end of March 2026", "2026-03"), ("End of 2026", "2026"), ("by 31/03/2026", "2026-03-31"),
    ("2024-10", "2024-10"),  # a month still, not a financial year
])
def test_a_table_reads_dates_as_plans_write_what_is_due(written, iso):
    assert parse_value("date", written) == iso


@pytest.mark.parametrize("written", ["2024-13", "2023-25", "Q5 2026", "by", "end of TBC",
                                     "summer 2024"])
def test_what_is_still_no_date(written):
    with pytest.raises(ValueError):
        parse_value("date", written)


def test_a_date_cell_saying_there_is_no_date_is_blank_with_a_warning(tmp_path):
    from conftest import write
    from lspgraph.importers import build_graph

    actions = write(tmp_path / "actions.csv", "strategy,name,due\nPlan,Do one,TBC\n"
                    "Plan,Do two,Ongoing\nPlan,Do three,N/A\nPlan,Do four,tbc\n"
                    "Plan,Do five,2025/26\n")
    result = build_graph([actions])
    kg = result.graph
    due = {kg.node(n)["name"]: kg.node(n).get("due") for n in kg.nodes("Action")}
    assert due == {"Do one": None, "Do two": None, "Do three": None, "Do four": None,
                   "Do five": "2026-03"}
    assert result.report.warnings == [
        f"actions.csv, column 'due': '{t}' is no date; read as blank (1 row)"
        for t in ("N/A", "Ongoing", "TBC", "tbc")]
