"""Public bodies known from ONS data: ICBs, sub-ICB locations, police force areas, fire and
rescue authorities, community safety partnerships and councils.

The names come from data, not from documents: ``schemas/public_bodies.yaml`` (written by
``tools/make_bodies.py`` from the ONS lookups; Open Government Licence) and
``schemas/places.yaml`` (every local authority area). How documents write each kind of
body's name ('NHS {place}', '{place} Police', 'London Borough of {place}') is a cue in
``schemas/documents.yaml`` (``gazetteer``). A name written in one of those forms is found
even where no head-word rule would find it ('Norfolk and Waveney ICB'), and gets its ONS
code and official name.

Finding is by anchors, not by one pattern of a thousand names: a form's fixed words
('ICB', 'Constabulary', 'London Borough of') are looked for, and the few words before or
after each are looked up in a table of folded names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..schemas import read_reference

__all__ = ["Known", "codes", "find", "serving"]

#: At most this many words of place in a name ('Bath and North East Somerset, Swindon and
#: Wiltshire' has nine).
_PLACE_WORDS = 10
_TOKEN = re.compile(r"[A-Za-z0-9][\w’'\-]*|&")


@dataclass(frozen=True)
class Known:
    """A public body the gazetteer knows: its ONS name, type, kind and code."""

    name: str
    type: str
    kind: str
    code: str


@cache
def _bodies() -> dict[str, list[dict[str, Any]]]:
    """The bodies of public_bodies.yaml by kind of area, read once."""
    return read_reference("public_bodies.yaml")["bodies"]


def _fold(words: list[str]) -> str:
    return " ".join("and" if w == "&" else w.lower().replace("’", "'") for w in words)


def _places(item: dict[str, Any]) -> list[str]:
    """The ways a place is written: 'Bristol, City of' is 'Bristol' and 'City of Bristol';
    '&' and 'and' are one."""
    place = item["place"]
    out = [place]
    m = re.fullmatch(r"(.+), (City|County) of", place)
    if m:
        out = [m[1], f"{m[2]} of {m[1]}"]
    if " the " in place:  # 'Cornwall and the Isles of Scilly' is written without 'the' too
        out.append(place.replace(" the ", " "))
    return out


def _entries() -> list[tuple[str, dict[str, Any]]]:
    """(kind of area, entry) for every body of public_bodies.yaml and every council area of
    places.yaml."""
    out = [(kind, item) for kind, items in _bodies().items() for item in items]
    for name, place in read_reference("places.yaml")["places"].items():
        out.append((place["kind"], {"name": name, "place": name, "code": place["code"]}))
    return out


@cache
def _table() -> tuple[dict[str, Known], set[str], set[str]]:
    """Folded written form -> the body; the last words of forms that end in a fixed word and
    the first words of forms that start with one (the anchors)."""
    forms = read_reference("documents.yaml")["gazetteer"]["forms"]
    table: dict[str, Known] = {}
    last: set[str] = set()
    first: set[str] = set()
    for kind, item in _entries():
        for form, (type_, body_kind) in forms.get(kind, {}).items():
            if "{place}" in form and "place" not in item:
                continue
            places = _places(item) if "{place}" in form else [item["name"]]
            for place in places:
                written = form.format(place=place, name=item["name"])
                official = form.format(place=places[0], name=item["name"])
                if kind == "icb":
                    official = item["name"]
                key = _fold(_TOKEN.findall(written))
                table.setdefault(key, Known(official, type_, body_kind, item["code"]))
            fixed = form.replace("{place}", "\0").replace("{name}", "\0")
            words = _TOKEN.findall(fixed.replace("\0", " "))
            if fixed.endswith("\0") and words:
                first.add(words[0])
            elif words:
                last.add(words[-1])
    return table, last, first


def find(text: str) -> list[tuple[str, Known, int, int]]:
    """The known bodies written in ``text``: (as written, body, start, end), longest first
    where two overlap; a name that goes on ('Norfolk County Council Cabinet' is the council,
    'Kent Police and Crime Panel' is not the police) is left to the other rules.

    >>> [(w, k.code) for w, k, *_ in find("Norfolk and Waveney ICB and Suffolk Constabulary")]
    [('Norfolk and Waveney ICB', 'E54000022'), ('Suffolk Constabulary', 'E23000025')]
    >>> [k.name for _, k, *_ in find("the London Borough of Camden and NHS Devon")]
    ['London Borough of Camden', 'NHS Devon Integrated Care Board']
    >>> find("The Kent Police and Crime Panel met.")
    []
    """
    table, last, first = _table()
    tokens = list(_TOKEN.finditer(text))
    hits: list[tuple[int, int, Known]] = []
    for i, t in enumerate(tokens):
        spans: list[tuple[int, int]] = []
        if t[0] in last:  # 'Police' ends '{place} Police' and starts 'Police and Crime ...'
            spans += [(j, i) for j in range(max(0, i - _PLACE_WORDS - 4), i + 1)]
        if t[0] in first:
            spans += [(i, j) for j in range(i, min(len(tokens), i + _PLACE_WORDS + 5))]
        for a, b in spans:
            if not tokens[a][0][:1].isupper():
                continue
            known = table.get(_fold([x[0] for x in tokens[a:b + 1]]))
            if known is not None:
                hits.append((tokens[a].start(), tokens[b].end(), known))
    out: list[tuple[str, Known, int, int]] = []
    taken: list[tuple[int, int]] = []
    for s, e, known in sorted(hits, key=lambda h: h[0] - h[1]):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        more = _longer().match(text, e)
        if more and not any(hs > e and he == more.end() for hs, he, _ in hits):
            continue  # 'Kent Police and Crime Panel': a longer name, not 'X ICB and Y Police'
        out.append((text[s:e], known, s, e))
    return sorted(out, key=lambda h: h[2])


@cache
def _longer() -> re.Pattern[str]:
    """Words that carry a name on to a head word of another body ('... and Crime Panel')."""
    heads = read_reference("documents.yaml")["bodies"]["heads"]
    alt = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"\s+(?:(?:and|&|of)\s+)?(?:[A-Z][\w’'\-]*\s+){{0,5}}?(?:{alt}|Panel)"
                      r"(?![A-Za-z])")


def serving(kind: str, area: str) -> dict[str, Any] | None:
    """The body of ``kind`` (a section of public_bodies.yaml) that serves ``area`` (a district
    or upper-tier area name), with its place words.

    >>> serving("icb", "Norfolk")["name"]
    'NHS Norfolk and Waveney Integrated Care Board'
    """
    for item in _bodies().get(kind, []):
        if area in item.get("serves", []):
            return item
    return None


@cache
def codes(kind: str) -> frozenset[str]:
    """The ONS codes of the bodies of ``kind`` (a section of public_bodies.yaml)."""
    items = _bodies().get(kind, [])
    return frozenset(i["code"] for i in items)
