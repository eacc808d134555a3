"""Clocks that are running for a case: a complaint made, a request sent, and what is due back.

Why: the case list's "Next deadline" used to show the nearest date of any chosen
route, so a complaint not yet sent showed an "acknowledgement due" date counted
as if it had arrived today. A date in that column now means something has been
sent and the other side owes a reply; the column says which. Dates come from the
same pure functions as the plan's (routes/deadlines.py); which route starts which
clock is data (resources/routes/_clocks.toml). No Qt.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advocate_app.model.case import Case
from advocate_app.resources import read_toml
from advocate_app.routes import deadlines as dl


@dataclass(frozen=True)
class Clock:
    """One running clock. `what` is how the case list names it: "reply due: complaint to the council"."""

    route: str
    kind: str
    started: dt.date          # the day the complaint or request was sent
    date: dt.date             # the day it runs out
    what: str

    def passed(self, today: dt.date) -> bool:
        return self.date < today


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return read_toml("routes", "_clocks.toml")


def _due(kind: str, sent: dt.date) -> dt.date:
    """When a clock started on `sent` runs out (today is irrelevant: the start is known)."""
    if kind == "acknowledgement":
        return dl.acknowledgement(sent, sent, "").date
    if kind == "complaint-response":
        return dl.complaint_response(sent, sent, "").date
    if kind == "provider-12-weeks":
        return dl.provider_wait(sent, sent, "").date
    if kind == "records-response":
        return dl.records_response(sent, sent, "").date
    raise ValueError(f"unknown clock kind {kind}")


def _complaint_route(case: Case, record: Any) -> str | None:
    if record.route:
        return record.route
    if record.organisation:
        wanted = record.organisation.casefold().strip()
        for org in case.organisations:
            if org.name and org.name.casefold().strip() == wanted:
                return _data()["organisation_kinds"].get(org.kind)
    return None


def _sent_and_waiting(case: Case) -> list[tuple[str, dt.date]]:
    """(route, day sent) for every complaint made or letter sent that has had no reply yet."""
    out: list[tuple[str, dt.date]] = []
    for rec in case.complaints:
        if rec.made is None or rec.response is not None or rec.satisfied is not None \
                or rec.outcome is not None:
            continue
        route = _complaint_route(case, rec)
        if route:
            out.append((route, rec.made))
    recorded = {route for route, _ in out}
    for letter in case.letters:
        if letter.sent is not None and letter.response_received is None and letter.route not in recorded:
            out.append((letter.route, letter.sent))
    return out


def running_clocks(case: Case, today: dt.date | None = None) -> list[Clock]:
    """Every clock still running, soonest first.

    An acknowledgement is only worth watching until its day has passed; a reply
    that is overdue stays (the case list says it has passed).
    """
    today = today or dt.date.today()
    data = _data()
    clocks: list[Clock] = []
    for route, sent in _sent_and_waiting(case):
        info = data["routes"].get(route)
        if info is None:
            continue
        for kind in info["clocks"]:
            due = _due(kind, sent)
            if kind == "acknowledgement" and due < today:
                continue
            clocks.append(Clock(route, kind, sent, due, f"{data['clock_names'][kind]}: {info['name']}"))
    return sorted(clocks, key=lambda c: (c.date, c.route, c.kind))


def next_clock(case: Case, today: dt.date | None = None) -> Clock | None:
    """The clock the case list shows: the next one to run out, or an overdue reply if all have."""
    today = today or dt.date.today()
    clocks = running_clocks(case, today)
    coming = [c for c in clocks if not c.passed(today)]
    if coming:
        return coming[0]
    return clocks[-1] if clocks else None
