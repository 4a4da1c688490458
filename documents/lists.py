"""Lists in a document: their items and the sentence or heading that leads into them.

Papers write lists in many ways: bulleted or numbered blocks ('• X', '(ii) X', '3.2 X'),
list elements of a web page, and, in text copied from a page, one item a line with no mark
at all. Whatever the marks, a list is a run of items after a lead-in: a sentence ending in a
colon ('the following five key outcomes be approved:', 'Our priorities are:'), or a heading
('Cross-cutting aims'). The extractors of themes, actions and resolutions read lists from
here and judge them by their lead-in.

A run of unmarked lines ends where the text stops looking like items: at another lead-in, at
a long paragraph, or where the items' first letters change case; when the lead-in counts its
items ('four priorities'), that many are taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..schemas import read_reference
from . import BULLETS, Block, Document

__all__ = ["SECTION_MARK", "Item", "List", "count", "deliverables_after", "enumerated",
           "heading_like", "inline", "lists", "shape"]

_B = f"[{re.escape(BULLETS)}]"
_ENUM = re.compile(rf"^\s*(?:{_B}|\(?[a-z0-9]{{1,3}}[.)]|\d+(?:\.\d+)+\.?(?:\s+[/|])?|"
                   r"o(?=\s\s|\t))\s+"
                   r"(?P<t>.+)$", re.I | re.S)


@cache
def _rules() -> dict[str, object]:
    return read_reference("documents.yaml")["lists"]


def enumerated(text: str) -> str | None:
    """The item text of an enumerated block, else None.

    >>> enumerated("• Tackle domestic abuse"), enumerated("(ii) Note the report")
    ('Tackle domestic abuse', 'Note the report')
    >>> enumerated("The Board noted the report.") is None
    True
    """
    m = _ENUM.match(text)
    return m["t"].strip() if m else None


def shape(text: str) -> str:
    """The shape of an item's mark, so that a run keeps one shape ('' when unmarked).

    >>> shape("(iii) X"), shape("b) X"), shape("• X"), shape("3.2 X"), shape("X")
    ('(a)', 'a)', 'bullet', '9.9', '')
    >>> shape("i. X") == shape("ii. X") == shape("iv. X")
    True
    """
    m = re.match(rf"^\s*({_B}|\(?[a-z]+\)|\(?\d+\)|[a-z]\.|[ivx]{{2,4}}\.(?=\s)|(?:\d+\.)+\d*)",
                 text, re.I)
    if not m:
        return ""
    s = m[1]
    if s[0] in BULLETS:
        return "bullet"
    s = re.sub(r"\(?[ivx]+\)", lambda x: "(a)" if x[0].startswith("(") else "a)", s.lower())
    return re.sub(r"\d+", "9", re.sub(r"[a-z]+", "a", s)).rstrip(".")


_INLINE = re.compile(r"(?:^|(?<=[\s:;,\-–]))(?P<m>\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)|\d{1,2}\.)"
                     r"\s+(?=\S)")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _ordinal(mark: str) -> tuple[str, int]:
    """A mark's series and place: ('(i)' -> ('(r)', 1), '2.' -> ('9.', 2), 'b)' -> ('a)', 2))."""
    core = mark.strip("().")
    kind = re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", mark))
    if core in _ROMAN:
        return kind.replace("a", "r"), _ROMAN.index(core) + 1
    if core.isdigit():
        return kind, int(core)
    return kind, ord(core) - ord("a") + 1


def inline(text: str) -> list[str] | None:
    """The items of a list written inside one paragraph ('... :- (i) noted X; (ii) approved
    Y'), when at least two marks of one series follow in order from the first; else None.
    The last item ends at its sentence's end.

    >>> inline("Cabinet:- (i) Noted the grant; (ii) Approved the plan. Reason: cost.")
    ['Noted the grant', 'Approved the plan']
    >>> inline("That Cabinet note: 1. The bid. 2. The talks with neighbours.")
    ['The bid', 'The talks with neighbours']
    >>> inline("In 2. years we did a lot.") is None
    True
    """
    marks = list(_INLINE.finditer(text))
    chosen: list[re.Match[str]] = []
    for m in marks:
        kind, n = _ordinal(m["m"])
        if not chosen:
            if n == 1:
                chosen.append(m)
            continue
        if (kind, n) == (_ordinal(chosen[0]["m"])[0], len(chosen) + 1):
            chosen.append(m)
    if len(chosen) < 2:
        return None
    out = []
    for k, m in enumerate(chosen):
        end = chosen[k + 1].start() if k + 1 < len(chosen) else len(text)
        item = text[m.end():end].strip()
        if k + 1 == len(chosen):
            item = re.split(r"(?<=[.!?])\s+(?=[A-Z])", item)[0]
        item = re.sub(r"[;,]?\s*(?:and|or)$", "", item.strip()).strip().rstrip(";.,").strip()
        if item:
            out.append(item)
    return out if len(out) >= 2 else None


