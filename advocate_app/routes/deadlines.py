"""Dates that matter: time limits to complain, when a reply is due, and when
the next step opens.

Why its own module: date arithmetic is where people slip ("10 working days
from 18 December", "one month from 31 January"), so every rule here is a
small pure function with its own tests. Working days skip weekends and the
bank holidays of England and Wales from the maintained `holidays` package,
never a hand-written list: a table generated from it is committed (so a plan
need not load every country's rules) and a test keeps the two in step.
Calendar periods never invent a 31 February: a month on from 31 January is
the last day of February.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

from advocate_app.model.dates import add_months
from advocate_app.resources import read_toml
from advocate_app.routes.types import Deadline


@lru_cache(maxsize=1)
def _generated_bank_holidays() -> dict[int, frozenset[dt.date]]:
    """The committed table (generated from `holidays`, checked against it by a test)."""
    return {int(year): frozenset(days) for year, days in read_toml("bank_holidays_england.toml")["years"].items()}


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    table = _generated_bank_holidays()
    if year in table:
        return table[year]
    import holidays   # outside the committed years only: loading every country's rules takes a while

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, Sunday, Christmas Day, Good Friday or bank holiday in England."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the start day itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def end_of_period_beginning_with(start: dt.date, months: int) -> dt.date:
    """Last day of a period of `months` months *beginning with* `start`.

    The day before the corresponding date, or the last day of the month when
    that month has no corresponding date (a period beginning 31 August ends
    on the last day of February).
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def one_calendar_month(received: dt.date) -> dt.date:
    """ICO method for a records request: the same date next month (or that month's
    last day if it is shorter), moved to the next working day if needed."""
    return next_working_day(add_months(received, 1))


def uk_date(day: dt.date) -> str:
    """'5 January 2027': a date in a sentence of a letter or a recorded statement."""
    return f"{day.day} {day.strftime('%B %Y')}"


