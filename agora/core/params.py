"""Days, ids and page numbers read from a request: one place that turns text into them.

Query strings (and form fields) are text anyone can write. What is malformed or out of range
is refused here with `InvalidInput` (400) and a message a person understands, before it
reaches date arithmetic (`OverflowError` near the ends of `date`) or the database (SQLite
raises `OverflowError` for integers beyond 64 bits): either would otherwise be a 500.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

from .errors import InvalidInput

# The days Agora computes with. Pages step a week or a month either way (the calendar),
# compare a period with the one before it (health: up to a year back) and move between time
# zones; two years of room at either end of Python's `date` keep all of that in range.
EARLIEST_DAY = date(date.min.year + 2, 1, 1)  # 0003-01-01
LATEST_DAY = date(date.max.year - 2, 12, 31)  # 9997-12-31

# The largest id a database integer column holds: a signed 64-bit integer (PostgreSQL's
# bigint, SQLite's INTEGER).
MAX_ID = 2**63 - 1

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[0-9]+")
_MAX_DIGITS = len(str(MAX_ID))


def _shown(text: str) -> str:
    """What a person typed, shortened for a message (templates escape it)."""
    return text if len(text) <= 40 else text[:40] + "…"


def usable_day(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def usable_id(number: int) -> bool:
    return 1 <= number <= MAX_ID


def check_day(day: date) -> date:
    """`day` itself; raises InvalidInput when it lies outside EARLIEST_DAY..LATEST_DAY."""
    if not usable_day(day):
        raise InvalidInput(
            _(
                "%(day)s is too far in the past or the future: choose a day between the "
                "years %(first)d and %(last)d."
            )
            % {"day": day.isoformat(), "first": EARLIEST_DAY.year, "last": LATEST_DAY.year}
        )
    return day


def parse_day(text: str | None) -> date | None:
    """The day written `YYYY-MM-DD` in `text` (as `<input type="date">` sends it), or None
    when `text` is empty. Raises InvalidInput when it is not such a day or not a usable one
    (`check_day`)."""
    if not text:
        return None
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput(
            _("“%(value)s” is not a day: write it as year-month-day, such as 2026-12-16.")
            % {"value": _shown(text)}
        ) from error
    return check_day(day)


def _digits(text: str) -> str | None:
    """`text` without its leading zeros when it is ASCII digits only ("" for zero), else None.
    (Python's `int()` also reads other scripts' digits, signs, spaces and underscores.)"""
    return text.lstrip("0") if _NUMBER.fullmatch(text) else None


def parse_id(text: str | None) -> int | None:
    """The database id written in `text` (a whole number from 1 to MAX_ID), or None when
    `text` is empty. Raises InvalidInput when it is anything else."""
    if not text:
        return None
    digits = _digits(text)
    if not digits:
        raise InvalidInput(
            _("“%(value)s” is not an identifier: an identifier is a whole number, from 1 up.")
            % {"value": _shown(text)}
        )
    if len(digits) > _MAX_DIGITS or not usable_id(int(digits)):
        raise InvalidInput(
            _("No item can have the identifier %(value)s: it is too large.")
            % {"value": _shown(text)}
        )
    return int(digits)


def parse_page(text: str | None) -> int:
    """The page number written in `text`, 1 when it is empty. Raises InvalidInput when it is
    not a whole number from 1 up; a number past the last page is the paginator's business
    (`Paginator.get_page` shows the last page)."""
    if not text:
        return 1
    digits = _digits(text)
    if not digits:
        raise InvalidInput(
            _("“%(value)s” is not a page number: pages are numbered from 1.")
            % {"value": _shown(text)}
        )
    if len(digits) > _MAX_DIGITS:
        raise InvalidInput(_("There is no page %(value)s.") % {"value": _shown(text)})
    return int(digits)
