"""Dated entries and meetings.

A date is written in many ways ('23 January 2004', '3rd October', 'Nov 03 - Jan 04' in a
timetable, 'autumn 2014', 'c. June 2015', 'mid-July', '2004/5'); each is turned into ISO form
(YYYY-MM-DD, YYYY-MM or YYYY) when the year can be known, else kept as written. A date
without a year takes the year of the document's own date (the year before, when its month
comes later than the document's), else the last year written before it. A timetable (a
heading that is only a date or a range, then entries) dates the entries under it.

A dated sentence that speaks of a meeting ('met', 'meeting', 'workshop', 'conference',
'agreed by the Board on ...', 'Decision Day') is also a meeting: of the body it names, or of
the event it describes ('partnership workshop'); future wording makes it planned.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from ..schemas import read_reference
from . import BULLETS, Block, Document
from .names import Mention, sentence_at, spellings

__all__ = ["dates", "distinct", "document_date", "meetings", "mentions", "parse_date"]

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MON = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" \
            r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|" \
              r"November|December)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_ONE = re.compile(
    rf"(?:(?:on )?(?:the )?{_DAY}\s+(?P<m1>{_FULL_MONTH})(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<pre>mid-|early |late |c\. |end of )?(?P<m2>{_FULL_MONTH})\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<season>(?:spring|summer|autumn|winter))\s+(?P<y3>(?:19|20)\d\d)"
    rf"|(?P<asis>mid-{_FULL_MONTH}|{_FULL_MONTH}/{_FULL_MONTH}|(?:19|20)\d\d/\d{{1,2}}\b)"
    rf"|(?P<range>{_FULL_MONTH})-?\s*[-–]\s*(?P<range2>{_FULL_MONTH})"
    rf"|\b(?P<nd>[0-3]?\d)/(?P<nm>[01]?\d)/(?P<ny>(?:19|20)\d\d)\b"
    rf"|\b(?:in|to|since|by|from) (?P<y4>(?:19|20)\d\d)(?![\d/\-])"
    rf"|\b[A-Z][a-z]*, (?P<y5>(?:19|20)\d\d)(?=\.|$|\s+\d{{1,2}}(?:\s|$))"
    rf")", re.I)
# a timetable heading: 'Nov 03 - Jan 04', 'Feb 04', 'March 2004'
_TABLE = re.compile(rf"^(?P<a>{_MONTH_RE})\s+(?P<ay>\d\d(?:\d\d)?)"
                    rf"(?:\s*[-–]\s*(?P<b>{_MONTH_RE})\s+(?P<by>\d\d(?:\d\d)?))?$", re.I)


_WHEN = rf"(?:{_DAY}\s+)?(?P<m>{_FULL_MONTH})(?:,?\s+(?P<y>(?:19|20)\d\d))?"
#: A span of time: 'between August and October 2022', 'from 4 November to 15 December 2024',
#: 'December 2009 to February 2010'; and a plan's years, '2024-2027', '2025 to 2028'.
_SPAN = re.compile(
    rf"\b(?:(?:between|from)\s+(?P<a>{_WHEN.replace('?P<', '?P<a_')})\s+(?:and|to|until)\s+"
    rf"(?P<b>{_WHEN.replace('?P<', '?P<b_')})"
    rf"|(?P<c>{_DAY.replace('?P<d>', '?P<c_d>')}\s+(?P<c_m>{_FULL_MONTH})\s+(?P<c_y>(?:19|20)\d\d)|"
    rf"(?P<c2_m>{_FULL_MONTH})\s+(?P<c2_y>(?:19|20)\d\d))\s+(?:to|until|[-–])\s+"
    rf"(?P<d>{_WHEN.replace('?P<', '?P<d_')})"
    rf"|(?<![\d/])(?P<p1>(?:19|20)\d\d)\s*(?P<sep>[-–]|\bto\b)\s*(?P<p2>(?:19|20)?\d\d)"
    rf"(?![\d/]))", re.I)


def span(m: re.Match[str]) -> dict[str, str] | None:
    """The start and end of a span of time (ISO, to the day where both ends give one, else
    the month), or a plan's years as one date ('2024-2027').

    >>> [span(m) for m in _SPAN.finditer("a survey between August and October 2022, from "
    ...  "4 November to 15 December 2024, the Plan 2025 to 2028 and the Plan 2022-25")]
    [{'start': '2022-08', 'end': '2022-10'}, {'start': '2024-11-04', 'end': '2024-12-15'}, \
{'date': '2025-2028'}, {'date': '2022-25'}]
    """
    g = m.groupdict()
    if g["p1"]:
        if len(g["p2"]) == 2 and int(g["p2"]) <= int(g["p1"][2:]) or \
                len(g["p2"]) == 4 and int(g["p2"]) <= int(g["p1"]):
            return None
        return {"date": f"{g['p1']}-{g['p2']}"}
    if g["a"]:
        first = (g["a_d"], g["a_m"], g["a_y"])
        last = (g["b_d"], g["b_m"], g["b_y"])
    else:
        first = (g["c_d"], g["c_m"] or g["c2_m"], g["c_y"] or g["c2_y"])
        last = (g["d_d"], g["d_m"], g["d_y"])
    if not last[2] and not first[2]:
        return None
    y2 = int(last[2] or first[2])
    y1 = int(first[2]) if first[2] else y2 - (_month(first[1]) > _month(last[1]))
    both_days = bool(first[0] and last[0])

    def iso(y: int, d: str | None, mo: str) -> str:
        return f"{y}-{_month(mo):02d}" + (f"-{int(d):02d}" if both_days else "")

    return {"start": iso(y1, first[0], first[1]), "end": iso(y2, last[0], last[1])}


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")["meetings"]


def _month(name: str) -> int:
    name = name.lower()
    return _MONTHS.get(name) or _MON[name[:4] if name[:4] == "sept" else name[:3]]


def _year(y: str) -> int:
    return int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)


def parse_date(text: str) -> str | None:
    """ISO form of one written date if it has a year ('23 January 2004' -> '2004-01-23',
    'Feb 04' -> '2004-02'), else None.

    >>> parse_date("23 January 2004"), parse_date("c. June 2015"), parse_date("Feb 04")
    ('2004-01-23', '2015-06', '2004-02')
    """
    t = _TABLE.match(text.strip())
    if t and not t["b"]:
        return f"{_year(t['ay']):04d}-{_month(t['a']):02d}"
    m = _ONE.search(text)
    if not m:
        return None
    if m["m1"] and m["y1"]:
        return f"{m['y1']}-{_month(m['m1']):02d}-{int(m['d']):02d}"
    if m["m2"]:
        return f"{m['y2']}-{_month(m['m2']):02d}"
    if m["nd"] and 1 <= int(m["nm"]) <= 12:
        return f"{m['ny']}-{int(m['nm']):02d}-{int(m['nd']):02d}"
    return None


def document_date(doc: Document, headings: bool = True) -> str | None:
    """The document's own date: a heading near its start that is only a full date, or a
    ModernGov 'Meeting: 21/07/2011 - Body (Item 55)' line, else (``headings``) the date of
    the meeting a minutes' heading names (:func:`meeting_heading`)."""
    for b in doc.blocks[:12]:
        text = b.text.strip()
        if re.fullmatch(rf"{_DAY}\s+{_FULL_MONTH}\s+(?:19|20)\d\d", text) or \
                re.match(r"Meeting:\s*[0-3]?\d/[01]?\d/(?:19|20)\d\d\s+-\s+\S", text):
            return parse_date(text)
    heading = meeting_heading(doc) if headings else None
    return heading[1] if heading else None


