"""Parse cell values into the types the schema declares, with Excel's habits in mind.

>>> parse_value("date", "16 July 2014")
'2014-07-16'
>>> parse_value("date", 41836)        # an Excel serial number
'2014-07-16'
>>> parse_value("period", "2016-2020")
'2016-2020'
>>> parse_value("integer", "1,184,365")
1184365
>>> split_list("Hertfordshire County Council; Herts Police | LEP")
['Hertfordshire County Council', 'Herts Police', 'LEP']
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any

from ..schemas import load_schema, without_hint
from .ids import clean_text

__all__ = ["as_dated", "backwards", "ends_before", "is_blank", "no_date", "parse_date",
           "parse_due", "parse_period", "parse_value", "split_list", "written_span"]

_MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPLIT = re.compile(r"\s*[;|\n]\s*")


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    if isinstance(value, list | tuple) and not value:
        return True
    return False


def split_list(value: Any) -> list[str]:
    """A cell that holds several values: a list already, or text split on ';', '|' or
    newlines. An item in double quotes keeps its separators, so a name with ';' in it can
    be given.

    >>> split_list('"Health; Care Board"; Kent Police')
    ['Health; Care Board', 'Kent Police']
    """
    if type(value) is str:  # a cell: the same few thousand names in a national import
        return list(_split_text(value))
    if is_blank(value):
        return []
    if isinstance(value, list | tuple):
        items = list(value)
    elif '"' in str(value):
        items = _split_quoted(str(value))
    else:
        items = _SPLIT.split(str(value))
    return [clean_text(v) for v in items if not is_blank(v) and clean_text(v)]


@lru_cache(maxsize=1 << 16)
def _split_text(value: str) -> tuple[str, ...]:
    """:func:`split_list` of a text cell, once per distinct text (a tuple: callers get a
    list of their own)."""
    if not value.strip():
        return ()
    items = _split_quoted(value) if '"' in value else _SPLIT.split(value)
    return tuple(clean_text(v) for v in items if not is_blank(v) and clean_text(v))


_QUOTED = re.compile(r'\s*"([^"]*)"\s*(?:[;|\n]|$)')


def _split_quoted(text: str) -> list[str]:
    """Split on ';', '|' and newlines, except inside an item that starts with '"' and
    ends with '"' (a quote anywhere else is a character of the name)."""
    items: list[str] = []
    at = 0
    while at <= len(text):
        m = _QUOTED.match(text, at)
        if m:
            items.append(m[1])
            at = m.end()
            continue
        nxt = _SPLIT.search(text, at)
        items.append(text[at:nxt.start()] if nxt else text[at:])
        if not nxt:
            break
        at = nxt.end()
    return items


def _valid(y: int, m: int = 1, d: int = 1) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return 1000 <= y <= 2999


# a time after a date (exports of date-time cells: '01/04/2019 00:00', ISO with zone), and
# a weekday before it (meeting dates: 'Monday 1 April 2019')
_TIME = re.compile(r"(?<=\d)(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?"
                   r"(?:z|\s*[+-]\d{2}:?\d{2})?$")
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|"
                      r"urday|sday)?,?\s+(?=\d|[a-z]{3})")


def parse_date(value: Any) -> str:
    """ISO text (YYYY, YYYY-MM or YYYY-MM-DD) for a date as people and Excel write them.

    Raises ValueError for text that is not a date.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 2999:
            return str(int(value))
        if 1 <= value < 2958466:  # Excel serial day numbers up to 9999-12-31
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        raise ValueError(f"{value!r} is not a date")
    text = clean_text(value).rstrip(".")
    low = _WEEKDAY.sub("", _TIME.sub("", text.lower()))  # 'Mon 1 Apr 2019', '01/04/2019 00:00'
    if re.fullmatch(r"\d{5}(\.0+)?", low):
        return parse_date(float(low))
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[t ]\d{2}:\d{2}(:\d{2})?)?", low)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
        if d and _valid(y, int(mo), int(d)):
            return f"{y:04d}-{int(mo):02d}-{int(d):02d}"
        if mo and not d and _valid(y, int(mo)):
            return f"{y:04d}-{int(mo):02d}"
        if not mo and _valid(y):
            return f"{y:04d}"
    m = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", low)
    if m and _valid(int(m[1]), int(m[2]), int(m[3])):  # 2019/04/01: year first, then month
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})", low)
    if m:  # UK order: day/month/year (01/04/2019, 01-04-2019, 1.4.19)
        d, mo, y = int(m[1]), int(m[3]), int(m[4])
        y = y + 2000 if y < 100 else y
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)([a-z]+),?(?:\s+|-)(\d{4})", low)
    if m and m[2] in _MONTHS and _valid(int(m[3]), _MONTHS[m[2]], int(m[1])):
        return f"{int(m[3]):04d}-{_MONTHS[m[2]]:02d}-{int(m[1]):02d}"
    m = re.fullmatch(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", low)
    if m and m[1] in _MONTHS and _valid(int(m[3]), _MONTHS[m[1]], int(m[2])):
        return f"{int(m[3]):04d}-{_MONTHS[m[1]]:02d}-{int(m[2]):02d}"
    m = re.fullmatch(r"([a-z]+)(?:,?\s+|-)(\d{4})", low)
    if m and m[1] in _MONTHS and _valid(int(m[2])):
        return f"{int(m[2]):04d}-{_MONTHS[m[1]]:02d}"
    m = re.fullmatch(r"([a-z]{3,})-(\d{2})", low)  # Excel's mmm-yy: 'Apr-19' is April 2019
    if m and m[1] in _MONTHS:
        return f"{2000 + int(m[2]):04d}-{_MONTHS[m[1]]:02d}"
    raise ValueError(f"'{text}' is not a date (use e.g. 2014-07-16, 16/07/2014 or July 2014)")


# the month a quarter or a financial year ends in, as plans' due dates give them
_QUARTER_ENDS = {"1": 3, "2": 6, "3": 9, "4": 12}
_FY_QUARTER_ENDS = {"1": (0, 6), "2": (0, 9), "3": (0, 12), "4": (1, 3)}


def parse_due(value: Any) -> str:
    """A date as a table's cell gives it (:func:`parse_date`), or as plans write a date
    something is due by, read as the month it ends: a financial year ('2024/25', '2024-25',
    'FY 2024/25': March 2025), a quarter ('Q4 2025/26': March 2026; 'Q2 2026': June 2026),
    and 'by' or 'end of' before a date ('by end of March 2026', 'end of 2026'). A season
    is a span, not a date: a meeting's or milestone's `when` keeps it as written.

    >>> [parse_due(t) for t in ("2024-25", "Q4 2025/26", "Q2 2026", "by end of March 2026",
    ...                         "2024-10")]
    ['2025-03', '2026-03', '2026-06', '2026-03', '2024-10']
    """
    try:
        return parse_date(value)
    except ValueError:
        found = _loose_date(_TIME.sub("", clean_text(value).rstrip(".").lower()))
        if found is None:
            raise
        return found


def _loose_date(low: str) -> str | None:
    m = re.fullmatch(r"(?:by\s+)?(?:the\s+)?(?:end\s+of\s+|end\s+)(.+)|by\s+(.+)", low)
    if m:
        try:
            return parse_due(m[1] or m[2])
        except ValueError:
            return None
    m = re.fullmatch(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", low)
    if m and _next_year(m[1], m[2]):
        return f"{int(m[1]) + 1:04d}-03"
    m = re.fullmatch(r"q([1-4])\s*(?:fy\s*)?(\d{4})(?:\s*[/-]\s*(\d{2}|\d{4}))?", low)
    if m and m[3] and _next_year(m[2], m[3]):
        plus, month = _FY_QUARTER_ENDS[m[1]]
        return f"{int(m[2]) + plus:04d}-{month:02d}"
    if m and not m[3] and _valid(int(m[2])):
        return f"{int(m[2]):04d}-{_QUARTER_ENDS[m[1]]:02d}"
    return None


# what a date cell holds when there is no date yet: read as blank, with a warning
_NO_DATE = {"tbc", "tba", "tbd", "tbc.", "to be confirmed", "to be agreed", "to be decided",
            "to be determined", "to be set", "ongoing", "on going", "on-going", "n/a", "na",
            "none", "-", "\u2013", "\u2014", "not known", "unknown", "various", "continuous",
            "annual", "annually", "quarterly", "monthly", "rolling", "as required",
            "not applicable", "no date", "not set", "open", "n.a."}


def no_date(text: str) -> bool:
    """Whether a date cell says there is no date ('TBC', 'Ongoing', 'N/A'): not an error.

    >>> no_date(" TBC "), no_date("Ongoing"), no_date("March 2026")
    (True, True, False)
    """
    return " ".join(text.lower().split()) in _NO_DATE


def _next_year(first: str, second: str) -> bool:
    """'2024' and '25' (or '2025'): a financial or academic year's two calendar years."""
    nxt = int(first) + 1
    return int(second) == (nxt % 100 if len(second) == 2 else nxt)


def ends_before(start: str, end: str) -> bool:
    """True when an ISO ``end`` is surely before an ISO ``start``, at the precision both
    give ('2024' does not end before '2024-05': that month may be in that year).

    >>> ends_before("2020-04-01", "2019-03-31"), ends_before("2024-05", "2024")
    (True, False)
    """
    n = min(len(start), len(end))
    return end[:n] < start[:n]


def backwards(props: dict[str, Any], start_column: str | None = None) -> str | None:
    """Why a node's or edge's ``start`` and ``end`` cannot both be true (the end is before
    the start), else None.

    >>> backwards({"start": "2020-04-01", "end": "2019-03-31"}, "Start date")
    "the end (2019-03-31) is before the start (2020-04-01, column 'Start date')"
    """
    start, end = props.get("start"), props.get("end")
    if isinstance(start, str) and isinstance(end, str) and ends_before(start, end):
        column = f", column '{start_column}'" if start_column else ""
        return f"the end ({end}) is before the start ({start}{column})"
    return None


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 14)}
_SPAN = re.compile(r"\b(?:(?:early|mid|late|end of|start of|beginning of|around|c)[\s.-]+)?"
                   r"(?P<a>[a-z]+)(?:\s*(?:/|-|–|to|or|and)\s*(?P<b>[a-z]+))?"
                   r",?\s+(?P<y>\d{4})(?:\s*/\s*(?P<y2>\d{2}|\d{4}))?\b")


