"""`advocate-app report --from DATE --to DATE -o OUT.pdf|OUT.csv [--passphrase-file F]`.

Why this order: every check that needs no passphrase (the dates, the file
name, the folder) runs first, so a typo costs the advocate nothing; the store
is opened read-only in spirit (nothing is saved to it), and the report is
written in one step, so a failure leaves no half-written file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from typing import Callable

from advocate_app.errors import UserError
from advocate_app.model.harm_model import load_harm_model
from advocate_app.reporting.export import check_writable, write_report
from advocate_app.reporting.gather import cases_from_store
from advocate_app.reporting.report import build_report, check_period
from advocate_app.store.casestore import CaseStore
from advocate_app.store.command import ask_passphrase, read_passphrase_file

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str, option: str) -> dt.date:
    shown = (text or "")[:20]
    if not _DATE.match(text or ""):
        raise UserError(f"{option} '{shown}' is not a date written YYYY-MM-DD (for example 2026-01-31).")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} '{shown}' is not a real date (written YYYY-MM-DD).") from None


def open_store_for_report(args: argparse.Namespace, ask: Callable[[str], str] = ask_passphrase) -> CaseStore:
    """Open the existing store; a report never creates one."""
    if not CaseStore.exists():
        raise UserError("there is no case store on this computer yet, so there is nothing to report.")
    passphrase_file = getattr(args, "passphrase_file", None)
    if passphrase_file:
        passphrase = read_passphrase_file(passphrase_file)
    else:
        try:
            passphrase = ask("Passphrase for the case store: ")
        except EOFError:
            raise UserError("no passphrase was given. Nothing was written.") from None
    return CaseStore.open(passphrase)


def run(args: argparse.Namespace) -> int:
    date_from = parse_date(args.date_from, "--from")
    date_to = parse_date(args.date_to, "--to")
    check_period(date_from, date_to)
    target = check_writable(args.output)
    model = load_harm_model()
    with open_store_for_report(args) as store:
        cases, unreadable = cases_from_store(store)
    report = build_report(cases, date_from, date_to, model)
    write_report(report, target, model)
    print(f"Wrote {target}: anonymised report of {report.cases.shown_count} cases first seen "
          f"{report.period_text}.")
    if unreadable:
        print(f"{unreadable} case(s) could not be read and were not counted; a backup may hold them.",
              file=sys.stderr)
    if report.undated_cases:
        print(f"{report.undated_cases} case(s) have no first contact or created date and were not counted.",
              file=sys.stderr)
    return 0
