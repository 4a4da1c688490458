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
- decisions recorded in prose: 'The Board agreed to ...', 'It was agreed that ...', and the
  minutes of the last meeting 'agreed as a correct record';
- a run of numbered or lettered items with no lead-in left above it, when most items are
  worded as decisions ('(i) the progress be noted; (ii) the outcomes be approved').

A decision written twice (a report's recommendations, then the same words resolved) is
kept once.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from ..schemas import read_reference
from . import Block, Document
from .lists import enumerated, inline, shape

__all__ = ["agreed", "lead_in", "resolutions", "unled", "worded"]


def _clean(text: str) -> str:
    text = re.sub(r":\s*[-–]$", ":", text.strip().strip("|").strip())  # 'be approved:-'
    text = re.sub(r"[;,]?\s*(?:and|or)$", "", text)
    return text.strip().rstrip(";.,").strip()


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["decisions"]


@cache
def _lead_ins() -> re.Pattern[str]:
    number = _rules()["paragraph_number"]  # '2.5 It was agreed:', '3.4 / The Board agreed that:'
    return re.compile("|".join(f"(?:^(?:{number})?{p[1:]})" if p.startswith("^") else f"(?:{p})"
                               for p in _rules()["lead_ins"]), re.M)


def lead_in(text: str) -> re.Match[str] | None:
    """The decision lead-in a block holds ('RESOLVED', 'That Cabinet:'), if any; the
    decision itself may follow on the same line.

    >>> bool(lead_in("That the Health and Wellbeing Board:"))
    True
    >>> bool(lead_in("It was resolved unanimously to:")), bool(lead_in("Decision"))
    (True, True)
    >>> bool(lead_in("3.4 / The Board agreed that:")), bool(lead_in("2.5 It was agreed:"))
    (True, True)
    >>> bool(lead_in("The strategy was agreed in March."))
    False
    """
    return _lead_ins().search(text.strip())


def _item(text: str, block: Block) -> dict[str, Any]:
    return {"text": text, "line": block.line}


_UNFINISHED = re.compile(r"(?:^That|\b(?:the|of|to|for|be|that|in|on|a|an|with|by|as|at|"
                         r"from|its|their)|,)$", re.I)


def _unfinished(text: str) -> bool:
    """Whether an item stops mid-sentence, its line wrapped ('(a) That' above 'the plan be
    approved;', '... to the Director of' above 'Public Health')."""
    return bool(_UNFINISHED.search(text.strip()))


def _items(blocks: list[Block], i: int) -> tuple[list[dict[str, Any]], int]:
    """The numbered or lettered items from block ``i`` on, with an item's own sub-list
    (another mark shape, or short unmarked lines, after an item ending in a colon) joined to
    it; and where they end.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("a) approve the plan;\\n\\nb) agree these outcomes:\\n\\n"
    ...                 "(i) safer streets;\\n\\n(ii) fewer harms;\\n\\nc) note the report.")
    >>> [r["text"] for r in _items(doc.blocks, 0)[0]]
    ['approve the plan', 'agree these outcomes: safer streets; fewer harms', 'note the report']
    """
    out: list[dict[str, Any]] = []
    top = shape(blocks[i].text) if i < len(blocks) else ""
    last_top = ""  # the last item's own block: numbered '1' too, the list is '1' throughout
    subs: list[str] = []
    j = i
    while j < len(blocks):
        text = enumerated(blocks[j].text)
        if text is None and blocks[j].kind == "list_item":
            text = blocks[j].text  # a list element with no mark (a web page, a slide)
        if text is None and out and _unfinished(out[-1]["text"]) and \
                len(blocks[j].text.split()) <= 40 and not lead_in(blocks[j].text):
            out[-1]["text"] = _clean(f"{out[-1]['text']} {blocks[j].text}")  # a wrapped item
            j += 1
            continue
        if text is None and out and out[-1]["text"].endswith(":") and \
                len(blocks[j].text.split()) <= 15 and not lead_in(blocks[j].text) and \
                not blocks[j].text.rstrip().endswith(":"):
            subs.append(_clean(blocks[j].text))  # the sub-list one item a line, unmarked
            j += 1
            continue
        if text is None:
            break
        if out and _FIRST.match(blocks[j].text) and not (
                _FIRST.match(last_top) and shape(blocks[j].text) == top):
            break  # the numbering starts again: a list of its own ('(1) ...' after '(2) ...')
            # (not a list numbered '1.' throughout, as a word processor's list is copied)
        if shape(blocks[j].text) == top or not out:
            if subs:
                out[-1]["text"] += " " + "; ".join(subs)
                subs = []
            out.append(_item(_clean(text), blocks[j]))  # keeps a final ':'
            last_top = blocks[j].text
        elif out[-1]["text"].endswith(":"):
            subs.append(_clean(text))
        else:
            break
        j += 1
    if subs:
        out[-1]["text"] += " " + "; ".join(subs)
    return out, j


#: The first mark of a numbered or lettered series ('1.', '(1)', 'a)').
_FIRST = re.compile(r"^\s*\(?(?:1|a)[.)]\s", re.I)

_BARE = re.compile(r"(?P<n>\d{1,2})(?:\s*\|)?\s+(?=[A-Za-z(])(?P<t>.+)$", re.S)


def _counted(blocks: list[Block], j: int) -> tuple[list[dict[str, Any]], int]:
    """Items numbered '1 ', '2 ' with no point or bracket (a table's number column run into
    its text) from block ``j``: consecutive numbers from 1; and where they end.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("1 That the plan be approved.\\n\\n2 That the survey be noted.\\n\\n"
    ...                 "4 Any other business")
    >>> [r["text"] for r in _counted(doc.blocks, 0)[0]]
    ['That the plan be approved', 'That the survey be noted']
    """
    out: list[dict[str, Any]] = []
    k = j
    while k < len(blocks):
        m = _BARE.match(blocks[k].text.strip())
        if not m or int(m["n"]) != len(out) + 1 or lead_in(m["t"]):
            break
        out.append(_item(_clean(m["t"]), blocks[k]))
        k += 1
    return out, k


def _continued(blocks: list[Block], i: int, text: str, used: set[int]) -> tuple[str, int]:
    """A decision the page broke across a blank line ('That the Board endorse the' above
    'refreshed strategy.'): the next blocks joined while the sentence has not ended and the
    next block starts in lower case; the blocks taken are added to ``used``. Returns the
    text and the block after it."""
    k = i + 1
    while k < len(blocks) and not re.search(r"[.;:!?]\s*$", text) and \
            re.match(r"[a-z]", blocks[k].text) and len(blocks[k].text.split()) <= 60 and \
            enumerated(blocks[k].text) is None and blocks[k].kind != "list_item":
        text = f"{text.rstrip()} {blocks[k].text.strip()}"
        used.add(k)
        k += 1
    return text, k


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.;])\s+(?=[A-Z(])", text.strip())[0]


def _one_sentence(text: str) -> bool:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip())) <= 1