def written_span(text: str) -> dict[str, str]:
    """The months a loosely written date spans, as ISO ``start`` and ``end`` (or one
    ``date`` when it is one month), when the text gives a year; else nothing.

    >>> written_span("summer 2024"), written_span("winter 2024/25")
    ({'start': '2024-06', 'end': '2024-08'}, {'start': '2024-12', 'end': '2025-02'})
    >>> written_span("mid-July 2024"), written_span("June/July 2025"), written_span("mid-July")
    ({'date': '2024-07'}, {'start': '2025-06', 'end': '2025-07'}, {})
    >>> written_span("be held in summer 2024")
    {'start': '2024-06', 'end': '2024-08'}
    """
    for m in _SPAN.finditer(clean_text(text).lower()):
        year = int(m["y"])
        if m["a"] in _SEASONS and not m["b"]:
            first, last = _SEASONS[m["a"]]
        elif m["a"] in _MONTHS and (m["b"] is None or m["b"] in _MONTHS) and not m["y2"]:
            first = _MONTHS[m["a"]]
            last = _MONTHS[m["b"]] if m["b"] else first
        else:
            continue
        if not _valid(year) or last < first:
            continue
        start = f"{year:04d}-{first:02d}"
        end = f"{year + (last - 1) // 12:04d}-{(last - 1) % 12 + 1:02d}"
        return {"date": start} if start == end else {"start": start, "end": end}
    return {}


