"""Slide transcripts: each slide a line ('5 THEMES  Prosperity  Health'), its title and
points run together. A slide is split into its title (a heading) and its points (list
items), so that lists, themes, actions and resolutions read slides as they read pages.

A slide's title is the run of words in capitals at its start or end ('RECOMMENDATIONS'),
else its first phrase. Points are split at bullet characters; without bullets, where a
phrase ends and a new one begins with a capital ('... for local people Growth of the city
centre economy'), except after a small word that leads into a name ('Led by the Sheffield
First ...'). A colon ends a lead-in: 'Delivered through five themes: Wealth theme Health
theme' is a lead-in and its items.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..schemas import read_reference
from . import BULLETS, Block, Document

__all__ = ["numbered", "phrases", "split", "title"]

_SLIDE = re.compile(r"^(\d{1,2})\s+(?=\S)")
_B = f"[{re.escape(BULLETS)}]"


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["slides"]


def title(text: str) -> tuple[str, str]:
    """(title, the rest) of a slide's text: capitals at its start or end are its title.

    >>> title("SAFETY Cut re-offending by young adults")
    ('SAFETY', 'Cut re-offending by young adults')
    >>> title("Keep the Assembly Stop the Executive Group RECOMMENDATIONS")
    ('RECOMMENDATIONS', 'Keep the Assembly Stop the Executive Group')
    >>> title("Health Narrowing the gap Led by Sheffield PCT")
    ('Health', 'Narrowing the gap Led by Sheffield PCT')
    """
    caps = r"(?:[A-Z][A-Z'’&\-]+|[A-Z]|\d{4}\.?)(?:\s+(?:[A-Z][A-Z'’&\-]+|[A-Z]|\d{4}\.?))*"

    def worded(t: str) -> bool:  # a word, not an acronym or a year ('PCT', '2008')
        return any(len(w) >= 5 and w.isalpha() for w in t.split())

    m = re.match(rf"^({caps})(?=\s+[A-Z]?[a-z]|$)", text)
    if m and worded(m[1]):
        return m[1], text[m.end():].strip()
    m = re.search(rf"(?<=[a-z0-9.)])\s+({caps})$", text)
    if m and worded(m[1]):
        return m[1], text[:m.start()].strip()
    # 'Wealth More and better jobs': one capitalised word, then a phrase
    m = re.match(r"^([A-Z][a-z]+)\s+(?=[A-Z][a-z]+\s+[a-z])", text)
    if m:
        return m[1], text[m.end():].strip()
    return "", text


def phrases(text: str) -> list[str]:
    """A slide's points when no bullet marks them: a new phrase starts with a capital after
    a word in lower case (or a number), unless that word leads into a name ('the'); points
    that are noun phrases ('a new structure a mechanism for ...') start at each article.

    >>> phrases("More and better jobs Growth of the city centre Led by the Sheffield First Board")
    ['More and better jobs', 'Growth of the city centre', 'Led by the Sheffield First Board']
    >>> phrases("What we will deliver a new structure a mechanism for pooling budgets")
    ['What we will deliver', 'a new structure', 'a mechanism for pooling budgets']
    """
    small = set(_rules()["name_leads"])
    words = text.split()
    out: list[list[str]] = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        new = i == 0 or (w[:1].isupper() and (prev[:1].islower() or prev[:1].isdigit()) and
                         prev.lower() not in small and prev[-1:] not in ",;&-")
        if new:
            out.append([w])
        else:
            out[-1].append(w)
    parts = [" ".join(p) for p in out]
    split: list[str] = []
    for p in parts:
        bits = re.split(r"\s+(?=(?:a|an) [a-z])", p)
        split.extend(bits if len(bits) >= 3 else [p])
    return split


def _pieces(text: str) -> list[tuple[str, str]]:
    """(kind, text) pieces of one slide's content after its number."""
    head, rest = title(text)
    marks = rf"\s*{_B}\s+|\s{{2,}}"  # a bullet, or the double space a lost bullet leaves
    bits = [b.strip() for b in re.split(marks, rest) if b.strip()] if \
        re.search(rf"(?:^|\s){_B}\s|\S\s{{2,}}\S", rest) else None
    out: list[tuple[str, str]] = []
    if bits is None:
        chunks = re.split(r"(?<=:)\s+", rest)
        points: list[tuple[str, str]] = []
        for chunk in chunks:
            if chunk.endswith(":"):
                lead = phrases(chunk)
                points.extend(("list_item", p) for p in lead[:-1])
                points.append(("paragraph", lead[-1]))
            else:
                points.extend(("list_item", p) for p in phrases(chunk))
        if not head and points and points[0][0] == "list_item":
            head = points.pop(0)[1]
        out = points
    else:
        out = [("list_item", b) for b in bits]
    if head:
        out.insert(0, ("heading", head))
    # a label and its value ('Vision: a successful city') stays one paragraph
    merged: list[tuple[str, str]] = []
    for kind, t in out:
        if merged and merged[-1][1].endswith(":") and len(merged[-1][1].split()) == 1:
            merged[-1] = ("paragraph", f"{merged[-1][1]} {t}")
        else:
            merged.append((kind, t))
    return merged


