"""Resolutions: what a meeting decided or a paper recommends.

Minutes and decision pages record decisions in a few shapes, each read by a small rule whose
cue is in ``schemas/documents.yaml`` (``decisions``):

- a lead-in and the numbered or lettered items below it, whether or not the 'RESOLVED'
  heading survived: 'RESOLVED', 'That Cabinet:', 'It was resolved unanimously to:', 'The
  Board agreed that:', 'RECOMMENDATIONS'. An item that ends in a colon carries its own list
  ('(ii) Agrees that the following five key outcomes be approved:'): the sub-items are
  joined to it with '; ';
- 'RESOLVED' (or a ModernGov 'Decision' heading) with the decision written as a sentence, on
  its line or the next;
- decisions recorded in prose: 'The Board agreed to ...', 'It was agreed that ...'.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..schemas import read_reference
from . import Block, Document
from .lists import enumerated, shape

__all__ = ["agreed", "lead_in", "resolutions"]


def _clean(text: str) -> str:
    text = re.sub(r"[;,]?\s*(?:and|or)$", "", text.strip())
    return text.strip().rstrip(";.,").strip()


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["decisions"]


@cache
def _lead_ins() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["lead_ins"]), re.M)


def lead_in(text: str) -> re.Match[str] | None:
    """The decision lead-in a block holds ('RESOLVED', 'That Cabinet:'), if any; the
    decision itself may follow on the same line.

    >>> bool(lead_in("That the Health and Wellbeing Board:"))
    True
    >>> bool(lead_in("It was resolved unanimously to:")), bool(lead_in("Decision"))
    (True, True)
    >>> bool(lead_in("The strategy was agreed in March."))
    False
    """
    return _lead_ins().search(text.strip())


def _item(text: str, block: Block) -> dict[str, Any]:
    return {"text": text, "line": block.line}


def _items(blocks: list[Block], i: int) -> tuple[list[dict[str, Any]], int]:
    """The numbered or lettered items from block ``i`` on, with an item's own sub-list
    (another mark shape, after an item ending in a colon) joined to it; and where they end.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("a) approve the plan;\\n\\nb) agree these outcomes:\\n\\n"
    ...                 "(i) safer streets;\\n\\n(ii) fewer harms;\\n\\nc) note the report.")
    >>> [r["text"] for r in _items(doc.blocks, 0)[0]]
    ['approve the plan', 'agree these outcomes: safer streets; fewer harms', 'note the report']
    """
    out: list[dict[str, Any]] = []
    top = shape(blocks[i].text) if i < len(blocks) else ""
    subs: list[str] = []
    j = i
    while j < len(blocks):
        text = enumerated(blocks[j].text)
        if text is None and blocks[j].kind == "list_item":
            text = blocks[j].text  # a list element with no mark (a web page, a slide)
        if text is None:
            break
        if shape(blocks[j].text) == top or not out:
            if subs:
                out[-1]["text"] += " " + "; ".join(subs)
                subs = []
            out.append(_item(_clean(text), blocks[j]))  # keeps a final ':'
        elif out[-1]["text"].endswith(":"):
            subs.append(_clean(text))
        else:
            break
        j += 1
    if subs:
        out[-1]["text"] += " " + "; ".join(subs)
    return out, j


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.;])\s+(?=[A-Z(])", text.strip())[0]


def _one_sentence(text: str) -> bool:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip())) <= 1


def resolutions(doc: Document) -> list[dict[str, Any]]:
    """Each decision after a lead-in: its items, else the sentence on its line or below."""
    out: list[dict[str, Any]] = []
    blocks = doc.blocks
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        m = lead_in(block.text)
        if not m:
            continue
        after = block.text[m.end():].strip(" :-–\n")
        j = i + 1
        # 'That the Health and Wellbeing Board:' below 'RESOLVED': a second lead-in
        while j < len(blocks) and not after and lead_in(blocks[j].text) and \
                not blocks[j].text.strip(" :")[m.end() - m.start():]:
            used.add(j)
            j += 1
        if j < len(blocks) and not after and blocks[j].text.rstrip().endswith(":") and \
                enumerated(blocks[j].text) is None and len(blocks[j].text) < 80:
            used.add(j)  # 'The Board:'
            j += 1
        inline = enumerated(after) if after else None
        if after and inline is None and len(after.split()) > 3:
            out.append(_item(_clean(_first_sentence(after)), block))
            continue
        if inline is not None:  # 'RESOLVED that (1) ...' on one line
            out.append(_item(_clean(inline), block))
        found, end = _items(blocks, j)
        if found:
            out.extend(found)
            used.update(range(j, end))
        elif j < len(blocks) and not after and _one_sentence(blocks[j].text) and \
                not lead_in(blocks[j].text) and len(blocks[j].text.split()) > 3:
            out.append(_item(_clean(blocks[j].text), blocks[j]))
    for r in agreed(doc):
        if not any(r["text"] in o["text"] or o["text"] in r["text"] for o in out):
            out.append(r)
    return [r for r in out if r["text"].strip(" :;")]


@cache
def _agreed() -> re.Pattern[str]:
    bodies = "|".join(_rules()["prose_bodies"])
    return re.compile(rf"(?:^|(?<=[.;]\s))(?:The (?:{bodies})|It was|Members)(?: also)? "
                      r"agreed (?P<how>that|to)\s+(?P<t>[^.;:]+)(?=[.;]|$)")


def agreed(doc: Document) -> list[dict[str, Any]]:
    """Decisions recorded in prose ('The Board agreed to ...').

    >>> from lspgraph.documents import read_text
    >>> [r["text"] for r in agreed(read_text("The Board agreed to hold a summit in May."))]
    ['to hold a summit in May']
    """
    out = []
    for block in doc.blocks:
        for m in _agreed().finditer(block.text):
            text = _clean(m["t"] if m["how"] == "that" else f"to {m['t']}")
            if len(text.split()) > 3:
                out.append(_item(text, block))
    return out
