import datetime as dt

from advocate_app.reporting.period import last_quarter, quarter_of, this_year


def test_last_quarter_is_the_whole_previous_calendar_quarter():
    assert last_quarter(dt.date(2026, 11, 26)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert last_quarter(dt.date(2026, 1, 1)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert last_quarter(dt.date(2026, 4, 1)) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_quarters_cover_every_day_once():
    day = dt.date(2024, 1, 1)
    while day.year < 2026:
        start, end = quarter_of(day)
        assert start <= day <= end and start.day == 1 and (end + dt.timedelta(days=1)).day == 1
        day += dt.timedelta(days=1)


def test_this_year_runs_to_today():
    assert this_year(dt.date(2026, 11, 26)) == (dt.date(2026, 1, 1), dt.date(2026, 11, 26))
