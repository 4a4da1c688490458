"""The caches that make a national import fast (issue 22) give what the functions give.

An import normalises each distinct name once and parses each distinct cell once; these
properties check that the remembered answer is the computed one, whatever the text and
however often it is asked for.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lspgraph.graph import ids
from lspgraph.graph.merge import _add_provenance, _Builder
from lspgraph.graph.model import KnowledgeGraph
from lspgraph.graph.records import Origin, Ref
from lspgraph.graph.values import parse_value

# names as they come: words, generic words, abbreviations, odd spaces, invisible and
# non-Latin characters, punctuation
_PIECES = st.sampled_from(["Kent", "Health", "and", "Wellbeing", "Board", "HWB", "CCG",
                           "the", "Council", "Cllr", "OBE", "Children’s", "&", "α", "Kеnt",
                           "\u200b", "\u00a0", "  ", "\x1b", "-", "'s", ";", "1", "Trust"])
NAMES = st.one_of(st.text(max_size=30),
                  st.lists(_PIECES, max_size=8).map(" ".join))


@given(st.lists(NAMES, min_size=1, max_size=6))
def test_clean_text_remembered_is_clean_text_computed(names):
    for name in names + names:  # each asked twice: the second answer comes from the cache
        assert ids.clean_text(name) == ids._clean(name)


# ASCII as cells come (words, digits, punctuation, the backtick, runs of spaces), and with
# the control characters and other white space a pasted cell may hold
_ASCII = st.one_of(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
                   st.text(st.characters(max_codepoint=127), max_size=40))


@given(st.lists(_ASCII, min_size=1, max_size=6))
def test_clean_text_of_ascii_is_what_the_unicode_path_gives(texts):
    """The ASCII short cut of _clean gives what NFKC, the apostrophes and the invisible
    characters' removal give."""
    for text in texts + ["a `quoted` name", " \t Kent\x1b[31m  County\x7f ", "`", ""]:
        assert ids._clean(text) == ids._normalised(text)


def _identity_key_word_by_word(name: str) -> str:
    """identity_key as it was written before its words were remembered one by one."""
    from lspgraph.schemas import load_schema

    ident = load_schema().identity
    out: list[str] = []
    for word in ids._ascii_words.__wrapped__(name):
        for w in ident["abbreviations"].get(word, word).split():
            if w not in set(ident["drop_words"]):
                out.append(ids._singular(w))
    return " ".join(out + ids._lost(name))


@given(NAMES)
def test_identity_key_and_is_generic_remembered_are_computed(name):
    for _ in range(2):
        assert ids.identity_key(name) == _identity_key_word_by_word(name)
        assert ids.is_generic(name) == ids.is_generic.__wrapped__(name)


def test_identity_key_still_expands_drops_and_singularises():
    assert ids.identity_key("The Herts Valleys CCG") == _identity_key_word_by_word(
        "The Herts Valleys CCG") == "hertfordshire valley clinical commissioning group"


def test_clean_text_of_something_not_text_is_cleaned_as_its_text():
    assert ids.clean_text(12) == "12"
    assert ids.clean_text(["a  b"]) == "['a b']"


_TYPES = st.sampled_from(["text", "date", "period", "integer", "number", "boolean",
                          "vocab:action_status", "list"])
_CELLS = st.one_of(st.sampled_from(["2024", "2024-03", "31/03/2025", "March 2025",
                                    "2021-2025", "yes", "no", "1,234", "12", "complete",
                                    "in progress", "not a date", "", " Kent ", "a; b"]),
                   st.text(max_size=12))


@given(st.lists(st.tuples(_TYPES, _CELLS), min_size=1, max_size=10))
def test_each_distinct_cell_parsed_once_gives_what_parsing_gives(cells):
    builder = _Builder(KnowledgeGraph())
    for type_name, cell in cells + cells:
        try:
            want = ("value", parse_value(type_name, cell))
        except ValueError as exc:
            want = ("error", str(exc))
        try:
            got = ("value", builder._parse(type_name, cell))
        except ValueError as exc:
            got = ("error", str(exc))
        assert got == want


_ORIGINS = st.builds(Origin, st.sampled_from(["a.csv", "b.csv", "minutes.txt"]),
                     st.one_of(st.none(), st.integers(0, 30), st.sampled_from(["line 3", "4"])))


@given(st.lists(_ORIGINS, max_size=8))
def test_provenance_kept_in_order_as_when_sorted_after_every_origin(origins):
    data: dict = {}
    want: list[Origin] = []
    for o in origins:
        _add_provenance(data, o)
        if o not in want:
            want.append(o)
            want.sort(key=Origin.sort_key)
        assert data["provenance"] == want