_WEEKDAY = r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+[0-3]?\d"
_HEADING_CUE = re.compile(rf"^(?:Meeting )?Date:|{_WEEKDAY}|^(?:Minutes|Notes) of\b", re.I)


def meeting_heading(doc: Document) -> tuple[int, str] | None:
    """The line near the start of minutes that dates their meeting, and the date: 'Date:
    Thursday 19 October 2023', 'Health and Wellbeing Board - Tuesday, 10th June, 2025 1.00
    pm', 'Minutes of 17 September 2008' (a full date; not a line about the previous or next
    meeting, nor a sentence).

    >>> from lspgraph.documents import read_text
    >>> meeting_heading(read_text("Fenby Partnership Board\\n\\nDate: Thursday 5 June 2025\\n"))
    (1, '2025-06-05')
    >>> meeting_heading(read_text("Minutes of the meeting held on 3 May 2025 were agreed."))
    """
    for i, b in enumerate(doc.blocks[:12]):
        text = b.text.strip()
        if len(text) > 200 or text.endswith(".") or not _HEADING_CUE.search(text) or \
                re.search(r"\b(?:next|previous|last|future)\b", text, re.I):
            continue
        date = parse_date(text)
        if date and len(date) == 10:
            return i, date
    return None


def _resolve(m: re.Match[str], doc_date: str | None, last_year: int | None) -> dict[str, str]:
    """The date of one match as an entry's fields: date, or start and end."""
    if m["m1"]:
        month, day = _month(m["m1"]), int(m["d"])
        if m["y1"]:
            return {"date": f"{m['y1']}-{month:02d}-{day:02d}"}
        if doc_date:
            y, dm = int(doc_date[:4]), int(doc_date[5:7])
            return {"date": f"{y - 1 if month > dm else y}-{month:02d}-{day:02d}"}
        if last_year:
            return {"date": f"{last_year}-{month:02d}-{day:02d}"}
        return {"date": m[0].strip()}
    if m["m2"]:
        return {"date": f"{m['y2']}-{_month(m['m2']):02d}"}
    if m["nd"]:  # 21/07/2011: UK order, day first
        if 1 <= int(m["nm"]) <= 12:
            return {"date": f"{m['ny']}-{int(m['nm']):02d}-{int(m['nd']):02d}"}
        return {"date": m[0]}
    if m["season"]:
        return {"date": f"{m['season'].lower()} {m['y3']}"}
    if m["asis"]:
        return {"date": m["asis"]}
    if m["range"]:
        return {"start": m["range"], "end": m["range2"]}
    year = m["y4"] or m["y5"]
    return {"date": year}


