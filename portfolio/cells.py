"""Reading what people type into spreadsheet cells: dates in many forms, and lists of names.

Amounts go through portfolio.schema.parse_eur (the same rule as the forms); matching names to
codes goes through portfolio.reference. Errors are ValueError with a message a steward understands.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime

from portfolio.text import fold

_MONTHS = {
    **{fold(name): n for n, name in enumerate(calendar.month_name) if name},
    **{fold(name): n for n, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)\.?[\s-]+(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def parse_date(value: object, *, end: bool = False) -> date | None:
    """A date from a cell: a real Excel date, 2024-03-01, 01/03/2024, 1.3.2024, 03/2024,
    March 2024, Mar-24 or 2024. A partial date is the first day of its month or year, or the last
    day when ``end`` is set. An impossible date is an error, never a guess."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= value <= 2100:
            return _year(int(value), end)
        raise ValueError(f"'{value}' is not a date")
    text = str(value).strip()
    if not text:
        return None
    lowered = fold(text)
    try:
        if m := _ISO.match(lowered):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DAY_FIRST.match(lowered):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _MONTH_YEAR.match(lowered):
            return _month(int(m.group(2)), int(m.group(1)), end)
        if m := _YEAR_MONTH.match(lowered):
            return _month(int(m.group(1)), int(m.group(2)), end)
        if (m := _NAMED_MONTH.match(lowered)) and m.group(1) in _MONTHS:
            year = int(m.group(2))
            return _month(year + 2000 if year < 100 else year, _MONTHS[m.group(1)], end)
        if m := _YEAR.match(lowered):
            return _year(int(m.group(1)), end)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: no such day") from None
    raise ValueError(f"'{text}' is not a date (write it as YYYY-MM-DD, DD/MM/YYYY, MM/YYYY, 'March 2024' or a year)")


def _month(year: int, month: int, end: bool) -> date:
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def _year(year: int, end: bool) -> date:
    return date(year, 12, 31) if end else date(year, 1, 1)


# Separators between list items: , ; / + & " and " and line breaks.
_SEPARATORS = re.compile(r"(\s*[,;/+&\n]\s*|\s+and\s+)", re.IGNORECASE)


def split_list(
    text: object, *, is_known: Callable[[str], bool] = lambda _: False, and_joins_unknown: bool = False
) -> list[str]:
    """Split a cell into items without breaking names that contain a separator: the longest run of
    pieces that ``is_known`` recognises ("Bosnia and Herzegovina") stays whole. A cell that uses
    semicolons or line breaks (as the template asks) is split on those alone.

    With ``and_joins_unknown`` (organisation names), " and " splits only next to a known name, so an
    unknown "Office on Drugs and Crime" stays one name."""
    if text is None:
        return []
    value = str(text).strip()
    if ";" in value or "\n" in value:
        return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]
    parts = _SEPARATORS.split(value)
    pieces = parts[0::2]
    joins = parts[1::2]
    items: list[str] = []
    i = 0
    while i < len(pieces):
        taken = i
        for j in range(len(pieces) - 1, i, -1):
            candidate = pieces[i] + "".join(joins[k] + pieces[k + 1] for k in range(i, j))
            if is_known(candidate.strip()):
                taken = j
                break
        if taken == i and and_joins_unknown:
            while (
                taken + 1 < len(pieces)
                and joins[taken].strip().lower() == "and"
                and not is_known(pieces[taken].strip())
                and not is_known(pieces[taken + 1].strip())
            ):
                taken += 1
        items.append((pieces[i] + "".join(joins[k] + pieces[k + 1] for k in range(i, taken))).strip())
        i = taken + 1
    return [item for item in items if item]
