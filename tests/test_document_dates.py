"""Issue 15, part 3: documents never block their own import on a value the extractor
produced. A date that is not one day, month or year ('summer 2024', 'mid-July') is kept as
written in ``when``, with the months it spans where it gives a year; and whatever text is
built from the extractors' own cues (``schemas/documents.yaml``), extract-then-import never
fails."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from lspgraph.graph.values import as_dated, written_span
from lspgraph.importers import build_graph
from lspgraph.schemas import read_reference

MINUTES = """Lancashire Health and Wellbeing Board

12 March 2024

Minutes

Present: Cllr Graham Gooch (Chair), Lancashire County Council; Dr Jo Example (Director).

The next meeting of the Lancashire Health and Wellbeing Board will be held in summer 2024.
A workshop of the Board will be held in mid-July.
The Board will meet again in spring 2025 to review the plan.
The conference will be in June/July.
"""


def test_minutes_with_loose_dates_import_and_keep_them_as_written(tmp_path):
    path = write(tmp_path / "minutes.txt", MINUTES)
    kg = build_graph([path]).graph
    meetings = {kg.node(m)["name"]: {k: v for k, v in kg.node(m).items()
                                     if k in ("date", "start", "end", "when")}
                for m in kg.nodes("Meeting")}
    assert meetings["Lancashire Health and Wellbeing Board meeting 2024-03-12"] == {
        "date": "2024-03-12"}
    assert meetings["Lancashire Health and Wellbeing Board meeting summer 2024"] == {
        "when": "summer 2024", "start": "2024-06", "end": "2024-08"}
    assert meetings["Lancashire Health and Wellbeing Board meeting mid-July"] == {
        "when": "mid-July"}
    spring = [kg.node(m) for m in kg.nodes("Milestone") if "spring 2025" in kg.node(m)["name"]]
    assert [(m["when"], m["start"], m["end"]) for m in spring] == [
        ("spring 2025", "2025-03", "2025-05")]


def test_the_import_would_have_refused_these_dates_as_dates(tmp_path):
    """What the issue saw: before, a meeting's date 'summer 2024' stopped the import."""
    path = write(tmp_path / "meetings.csv",
                 "name,date\nBoard meeting summer 2024,summer 2024\n")
    from lspgraph.graph import InputErrors

    try:
        build_graph([path])
    except InputErrors as exc:
        assert str(exc.errors[0]) == (
            f"{path}, row 2, column 'date': 'summer 2024' is not a date (use e.g. "
            "2014-07-16, 16/07/2014 or July 2014)")
    else:
        raise AssertionError("a curated table's unreadable date is still an error")


def test_loose_dates_as_written_with_their_span():
    assert as_dated({"date": "summer 2024"}) == {"when": "summer 2024", "start": "2024-06",
                                                 "end": "2024-08"}
    assert as_dated({"date": "winter 2024"}) == {"when": "winter 2024", "start": "2024-12",
                                                 "end": "2025-02"}
    assert as_dated({"date": "mid-July 2024"}) == {"when": "mid-July 2024", "date": "2024-07"}
    assert as_dated({"date": "be held in summer 2024"}) == {
        "when": "be held in summer 2024", "start": "2024-06", "end": "2024-08"}
    assert as_dated({"date": "in 2019/20"}) == {"when": "in 2019/20"}
    assert as_dated({"start": "November", "end": "January"}) == {"when": "November - January"}
    assert as_dated({"date": "2024-02-31"}) == {"when": "2024-02-31"}  # not a day
    assert as_dated({"start": "2024-11", "end": "2023-01"}) == {"when": "2024-11 - 2023-01"}
    assert written_span("July/June 2024") == {}  # not a span


# -- extract then import, over texts made of the extractors' cues ------------------------

_CUES = read_reference("documents.yaml")
_PLACES = ["Lancashire", "Kent", "Preston", "Blackpool", "Leicester", "Herts Valleys"]
_PEOPLE = ["Graham Gooch", "Jo Example", "A Smith", "Sam Sample", "Priya Patel"]
_DATES = ["12 March 2024", "summer 2024", "spring 2025", "mid-July", "June/July", "2004/5",
          "31 February 2024", "3rd October", "21/13/2011", "30/02/2024", "winter 2023",
          "autumn 2014", "c. June 2015", "March - January", "Nov 03 - Jan 02", "Feb 04",
          "in 2019", "by December 2024", "Monday, 2024", "mid-June 2025", "early May 2024",
          "1 April 2019", "2019/04/01", "01/04/2019", "late 2024"]


def _pick(key: str, sub: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(_CUES[key][sub]))


