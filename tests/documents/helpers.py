"""Shared helpers for the documents tests: sample cases, hand-built plans, reading PDFs back."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from advocate_app.documents.letters import letter_routes
from advocate_app.model.case import Case, case_from_dict
from advocate_app.routes.types import Criterion, Deadline, Plan, Route, Section42
from tests.tools import require_tool

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"
TODAY = dt.date(2026, 11, 26)


def load_sample(name: str, **changes) -> Case:
    data = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    data.update(changes)
    return case_from_dict(data)


def make_route(route_id: str, **kwargs) -> Route:
    defaults = dict(
        strength="recommended", title=f"Route {route_id}", recipient="Northby Police" if route_id == "police-report"
        else "Social Work England", reason="The account shows it.",
        legal_basis=[f"Test Act 2014 s1 ({route_id})", "LGSCO factsheet for tests"],
        letter_law=[f"The body must do its duty (Test Act 2014 s1 ({route_id}))."],
        deadlines=[Deadline("Acknowledgement of the complaint", dt.date(2026, 12, 1)),
                   Deadline("Response to the complaint", dt.date(2027, 1, 12)),
                   Deadline("Time limit to complain", dt.date(2027, 10, 14))],
    )
    defaults.update(kwargs)
    return Route(id=route_id, **defaults)


def make_plan(route_ids=None, can_produce_letter: bool = True, blocked_reason: str | None = None, **route_kwargs) -> Plan:
    ids = list(letter_routes()) if route_ids is None else route_ids
    s42 = Section42(
        criteria=[Criterion("care-and-support-needs", True, "The adult has needs for care and support", "Care Act 2014 s42(1)(a)"),
                  Criterion("experiencing-abuse-or-neglect", True, "The adult is experiencing, or at risk of, abuse or neglect",
                            "Care Act 2014 s42(1)(b)"),
                  Criterion("unable-to-protect-self", None, "As a result of those needs the adult is unable to protect themselves",
                            "Care Act 2014 s42(1)(c)")],
        wording="I am raising an adult safeguarding concern under section 42 of the Care Act 2014. I believe there is "
                "reasonable cause to suspect that the adult:\n(a) has needs for care and support;\n"
                "(b) is experiencing, or is at risk of, abuse or neglect;\n"
                "(c) as a result of those needs is unable to protect themselves.\n"
                "I ask the council to decide whether it will make enquiries under section 42(2).",
        person_wishes="Amira wants a safeguarding referral. In their words: \"I want it reported so it stops.\"",
        can_produce_letter=can_produce_letter, blocked_reason=blocked_reason,
    )
    return Plan(routes=[make_route(r, **route_kwargs) for r in ids], section42=s42, today=TODAY)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def squash(text: str) -> str:
    """Extracted text with compatibility forms folded and all whitespace collapsed, for searching."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def qpdf_ok(data: bytes) -> None:
    """`qpdf --check` passes; without qpdf the test fails in CI and is skipped locally."""
    qpdf = require_tool("qpdf", "qpdf")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run([qpdf, "--check", handle.name], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