def count(text: str) -> int | None:
    """How many items a lead-in announces ('the following five key outcomes'), if it says.

    >>> count("the HWB had agreed four priorities for the strategy:")
    4
    >>> count("Our priorities are:") is None
    True
    """
    numbers = _rules()["numbers"]
    m = re.search(r"\b(\d{1,2}|" + "|".join(numbers) + r")\s+(?:[\w\-]+\s+){0,3}?"
                  r"(?:" + "|".join(_rules()["counted"]) + r")\b", text, re.I)
    if not m:
        return None
    word = m[1].lower()
    return int(word) if word.isdigit() else numbers[word]


@dataclass
class Item:
    """One item of a list: its text without its mark, and its block."""

    text: str
    block: Block


@dataclass
class List:
    """A run of items and what leads into it (the lead-in's text, '' at the top)."""

    intro: str
    intro_block: Block | None
    items: list[Item] = field(default_factory=list)
    marked: bool = True


@cache
def _commitment_lead_ins() -> re.Pattern[str]:
    return re.compile("|".join(read_reference("documents.yaml")["actions"]["list_lead_ins"]),
                      re.I)


def _commits(text: str) -> bool:
    """A line that leads a list of commitments ('We will', 'The Board will:')."""
    return bool(_commitment_lead_ins().search(text.strip()[-80:]))


def _lead_in(block: Block) -> str:
    """The last sentence of a block, where a list's lead-in is."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", block.text.strip())
    return parts[-1] if parts else ""


def _unmarked(block: Block, colon: bool = True, counted: bool = False) -> bool:
    """A block that can be an unmarked item: short, one sentence, no lead-in or label of
    its own; under a heading (no colon), a phrase rather than a sentence. Under a heading or
    a lead-in that counts its items, an item may be a title, a dash and a gloss ('Best start
    in life – support for parents ...'): the title is judged."""
    t = block.text.strip()
    if not t or len(t) > 400 or block.kind == "table_row":
        return False
    glossed = _GLOSS.match(t) if not colon or counted else None
    if glossed:
        t = glossed["title"]
    elif len(t) > 220 or ":" in t and not _LABELLED.match(t):
        return False
    if not colon and (len(t.split()) > 16 or t.endswith(".")) and not _LABELLED.match(t):
        return False  # (a labelled item may be a sentence: 'Live well: People live ...')
    return len(re.findall(r"[.!?]\s+[A-Z]", t)) == 0


#: An item written as a short label, a colon and its gloss in lower case ('Be healthy: cut
#: teenage conceptions') or as a sentence ('Live well: People live healthy lives.'), not a
#: lead-in of its own.
_LABELLED = re.compile(r"^[A-Z][^:]{2,40}:\s+[a-z][^:\s]*\s[^:]+$|"
                       r"^[A-Z][\w’'\-]*(?: [\w’'\-]+){0,3}:\s+[A-Z][^:\s]*\s[^:]+\.$")

#: An item written as a short title, a dash and a gloss.
_GLOSS = re.compile(r"(?P<title>[A-Z][^.:;–]{2,80}?)\s+[–—-]\s+\S")


def _labelled_sentence(block: Block) -> bool:
    t = block.text.strip()
    return t.endswith(".") and bool(_LABELLED.match(t))


#: A section's number or letter before its heading ('3 OUR THREE THEMES', '2.1 Safer
#: streets', 'b A healthier borough'), when a capital follows.
SECTION_MARK = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z])\s+(?=[A-Z])")