_CLAUSE = re.compile(r";\s+|,\s+(?:and|but|which|when|whilst|while)\s+|\s+(?:and|but) "
                     r"(?:that|this|it|then|so)\b|\s+which\s+(?:said|says|stated)\s+")


def _what(block: Block, s: int, e: int) -> tuple[str, int, int]:
    """What a date is about: the clause of its sentence that holds it ('A new strategy
    would be presented to the next meeting of the Kent HWB on 16 July 2014'), without an
    item's enumerator."""
    a, b = sentence_at(block.text, s, e)
    for m in _CLAUSE.finditer(block.text, a, b):
        if m.end() <= s:
            a = m.end()
        elif m.start() >= e and not m[0].strip(" ,").startswith("when"):
            b = m.start()  # ('dates back to 2013, when X agreed Y': the 'when' is what)
            break
    what = re.sub(r"^\(?\w{1,3}[.)]\s+", "", block.text[a:b].strip()).rstrip(".")
    return what, a, b


_TIME_WORDS = re.compile(rf"\b(?:{_FULL_MONTH}|Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)(?:day)?\b|"
                         r"\b\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm)\b|\b\d+(?:st|nd|rd|th)?\b|"
                         r"[^\w\s]", re.I)


def _only_when(what: str) -> bool:
    """Whether a dated clause says nothing but when (and at most a place): 'Thursday 19
    October 2023', 'Wednesday 23 April 2025, 2.00pm, Chelmsford'.

    >>> _only_when("Thursday 19 October 2023, 10.00am"), _only_when("The plan was agreed in May")
    (True, False)
    """
    return len(_TIME_WORDS.sub(" ", what).split()) <= 2


def _entry(what: str, when: dict[str, str], block: Block, a: int, b: int) -> dict[str, Any]:
    return {"what": what, **when, "line": block.line,
            "offset": [block.start + a, block.start + b], "quote": block.text[a:b].strip()}


def dates(doc: Document) -> list[dict[str, Any]]:
    """Dated entries: each dated sentence (or timetable entry) with its date, once."""
    return distinct(mentions(doc))


