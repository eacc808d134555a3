"""Run by test_privacy in a fresh process: use the store as the app would, with a marker everywhere.

Environment: CANARY (the marker), ADVOCATE_APP_HOME, TMPDIR. Prints one JSON
line saying how the documents were produced (real letters or stand-ins).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import sys
import typing
import zlib

from advocate_app import paths
from pathlib import Path

from advocate_app.model.case import (Case, ComplaintRecord, Finding, Incident, LetterRecord, Outcome,
                                     case_from_dict)
from advocate_app.model.evidence import Evidence
from advocate_app.store import AutoSaver, CaseStore, crypto

M = os.environ["CANARY"]
PASS = "canary passphrase"


IDENTIFIERS = {"id", "format", "kind", "status", "route", "outcome", "recommendation"}
BASE_CASE = Path(__file__).resolve().parents[1] / "data" / "cases" / "s117-topup.json"


def marked(where: str) -> str:
    return f"{M} {where}"


def mark_everything(obj: object, where: str) -> None:
    """Every free-text field of every part of the case gets the marker (identifiers stay valid ids).

    Evidence is frozen and must quote the account exactly; the account gets
    the marker and one evidence span points at it.
    """
    hints = typing.get_type_hints(type(obj))
    for f in dataclasses.fields(obj):
        value, tp = getattr(obj, f.name), hints[f.name]
        here = f"{where}.{f.name}"
        if f.name == "extra":
            value["note"] = marked(here)
        elif f.name in IDENTIFIERS or f.name == "account":
            continue
        elif tp in (str, str | None):
            setattr(obj, f.name, f"{value} {marked(here)}" if value else marked(here))
        elif dataclasses.is_dataclass(value):
            mark_everything(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if dataclasses.is_dataclass(item) and not type(item).__dataclass_params__.frozen:
                    mark_everything(item, f"{here}[{i}]")


def canary_case() -> Case:
    """A realistic case (one the planner proposes letters for) with the marker in every field."""
    case = case_from_dict(json.loads(BASE_CASE.read_text(encoding="utf-8")))
    case.id = None
    if not case.timeline:
        case.timeline.append(Incident(date=dt.date(2026, 3, 2)))
    if not case.outcomes:
        case.outcomes.append(Outcome(text=""))
    if not case.complaints:
        case.complaints.append(ComplaintRecord(route="complaint-council", made=dt.date(2026, 4, 1)))
    if not case.letters:
        case.letters.append(LetterRecord(route="complaint-council", produced=dt.date(2026, 11, 3)))
    mark_everything(case, "case")
    case.person.email = f"{M.lower()}@example.org"
    start = len(case.account) + 1
    case.account = f"{case.account} {M} said nobody would believe me."
    if not case.findings:
        case.findings.append(Finding(id="stigma.1"))
    case.findings[0].evidence.append(Evidence(start, start + len(M), M))
    for finding in case.findings:
        finding.note = marked("finding note")
    return case


def documents(case: Case) -> tuple[str, list[tuple[str, str | None, str, bytes]]]:
    """Real letters and summary when the documents package can make them; stand-ins otherwise."""
    try:
        from advocate_app.documents.docx import render_docx
        from advocate_app.documents.letters import letter_for_route
        from advocate_app.documents.pdf import render_pdf
        from advocate_app.documents.summary import summary_for_case

        from advocate_app.documents.letters import plan_for

        letter, route_id, first_error = None, None, None
        for route in plan_for(case, None).routes:
            try:
                letter, route_id = letter_for_route(case, route.id), route.id
                break
            except Exception as error:  # noqa: BLE001 - try the next proposed route
                first_error = first_error or error
        if letter is None:
            raise first_error or LookupError("no route proposed")
        summary = summary_for_case(case)
        made = [("letter", route_id, "pdf", render_pdf(letter)),
                ("letter", route_id, "docx", render_docx(letter)),
                ("summary", None, "pdf", render_pdf(summary))]
        return "real", made
    except Exception as error:  # noqa: BLE001 - record why, use stand-ins, the test reports it
        why = f"stand-ins ({type(error).__name__}: {str(error)[:80]})".replace(M, "<marker>")
    text = f"Dear council, {M} asks you to reply."
    return why, [
        ("letter", "complaint-council", "pdf", b"%PDF-1.4 " + text.encode() + b" " + text.encode("utf-16-be")),
        ("summary", None, "pdf", b"%PDF-1.4 stream\n" + zlib.compress(text.encode()) + b"\nendstream"),
    ]


def forbid_network() -> None:
    """As tests/conftest.py does in-process: any internet socket ends this run with an error."""
    import socket

    real = socket.socket

    class Guarded(real):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            if family in (-1, socket.AF_INET, socket.AF_INET6):
                raise SystemExit("network use attempted")
            super().__init__(family, *args, **kwargs)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise SystemExit("network use attempted")

    socket.socket = Guarded  # type: ignore[misc]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def main() -> None:
    forbid_network()
    crypto.POLICY = dataclasses.replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8)
    paths.ensure_dirs()
    logging.basicConfig(filename=str(paths.cache_dir() / "advocate.log"), level=logging.DEBUG)
    case = canary_case()
    store = CaseStore.create(PASS)
    saver = AutoSaver(store, threaded=False)
    saver.changed(case, next_deadline=dt.date(2027, 1, 5))
    saver.flush()
    case.account += f" Later I added: {M} again."
    saver.changed(case)
    saver.close()
    how, made = documents(case)
    from tests.store.leakscan import find_marker

    visible = [find_marker(data, M) for _kind, _route, _fmt, data in made]
    for kind, route, fmt, data in made:
        doc = store.save_document(case.id, kind=kind, route=route, title=marked(f"{kind} title"), data=data,
                                  fmt=fmt, produced=dt.date(2026, 11, 26))
        store.mark_sent(doc, dt.date(2026, 11, 27))
        store.audit(case.id, "printed", marked("print detail"))
    second = canary_case()
    store.save_case(second)
    store.search(M[:8])
    store.set_retention_months(6)
    store.change_passphrase(PASS, PASS + " 2")
    store.close()
    with CaseStore.open(PASS + " 2") as again:
        assert again.load_case(case.id).account.endswith("again.")
        assert len(again.list_documents(case.id)) == len(made)
        again.retention_due()
    print(json.dumps({"documents": how, "case_id": case.id, "count": len(made), "visible_before_saving": visible}))


if __name__ == "__main__":
    sys.exit(main())