def heading_like(block: Block) -> bool:
    """A heading, or a short line without a sentence's end that can head a list; a
    section's number or letter may come first.

    >>> heading_like(Block("paragraph", "OUR THREE PRIORITIES", 0, 20, 1))
    True
    >>> heading_like(Block("paragraph", "2 OUR VISION", 0, 12, 1))
    True
    >>> heading_like(Block("paragraph", "b A healthier borough", 0, 21, 1))
    True
    >>> heading_like(Block("paragraph", "The plan was approved.", 0, 22, 1))
    False
    >>> heading_like(Block("paragraph", "2 What the plan will deliver 5", 0, 30, 1))
    False
    """
    t = SECTION_MARK.sub("", block.text.strip())
    if block.kind != "heading" and t != block.text.strip() and re.search(r"\s\d{1,3}$", t):
        return False  # a contents line: a numbered heading and its page
    return block.kind == "heading" or (0 < len(t.split()) <= 8 and t[-1] not in ".;,!?" and
                                       t[:1].isupper())


def _heads_paragraph(blocks: list[Block], j: int, run: list[Item]) -> bool:
    """Whether block ``j`` is the heading of the sentence below it rather than an item: it
    has no full stop, the sentence has, and so far the items have none."""
    t = blocks[j].text.strip()
    nxt = blocks[j + 1].text.strip() if j + 1 < len(blocks) else ""
    if run and _GLOSS.match(t) and all(_GLOSS.match(it.text) for it in run):
        return False  # one more 'Title - gloss' item of a list of them
    return bool(nxt) and nxt.endswith(".") and not t.endswith(".") and \
        not any(it.text.endswith(".") for it in run) and len(nxt) > len(t) + 20 and \
        (_unmarked(blocks[j + 1], False) is False or _labelled_sentence(blocks[j + 1]))


def _titled_paragraphs(blocks: list[Block], j: int) -> list[Item]:
    """Items written as a short title line, each above its own paragraph, after a lead-in
    that ends in a colon ('Make people feel safer' / 'Residents tell us ...'): the titles,
    when there are at least two such pairs.

    >>> bs = [Block("paragraph", t, 0, 0, k) for k, t in enumerate(["Feel safer", "Residents "
    ...       "tell us that feeling safe matters more to them than crime figures do.", "Protect "
    ...       "the vulnerable", "This means older residents targeted by scams and fraud."])]
    >>> [it.text for it in _titled_paragraphs(bs, 0)]
    ['Feel safer', 'Protect the vulnerable']
    """
    out: list[Item] = []
    while j + 1 < len(blocks):
        title, body = blocks[j].text.strip(), blocks[j + 1].text.strip()
        if not (heading_like(blocks[j]) and len(title.split()) <= 10 and
                body.endswith(".") and len(body.split()) > len(title.split()) + 5):
            break
        out.append(Item(title, blocks[j]))
        j += 2
    return out if len(out) >= 2 else []


#: A row of a table collapsed to text with '|' between its cells.
_ROW = re.compile(r"^\|(?P<cells>.+?)\|?$")


def _table(blocks: list[Block], j: int) -> list[Item]:
    """The rows of a collapsed table from block ``j`` on ('| Title | What it means |'), each
    an item 'first cell – the other cells' (a title and its gloss); a heading row whose first
    cell is a heading word (cue ``lists.table_headings``: 'Priority', 'Name') is left out.

    >>> bs = [Block("paragraph", t, 0, 0, 1) for t in ["| Priority | What it means |",
    ...       "| Warm homes | fewer cold homes |", "| Good jobs | more people in work |"]]
    >>> [it.text for it in _table(bs, 0)]
    ['Warm homes – fewer cold homes', 'Good jobs – more people in work']
    """
    heads = {h.lower() for h in _rules()["table_headings"]}  # type: ignore[union-attr]
    out: list[Item] = []
    while j < len(blocks):
        m = _ROW.match(blocks[j].text.strip())
        cells = [c.strip() for c in m["cells"].split("|")] if m else []
        cells = [c for c in cells if c]
        if not cells:
            break
        if not (not out and cells[0].lower().rstrip("s") in heads):
            out.append(Item(" – ".join(cells[:2]), blocks[j]))
        j += 1
    return out if len(out) >= 2 else []