def long_date(day: dt.date) -> str:
    """'Tuesday 5 January 2027': how letters and briefings write a date."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


# ---------------------------------------------------------------- deadline kinds
#
# Each builder takes what it needs from the planner's view of the case and
# returns (Deadline or None, needs). `basis` is the joined citation and `note`
# carries any caveat; the planner adds the secondary-source notes.

def complaint_time_limit(first_event: dt.date | None, latest_event: dt.date | None, aware: dt.date | None,
                         today: dt.date, basis: str,
                         matters: list[tuple[dt.date, str]] | tuple = ()) -> tuple[Deadline | None, list[str]]:
    """The 12-month limit, which runs from each matter (or from when the person first knew of it, if later).

    Why the earliest matter: a complaint about several events is in time only for
    those within 12 months, so the date that matters first is the earliest one's.
    `until` is the last day the most recent matter can still be raised; `passed`
    means every matter is out of time. `matters` (dated timeline entries) name
    which fall out of time first.
    """
    what = "Last day to complain about the earliest matter within the 12-month time limit (12 months from each matter, or from when the person first knew of it if later)"
    earliest = first_event or latest_event
    latest = latest_event or first_event
    if earliest is None and aware is None:
        return (Deadline(what, None, basis, note="Record when the events happened, and when the person first knew of them, to work out this date."),
                ["the date of the most recent event, and when the person first knew of it"])

    def start_of(day: dt.date | None) -> dt.date:
        return max(d for d in (day, aware) if d is not None)

    start, last_start = start_of(earliest), start_of(latest)
    if last_start < start:
        start, last_start = last_start, start
    limit, until = add_months(start, 12), add_months(last_start, 12)
    if until < today:
        note = (f"The time limit passed on {long_date(until)}, for the most recent matter too. The body can still accept the complaint if the person "
                "had good reasons for not complaining sooner and it is still possible to investigate it effectively "
                "and fairly. Say when the person first knew about the matter and why they could not complain "
                "sooner (for example being unwell or detained, lacking capacity, fear of what would happen, or waiting for an advocate).")
        return Deadline(what, limit, basis, passed=True, note=note, start=start, until=until), []
    note = None
    if limit < until:
        first_out = sorted((add_months(start_of(day), 12), day, text) for day, text in matters
                           if add_months(start_of(day), 12) < until)
        named = "; ".join(f"{long_date(day)}: {text.strip().rstrip('.')}" for _, day, text in first_out[:3] if text.strip())
        which = f" The matters that fall out of time first: {named}." if named else ""
        if limit < today:
            note = (f"Matters from {long_date(earliest or start)} are more than 12 months ago. The body can still consider them if the "
                    f"person had good reasons for not complaining sooner and a fair investigation is still possible; say why. "
                    f"The most recent matter can be raised until {long_date(until)}.{which}")
        else:
            note = (f"Each matter has its own 12 months: the earliest can be raised until {long_date(limit)}, "
                    f"the most recent until {long_date(until)}.{which}")
    return Deadline(what, limit, basis, note=note, start=start, until=until), []


def acknowledgement(received: dt.date | None, today: dt.date, basis: str) -> Deadline:
    what = "Acknowledgement due (3 working days after the complaint arrives)"
    if received is None:
        date = add_working_days(today, 3)
        return Deadline(what, date, basis, note=f"Counted as if the complaint arrives today ({long_date(today)}); count again from the day it actually arrives.")
    date = add_working_days(received, 3)
    return Deadline(what, date, basis, start=received)


def complaint_response(received: dt.date | None, today: dt.date, basis: str) -> Deadline:
    what = "Written response due (6 months after the complaint arrives, unless a longer period is agreed before then)"
    if received is None:
        return Deadline(what, add_months(today, 6), basis,
                        note="Counted as if the complaint arrives today; count again from the day it actually arrives.")
    date = add_months(received, 6)
    note = None
    if date < today:
        note = "The 6 months have passed: the body must explain the delay in writing and respond as soon as reasonably practicable."
    return Deadline(what, date, basis, passed=date < today, note=note)


def provider_wait(made: dt.date | None, today: dt.date, basis: str) -> Deadline:
    what = "The Ombudsman normally gives the provider 12 weeks: from this date it can look at the complaint"
    start = made or today
    date = start + dt.timedelta(weeks=12)
    note = None if made else "Counted as if the complaint reaches the provider today."
    return Deadline(what, date, basis, note=note)


def ombudsman_time_limit(notice: dt.date | None, today: dt.date, basis: str, *, beginning_with: bool,
                         who: str) -> tuple[Deadline | None, list[str]]:
    what = f"Last day to go to the {who} (12 months from when the person first knew about the matter)"
    if notice is None:
        return (Deadline(what, None, basis, note="Record when the person first knew about the matter to work out this date."),
                ["when the person first knew about the matter complained of"])
    date = end_of_period_beginning_with(notice, 12) if beginning_with else add_months(notice, 12)
    passed = date < today
    note = (f"Counted from {long_date(notice)}, when the person first knew about the matter, not from the date of the reply.")
    if passed:
        note += f" The time limit has passed; the {who} can still look at a complaint made later if there is good reason, so explain why it was not made sooner."
    return Deadline(what, date, basis, passed=passed, note=note, start=notice), []


def records_response(sent: dt.date | None, today: dt.date, basis: str) -> Deadline:
    what = "Reply due (one calendar month after the request arrives)"
    if sent is None:
        return Deadline(what, one_calendar_month(today), basis,
                        note="Counted as if the request arrives today; count again from the day it actually arrives.")
    date = one_calendar_month(sent)
    return Deadline(what, date, basis, passed=date < today,
                    note="Counted from the day the request was sent; if it arrived later, count from that day.")


def ico_complaint(last_contact: dt.date | None, today: dt.date, basis: str) -> Deadline | None:
    if last_contact is None:
        return None
    date = add_months(last_contact, 3)
    return Deadline("Last day to complain to the Information Commissioner's Office (3 months from the last contact with the organisation)",
                    date, basis, passed=date < today)


def equality_claim(act: dt.date | None, today: dt.date, basis: str) -> tuple[Deadline | None, list[str]]:
    if act is None:
        return None, ["the date of the discriminatory treatment"]
    date = end_of_period_beginning_with(act, 6)
    return (Deadline("A county court claim must generally be started by this date (6 months from the act)", date, basis,
                     passed=date < today,
                     note="The court can allow a later claim where it is just and equitable. Only relevant if the person wants to go to court; they need legal advice first."),
            [])
