"""The committed bank-holiday table is exactly what the maintained `holidays` package says."""
from __future__ import annotations

import datetime as dt

import holidays

from advocate_app.resources import read_toml
from advocate_app.routes import deadlines


def test_the_committed_table_agrees_with_the_holidays_package():
    table = read_toml("bank_holidays_england.toml")
    years = range(table["first_year"], table["last_year"] + 1)
    assert sorted(int(y) for y in table["years"]) == list(years)
    for year in years:
        expected = set(holidays.country_holidays("GB", subdiv="ENG", years=year))
        assert set(table["years"][str(year)]) == expected, (
            f"{year}: run packaging/make_bank_holidays.py to bring the table up to date")


def test_years_outside_the_table_still_come_from_the_package():
    assert not deadlines.is_working_day(dt.date(2041, 12, 25))
    assert not deadlines.is_working_day(dt.date(1999, 12, 27))   # the substitute day for Christmas 1999
    assert deadlines.is_working_day(dt.date(2041, 12, 27))


def test_special_bank_holidays_are_in_the_table():
    assert not deadlines.is_working_day(dt.date(2023, 5, 8))     # the King's coronation
    assert not deadlines.is_working_day(dt.date(2022, 9, 19))    # the Queen's state funeral
