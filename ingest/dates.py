"""Date bounds typed by people (2019, 2019-12, 2019-12-25, 2019年12月): one parser for every caller."""

from __future__ import annotations

import calendar
import re

__all__ = ["date_bound"]

_DATE = re.compile(r"(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)?)?\s*年?")


def date_bound(value: str, *, end: bool = False) -> str:
    """The ISO date a ``--date-from`` / ``--date-to`` value stands for.

    A year or a month means the whole period: as a lower bound its first day, as an upper bound
    (``end=True``) its last day, so ``--date-to 2019-12`` includes 2019-12-25.

    Args:
        value: ``2019``, ``2019-12``, ``2019-12-25`` (``/`` ``.`` or 年/月/日 also work).
        end: whether the value is an upper bound.

    Returns:
        ``YYYY-MM-DD``.

    Raises:
        ValueError: one line naming the value and the accepted forms.
    """
    text = str(value).strip()
    m = _DATE.fullmatch(text)
    if m is None:
        raise ValueError(f"date {text!r} is not a date; write it as 2019-12-25, 2019-12 or 2019")
    year, month, day = int(m[1]), m[2], m[3]
    if not 1 <= year <= 9999 or (month and not 1 <= int(month) <= 12):
        raise ValueError(f"date {text!r} does not exist; write it as 2019-12-25, 2019-12 or 2019")
    if month is None:
        return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
    last = calendar.monthrange(year, int(month))[1]
    if day is None:
        return f"{year:04d}-{int(month):02d}-{last if end else 1:02d}"
    if not 1 <= int(day) <= last:
        raise ValueError(f"date {text!r} does not exist; write it as 2019-12-25, 2019-12 or 2019")
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"