def _below(blocks: list[Block], j: int, used: set[int]) -> tuple[list[dict[str, Any]], int]:
    """The decisions right below a lead-in from block ``j``: its items, a paragraph of
    inline items, or one sentence; and the block after them."""
    several = inline(blocks[j].text) if enumerated(blocks[j].text) is None else None
    if several:  # 'Cabinet on 3 May:- (i) Noted ...; (ii) Approved ...'
        used.add(j)
        return [_item(_clean(t), blocks[j]) for t in several], j + 1
    found, end = _items(blocks, j)
    if not found:
        found, end = _counted(blocks, j)
    if found:
        used.update(range(j, end))
        return found, end
    if _one_sentence(blocks[j].text) and not lead_in(blocks[j].text) and \
            len(blocks[j].text.split()) > 3:
        text, k = _continued(blocks, j, blocks[j].text, used)
        out = [_item(_clean(text), blocks[j])]
        while blocks[j].text.startswith("That ") and k < len(blocks) and \
                blocks[k].text.startswith("That ") and _one_sentence(blocks[k].text) and \
                not lead_in(blocks[k].text):  # 'That ...' one a line, unmarked
            out.append(_item(_clean(blocks[k].text), blocks[k]))
            used.add(k)
            k += 1
        return out, k
    if re.match(r"(?:That|To) [a-z]", blocks[j].text) and not lead_in(blocks[j].text):
        return [_item(_clean(_first_sentence(blocks[j].text)), blocks[j])], j + 1
    return [], j