_BODY = st.builds(lambda p, h: f"{p} {h}", st.sampled_from(_PLACES),
                  st.sampled_from(sorted(_CUES["bodies"]["heads"])))
_PLAN = st.builds(lambda p, h, y: f"{p} {h} {y}", st.sampled_from(_PLACES),
                  _pick("strategies", "heads"),
                  st.sampled_from(["2024-2029", "2029-2024", "2016/17", "", "2024"]))
_DATE = st.sampled_from(_DATES)
_SENTENCES = st.one_of(
    st.builds(lambda t, n, r, b: f"Present: {t} {n} ({r}), {b}; Dr {n}, {r}.",
              _pick("people", "titles"), st.sampled_from(_PEOPLE), _pick("people", "roles"),
              _BODY),
    st.builds(lambda b, v, d: f"The {b} {v} on {d}.", _BODY, _pick("meetings", "verbs"),
              _DATE),
    st.builds(lambda b, d: f"The next meeting of the {b} will be held in {d}.", _BODY, _DATE),
    st.builds(lambda e, d: f"A {e} will be held in {d}.", _pick("meetings", "events"), _DATE),
    st.builds(lambda p, d: f"RESOLVED: That the Board approve the {p} by {d}.", _PLAN, _DATE),
    st.builds(lambda b, p, s: f"The {b} {s} the {p}.", _BODY, _PLAN,
              _pick("strategies", "status").map(str)),
    st.builds(lambda w, a, b: f"Our {w} are:\n- {a}\n- {b}", _pick("themes", "levels"),
              st.sampled_from(["Starting well", "Living well", "Ageing well"]),
              st.sampled_from(["Safer streets", "Good jobs", "Healthy weight"])),
    st.builds(lambda b, d: f"We will:\n- work with {b} to reduce smoking by {d}\n"
                           f"- publish the plan in {d}", _BODY, _DATE),
    st.builds(lambda n, v: f"{n} {v} the report.", st.sampled_from(_PEOPLE),
              _pick("people", "speech_verbs")),
    st.builds(lambda d: f"{d}", _DATE),  # a timetable heading, or a date alone
    st.builds(lambda t, n: f"Apologies were received from {t} {n} and {n}.",
              _pick("people", "titles"), st.sampled_from(_PEOPLE)),
    st.builds(lambda g, v, p: f"{g} {v} the {p}.", _pick("bodies", "generic"),
              st.sampled_from(["agreed", "met to discuss", "endorsed"]), _PLAN),
    st.builds(lambda a, k, d: f"The {a} and the {k} met on {d}.", _pick("bodies", "abbreviated"),
              _pick("bodies", "kind_acronyms"), _DATE),
    st.builds(lambda pre, p, b: f"{pre} {p} and {b} agreed the plan.",
              _pick("bodies", "prefixed"), st.sampled_from(_PLACES),
              _pick("bodies", "known")),
    st.builds(lambda a, b, h: f"The {a} and {b} {h} was formed.", st.sampled_from(_PLACES),
              st.sampled_from(_PLACES), _pick("bodies", "heads")),
    st.builds(lambda d, a, b: f"{d}\n\n- {a}\n- {b}", _DATE,
              st.sampled_from(["Consultation opens", "Board sign-off"]),
              st.sampled_from(["Plan published", "Review"])),
    st.builds(lambda lead, a: f"{lead}\n(a) {a}\n(b) that the Board note the report",
              st.sampled_from(["RESOLVED:", "AGREED that", "Decisions:", "It was resolved that"]),
              _PLAN.map(lambda p: f"the {p} be approved")),
    st.builds(lambda n, w, a: f"Priority {n}: {a}. Our {w} is that {a}.",
              _pick("lists", "numbers"), st.sampled_from(["vision", "ambition"]),
              st.sampled_from(["everyone lives well in a safe place", "good health for all"])),
    st.builds(lambda b, p, t, n: f"{b} owns the {p}. Lead: {t} {n}, {b}.", _BODY, _PLAN,
              _pick("people", "titles"), st.sampled_from(_PEOPLE)),
)
_DOCUMENT = st.builds(
    lambda head, date, body: "\n\n".join([head, date, *body]),
    _BODY, st.sampled_from(["12 March 2024", "", "Minutes", "1 April 2019"]),
    st.lists(_SENTENCES, min_size=1, max_size=8))
EXAMPLES = int(os.environ.get("LSPGRAPH_FUZZ_EXAMPLES", "40")) * 2


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_DOCUMENT)
def test_whatever_the_extractor_finds_imports(tmp_path, text):
    path = tmp_path / "minutes.txt"
    path.write_text(text, encoding="utf-8")
    build_graph([path])  # any error here is an extractor output the import refuses