def as_dated(fields: dict[str, Any]) -> dict[str, str]:
    """A found date (``date``, or ``start`` and ``end``) as the fields of a dated node: ISO
    dates as they are when each is a date and the end is not before the start; otherwise
    the text as written in ``when``, with the season's or months' span where it gives one.
    Whatever a document says, the result imports.

    >>> as_dated({"date": "2024-03-12"}), as_dated({"date": "spring 2025"})
    ({'date': '2024-03-12'}, {'when': 'spring 2025', 'start': '2025-03', 'end': '2025-05'})
    >>> as_dated({"start": "2004-11", "end": "2002-01"})
    {'when': '2004-11 - 2002-01'}
    """
    given = {k: clean_text(fields[k]) for k in ("date", "start", "end")
             if not is_blank(fields.get(k))}
    try:
        iso = {k: parse_date(v) for k, v in given.items()}
    except ValueError:
        iso = None
    if iso is not None and not ("start" in iso and "end" in iso and
                                ends_before(iso["start"], iso["end"])):
        return iso
    written = " - ".join(given.values())
    return {"when": written, **written_span(written)}


# one end of a period: a year, a financial or academic year ('2024/25'), or a month and
# year ('April 2024'); the month only says which year, since a period is kept in years
_PERIOD_END = r"(?:([a-z]+)\.?\s+)?(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?"
_PERIOD = re.compile(rf"{_PERIOD_END}(?:\s*(?:-|–|—|/|to|until)\s*(?:{_PERIOD_END}|(\d{{2}})))?")