def _led(blocks: list[Block], i: int, m: re.Match[str], used: set[int]) -> list[dict[str, Any]]:
    """The decisions after the lead-in ``m`` of block ``i``: on its own line, or below."""
    raw = re.split(r"\s+\|\s+", blocks[i].text[m.end():])[0].strip()  # a cell of a row
    after = raw.strip(" :-–\n")
    several = inline(after) if after else None
    if several:  # 'Resolved: That Cabinet note: 1. The bid. 2. The talks.'
        return [_item(_clean(t), blocks[i]) for t in several]
    thats = re.split(r"\s+(?=That [a-z])", after)
    if len(thats) >= 2 and thats[0].startswith("That "):  # 'That A adopts X That B meets'
        return [_item(_clean(t), blocks[i]) for t in thats]
    if raw.endswith(":") and len(after.split()) <= 12 and enumerated(after) is None:
        after = ""  # 'RESOLVED (unanimously) that the Cabinet agreed to:' above its items
    j = i + 1
    # 'That the Health and Wellbeing Board:' below 'RESOLVED': a second lead-in
    while j < len(blocks) and not after and lead_in(blocks[j].text) and \
            not blocks[j].text.strip(" :")[m.end() - m.start():]:
        used.add(j)
        j += 1
    if j < len(blocks) and not after and enumerated(blocks[j].text) is None and \
            (blocks[j].text.rstrip().endswith(":") and len(blocks[j].text) < 80 or
             re.fullmatch(r"That (?:the )?[A-Z][\w’' ]{1,60}", blocks[j].text.strip()) and
             j + 1 < len(blocks) and _BARE.match(blocks[j + 1].text.strip())):
        used.add(j)  # 'The Board:'; 'That the Board' above '1 approve ...'
        j += 1
    first = enumerated(after) if after else None
    if after and first is None and not raw.endswith(":"):  # a colon ends it, as in _continued
        after = _continued(blocks, i, after, used)[0]  # 'That the Board' / 'note the plan.'
    if after and first is None and len(after.split()) > 3:
        return [_item(_clean(_first_sentence(after)), blocks[i])]
    out = [_item(_clean(first), blocks[i])] if first is not None else []
    if j < len(blocks):  # 'RESOLVED that (1) ...' on one line, then (2) ... below
        found, _ = _below(blocks, j, used) if first is None else _items(blocks, j)
        if first is not None:
            used.update(range(j, _))
        out += found
    return out


def _noun_phrases(found: list[dict[str, Any]]) -> bool:
    """Whether most proposals are noun phrases led by an article ('A smaller board'): then
    they are deliverables (actions), not decisions (cue ``actions.deliverables.items``)."""
    items = re.compile(read_reference("documents.yaml")["actions"]["deliverables"]["items"])
    return len(found) >= 2 and 3 * sum(bool(items.match(r["text"])) for r in found) >= \
        2 * len(found)


def resolutions(doc: Document) -> list[dict[str, Any]]:
    """Each decision after a lead-in: its items, else the sentence on its line or below;
    then the runs no lead-in introduces, and decisions recorded in prose. A report's
    recommendations count only where no decision recorded after them answers them."""
    out: list[dict[str, Any]] = []
    proposed: list[tuple[int, list[dict[str, Any]]]] = []
    blocks = doc.blocks
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        m = lead_in(block.text)
        if m:
            found = _led(blocks, i, m, used)
            if re.search(r"recommend|asked to|requested to", m[0], re.I):
                proposed.append((block.line, found))
            elif not (re.search(r"propos", m[0], re.I) and _noun_phrases(found)):
                out += found
    out += unled(blocks, used)
    for r in agreed(doc):
        if not any(r["text"] in o["text"] or o["text"] in r["text"] for o in out):
            out.append(r)
    out += _unanswered(proposed, out)
    return _once(sorted((r for r in out if r["text"].strip(" :;")), key=lambda r: r["line"]))