def mentions(doc: Document) -> list[dict[str, Any]]:
    """Every dated sentence (or timetable entry), repeats included."""
    doc_date = document_date(doc, headings=False)
    out: list[dict[str, Any]] = []
    last_year: int | None = None
    table: dict[str, str] | None = None
    for bi, block in enumerate(doc.blocks):
        text = block.text.strip()
        t = _TABLE.match(text)
        if t and block.kind == "heading" or (t and len(text) < 20):
            if t["b"]:
                table = {"start": f"{_year(t['ay'])}-{_month(t['a']):02d}",
                         "end": f"{_year(t['by'])}-{_month(t['b']):02d}"}
            else:
                table = {"date": f"{_year(t['ay'])}-{_month(t['a']):02d}"}
            continue
        if table is not None:
            if block.kind in ("list_item", "paragraph") and len(text) < 160 and \
                    not re.search(r"[.:]$", text):
                item = re.sub(rf"^\s*[{re.escape(BULLETS)}]\s*", "", text)
                out.append(_entry(item, dict(table), block, 0, len(block.text)))
                continue
            table = None
        if doc_date and block.text.strip() and parse_date(text) == doc_date and \
                len(text) < 30:
            around = [b.text for b in doc.blocks[max(0, bi - 1):bi + 3:2]]
            out.append(_entry("document date: " + ": ".join(around), {"date": doc_date},
                              block, 0, len(block.text)))
            continue  # the document's own date line
        spans: list[tuple[re.Match[str], dict[str, str]]] = []
        for m in _SPAN.finditer(block.text):
            when = span(m)
            if when is not None:
                spans.append((m, when))
        covered = [(m.start(), m.end()) for m, _ in spans]
        ones = [(m, None) for m in _ONE.finditer(block.text)
                if not any(a <= m.start() < b for a, b in covered)]
        for m, fixed in sorted([*spans, *ones], key=lambda x: x[0].start()):
            if re.search(r"\bAct\s*$", block.text[:m.start()]):
                continue
            when = fixed if fixed is not None else _resolve(m, doc_date, last_year)
            what, a, b = _what(block, m.start(), m.end())
            if _only_when(what) and bi:  # a line that is only a date: what the line above says
                above = doc.blocks[bi - 1].text.strip()
                if len(above.split()) <= 15:
                    what = f"{above}: {what}"
            entry = _entry(what, when, block, a, b)
            lo = max(0, m.start() - 100)
            entry["context"] = block.text[lo:m.end() + 60]
            entry["at"] = [m.start() - lo, m.end() - lo]
            out.append(entry)
            for y in re.findall(r"(?:19|20)\d\d", m[0]):
                last_year = int(y)
        for y in re.findall(r"\b((?:19|20)\d\d)\b", block.text):
            last_year = max(last_year or 0, int(y))
    return out


def _key(e: dict[str, Any]) -> tuple[str, str, str]:
    return (e.get("date", ""), e.get("start", ""), e.get("end", ""))


