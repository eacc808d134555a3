"""Dates an advocate will put in a letter: weekends, bank holidays, month ends, leap years."""
from __future__ import annotations

import datetime as dt

import pytest

from advocate_app.routes import deadlines as dl

D = dt.date


@pytest.mark.parametrize("day, working", [
    (D(2026, 11, 26), True),    # Thursday
    (D(2026, 11, 28), False),   # Saturday
    (D(2026, 11, 29), False),   # Sunday
    (D(2026, 12, 25), False),   # Christmas Day (Friday)
    (D(2026, 12, 28), False),   # Boxing Day substitute (26th is a Saturday)
    (D(2027, 3, 26), False),    # Good Friday 2027
    (D(2027, 3, 29), False),    # Easter Monday 2027
    (D(2027, 12, 27), False),   # Christmas Day substitute 2027
    (D(2027, 12, 28), False),   # Boxing Day substitute 2027
    (D(2027, 12, 29), True),
    (D(2026, 8, 31), False),    # summer bank holiday in England
    (D(2026, 8, 3), True),      # Scotland's August bank holiday is not England's
    (D(2027, 3, 17), True),     # St Patrick's Day is not a holiday in England
])
def test_working_days_follow_england_bank_holidays(day: dt.date, working: bool):
    assert dl.is_working_day(day) is working


@pytest.mark.parametrize("received, due", [
    (D(2026, 11, 26), D(2026, 12, 1)),    # Thu -> Fri, Mon, Tue
    (D(2026, 11, 27), D(2026, 12, 2)),    # Fri -> Mon, Tue, Wed
    (D(2026, 11, 28), D(2026, 12, 2)),    # arrives on a Saturday
    (D(2026, 12, 23), D(2026, 12, 30)),   # Christmas and the Boxing Day substitute skipped
    (D(2026, 12, 24), D(2026, 12, 31)),
    (D(2027, 3, 25), D(2027, 4, 1)),      # Good Friday and Easter Monday 2027 skipped
    (D(2027, 12, 24), D(2027, 12, 31)),   # both 2027 substitute days skipped
    (D(2026, 12, 30), D(2027, 1, 5)),     # New Year's Day skipped
])
def test_acknowledgement_is_three_working_days_after_arrival(received: dt.date, due: dt.date):
    assert dl.add_working_days(received, 3) == due
    assert dl.acknowledgement(received, D(2026, 11, 26), "reg 13").date == due


def test_add_working_days_rejects_negative_counts():
    with pytest.raises(ValueError):
        dl.add_working_days(D(2026, 1, 1), -1)


