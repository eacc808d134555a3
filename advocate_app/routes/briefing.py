"""The plan as an advocate's briefing note: plain English, most important first.

Why a note and not a table: the advocate often reads it aloud to the person,
so it says what fits and why, what each body must do and by when, and what is
still to find out, in whole sentences (voice.md). Dates are written out in
full; legal references stay in brackets so the sentence reads without them.
"""
from __future__ import annotations

import textwrap

from advocate_app.model.case import Case
from advocate_app.routes.deadlines import long_date
from advocate_app.routes.types import Plan, Route

WIDTH = 88
_MET = {True: "yes", False: "no", None: "not known yet"}


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False) or [first or indent]


def _route_lines(number: int, route: Route) -> list[str]:
    lines = _wrap(f"{number}. {route.title}", "   ")
    lines += _wrap(route.recipient, "      ", "   To: ")
    lines += _wrap(route.reason, "      ", "   Why: ")
    if route.legal_points:
        lines.append("   The law:")
        for point in route.legal_points:
            lines += _wrap(point, "      ", "    - ")
    if route.recipient_duty:
        lines += _wrap(route.recipient_duty, "      ", "   What they must do: ")
    if route.deadlines:
        lines.append("   Dates:")
        for d in route.deadlines:
            when = long_date(d.date) if d.date else "not known yet"
            flag = " (passed)" if d.passed else ""
            lines += _wrap(f"{d.what}: {when}{flag}.", "      ", "    - ")
            if d.note:
                lines += _wrap(d.note, "      ", "      ")
    if route.needs:
        lines.append("   Still to find out:")
        for need in route.needs:
            lines += _wrap(need, "      ", "    - ")
    if route.next_step:
        lines += _wrap(route.next_step, "      ", "   If the answer is not good enough: ")
    for note in route.notes:
        if note.startswith("Check: "):
            lines += _wrap(note[len("Check: "):], "      ", "   Check: ")
        else:
            lines += _wrap(note, "      ", "   Note: ")
    return lines


def format_briefing(plan: Plan, case: Case) -> str:
    name = case.person.preferred_name or case.person.name or "the person"
    today = long_date(plan.today) if plan.today else ""
    lines = [f"Briefing note: routes for {name}", f"Prepared {today}. These are suggestions; {name} and you decide.", ""]
    for item in plan.urgent:
        lines += _wrap(item, "   ", "URGENT: ") + [""]
    if plan.findings_basis == "confirmed":
        lines += _wrap("Based on the harms confirmed with the person (rejected suggestions are left out).")
    elif plan.findings_basis == "suggested":
        lines += _wrap("Based on harms suggested from the account, not yet confirmed with the person. "
                       "Go through the suggestions together first; the routes may change.")
    else:
        lines += _wrap("No harm has been confirmed or suggested yet, so no complaint route is proposed. "
                       "Record the account and go through the suggested harms with the person first.")
    lines.append("")

    s42 = plan.section42
    show_s42 = plan.route("safeguarding-concern") is not None or bool(s42.categories)
    if show_s42:
        lines.append("What the person wants about safeguarding (ask this first)")
        lines += _wrap(s42.person_wishes or "", "   ", "   ")
        if s42.without_consent:
            lines += _wrap(s42.without_consent, "   ", "   ")
        lines.append("")

    recommended = [r for r in plan.routes if r.strength == "recommended"]
    consider = [r for r in plan.routes if r.strength == "consider"]
    number = 1
    for heading, group in (("Recommended", recommended), ("Worth considering", consider)):
        if not group:
            continue
        lines.append(heading)
        for route in group:
            lines += _route_lines(number, route) + [""]
            number += 1

    if show_s42:
        lines.append("Section 42 check (Care Act 2014): the council's duty to look into possible abuse or neglect")
        for c in s42.criteria:
            lines += _wrap(f"{c.limb} {c.text}: {_MET[c.met]}.", "      ", "   - ")
            detail = c.reason if c.met is not None else c.question
            if detail:
                lines += _wrap(detail, "      ", "      ")
            for e in c.evidence[:3]:
                lines += _wrap(f"\"{e.text}\"", "        ", "      In their words: ")
        if s42.can_produce_letter:
            lines += _wrap("A concern letter can be drafted.", "   ", "   ")
        else:
            lines += _wrap(f"No concern letter yet: {s42.blocked_reason}", "   ", "   ")
        lines.append("")
    if not plan.routes:
        lines.append("No route is proposed for this case yet.")
    return "\n".join(lines).rstrip() + "\n"