def distinct(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each dated entry once: one per day, and one per month or year unless what they say
    differs."""
    out: list[dict[str, Any]] = []
    for e in entries:
        day = re.fullmatch(r"\d{4}-\d\d-\d\d", e.get("date", ""))
        if any(_key(o) == _key(e) and (day or fuzz.ratio(o["what"], e["what"]) >= 90)
               for o in out):
            continue
        out.append(e)
    return out


#: The body named after a meeting's date and a dash ('13/01/2025 - Cabinet (Item 9)').
_DASHED_BODY = re.compile(r"\s*[-–]\s+(?P<b>[A-Z][\w’'&]*(?:\s+(?:and|of|for|&|[A-Z][\w’'&]*))"
                          r"{0,10})")
#: A meeting that is the document's own body's, unnamed ('the meeting held on 8 May').
_OWN_MEETING = re.compile(r"\b(?:(?:the |this )?meeting (?:held )?on|meeting held (?=\d)|"
                          r"(?:previous|last|next) "
                          r"(?:[A-Z]\w+ )?meeting|date of (?:the )?next meeting)\b", re.I)
#: a heading over the next meeting's date, which is on a line of its own below it
_NEXT_HEADING = re.compile(r"^(?:\d{1,2}\.?\s*(?:[/|]\s*)?)?(?:date|dates|time and date|date and "
                           r"time)s? of (?:the )?next meeting:?$", re.I)
_NOT_BODY = {"Page", "Item", "Minutes", "Agenda", "Report", "Appendix", "PDF"}


def meetings(doc: Document, entries: list[dict[str, Any]], bodies: list[Mention],
             own_body: Mention | None, kind: str) -> list[dict[str, Any]]:
    """Meetings: the document's own (for minutes and committee reports) and every dated
    entry that speaks of a meeting."""
    rules = _rules()
    verbs = "|".join(re.escape(v) for v in sorted(rules["verbs"], key=len, reverse=True))
    events = "|".join(re.escape(v) for v in sorted(rules["events"], key=len, reverse=True))
    doc_date = document_date(doc)
    out: list[dict[str, Any]] = []
    if own_body is not None and kind in ("minutes", "committee_report"):
        own: dict[str, Any] = {"body": own_body.name}
        if doc_date:
            own["date"] = doc_date
        own.update({"line": own_body.line, "quote": own_body.quote})
        out.append(own)
    names = spellings(bodies)
    below_next = set()  # the first dated line below a 'Date of next meeting' heading
    for i, b in enumerate(doc.blocks):
        if _NEXT_HEADING.match(b.text.strip()):
            below_next |= {next((n.line for n in doc.blocks[i + 1:i + 4]
                                 if len(n.text) < 120 and parse_date(n.text)), None)}
    for e in entries:
        what = e["what"]
        # the words around the date, in its block (a heading 'Meeting: 21/07/2011 - Council'
        # is not cut at its colon as a sentence is)
        window = e.get("context", what)
        at = e.get("at", [0, len(window)])
        when = {k: e[k] for k in ("date", "start", "end") if k in e}
        if "start" in when or re.fullmatch(r"(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d",
                                              when.get("date", "")) \
                or not re.search(rf"\b(?:{verbs})\b", window, re.I) and \
                e["line"] not in below_next:
            continue  # a period ('2025-2028') is not a meeting; nor is a date far from any
            # meeting word
        # the body or event nearest the date
        cands: list[tuple[int, str, str]] = []
        for n, full in names:
            if n not in window:
                continue  # (a pattern per name and date overflowed re's cache of 512)
            for m in re.finditer(rf"\b{re.escape(n)}\b", window):
                cands.append((min(abs(m.start() - at[0]), abs(m.end() - at[0])),
                              full, n))
        for m in re.finditer(rf"((?:[A-Z][\w’']*+\s+(?:and\s+)?){{1,16}}(?:{events}))\b",
                             window):
            if not any(n in m[1] for n, _ in names):
                cands.append((abs(m.start() - at[0]), m[1], m[1]))
        for m in re.finditer(rf"(?:(\w+)\s+)?\b({events})\b(\s+(?:had been |was |were )?"
                             rf"(?:held )?with\s+(?:key\s+)?\w+)?", window):
            owner = next(((n, f) for n, f in names if n in window[:m.start(2)] and re.search(
                rf"\b{re.escape(n)}(?:\s+[a-z]+)?\s+$", window[:m.start(2)])), None)
            if owner:  # 'the annual Hampshire Strategic Partnership stakeholder conference'
                cands.append((abs(m.start(2) - at[0]), owner[1], owner[0]))
                continue
            noun = m[2][:-1] if m[2].endswith("s") else m[2]
            qual = m[1] if m[1] and m[1].lower() not in ("a", "the", "two", "of", "at", "annual",
                                                         "s", "year") else ""
            tail = re.sub(r"^\s+(?:had been |was |were )?(?:held )?", " ", m[3] or "")
            body = " ".join(x for x in (qual, noun, tail.strip()) if x)
            cands.append((min(abs(m.start() - at[0]), abs(m.end() - at[0])), body,
                          body))
        named = _DASHED_BODY.match(window[at[1]:])
        if named and not set(named["b"].split()) & _NOT_BODY:
            # a committee site's 'Meeting: 13/01/2025 - Cabinet (Item 9)': the body after
            # the date and a dash
            cands.append((0, next((f for n, f in names if n == named["b"]), named["b"]),
                          named["b"]))  # (under the full name of the body it spells)
        if not cands and own_body is not None and (_OWN_MEETING.search(window) or
                                                   e["line"] in below_next):
            # 'the minutes of the meeting held on 8 May', 'the next meeting on 3 June': the
            # document's own body, which needs no naming
            cands.append((0, own_body.name, own_body.name))
        if not cands:
            continue
        cands.sort(key=lambda c: (c[0], -len(c[2])))
        _, body, written = cands[0]
        item: dict[str, Any] = {"body": body, **when}
        if written != body:
            item["aliases"] = [written]
        if re.search(r"\b(?:will|would|to be|be received|next meeting|to consider|"
                     r"planned)\b", what) or (doc_date and when.get("date", "") > doc_date):
            item["status"] = "planned"
        item.update({"line": e["line"], "quote": e["quote"]})
        if not any(o["body"] == body and o.get("date") == when.get("date") for o in out):
            out.append(item)
    return out

