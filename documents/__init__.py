"""Documents as one structured text model, whatever the file: .txt, .html, .docx or .pdf.

A :class:`Document` is a list of :class:`Block` s (heading, paragraph, list item, table row),
each with its text, its character offsets in the document's text and its line number in
the source. Web-page noise that is not the document (menus and footers of HTML pages,
'Similar documents' lists, 'Write a Comment' footers, template notices) is recognised by the
markers in ``schemas/documents.yaml`` and left out; what was left out is kept in
``Document.dropped`` so a person can check it. Extractors (the next step of document
import) read this model only, so every format gives them the same input.

Readers never raise anything but :class:`~lspgraph.graph.errors.InputError` with the file
named: an empty, binary or undecodable file is a clear message, and a file over
``MAX_BYTES`` is refused before it is read.
"""

from __future__ import annotations

import bisect
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..graph.errors import InputError
from ..graph.limits import check_zip, exceeded, limit
from ..graph.text import decode
from ..schemas import read_reference

__all__ = ["BULLETS", "Block", "Document", "MAX_BYTES", "MAX_CHARS", "read", "read_text",
           "run_in_list", "sentence_at", "words"]

MAX_BYTES = 20 * 2**20
MAX_CHARS = 2_000_000  # about 600 pages of text; extraction takes well under a minute
# the characters that mark a list item (also in a regex class); the last three are the
# private-use bullets of slide and Word fonts
BULLETS = "•▪●◦·*–-\uf0a7\uf0b7\uf0d8"
_B = f"[{re.escape(BULLETS)}]"
# 'o' and two spaces or a tab: the second-level bullet of a word processor's list, copied
_BULLET = re.compile(rf"^\s*(?:{_B}|\(?[a-z0-9]{{1,3}}[.)]|o(?=\s\s|\t))\s+", re.I)


@dataclass(frozen=True)
class Block:
    """One block of a document: ``kind`` is heading, paragraph, list_item or table_row."""

    kind: str
    text: str
    start: int
    end: int
    line: int


@dataclass
class Document:
    """A document's blocks (noise left out) and what was left out as noise."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


def _markers() -> dict[str, list[str]]:
    return read_reference("documents.yaml")["noise"]


def words(text: str) -> list[str]:
    """The words of a text, case and punctuation folded (to compare formats)."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` around [start, end): bounds as offsets in ``text``."""
    # the end of the last sentence break before ``start`` (any space, a no-break space
    # too), found by bisection over the text's breaks: scanning from the text's start for
    # every name was quadratic in a long paragraph naming many bodies (issue 20)
    breaks = _breaks(text)
    i = bisect.bisect_right(breaks, (start - 2, len(text))) - 1
    left = min(breaks[i][1], start) if i >= 0 else 0
    m = _RIGHT.search(text, end)
    right = m.start() + 1 if m else len(text)
    return left, right


_LEFT = re.compile(r"[.;:]\s+")


