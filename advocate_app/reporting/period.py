"""Quick choices of a reporting period. No Qt, so tests and the CLI can share them.

Why calendar quarters: advocacy services report to commissioners quarterly,
and England's financial-year quarters (April-June, July-September,
October-December, January-March) are the calendar quarters.
"""
from __future__ import annotations

import datetime as dt


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter holding `day`, first and last day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    next_start = dt.date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, next_start - dt.timedelta(days=1)


def last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The whole calendar quarter before the one `today` is in."""
    start, _ = quarter_of(today)
    return quarter_of(start - dt.timedelta(days=1))


def this_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """From 1 January to today: the year so far (there are no cases in the future)."""
    return dt.date(today.year, 1, 1), today