def _unanswered(proposed: list[tuple[int, list[dict[str, Any]]]],
                recorded: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The recommendations no recorded decision answers: each set of recommendations
    (its lead-in's line, its items) counts unless a decision is recorded after it and before
    the next set."""
    out = []
    for k, (line, found) in enumerate(proposed):
        until = proposed[k + 1][0] if k + 1 < len(proposed) else float("inf")
        if not any(line < r["line"] < until for r in recorded):
            out += found
    return out


def _key(text: str) -> str:
    return " ".join(re.sub(r"^that\s+", "", text.lower()).split())


def _once(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each decision once: the same words (case and 'That' aside) are one decision, and so
    is a long decision written again in nearly the same words (a report's recommendation,
    then what was resolved; cue ``decisions.same_decision``): the later wording stays.

    >>> [r["text"] for r in _once([{"text": "That Cabinet approves the Safer Fenby Plan "
    ...     "2025-2028 for publication"}, {"text": "approve the draft plan"},
    ...     {"text": "Cabinet approved the Safer Fenby Plan 2025-2028 for publication"}])]
    ['approve the draft plan', 'Cabinet approved the Safer Fenby Plan 2025-2028 for publication']
    """
    out: list[dict[str, Any]] = []
    keys: list[str] = []
    least = _rules()["same_decision"]
    for r in found:
        key = _key(r["text"])
        if key in keys:
            continue
        near = next((i for i, k in enumerate(keys) if min(len(k.split()), len(key.split())) >= 6
                     and fuzz.token_sort_ratio(k, key) >= least), None)
        if near is not None:
            del out[near], keys[near]
        out.append(r)
        keys.append(key)
    return out


@cache
def _worded() -> re.Pattern[str]:
    return re.compile(_rules()["worded"])


def worded(text: str) -> bool:
    """Whether an item is worded as a decision ('the report be noted', 'Approves the X').

    >>> worded("The progress made so far be noted"), worded("Approves the Safer Streets Plan")
    (True, True)
    >>> worded("Delegated authority to the Director"), worded("a grant was approved")
    (True, True)
    >>> worded("People will be supported to live at home"), worded("Safer streets")
    (False, False)
    """
    return bool(_worded().search(text))


def _mostly_worded(items: list[str]) -> bool:
    """More than half the items worded as decisions, or half with the first among them
    ('(1) the strategy be endorsed; (2) a map be brought to the next meeting')."""
    n = sum(map(worded, items))
    return 2 * n > len(items) or 2 * n == len(items) and worded(items[0])


def unled(blocks: list[Block], used: set[int]) -> list[dict[str, Any]]:
    """Decisions in runs of numbered or lettered items that no lead-in introduces (the
    'RESOLVED' heading was lost), marked one a block or inside one paragraph, when more than
    half the items are worded as decisions (or half, the first among them); the blocks taken
    are added to ``used``.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Minutes:\\n\\n(i) The update be noted;\\n\\n(ii) The plan be approved;"
    ...                 "\\n\\n(iii) A review in March.")
    >>> [r["text"] for r in unled(doc.blocks, set())]
    ['The update be noted', 'The plan be approved', 'A review in March']
    """
    out: list[dict[str, Any]] = []
    i = 0
    while i < len(blocks):
        if i in used:
            i += 1
            continue
        if enumerated(blocks[i].text) is None:
            several = inline(blocks[i].text) or []
            if len(several) >= 2 and _mostly_worded(several):
                out += [_item(_clean(t), blocks[i]) for t in several]
                used.add(i)
            i += 1
            continue
        found, end = _items(blocks, i)
        numbered = shape(blocks[i].text) == "9.9"  # a minute's paragraphs, '4.1 The Chair'
        if found and not numbered and not used.intersection(range(i, end)) and \
                (len(found) > 1 or found[0]["text"].startswith("That ")) and \
                _mostly_worded([r["text"] for r in found]):
            out.extend(found)
            used.update(range(i, end))
        i = max(end, i + 1)
    return out


@cache
def _agreed() -> re.Pattern[str]:
    bodies = "|".join(_rules()["prose_bodies"])
    makers = "|".join(_rules()["decision_makers"])
    subject = (rf"(?:[Tt]he(?: [A-Z][\w’'\-]+| and| of| &){{0,8}}? (?:{bodies})|It was|Members|"
               rf"Partners|{'|'.join(_rules()['bare_bodies'])}|"
               rf"[Tt]he (?:{makers})(?: for [A-Z][\w’'\-]*(?:,? (?:and |& )?[A-Z][\w’'\-]*)*)?)")
    done = "|".join(_rules()["prose_verbs"])
    # ('Cllr A proposed, Cllr B seconded and Members agreed that ...': after the seconder)
    return re.compile(rf"(?:^|(?<=[.;:,]\s)|(?<=[.;:]\s\s)|(?<=seconded and )){subject}"
                      r"(?: also| unanimously| further)?"
                      r"(?: noted [^.;:]{0,100}? and)? (?:(?:agreed|AGREED|resolved|RESOLVED|"
                      r"confirmed|CONFIRMED)"
                      r"(?: (?P<how>that|to)\s+(?P<t>(?:[^.;:]|[.:](?=\d))+)(?=[.;]|$)|"
                      r":\s*(?P<list>.+))|"
                      rf"(?P<done>(?:{done}) (?:the|a|an|its|their|this|these)\b"
                      r"(?:[^.;:]|[.:](?=\d))+)"
                      r"(?=[.;]|$))")


def agreed(doc: Document) -> list[dict[str, Any]]:
    """Decisions recorded in prose ('The Board agreed to ...').

    >>> from lspgraph.documents import read_text
    >>> [r["text"] for r in agreed(read_text("The Board agreed to hold a summit in May."))]
    ['to hold a summit in May']
    >>> [r["text"] for r in agreed(read_text("Cabinet approved the plan. The Board noted that "
    ...                                      "the survey closed."))]
    ['Cabinet approved the plan']
    >>> [r["text"] for r in agreed(read_text("The notes of the last meeting were agreed as a "
    ...                                      "correct record."))]
    ['The notes of the last meeting were agreed as a correct record']
    """
    out = []
    for block in doc.blocks:
        for m in _agreed().finditer(block.text):
            if m["done"] is not None:  # 'The Board approved the plan', 'Cabinet NOTED the report'
                out.append(_item(_clean(m[0]), block))
                continue
            if m["list"] is not None:  # 'The Board agreed: (i) to adopt X; (ii) to meet'
                out += [_item(_clean(t), block) for t in inline(m["list"]) or []]
                continue
            text = _clean(m["t"] if m["how"] == "that" else f"to {m['t']}")
            if len(text.split()) > 3:
                out.append(_item(text, block))
        for m in _minutes().finditer(block.text):
            out.append(_item(_clean(m["t"]), block))
        for m in _PASSIVE.finditer(block.text):
            out.append(_item(_clean(m["t"]), block))
    return out


#: A decision recorded as a short sentence in the passive ('All ambitions were agreed.',
#: 'Recommendation 3 was agreed.'): nothing after the verb, so not a report of the past
#: ('The priorities were agreed by partners in 2019').
_PASSIVE = re.compile(r"(?:^|(?<=[.;:]\s))(?P<t>(?:All |The |Each )?(?:[A-Z][\w’']*|[a-z]+)"
                      r"(?: [\w’']+){0,4}? (?:was|were) (?:agreed|approved|endorsed|adopted|"
                      r"accepted|carried)(?: unanimously)?)\s*(?:[.;]|$)")


@cache
def _minutes() -> re.Pattern[str]:
    return re.compile(_rules()["minutes_approved"], re.I)