_CELL_LISTS = st.lists(st.one_of(NAMES, st.sampled_from(['"Health; Care"', "a | b", "\n"])),
                       max_size=4).map("; ".join)


@given(_CELL_LISTS)
def test_a_cell_split_once_gives_what_splitting_gives_and_a_list_of_its_own(cell):
    from lspgraph.graph.values import _split_text, split_list

    first = split_list(cell)
    assert first == list(_split_text.__wrapped__(cell))
    first.append("changed by the caller")
    assert split_list(cell) == list(_split_text.__wrapped__(cell))


@given(NAMES)
def test_a_names_words_remembered_are_its_words_computed(name):
    words = ids._words(name)
    assert words == list(ids._ascii_words.__wrapped__(name))
    words.append("changed by the caller")
    assert ids._words(name) == list(ids._ascii_words.__wrapped__(name))


class _Unremembered(_Builder):
    """The merge's builder without resolve()'s memory of references (as it was before)."""

    def resolve(self, ref, origin):
        if ref.record is not None:
            return self.resolved.get(id(ref.record))
        return self._resolve(ref, origin)


_PLAN = Ref(text="Plan", types=("Strategy",))
_REFS = [
    Ref(text="Kent County Council", types=("Organisation",), create="Organisation"),
    Ref(text="Kent  County Council", types=("Organisation", "Partnership")),
    Ref(text="Health", types=("Theme",), scope=_PLAN),
    Ref(text="Health", types=("Theme",), create="Theme",
        scope=Ref(text="Plan", types=("Strategy",), create="Strategy")),
    Ref(text="E10000015", types=("Area",)),
    Ref(text="organisation:kent-county-council", types=("Organisation",)),
    Ref(text="Kent Board", types=("Partnership", "Organisation"), create="Partnership"),
]
_NODES = [("Organisation", "Kent County Council", None),
          ("Organisation", "The Kent County Council", None),  # the same identity key
          ("Strategy", "Plan", None), ("Strategy", "The Plan", None),
          ("Theme", "Health", "strategy:plan"), ("Partnership", "Kent Board", None)]
_STEPS = st.lists(st.one_of(st.tuples(st.just("resolve"), st.integers(0, len(_REFS) - 1)),
                            st.tuples(st.just("add"), st.integers(0, len(_NODES) - 1))),
                  max_size=14)


def _run(builder: _Builder, steps: list[tuple[str, int]]) -> list:
    from lspgraph.graph.ids import make_id

    out = []
    for i, (what, n) in enumerate(steps):
        origin = Origin("a.csv", i + 2)
        if what == "resolve":
            out.append(builder.resolve(_REFS[n], origin))
        else:
            type_name, name, scope = _NODES[n]
            builder._put_node(make_id(type_name, name, scope=scope), type_name,
                              {"name": name}, origin, scope)
    r = builder.report
    return [out, [str(e) for e in builder.errors], builder.invented,
            (r.nodes_added, r.nodes_merged, r.edges_added, r.edges_merged),
            dict(builder.kg.nx.nodes(data=True)), sorted(builder.kg.nx.edges(keys=True))]


@given(_STEPS)
def test_references_remembered_resolve_as_when_resolved_each_time(steps):
    """resolve() remembers the node a reference found (importers share one Ref among the
    rows naming the same thing) until a node of a type it depends on, its scope's
    included, is indexed; whatever happens in between, every answer, error, invented node
    and count is the one resolving it again would give."""
    assert _run(_Builder(KnowledgeGraph()), steps) == _run(_Unremembered(KnowledgeGraph()),
                                                           steps)


def test_a_reference_resolved_again_is_not_worked_out_again(monkeypatch):
    from lspgraph.graph import merge

    builder = _Builder(KnowledgeGraph())
    origin = Origin("a.csv", 2)
    builder._put_node("strategy:plan", "Strategy", {"name": "Plan"}, origin, None)
    builder._put_node("theme:plan/health", "Theme", {"name": "Health"}, origin,
                      "strategy:plan")
    cleaned: list[str] = []
    real = merge.clean_text
    monkeypatch.setattr(merge, "clean_text", lambda t: cleaned.append(t) or real(t))
    for _ in range(3):
        assert builder.resolve(_REFS[2], origin) == "theme:plan/health"
    assert cleaned == ["Health", "Plan"]  # the theme's name and its scope's, once
    # another strategy with the name's identity key: the scope may now be either
    builder._put_node("strategy:the-plan", "Strategy", {"name": "The Plan"}, origin, None)
    assert builder.resolve(_REFS[2], origin) is None
    assert "could be any of strategy:plan, strategy:the-plan" in str(builder.errors[-1])