@lru_cache(maxsize=64)
def _breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence break ('. ', ';\n') in ``text``, in order."""
    return [m.span() for m in _LEFT.finditer(text)]
_RIGHT = re.compile(r"[.;](?:\s|$)")


def _fold(line: str) -> str:
    return " ".join(line.lower().split()).strip(" :")


def _is_heading(line: str, next_blank: bool) -> bool:
    s = line.strip()
    if not s or len(s) > 90 or s[-1] in ".,;:" or not next_blank:
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    if s.endswith("?") and len(s.split()) <= 12:
        return True  # a web page's question heading ('What are our priorities?')
    return s.isupper() or sum(w[:1].isupper() for w in s.split()) >= max(1, len(s.split()) // 2)


def _ends_paragraph(line: str, following: str) -> bool:
    """Whether a line break in a plain text ends a paragraph though no blank line follows:
    the line ends a sentence or is a label ('Minutes:'), one of the two lines is long, and
    the next starts a new sentence. Wrapped text breaks mid-sentence, so it stays one
    paragraph. (PDF pages have their paragraphs from the gaps between lines instead.)"""
    s, nxt = line.strip(), following.strip()
    if not s or not nxt or not (nxt[0].isupper() or nxt[0] in "(·•"):
        return False
    if nxt.endswith(":") and len(nxt) < 40 or re.match(r"[A-Z][a-z]+ \d{1,2}:\s", nxt):
        return True  # a label ('Minutes:', 'Priority 2: Safer roads') starts a section
    if s.endswith("?"):
        return True  # a question ends its sentence and is often a heading ('What will we do?')
    if re.match(r"We (?:will|want|are|aim|shall|(?:'|’)ll)\b", nxt) and \
            not re.search(r"[,;&/\-]$|\b(?:and|or|of|the|for|to|in|with|a|an|that|which)$", s):
        return True  # a commitment starts its own sentence ('Priority 1: Safer streets' /
        # 'We want to ...'): wrapped text would have ended the line above with a stop
    if re.match(r"[A-Z][a-z]+(?: [A-Za-z]+){0,2}: [A-Z]", nxt) and \
            not re.search(r"[,;&/\-]$|\b(?:and|or|of|the|for|to|in|with|a|an)$", s):
        return True  # a labelled line ('Partners: Ruth Lowe (Fenby CVS), ...')
    if s.endswith((".", "!")) and re.match(r"[A-Z][\w’'\-]*(?: [\w’'\-]+){0,3}: \S", nxt):
        return True  # the next of a list of labelled items ('Live well: People live ...')
    if s.endswith((".", ":", "!")):
        return len(s) > 60 or s.endswith(":") or len(nxt) > 60
    # a heading ('Future agenda items and dates of future meetings') above a sentence
    return s[0].isupper() and len(s) < 90 and len(nxt) > 60 and not s.endswith((",", ";")) \
        and not re.search(r"[.!?]\s|\b(?:and|or|of|the|for|to|in|with|a|an)$", s)


def _width(lines: list[str]) -> int:
    """The wrap width of a plain text: the length most of its long lines reach (a text with
    one paragraph a line has a width of its longest paragraphs)."""
    sizes = sorted(len(ln.strip()) for ln in lines if ln.strip())
    return sizes[int(len(sizes) * 0.9)] if sizes else 0


_UNWRAPPED = 10**6


def _wrapped(lines: list[str], width: int) -> bool:
    """Whether a plain text is wrapped to a width (many lines end near it), rather than
    written one paragraph or item a line."""
    sizes = [len(ln.strip()) for ln in lines if ln.strip()]
    near = sum(1 for n in sizes if n >= 0.8 * width)
    return bool(sizes) and near >= 0.3 * len(sizes)


def _short_break(line: str, following: str, width: int) -> bool:
    """Whether a line ends its block because it is short: a line well short of the text's
    wrap width, above one that starts with a capital, a digit or a bullet, is an item of a
    list written one a line ('Driving integration' / 'Prioritising prevention'), a heading,
    or the last line of a paragraph; wrapped text fills its lines to the width."""
    s, nxt = line.strip(), following.strip()
    if not s or not nxt or len(s) >= 0.6 * width or s.endswith((",", "&", "-", "/")):
        return False
    if re.search(r"\b(?:and|or|of|the|for|to|in|with|a|an)$", s) and \
            not re.search(r"[;,] (?:and|or)$", s):  # 'good jobs; and' ends a list item
        return False
    if s.endswith(":") or width >= _UNWRAPPED:
        return True  # a lead-in above its first item; a text one paragraph a line
    return nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in BULLETS + "(\"‘“'"


class _Noise:
    """The noise markers of documents.yaml, compiled: what one line of text is to them."""

    def __init__(self) -> None:
        marks = _markers()
        self.starts = {_fold(m) for m in marks["region_starts"]}
        self.ends = {_fold(m) for m in marks["region_ends"]}
        self.end_patterns = [re.compile(p, re.I) for p in marks.get("region_end_patterns", [])]
        self.tails = {_fold(m) for m in marks["tail_starts"]}
        self.lines = [re.compile(p, re.I) for p in marks["lines"]]

    def region_ends(self, raw: str) -> bool:
        return _fold(raw) in self.ends or any(p.search(raw.strip()) for p in self.end_patterns)

    def kind(self, raw: str) -> str | None:
        """'region' (a region of furniture starts), 'tail' (the rest is furniture), 'line'
        (this line is), or None."""
        folded = _fold(raw)
        if folded in self.starts:
            return "region"
        if folded in self.tails:
            return "tail"
        if any(p.search(raw) for p in self.lines):
            return "line"
        return None


#: A section title of an accordion page with the '+' that opens it, before or after
#: ('+ Our priorities 2025-2028', 'Enabling a Healthier Eastleigh +'): a short title, no
#: full stop.
_ACCORDION = re.compile(r"^\s*\+\s+(?P<t>[A-Z][^.:;+]{1,80}?)\s*$|"
                        r"^\s*(?P<t2>[A-Z][^.:;+]{1,80}?)\s+\+\s*$")


class _Paragraphs:
    """The lines of the paragraph being read, and the blocks they become."""

    def __init__(self, doc: Document, lines: list[str]) -> None:
        self.doc, self.lines = doc, lines
        self.offsets = [0]
        for ln in lines:
            self.offsets.append(self.offsets[-1] + len(ln))
        self.para: list[tuple[int, str]] = []
        # an accordion page's section titles, each with the '+' that opens it ('+ Our
        # priorities', 'Our priorities +'): two or more make the page one of accordions
        self.accordion = sum(1 for ln in lines if _ACCORDION.match(ln)) >= 2

    def flush(self) -> None:
        para, lines = self.para, self.lines
        if not para:
            return
        first_line, first = para[0]
        body = " ".join(t.strip() for _, t in para).strip()
        start = self.offsets[first_line] + (len(first) - len(first.lstrip()))
        end = self.offsets[para[-1][0]] + len(para[-1][1].rstrip("\r\n"))
        fold = _ACCORDION.match(first) if self.accordion and len(para) == 1 else None
        if fold:  # the title without its '+': a heading
            g = "t" if fold["t"] else "t2"
            at = self.offsets[first_line]
            self.doc.blocks.append(Block("heading", fold[g], at + fold.start(g),
                                         at + fold.end(g), first_line + 1))
            para.clear()
            return
        kind = "list_item" if _BULLET.match(first) else "paragraph"
        if kind == "paragraph" and len(para) == 1:
            blank_after = para[-1][0] + 1 >= len(lines) or not lines[para[-1][0] + 1].strip()
            # the last of a run of one-line items has a blank line after it too: a heading
            # stands apart from the line above
            blank_before = first_line == 0 or not lines[first_line - 1].strip()
            if _is_heading(first, blank_after and blank_before):
                kind = "heading"
        if len(para) == 1 and first.strip() == body:
            split = run_in_list(body, start, first_line + 1)
            if split:
                self.doc.blocks.extend(split)
                para.clear()
                return
        self.doc.blocks.append(Block(kind, body, start, end, first_line + 1))
        para.clear()

    def breaks_before(self, raw: str, fmt: str, width: int) -> bool:
        """Whether ``raw`` starts a new block: a bullet, or (text copied from a web page:
        one paragraph a line, no blank lines) a line that the last one ended."""
        if not self.para:
            return False
        last = self.para[-1][1]
        if _LONE_NUMBER.match(raw):
            return True
        if _label_alone(self.para[0][1]) and not _BULLET.match(raw):
            # a label alone on its line ('Goal 1:') and the title below it, wrapped onto
            # lines that start in lower case ('A lively town centre' / 'that draws visitors')
            return len(self.para) > 1 and not (raw.strip()[:1].islower() and
                                               not last.rstrip().endswith((".", ";", ":")))
        if _LONE_NUMBER.match(self.para[0][1]) and not _BULLET.match(raw):
            # an item whose number stands alone above it ('1.' / 'Cabinet approve the' /
            # 'plan.'): its lines run to the end of its sentence
            return len(self.para) > 1 and last.rstrip().endswith((".", ";", ":"))
        return bool(_BULLET.match(raw)) or _next_number(self.para[0][1], raw) or \
            bool(_MINUTE_NUMBER.match(raw)) or fmt == "txt" and (
            _ends_paragraph(last, raw) or _short_break(last, raw, width) or
            bool(_CELLS.search(last.strip()) and _CELLS.search(raw.strip())) or
            bool(_BARS.search(last) and _BARS.search(raw)) or
            bool(_CELLS.search(last.strip()) and re.match(r"\s{8,}\S", raw)))
        # (a row's wrapped cell, indented to its column below the row, is a line of its own)


#: A list run into its lead-in's line: 'The Board will: • meet • publish', a collapsed
#: table's 'For each priority we will: | agree a lead | publish data |'. Bullets of one kind
#: after any lead-in; cells after a lead-in that ends in a colon.
_RUN_IN = re.compile(r"^(?P<lead>[^•▪●|]*?\S)\s+(?P<sep>[•▪●])\s+\S|"
                     r"^(?P<colon>[^•▪●|]*?:-?)\s*(?P<bar>\|)\s*\S")


def run_in_list(text: str, start: int = 0, line: int = 1) -> list[Block] | None:
    """A line holding a lead-in and two or more items run into it, as blocks: the lead-in
    (a paragraph) and each item (a list item), offsets and line as in the source; else None.

    >>> [(b.kind, b.text) for b in run_in_list("The Board will: • meet • publish a plan")]
    [('paragraph', 'The Board will:'), ('list_item', '• meet'), ('list_item', '• publish a plan')]
    >>> [b.text for b in run_in_list("We will: | agree a lead | publish data |")]
    ['We will:', 'agree a lead', 'publish data']
    >>> run_in_list("| Priority | What it means |") is None
    True
    """
    m = _RUN_IN.match(text)
    if not m:
        return None
    lead = m["lead"] or m["colon"]
    sep = m["sep"] or m["bar"]
    if sep == "|" and text.count("|") < 2:
        return None
    out = [Block("paragraph", lead.strip(), start, start + len(lead.rstrip()), line)]
    pos = m.start("sep") if m["sep"] else m.start("bar")
    cuts = [k for k, c in enumerate(text) if c == sep and k >= pos] + [len(text)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        item = text[a:b] if sep != "|" else text[a + 1:b]
        lead_ws = len(item) - len(item.lstrip())
        item = item.strip()
        if not item:
            continue
        at = (a if sep != "|" else a + 1) + lead_ws
        out.append(Block("list_item", item, start + at, start + at + len(item), line))
    return out if len(out) >= 3 else None


#: A minute's own paragraph number ('3.2 The Board ...', '3.2 / The Board', '4 / Item'):
#: it starts a paragraph.
_MINUTE_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z/|])|^\s*\d{1,2}\.?\s*[/|]\s")

_BARE_NUMBER = re.compile(r"^\s*(?:(?P<w>[A-Z][a-z]+) )?(?P<n>\d{1,2})(?:\s*[:–—-])? +"
                          r"(?=[A-Za-z(‘'\"])")


def _next_number(first: str, raw: str) -> bool:
    """Whether ``raw`` is the next item of a numbered list with no point ('1 Strong
    families' then '2 Good homes'; 'Ambition 1 – Safer streets' then 'Ambition 2 – ...'):
    it starts with the same label and the number after the one the paragraph started with.

    >>> _next_number("Ambition 1 – Safer streets", "Ambition 2 – Good jobs")
    True
    >>> _next_number("1 Strong families", "3 Good homes"), _next_number("In 2024 we", "2025 Plan")
    (False, False)
    """
    a, b = _BARE_NUMBER.match(first), _BARE_NUMBER.match(raw)
    return bool(a and b) and a["w"] == b["w"] and int(b["n"]) == int(a["n"]) + 1


#: Cells of a table row run together with two or more spaces ('Name  Role  Body'): two
#: such lines in a row are two rows, not one wrapped paragraph.
#: a row of a table whose cells are separated by '|' ('Priority | We will | Lead'): two such
#: lines in a row are two rows, not one wrapped sentence
_BARS = re.compile(r"\S \| \S.* \| \S")
#: table cells run together with two spaces or a tab (a word processor's table copied as text,
#: 'Ann Lowe<TAB>Fenby Council<TAB>AL'): such lines are rows, one block each
_CELLS = re.compile(r"[^\s.!?:;,](?: {2,}|\t[ \t]*)\S")  # (not two spaces after a sentence's end)


def _page_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _running_lines(lines: list[str]) -> set[str]:
    """Running page headers and footers: a short line written three or more times with a
    number that changes (a page number: 'Council Plan 2024-2028 | Page 7', 'Page 7 of 30');
    not a numbered marker of the text's own ('Slide 4', 'Item 5').

    >>> sorted(_running_lines(["Our Plan | 4", "x", "Our Plan | 5", "Our Plan | 6", "x", "x"]))
    ['Our Plan | #']
    """
    seen: dict[str, set[str]] = {}
    for ln in lines:
        raw = " ".join(ln.split())
        if raw and len(raw.split()) <= 12 and re.search(r"\d", raw):
            seen.setdefault(_page_key(raw), set()).add(raw)
    return {k for k, v in seen.items() if len(v) >= 3 and not _MARKER.match(k) and
            not _ITEM_NUMBER.match(k)}


@lru_cache(maxsize=1)
def _label_alone_re() -> re.Pattern[str]:
    themes = read_reference("documents.yaml")["themes"]
    words = "|".join(themes["labels"])
    numbers = "|".join(themes["label_numbers"])
    return re.compile(rf"^\s*(?:{words})\s+(?:\d{{1,2}}|{numbers})\s*[:.–—-]?\s*$", re.I)


def _label_alone(line: str) -> bool:
    """A theme's label alone on its line ('Goal 1:', 'Priority two'), its title below.

    >>> _label_alone("Goal 1:"), _label_alone("Goal 1: Good jobs"), _label_alone("Page 2")
    (True, False, False)
    """
    return bool(_label_alone_re().match(line))


_LONE_NUMBER = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(\d{1,2}\))\s*$")

#: A list item's number alone on its line ('1.', '(2)', 'iii)'), above the item's text: not a
#: page number.
_ITEM_NUMBER = re.compile(r"^(?:\(?#[.)]|\(#\))$")

#: A numbered marker of the text's own structure, not page furniture ('Slide 4', 'Item 5').
_MARKER = re.compile(r"^(?:slide|(?:agenda )?item|minute|section|part|appendix|chapter|objective|"
                     r"priority|outcome|theme|step|stage|phase|question|table|figure|annex|"
                     r"action|recommendation|goal|aim|pillar)s? #[.:]?$", re.I)



#: A bullet that a PDF's symbol font turned into the letter 'l' ('l a thriving economy').
_FONT_BULLET = re.compile(r"^(\s*)l(?=\s+[a-z])")


def _font_bullets(lines: list[str]) -> list[str]:
    """Lines with a symbol font's bullet copied as 'l' given back their bullet, when three
    or more lines start so (one such line may be a word; three are a list); the same length,
    so offsets still point into the file.

    >>> _font_bullets(["Aims:\\n", "l warm homes\\n", "l good jobs\\n", "l safe streets\\n"])[1]
    '• warm homes\\n'
    """
    if sum(bool(_FONT_BULLET.match(ln)) for ln in lines) < 3:
        return lines
    return [_FONT_BULLET.sub(r"\1•", ln) for ln in lines]


def _text_blocks(text: str, source: str, fmt: str) -> Document:
    """Blocks of plain text: paragraphs split on blank lines, bullets as list items, page
    furniture (:class:`_Noise`) dropped."""
    noise = _Noise()
    doc = Document(source, fmt)
    lines = _font_bullets(text.splitlines(keepends=True))
    width = _width(lines)
    if not _wrapped(lines, width):
        width = _UNWRAPPED  # one paragraph a line: any line may end its block
    paras = _Paragraphs(doc, lines)
    in_region = False
    running = _running_lines(lines)
    for i, ln in enumerate(lines):
        raw = ln.rstrip("\r\n")
        if in_region:
            in_region = not noise.region_ends(raw)
            doc.dropped.append(raw)
            continue
        what = "line" if _page_key(raw) in running else noise.kind(raw)
        if what is not None:
            paras.flush()
            if what == "tail":
                doc.dropped.extend(x.rstrip("\r\n") for x in lines[i:])
                break
            in_region = what == "region"
            doc.dropped.append(raw)
        elif not raw.strip():
            paras.flush()
        else:
            if paras.breaks_before(raw, fmt, width):
                paras.flush()
            paras.para.append((i, raw))
    paras.flush()
    return doc


def read_text(text: str, source: str = "<text>") -> Document:
    """The model of a plain text."""
    return _text_blocks(text, source, "txt")


class _Html(HTMLParser):
    BLOCKS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
              "h5": "heading", "h6": "heading", "p": "paragraph", "li": "list_item",
              "tr": "table_row", "dt": "paragraph", "dd": "paragraph", "blockquote": "paragraph"}
    SKIP = {"script", "style", "title", "nav", "footer", "header", "aside", "form", "noscript",
            "button",
            "select", "template", "svg"}

    def __init__(self, noise_classes: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.noise = [c.lower() for c in noise_classes]
        self.stack: list[tuple[str, bool]] = []
        self.skip = 0
        self.current: list[str] = []
        self.kind: str | None = None
        self.line = 1
        self.out: list[tuple[str, str, int]] = []
        self.dropped: list[str] = []

    def _noisy(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in self.SKIP:
            return True
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role")).lower()
        return any(n in names for n in self.noise)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img", "meta", "link", "input"):
            if tag == "br":
                self.current.append(" ")
            return
        noisy = self._noisy(tag, attrs)
        self.stack.append((tag, noisy))
        if noisy:
            self.skip += 1
        if not self.skip and tag in self.BLOCKS:
            self._flush()
            self.kind = self.BLOCKS[tag]
            self.line = self.getpos()[0]
        if not self.skip and tag in ("td", "th") and self.current:
            self.current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, noisy = self.stack.pop()
            if noisy:
                self.skip -= 1
            if t == tag:
                break
        if not self.skip and tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            if data.strip():
                self.dropped.append(data.strip())
            return
        if data.strip():
            if self.kind is None:
                self.kind, self.line = "paragraph", self.getpos()[0]
            self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.out.append((self.kind or "paragraph", text.strip(" |"), self.line))
        self.current, self.kind = [], None


def _from_pieces(pieces: list[tuple[str, str, int]], source: str, fmt: str,
                 dropped: list[str]) -> Document:
    """A model from (kind, text, line) pieces, with the text-level noise rules applied."""
    text = "\n\n".join(t for _, t, _ in pieces)
    cleaned = _text_blocks(text, source, fmt)
    by_text = {}
    for kind, t, line in pieces:
        by_text.setdefault(t, (kind, line))
    doc = Document(source, fmt, dropped=dropped + cleaned.dropped)
    for b in cleaned.blocks:
        kind, line = by_text.get(b.text, (b.kind, b.line))
        doc.blocks.append(Block(kind, b.text, b.start, b.end, line))
    return doc


def _read_html(data: str, source: str) -> Document:
    parser = _Html(_markers()["html_classes"])
    parser.feed(data)
    parser.close()
    parser._flush()
    return _from_pieces(parser.out, source, "html", parser.dropped)


def _optional(module: str, path: Path) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(str(path), None, None, f"reading {path.suffix} needs the documents "
                         'extra: pip install "lspgraph[documents]"') from None


def _read_docx(path: Path) -> Document:
    docx = _optional("docx", path)
    check_zip(path)  # the XML's unpacked size, before python-docx parses it
    try:
        d = docx.Document(str(path))
    except Exception as exc:
        raise InputError(str(path), None, None, f"is not a readable .docx ({exc})") from None
    pieces: list[tuple[str, str, int]] = []
    for n, p in enumerate(d.paragraphs, start=1):
        style = (p.style.name if p.style is not None else "").lower()
        kind = ("heading" if style.startswith(("heading", "title")) else
                "list_item" if "list" in style else "paragraph")
        if p.text.strip():
            pieces.append((kind, " ".join(p.text.split()), n))
    for table in d.tables:
        for row in table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells]
            if any(cells):
                pieces.append(("table_row", " | ".join(cells), 0))
    return _from_pieces(pieces, str(path), "docx", [])


def _pdf_page(page: Any) -> str:
    """A page's text with a blank line where the vertical gap between two lines is wider
    than the page's usual line spacing (a paragraph break), so paragraphs and list items
    come out as blocks, as they do from the other formats. The line positions come from
    pypdf's text visitor; when they cannot be paired with the extracted lines one to one,
    the text is kept as pypdf gives it."""
    ys: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            y = float(tm[5]) * float(cm[3]) + float(cm[5])
            if not ys or abs(ys[-1] - y) > 0.5:
                ys.append(y)

    text = page.extract_text(visitor_text=visit) or ""
    lines = text.split("\n")
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(filled) != len(ys) or len(ys) < 3:
        return text
    gaps = [ys[k - 1] - ys[k] for k in range(1, len(ys))]
    usual = sorted(g for g in gaps if g > 0)[len([g for g in gaps if g > 0]) // 3:][:1]
    if not usual:
        return text
    out = [lines[filled[0]]]
    for k in range(1, len(filled)):
        if gaps[k - 1] > 1.4 * usual[0] or gaps[k - 1] < 0:
            out.append("")
        out.append(lines[filled[k]])
    return "\n".join(out)


def _text_operators(path: Path, page: Any, number: int) -> None:
    """Refuse a page whose content shows text in more pieces than the ``pdf_text_operators``
    limit, counted in its (decompressed) content before pypdf extracts it: 700,000 one-word
    pieces took pypdf 30 s of CPU (issue 20)."""
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    n = data.count(b"Tj") + data.count(b"TJ")
    if n > limit("pdf_text_operators"):
        raise exceeded(path, "pdf_text_operators", n, where=f"page {number}")


def _read_pdf(path: Path) -> Document:
    pypdf = _optional("pypdf", path)
    try:
        reader = pypdf.PdfReader(str(path))
        n = len(reader.pages)
    except Exception as exc:
        raise InputError(str(path), None, None, f"is not a readable PDF ({exc})") from None
    if n > limit("pdf_pages"):  # counted from the page tree, before any page is read
        raise exceeded(path, "pdf_pages", n)
    pages: list[str] = []
    chars = 0
    try:
        for page in reader.pages:
            _text_operators(path, page, len(pages) + 1)
            pages.append(_pdf_page(page))
            chars += len(pages[-1])
            if chars > MAX_CHARS:  # refused as soon as the pages read are too long
                raise InputError(str(path), f"page {len(pages)}", None,
                                 f"has over {MAX_CHARS:,} characters of text by this page; "
                                 "documents over that are refused (split it)")
    except InputError:
        raise
    except Exception as exc:
        raise InputError(str(path), None, None, f"is not a readable PDF ({exc})") from None
    if not any(p.strip() for p in pages):
        raise InputError(str(path), None, None, "has no text layer (a scanned PDF needs OCR "
                         "first)")
    doc = _text_blocks("\n\n".join(pages), str(path), "pdf")
    return doc


def read(path: str | Path) -> Document:
    """The model of one file, by its suffix: .txt (.text, .md), .html (.htm), .docx, .pdf."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), None, None, f"cannot be read ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise InputError(str(path), None, None, f"is {size / 2**20:.0f} MB; documents over "
                         f"{MAX_BYTES // 2**20} MB are refused (split it)")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        doc = _read_docx(path)
    elif suffix == ".pdf":
        doc = _read_pdf(path)
    else:
        data = path.read_bytes()
        if not data.strip():
            raise InputError(str(path), None, None, "is empty")
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(str(path), None, None, "looks binary, not text: give a .txt, "
                             ".html, .docx or .pdf")
        text = decode(path, data)
        head = text[:2048].lower()
        html = suffix in (".html", ".htm") or "<html" in head or "<!doctype html" in head
        doc = _read_html(text, str(path)) if html else _text_blocks(text, str(path), "txt")
    if not doc.blocks:
        raise InputError(str(path), None, None, "has no text once page furniture is left out")
    size_text = sum(len(b.text) for b in doc.blocks)
    if size_text > MAX_CHARS:
        raise InputError(str(path), None, None, f"has {size_text:,} characters of text; "
                         f"documents over {MAX_CHARS:,} are refused (split it)")
    return doc