#: A slide of a transcript that lists each slide as a numbered bullet ('• 6. Economy'),
#: its points as the bullets below.
_BULLETED = re.compile(rf"^\s*{_B}\s*(\d{{1,2}})\.\s+(?=\S)")


def numbered(doc: Document) -> bool:
    """Whether the document is a transcript whose slides are numbered bullets: four or more
    blocks '• 1. ...', '• 2. ...' numbered one after another.

    >>> from lspgraph.documents import read_text
    >>> numbered(read_text("• 1. Title\\n• 2. Aims\\n  • Jobs\\n• 3. Health\\n• 4. End\\n"))
    True
    """
    numbers = [int(m[1]) for b in doc.blocks if (m := _BULLETED.match(b.text))]
    run = 1
    for a, b in zip(numbers, numbers[1:], strict=False):
        run = run + 1 if b == a + 1 else 1
        if run >= 4:
            return True
    return False


def split(doc: Document) -> Document:
    """The document with each run-together slide split into its title and points; a
    numbered bullet's slide title alone ('• 6. Economy') is a heading. Below a 'Slides:'
    line a slide need not be numbered: one that opens or ends with a title in capitals is
    split too.

    >>> from lspgraph.documents import read_text
    >>> doc = split(read_text("Slides:\\n\\nOUR PRIORITIES Safer streets Cleaner parks\\n"))
    >>> [(b.kind, b.text) for b in doc.blocks[1:]]
    [('heading', 'OUR PRIORITIES'), ('list_item', 'Safer streets'), \
('list_item', 'Cleaner parks')]
    """
    out = Document(doc.source, doc.format, dropped=list(doc.dropped))
    listed = False  # below a 'Slides:' line, where each line is a slide, numbered or not
    for b in doc.blocks:
        m = _SLIDE.match(b.text) or _BULLETED.match(b.text)
        pieces = _pieces(b.text[m.end():].strip()) if m else []
        if m is None and listed and title(b.text.strip())[0]:
            pieces = _pieces(b.text.strip())  # 'PRIORITIES FOR ACTION Safer streets ...'
        listed = listed or b.text.strip() in ("Slides:", "Slides")
        if len(pieces) == 1 and pieces[0][0] == "heading" and _BULLETED.match(b.text):
            t = pieces[0][1]
            at = b.text.find(t)
            out.blocks.append(Block("heading", t, b.start + at, b.start + at + len(t), b.line))
            continue
        if len(pieces) < 2:
            out.blocks.append(b)
            continue
        pos = 0
        for kind, t in pieces:
            at = b.text.find(t, pos)
            at = at if at >= 0 else pos
            pos = at + len(t)
            out.blocks.append(Block(kind, t, b.start + at, b.start + at + len(t), b.line))
    return out