def _after(blocks: list[Block], i: int) -> List | None:
    """The run of unmarked items after block ``i``, when that block leads into a list."""
    b = blocks[i]
    lead = _lead_in(b)
    colon = lead.endswith(":")
    if colon and i + 1 < len(blocks) and _ROW.match(blocks[i + 1].text.strip()):
        rows = _table(blocks, i + 1)
        if rows:
            return List(lead, b, rows, marked=False)
    if not (colon or heading_like(b)) and i + 1 < len(blocks):
        return _counted_glosses(blocks, i)
    if not (colon or heading_like(b)) or i + 1 >= len(blocks) or \
            enumerated(blocks[i + 1].text) is not None or blocks[i + 1].kind == "list_item":
        return None
    run: list[Item] = []
    j = i + 1
    n = count(lead)
    while j < len(blocks) and _unmarked(blocks[j], colon, n is not None) and \
            not _commits(blocks[j].text):  # 'We will' leads a list of its own
        first = blocks[j].text.strip()[:1]
        short = n is None or len(run) >= n  # a counted list is not cut before its count
        if run and first.isupper() != run[0].text[:1].isupper() or \
                run and blocks[j].kind == "heading" or \
                short and _heads_paragraph(blocks, j, run) or \
                blocks[j].text.rstrip().endswith("?") or \
                _labelled_sentence(blocks[j]) and not all(_LABELLED.match(it.text)
                                                          for it in run) or \
                run and _labelled_sentence(run[0].block) and \
                not _LABELLED.match(blocks[j].text.strip()) or \
                len(run) >= 2 and all(_GLOSS.match(it.text) for it in run) and \
                not _GLOSS.match(blocks[j].text.strip()):
            break  # a question is a page's next heading ('What are our priorities?'); a
            # labelled sentence goes only in a list of labelled items, and a list of
            # 'Title - gloss' items ends where they do
        run.append(Item(blocks[j].text.strip(), blocks[j]))
        j += 1
    if not run and colon:
        run = _titled_paragraphs(blocks, i + 1)
    if n is not None and len(run) >= n:
        run = run[:n]
    elif len(run) >= 3 and j < len(blocks) and len(blocks[j].text) > 120 and \
            not blocks[j].text.rstrip().endswith(":") and \
            len(run[-1].text.split()) <= 5 and not run[-1].text.endswith((".", ";")):
        run = run[:-1]  # a heading above the next paragraph, not an item
    if not colon and not run and j < len(blocks) and j == i + 1 and \
            len(re.findall(r"[.!?](?:\s|$)", blocks[j].text)) == 1 and \
            len(blocks[j].text) < 300 and not blocks[j].text.rstrip().endswith(":"):
        run = [Item(blocks[j].text.strip(), blocks[j])]  # 'Our vision' above one sentence
    return List(lead, b, _unnumbered(run), marked=False) if run else None


def _counted_glosses(blocks: list[Block], i: int) -> List | None:
    """The items below a paragraph that counts them in a sentence ending in a full stop
    ('The partnership agreed four priorities for 2026 to 2028. They support ...'), when
    exactly that many lines follow written as a title, a dash and a gloss ('Healthy places
    – better housing ...'): the counting sentence is their lead-in.

    >>> bs = [Block("paragraph", t, 0, 0, k) for k, t in enumerate(["In May the board agreed "
    ...       "two priorities. Both last three years.", "Warm homes – fewer cold homes",
    ...       "Good jobs – more people in work", "What we will do"])]
    >>> lst = _counted_glosses(bs, 0)
    >>> lst.intro, [it.text for it in lst.items]
    ('In May the board agreed two priorities.', ['Warm homes – fewer cold homes', \
'Good jobs – more people in work'])
    """
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", blocks[i].text.strip())
    counted = [(s, count(s)) for s in sentences if count(s)]
    if not counted:
        return None
    lead, n = counted[-1]
    run = blocks[i + 1:i + 1 + n] if n and n >= 2 else []
    if len(run) < n or not lead.endswith(".") or \
            not all(b.kind != "list_item" and enumerated(b.text) is None and
                    _GLOSS.match(b.text.strip()) and len(b.text) <= 220 and
                    len(re.findall(r"[.!?]\s+[A-Z]", b.text)) == 0 for b in run):
        return None
    nxt = blocks[i + 1 + n] if i + 1 + n < len(blocks) else None
    if nxt is not None and _GLOSS.match(nxt.text.strip()) and len(nxt.text) <= 220:
        return None  # more glossed lines than counted: not the counted list
    return List(lead, blocks[i], [Item(b.text.strip(), b) for b in run], marked=False)


