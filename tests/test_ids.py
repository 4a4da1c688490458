"""Identity rules: ids are stable and readable; spellings of one entity meet; places stay apart."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from lspgraph.graph.ids import identity_key, is_generic, make_id, slug

names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
spaced = st.lists(st.sampled_from(["Hertfordshire", "County", "Council", "NHS", "Trust",
                                   "&", "Health", "Board", "Kent", "St", "Albans", "CCG"]),
                  min_size=1, max_size=8)


@given(names)
def test_slug_is_readable_ascii_and_idempotent(name):
    s = slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s)
    assert len(s) <= 80
    assert slug(s) == s


@given(spaced, st.sampled_from([" ", "  ", "\u00a0", "\t"]), st.booleans())
def test_ids_ignore_case_spacing_and_punctuation(words, sep, upper):
    name = " ".join(words)
    variant = sep.join(words) + " ."
    variant = variant.upper() if upper else variant.lower()
    assert make_id("Organisation", name) == make_id("Organisation", variant)
    assert identity_key(name) == identity_key(variant)


@given(names)
def test_identity_key_is_idempotent_on_its_words(name):
    key = identity_key(name)
    assert identity_key(key) == key


def test_known_aliases_meet():
    assert identity_key("Herts Valleys CCG") == identity_key(
        "Herts Valleys NHS Clinical Commissioning Group")
    assert identity_key("Herts Valley NHS Clinical Commissioning Group") == identity_key(
        "Herts Valleys CCG")
    assert identity_key("Hertfordshire LEP") == identity_key(
        "Hertfordshire Local Enterprise Partnership")
    assert identity_key("Kent HWB") == identity_key("Kent Health & Wellbeing Board")
    assert identity_key("Kent County Council") != identity_key("Essex County Council")


def test_generic_names_are_qualified_by_area():
    assert is_generic("Health and Wellbeing Board")
    assert not is_generic("Kent Health and Wellbeing Board")
    kent = make_id("Partnership", "Health and Wellbeing Board", area="Kent")
    leic = make_id("Partnership", "Health and Wellbeing Board", area="Leicester")
    assert kent != leic
    assert kent == make_id("Partnership", "Kent Health and Wellbeing Board", area="Kent")
    assert make_id("Organisation", "Watford Borough Council", area="Hertfordshire") == \
        "organisation:watford-borough-council"


def test_scoped_ids_and_long_texts():
    a = make_id("Action", "x " * 100, scope="strategy:s")
    assert a.startswith("action:s/") and len(a) < 100
    assert make_id("Action", "x " * 100 + "y", scope="strategy:s") != a
