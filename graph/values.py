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
from typing import Any

from ..schemas import load_schema
from .ids import clean_text

__all__ = ["is_blank", "parse_date", "parse_period", "parse_value", "split_list"]

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
    if is_blank(value):
        return []
    if isinstance(value, list | tuple):
        items = list(value)
    elif '"' in str(value):
        items = _split_quoted(str(value))
    else:
        items = _SPLIT.split(str(value))
    return [clean_text(v) for v in items if not is_blank(v) and clean_text(v)]


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
    low = text.lower()
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


def parse_period(value: Any) -> str:
    """A period such as '2016-2020', '2016/17', '2017 to 2030' -> 'YYYY-YYYY' (or 'YYYY')."""
    text = clean_text(value).lower()
    m = re.fullmatch(r"(\d{4})\s*(?:-|–|/|to)\s*(\d{2}|\d{4})", text)
    if m:
        start, end = int(m[1]), int(m[2])
        if end < 100:
            end += start // 100 * 100
        if end >= start:
            return f"{start}-{end}"
    if re.fullmatch(r"\d{4}", text):
        return text
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
        return parse_date(value)
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
