"""Issue 15, part 4: courtesy titles and honours fold into one identity, kept as the
person's ``title`` ('Cllr Graham Gooch' and 'Graham Gooch' are one person), without
folding distinct people ('Dr A Smith' and 'Mrs B Smith'; 'Dr Smith' and 'Mrs Smith')."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from lspgraph.graph.ids import make_id, person_name
from lspgraph.importers import build_graph
from lspgraph.schemas import load_schema


def people_of(kg) -> dict[str, tuple[str, str | None]]:
    return {p: (kg.node(p)["name"], kg.node(p).get("title")) for p in kg.nodes("Person")}


def test_cllr_graham_gooch_and_graham_gooch_are_one_person(tmp_path):
    people = write(tmp_path / "people.csv", "name,role,organisation\n"
                   "Cllr Graham Gooch,Chair,Lancashire County Council\n")
    members = write(tmp_path / "memberships.csv", "member,partnership,role\n"
                    "Graham Gooch,Lancashire HWB,chair\n"
                    "Councillor Graham Gooch,Lancashire CSP,member\n")
    for order in ([people, members], [members, people]):
        kg = build_graph(order).graph
        assert people_of(kg) == {"person:graham-gooch": ("Graham Gooch", "Cllr")}
        assert {v for _, v, k in kg.nx.out_edges("person:graham-gooch", keys=True)
                if k == "MEMBER_OF"} == {"organisation:lancashire-county-council",
                                         "partnership:lancashire-hwb",
                                         "partnership:lancashire-csp"}


def test_minutes_and_a_people_sheet_meet_in_one_person(tmp_path):
    """The issue's case: the minutes name 'Cllr Graham Gooch', the sheet 'Graham Gooch'."""
    sheet = write(tmp_path / "people.csv", "name,role\nGraham Gooch,Chair\n")
    minutes = write(tmp_path / "minutes.txt",
                    "Lancashire Health and Wellbeing Board\n\n12 March 2024\n\nMinutes\n\n"
                    "Present: Cllr Graham Gooch (Chair), Lancashire County Council.\n")
    kg = build_graph([sheet, minutes]).graph
    assert [kg.node(p)["name"] for p in kg.nodes("Person")] == ["Graham Gooch"]


def test_distinct_people_stay_distinct(tmp_path):
    path = write(tmp_path / "memberships.csv", "member,partnership\n"
                 "Dr A Smith,Kent HWB\nMrs B Smith,Kent HWB\nDr Smith,Kent HWB\n"
                 "Mrs Smith,Kent HWB\nProf. Sir Jo Bloggs OBE,Kent HWB\n")
    assert people_of(build_graph([path]).graph) == {
        "person:a-smith": ("A Smith", "Dr"),
        "person:b-smith": ("B Smith", "Mrs"),
        "person:dr-smith": ("Dr Smith", "Dr"),  # one word of name: the title stays in it
        "person:mrs-smith": ("Mrs Smith", "Mrs"),
        "person:jo-bloggs": ("Jo Bloggs", "Prof. Sir OBE"),
    }


def test_a_store_built_before_titles_were_folded_meets_the_new_rows(tmp_path):
    from lspgraph.graph import load, save
    from lspgraph.importers import import_files

    store = tmp_path / "old.store"
    first = write(tmp_path / "people.csv", "id,name\nperson:cllr-graham-gooch,Cllr Graham Gooch\n")
    import_files([first], store)
    kg = load(store)
    kg.nx.nodes["person:cllr-graham-gooch"].pop("title", None)
    kg.nx.nodes["person:cllr-graham-gooch"]["name"] = "Cllr Graham Gooch"  # as stored before
    save(kg, store)
    later = write(tmp_path / "memberships.csv", "member,partnership\nGraham Gooch,Kent HWB\n")
    result = import_files([later], store)
    assert sorted(load(store).nodes("Person")) == ["person:cllr-graham-gooch"]
    assert result.report.nodes_added == 1  # the board only


# -- properties of the identity rule -----------------------------------------------------

_IDENTITY = load_schema().identity
_TITLES = st.sampled_from(_IDENTITY["person_titles"])
_HONOURS = st.sampled_from(_IDENTITY["person_honours"])
_WORD = st.sampled_from(["Graham", "Jo", "Priya", "Mary-Ann", "O'Neil", "Smith", "Patel",
                         "Gooch", "Nguyen", "Ellis", "Ng"])
_INITIAL = st.sampled_from(list("ABJKMZ"))
_NAME = st.builds(lambda first, last: f"{first} {last}", st.one_of(_WORD, _INITIAL), _WORD)


@given(_NAME, st.lists(_TITLES, min_size=1, max_size=2), st.lists(_HONOURS, max_size=1))
def test_titles_and_honours_fold_into_the_bare_name(name, titles, honours):
    titled = " ".join([*titles, name, *honours])
    bare, title = person_name(titled)
    assert bare == name
    assert title == " ".join([*titles, *honours])
    assert make_id("Person", titled) == make_id("Person", name)


@given(st.one_of(st.text(max_size=40),
                 st.builds(lambda t, n: f"{t} {n}", _TITLES, st.one_of(_NAME, _WORD))))
def test_folding_is_idempotent(text):
    bare, _ = person_name(text)
    assert person_name(bare)[0] == bare


@given(_NAME, _NAME, _TITLES, _TITLES)
def test_different_names_are_never_folded_whatever_their_titles(a, b, ta, tb):
    if a.lower() != b.lower():
        assert make_id("Person", f"{ta} {a}") != make_id("Person", f"{tb} {b}")


_counter = itertools.count()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(_NAME, st.one_of(st.none(), _TITLES)), min_size=1, max_size=4,
                unique_by=lambda p: p[0].lower()),
       st.randoms(use_true_random=False))
def test_the_order_of_import_does_not_matter(tmp_path, people, rnd):
    """Each person written with and without their title, in rows and files of any order:
    the same people, with the same titles, come out."""
    rows = [f"{title} {name}" if title and with_title else name
            for name, title in people for with_title in (True, False)]
    outcomes = []
    for _ in range(2):
        rnd.shuffle(rows)
        half = len(rows) // 2
        files = [write(tmp_path / f"{next(_counter)}-people.csv",
                       "name\n" + "\n".join(part) + "\n") for part in (rows[:half], rows[half:])]
        rnd.shuffle(files)
        outcomes.append(people_of(build_graph(files).graph))
    assert outcomes[0] == outcomes[1]
    assert len(outcomes[0]) == len(people)
    assert sorted(title for _, title in outcomes[0].values() if title) == sorted(
        person_name(f"{t} {n}")[1] for n, t in people if t)


@given(_WORD, _TITLES, _TITLES)
def test_one_word_names_keep_their_titles_apart(surname, ta, tb):
    """'Dr Smith' and 'Mrs Smith' could be anyone called Smith: they stay two."""
    if ta.lower().rstrip(".") != tb.lower().rstrip("."):
        assert make_id("Person", f"{ta} {surname}") != make_id("Person", f"{tb} {surname}")
