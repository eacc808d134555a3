"""Write resources/bank_holidays_england.toml from the maintained `holidays` package.

Run after upgrading `holidays` or when a special bank holiday is announced:
`.venv/bin/python packaging/make_bank_holidays.py`. The file is committed so that
working out a deadline does not load the package's rules for every country
(about 0.15 s of every command); tests/routes/test_bank_holidays.py fails when
the file and the installed package disagree.
"""
from __future__ import annotations

import sys
from pathlib import Path

import holidays

OUT = Path(__file__).resolve().parent.parent / "resources" / "bank_holidays_england.toml"
FIRST_YEAR, LAST_YEAR = 2000, 2040


def england(year: int) -> list[str]:
    return sorted(day.isoformat() for day in holidays.country_holidays("GB", subdiv="ENG", years=year))


def render() -> str:
    lines = [
        "# Bank holidays in England (and the days that count as such: Christmas Day, Good Friday),",
        f"# generated from the `holidays` package {holidays.__version__} by packaging/make_bank_holidays.py.",
        "# Do not edit by hand: run that script again. A test checks it still agrees with the package;",
        "# years outside this range are asked of the package itself.",
        f"first_year = {FIRST_YEAR}",
        f"last_year = {LAST_YEAR}",
        "",
        "[years]",
    ]
    lines += [f"{year} = [{', '.join(england(year))}]" for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