@pytest.mark.parametrize("start, months, expected", [
    (D(2027, 1, 31), 1, D(2027, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),   # leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),  # from a leap day
    (D(2026, 8, 31), 6, D(2027, 2, 28)),
    (D(2026, 11, 30), 3, D(2027, 2, 28)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across the year end
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
])
def test_add_months_never_invents_a_date(start: dt.date, months: int, expected: dt.date):
    assert dl.add_months(start, months) == expected


@pytest.mark.parametrize("start, months, last_day", [
    (D(2026, 3, 9), 12, D(2027, 3, 8)),     # "12 months beginning with" 9 March ends 8 March
    (D(2026, 8, 31), 6, D(2027, 2, 28)),    # no 31 February: last day of February
    (D(2027, 8, 31), 6, D(2028, 2, 29)),    # ... and in a leap year
    (D(2026, 10, 14), 6, D(2027, 4, 13)),
    (D(2026, 1, 1), 12, D(2026, 12, 31)),
])
def test_period_beginning_with_a_day(start: dt.date, months: int, last_day: dt.date):
    assert dl.end_of_period_beginning_with(start, months) == last_day


@pytest.mark.parametrize("received, due", [
    (D(2026, 9, 3), D(2026, 10, 5)),     # ICO example date; 3 October 2026 is a Saturday
    (D(2027, 1, 31), D(2027, 3, 1)),     # no 31 February; 28 February 2027 is a Sunday
    (D(2028, 1, 31), D(2028, 2, 29)),    # leap year, a Tuesday
    (D(2026, 11, 25), D(2026, 12, 29)),  # 25 Dec, weekend and the Boxing Day substitute
    (D(2027, 2, 26), D(2027, 3, 30)),    # 26 March 2027 is Good Friday, then a weekend and Easter Monday
    (D(2026, 6, 15), D(2026, 7, 15)),
])
def test_records_request_one_calendar_month_ico_method(received: dt.date, due: dt.date):
    assert dl.one_calendar_month(received) == due


def test_complaint_time_limit_counts_from_the_later_of_event_and_awareness():
    d, needs = dl.complaint_time_limit(D(2026, 3, 3), D(2026, 3, 3), D(2026, 9, 18), D(2026, 11, 26), "reg 12")
    assert d.date == D(2027, 9, 18) and not d.passed and needs == []
    d, _ = dl.complaint_time_limit(None, D(2026, 3, 3), None, D(2026, 11, 26), "reg 12")
    assert d.date == D(2027, 3, 3)


def test_out_of_time_complaint_says_so_and_explains_the_discretion():
    d, _ = dl.complaint_time_limit(None, D(2025, 6, 1), None, D(2026, 11, 26), "reg 12")
    assert d.passed and d.date == D(2026, 6, 1)
    assert "good reasons" in d.note and "effectively and fairly" in d.note
    assert "passed on Monday 1 June 2026" in d.note


def test_the_limit_runs_from_each_matter_and_the_earliest_comes_first():
    # Worked by hand: matters on 1 May 2025, 10 December 2025 and 1 October 2026, checked on 26 November 2026.
    matters = [(D(2025, 5, 1), "Support cut without a review"), (D(2025, 12, 10), "Reassessment without the family"),
               (D(2026, 10, 1), "Told the case was closed")]
    d, _ = dl.complaint_time_limit(D(2025, 5, 1), D(2026, 10, 1), None, D(2026, 11, 26), "reg 12", matters)
    assert d.date == D(2026, 5, 1) and d.until == D(2027, 10, 1)
    assert not d.passed                       # the latest matter is still in time
    assert "Matters from Thursday 1 May 2025 are more than 12 months ago" in d.note
    assert "Support cut without a review" in d.note and "Told the case was closed" not in d.note
    assert "until Friday 1 October 2027" in d.note


def test_matters_still_in_time_say_which_falls_out_first():
    matters = [(D(2026, 2, 1), "First missed visit"), (D(2026, 9, 1), "Second missed visit")]
    d, _ = dl.complaint_time_limit(D(2026, 2, 1), D(2026, 9, 1), None, D(2026, 11, 26), "reg 12", matters)
    assert d.date == D(2027, 2, 1) and d.until == D(2027, 9, 1) and not d.passed
    assert "First missed visit" in d.note


def test_complaint_time_limit_without_dates_asks_for_them():
    d, needs = dl.complaint_time_limit(None, None, None, D(2026, 11, 26), "reg 12")
    assert d.date is None and needs


def test_lgsco_limit_runs_from_first_notice_not_from_the_reply():
    d, _ = dl.ombudsman_time_limit(D(2026, 3, 9), D(2026, 11, 26), "s26B", beginning_with=True, who="Ombudsman")
    assert d.date == D(2027, 3, 8) and not d.passed
    assert "not from the date of the reply" in d.note


def test_phso_limit_is_a_year_after_the_day_of_notice():
    d, _ = dl.ombudsman_time_limit(D(2025, 11, 20), D(2026, 11, 26), "s9", beginning_with=False, who="Ombudsman")
    assert d.date == D(2026, 11, 20) and d.passed
    assert "good reason" in d.note


def test_response_due_six_months_on_and_flagged_when_overdue():
    d = dl.complaint_response(D(2026, 3, 2), D(2026, 11, 26), "reg 14")
    assert d.date == D(2026, 9, 2) and d.passed and "explain the delay" in d.note


def test_provider_gets_twelve_weeks():
    assert dl.provider_wait(D(2026, 11, 26), D(2026, 11, 26), "faq").date == D(2027, 2, 18)


def test_ico_complaint_three_months_after_last_contact():
    assert dl.ico_complaint(D(2026, 11, 30), D(2026, 12, 1), "ico").date == D(2027, 2, 28)
    assert dl.ico_complaint(None, D(2026, 12, 1), "ico") is None


def test_long_date_reads_like_a_letter():
    assert dl.long_date(D(2027, 1, 5)) == "Tuesday 5 January 2027"
