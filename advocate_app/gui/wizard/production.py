"""Building letters and summaries for the wizard, safe to run on a worker thread (no Qt).

Why: drafting a letter and rendering its PDF take long enough to freeze a
window, so the pages hand a *copy* of the case to these functions in the
background. Everything here only calls the core.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from advocate_app.documents.edits import apply_edits, blocks_to_text
from advocate_app.gui.wizard import core

LARGE_PRINT_KEY = "large_print"
SUMMARY = "summary"
EASY_READ = "easy-read-summary"


@dataclass
class Built:
    """A document as it will go out: its model, its draft body text, and the PDF or DOCX bytes."""

    key: str                  # a route id, "summary" or "easy-read-summary"
    title: str
    document: Any
    draft_text: str = ""
    stale_edits: bool = False
    data: bytes = b""
    fmt: str = "pdf"


def large_print(case: Any) -> bool:
    return bool(case.extra.get(LARGE_PRINT_KEY))


def snapshot(case: Any) -> Any:
    """A private copy for a worker thread, so the GUI can keep editing the original."""
    return copy.deepcopy(case)


def draft_letter(case: Any, route_id: str, today: dt.date | None = None) -> tuple[Any, str]:
    """The drafted letter (before the advocate's edits) and its body as editable text."""
    plan = core.plan_case(case, today=today)
    doc = core.letter_for_route(case, route_id, plan=plan, large_print=large_print(case), today=today)
    return doc, blocks_to_text(doc.blocks)


def build_letter(case: Any, route_id: str, fmt: str = "pdf", today: dt.date | None = None) -> Built:
    doc, draft = draft_letter(case, route_id, today)
    edited, stale = apply_edits(doc, case, route_id)
    data = core.render_pdf(edited) if fmt == "pdf" else core.render_docx(edited)
    return Built(route_id, edited.title, edited, draft, stale, data, fmt)


def render(document: Any, fmt: str = "pdf") -> bytes:
    return core.render_pdf(document) if fmt == "pdf" else core.render_docx(document)


def build_summary(case: Any, easy_read: bool = False, fmt: str = "pdf", today: dt.date | None = None) -> Built:
    plan = core.plan_case(case, today=today)
    doc = core.summary_for_case(case, plan=plan, easy_read=easy_read)
    if large_print(case) and hasattr(doc, "large_print"):
        doc.large_print = True
    key = EASY_READ if easy_read else SUMMARY
    return Built(key, doc.title, doc, "", False, render(doc, fmt), fmt)


def build(case: Any, key: str, fmt: str = "pdf", today: dt.date | None = None) -> Built:
    if key == SUMMARY:
        return build_summary(case, False, fmt, today)
    if key == EASY_READ:
        return build_summary(case, True, fmt, today)
    return build_letter(case, key, fmt, today)
