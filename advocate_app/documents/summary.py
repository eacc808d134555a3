"""Build the case summary (for the file or a handover) and its easy-read version.

Why from the same case context as letters: the summary must say exactly what
the letters say, and cite the paper the harm model comes from, as every
exported summary must (docs/harm-model.md).
"""
from __future__ import annotations

import datetime as dt
import re

from advocate_app.documents.context import _route, case_context, harm_citation, harm_label
from advocate_app.documents.letters import route_settings
from advocate_app.documents.model import Document
from advocate_app.documents.templating import render_structure
from advocate_app.documents.text import clean, first_upper, uk_date
from advocate_app.errors import UserError
from advocate_app.model.case import Case
from advocate_app.routes import plan_case
from advocate_app.routes.types import Plan

SUMMARY_FOOTER = "Private and confidential: case summary with personal information."


def _plan(case: Case, today: dt.date) -> Plan | None:
    try:
        return plan_case(case, today=today)
    except UserError:
        return None


def _letters(case: Case) -> list[dict[str, str]]:
    settings = route_settings()
    out = []
    for record in case.letters:
        title = clean(record.title).strip() or settings.get(record.route, {}).get("title", record.route)
        out.append({"title": title, "route": record.route, "produced": uk_date(record.produced),
                    "sent": uk_date(record.sent), "response_received": uk_date(record.response_received)})
    return out


def _easy_read(route_id: str, title: str) -> list[str]:
    """How the easy-read summary names a route: the plain lines of letters.toml, else the title."""
    lines = route_settings().get(route_id, {}).get("easy_read") or [re.sub(r"\s*\([^()]*\)", "", title).strip()]
    return [lines] if isinstance(lines, str) else list(lines)


def short_citation() -> str:
    """The harm model's source in one line for the easy read ("Carr and others (2025), British
    Journal of Social Work"); the full reference, licence and changes are in the case summary."""
    try:
        from advocate_app.model.harm_model import load_harm_model

        citation = load_harm_model().citation
    except Exception:  # noqa: BLE001 - the summary is still made; the full summary names the source
        return "Carr and others (2025), British Journal of Social Work."
    first = citation.authors[0].split()[-1] if citation.authors else ""
    who = f"{first} and others" if len(citation.authors) > 1 else first
    return f"{who} ({citation.year}), {citation.journal}."


def _chosen(plan: Plan | None, case: Case) -> list[dict]:
    """The routes the person chose, in the order they were chosen (the easy read lists only these)."""
    if plan is None:
        return []
    by_id = {r.id: r for r in plan.routes}
    return [{**_route(by_id[rid]), "easy_read": _easy_read(rid, by_id[rid].title)}
            for rid in case.chosen_routes if rid in by_id]


def summary_for_case(case: Case, plan: Plan | None = None, easy_read: bool = False,
                     today: dt.date | None = None) -> Document:
    """The case summary; `easy_read` gives the short, large-type version for the person."""
    today = today or (plan.today if plan and plan.today else None) or dt.date.today()
    if plan is None:
        plan = _plan(case, today)
    context = case_context(case, plan, today)
    context.update({
        "routes": [{**_route(r), "easy_read": _easy_read(r.id, r.title)} for r in plan.routes] if plan else [],
        "letters": _letters(case),
        "citation": harm_citation(),
        "short_citation": short_citation(),
        "chosen_routes": _chosen(plan, case),
        "set_aside": [first_upper(harm_label(f.id)) for f in case.findings if f.status == "rejected"],
    })
    template = "summary/easy-read.txt" if easy_read else "summary/summary.txt"
    rendered = render_structure(template, context)
    name = context["person"]["name"]
    author = context["advocate"]["name"] if context["by_advocate"] else name
    if easy_read:
        title = f"About your case, {context['person']['called']}" if name else "About your case"
    else:
        title = f"Case summary: {name}" if name else "Case summary"
    return Document(
        kind="easy-read-summary" if easy_read else "summary",
        title=title,
        author=author,
        subject="Easy-read case summary" if easy_read else "Case summary",
        date=None if not easy_read else context["today"],
        blocks=rendered.blocks,
        footer=rendered.directive("footer", SUMMARY_FOOTER) or SUMMARY_FOOTER,
        large_print=easy_read,
    )
