"""Actions: the commitments a document makes.

Three shapes, each read by a small rule whose cue is in ``schemas/documents.yaml``
(``actions``):

- the items of a list whose lead-in ends in 'will:' ('We will:', 'The Safer Northumberland
  Partnership will:', 'Working together, all agencies will:') or that announces
  deliverables ('What the review will deliver');
- sentences that commit their writer: 'We will ...', 'We want to ...', 'We are also working
  to ...';
- action plans laid out in columns, each headed 'We will:' (the sentences after a run of
  such headings, shared out among the columns).

An action's theme is the heading of its column, or the heading above a single 'We will:'.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..schemas import read_reference
from . import BULLETS, Block, Document
from .lists import deliverables_after, enumerated, lists

__all__ = ["actions", "beneficiaries", "commitments", "commits", "committed_blocks",
           "deliverables", "listed"]

_B = f"[{re.escape(BULLETS)}]"
_WE_WILL = re.compile(r"\bWe will:\s*", re.I)
_PAGE = re.compile(r"^\d{1,3}$")


def _clean_item(text: str) -> str:
    text = re.sub(r"^[Ww]e(?: will|(?:'|’)ll)(?: also)? (?=[a-z])", "", text.strip())
    return text.strip().rstrip(";.,:").strip()


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["actions"]


def _action(text: str, block: Block) -> dict[str, Any]:
    s = max(block.text.find(text), 0)
    return {"text": text, "line": block.line, "offset": [block.start + s,
                                                          block.start + s + len(text)],
            "quote": text}


@cache
def _lead_in() -> re.Pattern[str]:
    return re.compile("|".join(_rules()["list_lead_ins"]), re.I)


def deliverables(lst: Any) -> bool:
    """Whether a list is of deliverables: three or more items, most of them noun phrases
    that start with an article ('a smaller board', 'one performance framework'), under a
    lead-in that looks ahead (cue ``actions.deliverables``: 'What the changes will bring',
    'Proposals', 'three enablers that partners will share:').

    >>> from lspgraph.documents import read_text
    >>> from lspgraph.documents.lists import lists
    >>> doc = read_text("Proposals\\n\\n- a smaller board\\n- an annual conference\\n"
    ...                 "- one shared budget\\n")
    >>> deliverables(lists(doc)[0])
    True
    """
    cue = _rules()["deliverables"]
    if len(lst.items) < 3 or not re.search(cue["lead_ins"], lst.intro.strip()[-80:], re.I):
        return False
    led = sum(bool(re.match(cue["items"], it.text.strip())) for it in lst.items)
    return led * 3 >= len(lst.items) * 2


@cache
def _beneficiaries() -> re.Pattern[str]:
    return re.compile(read_reference("documents.yaml")["themes"]["beneficiaries"])


def beneficiaries(lead_in: str) -> bool:
    """Whether a list's lead-in says what people will have or do ('Residents will:'; cue
    ``themes.beneficiaries``): its items make up a vision, not commitments.

    >>> beneficiaries("By 2030 all will be well. Residents will:"), beneficiaries("We will:")
    (True, False)
    """
    return bool(_beneficiaries().search(lead_in.strip()[-120:]))


def commits(lead_in: str) -> bool:
    """Whether a list's lead-in commits to its items ('The Board will:', 'We'll do this
    through:'; cue ``actions.list_lead_ins``); not what residents will have ('Residents
    will:', :func:`beneficiaries`).

    >>> commits("The partnership will:"), commits("Our priorities are:")
    (True, False)
    """
    lead = re.sub(r":\s*[-–]$", ":", lead_in.strip())  # 'The Board will:-'
    return bool(_lead_in().search(lead[-80:])) and not beneficiaries(lead_in)


def _theme_title(lst: Any) -> bool:
    """Whether a list's lead-in is a theme's own title ('Safer Fenby', 'Prosperous
    communities theme'): a short heading-like line, not a sentence or a lead-in."""
    intro = (lst.intro_block.text if lst.intro_block is not None else "").strip()
    return 0 < len(intro.split()) <= 8 and not intro.endswith((".", ":", "?")) and \
        intro[:1].isupper()


def listed(doc: Document) -> list[dict[str, Any]]:
    """Items of lists whose lead-in commits to them ('The partnership will:'), and lists of
    deliverables (:func:`deliverables`).

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("The board will:\\n\\n- meet four times a year\\n- publish a plan\\n")
    >>> [a["text"] for a in listed(doc)]
    ['meet four times a year', 'publish a plan']
    """
    out = []
    inside = committed_blocks(doc)
    for lst in lists(doc):
        k = deliverables_after(lst) if _theme_title(lst) else 0
        if not k and not commits(lst.intro) and not deliverables(lst) and \
                not all(id(it.block) in inside for it in lst.items):
            continue
        for it in lst.items[k:]:  # (a theme's objectives, then what it will deliver)
            text = _clean_item(it.text)
            if text and not _PAGE.match(text):
                out.append(_action(text, it.block))
    return out


@cache
def _section_heading() -> re.Pattern[str]:
    return re.compile(_rules()["section_headings"], re.I)


def _major(text: str) -> bool:
    """A heading of a document's top rank: numbered ('5. HOW WE WORK') or in capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(re.match(r"\d{1,2}\.?\s+[A-Z]", text)) or \
        bool(letters) and all(c.isupper() for c in letters) and len(text.split()) <= 10


def committed_blocks(doc: Document) -> set[int]:
    """The blocks (by ``id``) of sections headed as commitments ('4. WHAT WE WILL DO', cue
    ``actions.section_headings``): list items and their short sub-headings, until a heading
    of the top rank or a paragraph of prose.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("4. WHAT WE WILL DO\\n\\nSafer streets\\n\\n- Light every alley\\n"
    ...                 "- Fund two wardens\\n\\n5. HOW WE WORK\\n\\n- Meet monthly\\n")
    >>> sorted(b.text for b in doc.blocks if id(b) in committed_blocks(doc))
    ['- Fund two wardens', '- Light every alley', 'Safer streets']
    """
    out: set[int] = set()
    inside = False
    for block in doc.blocks:
        text = block.text.strip()
        if _section_heading().match(text):
            inside = True
            continue
        if not inside:
            continue
        short = len(text.split()) <= 10 and not text.endswith(".")
        if _major(text) or not (block.kind == "list_item" or short):
            inside = False
            continue
        out.add(id(block))
    return out


@cache
def _commitment() -> re.Pattern[str]:
    verbs = "|".join(sorted(_rules()["commitments"], key=len, reverse=True))
    # (a bullet may come first: '· We will publish ...')
    return re.compile(rf"(?:(?:^(?:\s*{_B}\s+)?|(?<=[.!?]\s)|(?<=,\sand\s))[Ww]e (?:{verbs})|"
                      rf"(?:^(?:\s*{_B}\s+)?|(?<=[.!?]\s)|(?<=,\s))[Ww]e(?: will|(?:'|’)ll)"
                      r"(?: also)?)"
                      rf"\s+(?P<t>[^.;:!?]+?)(?=,? and we (?:{verbs})\s|[.;!?]|$)")


def commitments(doc: Document) -> list[dict[str, Any]]:
    """Sentences that commit the writer ('We will ...', 'We want to ...').

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("We want to help people move more, and we want to cut smoking by half.")
    >>> [a["text"] for a in commitments(doc)]
    ['help people move more', 'cut smoking by half']
    >>> doc = read_text("With partners, we will open two family hubs. We’ll review it each year.")
    >>> [a["text"] for a in commitments(doc)]
    ['open two family hubs', 'review it each year']
    """
    out = []
    pat = _commitment()
    for block in doc.blocks:
        for m in pat.finditer(block.text):
            text = _clean_item(m["t"])
            if len(text.split()) >= 3:
                out.append(_action(text, block))
    return out


def _sentences(text: str) -> list[str]:
    """Sentences that end with '.' or ';' (what trails without one, such as a heading and a
    page number run on after the last item, is not an item)."""
    parts = [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-Z])", text) if s.strip()]
    return [p for p in parts if p.endswith((".", ";"))]


def _stems(text: str) -> set[str]:
    stop = {"the", "and", "for", "with", "from", "into", "that", "this", "their", "those",
            "which", "most", "more", "across", "between", "whole", "full", "fully"}
    return {w[:4] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in stop}


def _columns(headings: str, k: int) -> list[str]:
    """The k column headings written before k 'We will:' marks: the last k phrases of the
    text before them, split where a lower-case word meets a capitalised one (the headings
    are run together when the columns are transcribed)."""
    phrases = [p.strip() for p in re.split(r"(?<=[a-z]) (?=[A-Z])", headings.strip()) if p]
    return phrases[-k:] if len(phrases) >= k else []


# The most (columns x items x items) the split search may cost: a page has a few columns
# of a few dozen items; a hundred 'We will:' marks in one paragraph took minutes.
_DP_CELLS = 200_000


def _assign(items: list[str], columns: list[str]) -> list[int]:
    """Each item's column, in reading order (items fill the columns one after another):
    the split into contiguous runs whose items share most words with their column's text
    (its heading, and the ambition it abbreviates), with a small preference for columns of
    even length when the words say nothing (dynamic programming over the split points)."""
    n, k = len(items), len(columns)
    even = n / k
    if k * n * n > _DP_CELLS:  # not a page's columns: items fill them evenly (issue 20)
        return [min(int(x / even), k - 1) for x in range(n)]
    stems = [_stems(c) for c in columns]
    score = [[len(st & sc) / (1 + len(st)) ** 0.5 for sc in stems]
             for st in map(_stems, items)]
    # running sums of each column's scores, so that a run's score is one subtraction
    total = [[0.0] * (n + 1) for _ in range(k)]
    for c in range(k):
        for x in range(n):
            total[c][x + 1] = total[c][x] + score[x][c]
    best = [[-1.0] * (k + 1) for _ in range(n + 1)]
    back = [[0] * (k + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(j, n - (k - j) + 1):
            for s in range(j - 1, i):
                if best[s][j - 1] < 0:
                    continue
                v = best[s][j - 1] + total[j - 1][i] - total[j - 1][s] \
                    - 0.25 * abs((i - s) - even)
                if v > best[i][j]:
                    best[i][j], back[i][j] = v, s
    out = [0] * n
    i = n
    for j in range(k, 0, -1):
        s = back[i][j]
        for x in range(s, i):
            out[x] = j - 1
        i = s
    return out


def _marked_items(doc: Document, i: int, tail: str) -> list[dict[str, Any]]:
    """The items of the 'We will:' mark ending block ``i``: the sentences after it on its
    line (``tail``), else the list items below it."""
    block = doc.blocks[i]
    items: list[tuple[str, Block]] = []
    if tail:
        items = [(s, block) for s in _sentences(tail)]
    else:
        for nxt in doc.blocks[i + 1:]:
            if nxt.kind != "list_item":
                break
            items.append((enumerated(nxt.text) or nxt.text, nxt))
    found = []
    for text, where in items:
        text = _clean_item(text)
        if text and not _PAGE.match(text):
            s = where.text.find(text)
            found.append({"text": text, "line": where.line,
                          "offset": [where.start + s, where.start + s + len(text)],
                          "quote": text})
    return found


def _theme_columns(found: list[dict[str, Any]], block: Block, marks: list[re.Match[str]],
                   heading: str | None, themes: list[dict[str, Any]] | None) -> None:
    """Each action's theme: the heading of its column when a run of 'We will:' column
    headings lays the plan out in columns, else the heading above a single 'We will:'."""
    columns = _columns(block.text[:marks[0].start()], len(marks)) if len(marks) > 1 else []
    if columns and len(found) >= len(columns):
        texts = [" ".join([c, *(t["text"] for t in themes or []
                                if t["text"].lower().startswith(c.lower()[:25]))])
                 for c in columns]
        for a, col in zip(found, _assign([a["text"] for a in found], texts), strict=True):
            a["theme"] = columns[col]
    elif len(marks) == 1 and heading and found:
        for a in found:
            a["theme"] = heading


def actions(doc: Document, themes: list[dict[str, Any]] | None = None
            ) -> list[dict[str, Any]]:
    """'We will:' items: list items after the phrase, or the sentences that follow a run of
    'We will:' column headings (action plans laid out in columns). An action's theme is the
    heading of its column (or the heading above a single 'We will:'). Then the items of
    other lists of commitments and the 'We ...' sentences (:func:`listed`,
    :func:`commitments`)."""
    out: list[dict[str, Any]] = []
    heading = None
    for i, block in enumerate(doc.blocks):
        if block.kind == "heading":
            heading = block.text
        marks = list(_WE_WILL.finditer(block.text))
        if not marks:
            continue
        found = _marked_items(doc, i, block.text[marks[-1].end():].strip())
        _theme_columns(found, block, marks, heading, themes)
        out.extend(found)
    seen = {a["text"].lower() for a in out}
    for a in listed(doc) + commitments(doc):
        if a["text"].lower() not in seen:
            seen.add(a["text"].lower())
            out.append(a)
    return out