def parse_period(value: Any) -> str:
    """A period such as '2016-2020', '2016/17', '2017 to 2030' -> 'YYYY-YYYY' (or 'YYYY').

    Financial and academic years name their first and last years, and a month names its
    year: '2024/25 - 2026/27' and 'April 2024 to March 2027' are both 2024-2027.

    A hint in brackets, a closing full stop and a leading 'from' do not count.

    >>> parse_period("2024/25 - 2026/27"), parse_period("April 2024 - March 2027")
    ('2024-2027', '2024-2027')
    >>> parse_period("2024-2027 (refreshed 2025)"), parse_period("From 2023 to 2028.")
    ('2024-2027', '2023-2028')
    """
    text = clean_text(value).lower()
    m = _PERIOD.fullmatch(text)
    if m is None:
        text = without_hint(text).strip().rstrip(".").strip()
        m = _PERIOD.fullmatch(re.sub(r"^(?:from|between)\s+", "", " ".join(text.split())))
    months = (m[1], m[4]) if m else ()
    if m and all(w is None or w in _MONTHS for w in months):
        start = int(m[2])

        def year(written: str | None, base: int) -> int:
            y = int(written)
            if y >= 100:
                return y
            y += base // 100 * 100
            return y + 100 if y + 100 == base + 1 else y  # '1999/00' ends in 2000

        if m[5]:  # a second end, itself perhaps a financial year
            end = year(m[6], int(m[5])) if m[6] and int(m[5]) >= start else int(m[5])
        elif m[7]:  # '2024-27'
            end = year(m[7], start)
        elif m[3]:  # one financial year, '2016/17'
            end = year(m[3], start)
        else:
            end = None
        if end is None:  # '2024', 'April 2024': one year
            return str(start)
        if end >= start:
            return f"{start}-{end}"
    raise ValueError(f"'{clean_text(value)}' is not a period (use e.g. 2016-2020)")


def _integer(value: Any) -> int:
    """A count (the schema's integers are counts: population): a whole number, 0 or more."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        value = int(value)
    if not isinstance(value, int):
        text = clean_text(value).replace(",", "").replace(" ", "")
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            raise ValueError(f"'{clean_text(value)}' is not a whole number")
        value = int(text.split(".")[0])
    if value < 0:
        raise ValueError(f"{value} is negative: a count is 0 or more")
    return value


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_text(value).lower()
    if text in {"y", "yes", "true", "1", "x", "key"}:
        return True
    if text in {"n", "no", "false", "0"}:
        return False
    raise ValueError(f"'{clean_text(value)}' is not yes or no")


def parse_value(type_: str, value: Any) -> Any:
    """Parse ``value`` as a property of type ``type_`` (see lsp.yaml). Raises ValueError."""
    if type_ == "date":
        return parse_due(value)
    if type_ == "period":
        return parse_period(value)
    if type_ == "integer":
        return _integer(value)
    if type_ == "number":
        try:
            return float(clean_text(value).replace(",", ""))
        except ValueError:
            raise ValueError(f"'{clean_text(value)}' is not a number") from None
    if type_ == "boolean":
        return _boolean(value)
    if type_ == "list":
        return split_list(value)
    if type_ == "wkt":
        from .geometry import parse_wkt

        return parse_wkt(value)
    if type_.startswith("vocab:"):
        vocab = load_schema().vocabularies[type_[6:]]
        found = vocab.normalise(clean_text(value))
        if found is None:
            allowed = ", ".join(vocab.values)
            raise ValueError(f"'{clean_text(value)}' is not a known value (one of: {allowed})")
        return found
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)