def _unnumbered(run: list[Item]) -> list[Item]:
    """A run's items without their numbers when they are numbered 1, 2, 3 ... with no point
    ('1 Strong families', '2 Good homes').

    >>> b = Block("paragraph", "", 0, 0, 1)
    >>> [i.text for i in _unnumbered([Item("1 Strong families", b), Item("2 Good homes", b)])]
    ['Strong families', 'Good homes']
    """
    marks = [re.match(r"(\d{1,2}) +(?=\S)", it.text) for it in run]
    if len(run) < 2 or not all(m and int(m[1]) == k + 1 for k, m in enumerate(marks)):
        return run
    return [Item(it.text[m.end():], it.block) for it, m in zip(run, marks, strict=True)]


#: A labelled note under a list's item ('What success looks like: fewer evictions', 'Lead
#: partner: Fenby Police'): a short label in a few words, a colon, and its text.
_ITEM_NOTE = re.compile(r"^[A-Z][\w’']*(?: [\w’']+){0,4}:\s+\S.{0,150}$")


def deliverables_after(lst: List) -> int:
    """Where a theme's list turns from its objectives to what will be delivered: a run of
    items worded 'To ...' ('To cut re-offending'), then items that are not ('Street wardens
    in the town centre', 'hold an annual conference'), as a slide under a theme's title
    lists both. The index of the first deliverable, or 0 when the list is not so.

    >>> b = Block("list_item", "", 0, 0, 1)
    >>> deliverables_after(List("Safer Fenby", None, [Item(t, b) for t in ["To cut burglary",
    ...     "To reduce speeding", "Street wardens in the market square"]]))
    2
    >>> deliverables_after(List("Aims", None, [Item(t, b) for t in ["To cut burglary",
    ...     "To reduce speeding"]]))
    0
    """
    k = 0
    while k < len(lst.items) and re.match(r"To [a-z]", lst.items[k].text.strip()):
        k += 1
    rest = lst.items[k:]
    if not k or not rest or any(re.match(r"To [a-z]", it.text.strip()) or
                                len(it.text.split()) > 20 or it.text.rstrip().endswith("?")
                                for it in rest):
        return 0
    return k


def _number(text: str) -> int | None:
    m = re.match(r"\s*\(?(\d{1,3})[.)]\s", text)
    return int(m[1]) if m else None


def lists(doc: Document) -> list[List]:
    """The document's lists, in order: marked runs (one shape of mark, adjacent blocks;
    list elements of a web page), and runs of unmarked one-line items after a lead-in
    that ends in a colon or after a heading."""
    out: list[List] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        text = enumerated(b.text)
        if text is not None or b.kind == "list_item":
            s = shape(b.text)
            run = [Item(text if text is not None else b.text.strip(), b)]
            j = i + 1
            while j < len(blocks):
                t = enumerated(blocks[j].text)
                if t is None and re.match(r"[a-z]", blocks[j].text) and j + 1 < len(blocks) \
                        and enumerated(blocks[j + 1].text) is not None and \
                        shape(blocks[j + 1].text) == s:
                    j += 1  # an item's own line of gloss below it ('by building ...')
                    continue
                if t is None and _ITEM_NOTE.match(blocks[j].text.strip()) and \
                        j + 1 < len(blocks) and enumerated(blocks[j + 1].text) is not None \
                        and shape(blocks[j + 1].text) == s and blocks[j].kind != "heading":
                    j += 1  # an item's labelled note below it ('What success looks like:
                    continue  # fewer evictions', 'Lead: Fenby Council') before the next
                if t is None and blocks[j].kind != "list_item" or shape(blocks[j].text) != s:
                    break
                if _number(blocks[j].text) == 1 and (_number(run[-1].block.text) or 0) > 1:
                    break  # numbering starts again ('44. ITEM ... priorities:', '1. ...')
                run.append(Item(t if t is not None else blocks[j].text.strip(), blocks[j]))
                j += 1
            prev = blocks[i - 1] if i else None
            out.append(List(_lead_in(prev) if prev else "", prev, run))
            after = _after(blocks, j - 1) if _lead_in(blocks[j - 1]).endswith(":") else None
            if after is not None:  # '5.1 ... agreed four priorities:' and the lines below
                out.append(after)
                j += len(after.items)
            i = j
            continue
        after = _after(blocks, i)
        if after is not None:
            out.append(after)
            i += 1 + len(after.items)
            continue
        i += 1
    return out
