"""Calendar arithmetic the whole app shares (no I/O).

Why in the model: deadlines (routes) and the retention review (store) both
count months, and two copies of that rule would one day disagree about
31 January plus one month.
"""
from __future__ import annotations

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding date `months` later; the last day of the month if there is none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
