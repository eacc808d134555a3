"""What the route planner returns. The JSON form is the contract of `docs/cli.md`.

`AbuseCategory` lives in `model/abuse.py` (the analysis finds categories too);
it is imported here so a plan's parts can be named from one place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from advocate_app.model.abuse import AbuseCategory
from advocate_app.model.evidence import Evidence

__all__ = ["AbuseCategory", "Criterion", "Deadline", "Plan", "Route", "Section42"]


@dataclass
class Deadline:
    what: str
    date: dt.date | None
    basis: str | None = None          # citation, e.g. "Local Authority Social Services and NHS Complaints (England) Regulations 2009 reg 12"
    passed: bool = False
    note: str | None = None           # e.g. the discretion to accept a late complaint
    kind: str | None = None           # the rule's deadline kind, e.g. "complaint-time-limit"
    start: dt.date | None = None      # the date the period runs from (events, or first knowledge)
    until: dt.date | None = None      # a time limit per matter: the last day the most recent matter can be raised

    def to_json(self) -> dict:
        out = {"what": self.what, "date": self.date.isoformat() if self.date else None}
        if self.kind:
            out["kind"] = self.kind
        if self.start:
            out["start"] = self.start.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.basis:
            out["basis"] = self.basis
        if self.passed:
            out["passed"] = True
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Route:
    id: str                           # a route identifier of cli.md
    strength: str                     # "recommended" or "consider"
    title: str
    recipient: str
    reason: str                       # names the findings and facts that triggered it
    legal_basis: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    recipient_duty: str | None = None
    next_step: str | None = None
    triggered_by: list[str] = field(default_factory=list)   # finding / fact ids
    last_checked: str | None = None
    legal_points: list[str] = field(default_factory=list)   # each legal statement in plain words, with its citation
    notes: list[str] = field(default_factory=list)          # practical points and caveats (secondary sources, what to check)
    letter_law: list[str] = field(default_factory=list)     # the legal points a letter prints, worded for the recipient, cited
    letter_checks: list[str] = field(default_factory=list)  # "Check:" notes for what the letter relies on from secondary sources
    progress: str | None = None                             # a complaint already made on this route, and where it stands

    def to_json(self) -> dict:
        return {
            "id": self.id, "strength": self.strength, "title": self.title,
            "recipient": self.recipient, "reason": self.reason,
            "legal_basis": list(self.legal_basis),
            "deadlines": [d.to_json() for d in self.deadlines],
            "needs": list(self.needs),
            "recipient_duty": self.recipient_duty, "next_step": self.next_step,
            "triggered_by": list(self.triggered_by), "last_checked": self.last_checked,
            "legal_points": list(self.legal_points), "notes": list(self.notes),
            "letter_law": list(self.letter_law), "letter_checks": list(self.letter_checks),
            "progress": self.progress,
        }


@dataclass
class Criterion:
    id: str                           # care-and-support-needs | experiencing-abuse-or-neglect | unable-to-protect-self
    met: bool | None                  # None = not known yet
    text: str                         # the statutory wording, s42(1)(a)-(c)
    citation: str
    evidence: list[Evidence] = field(default_factory=list)
    question: str | None = None       # what to ask when unknown
    reason: str | None = None         # why it is met / not met, in plain words
    limb: str | None = None           # "s42(1)(a)" ...

    def to_json(self) -> dict:
        return {"id": self.id, "met": self.met, "text": self.text, "citation": self.citation,
                "evidence": [e.to_json() for e in self.evidence], "question": self.question,
                "reason": self.reason, "limb": self.limb}


@dataclass
class Section42:
    criteria: list[Criterion] = field(default_factory=list)
    categories: list[AbuseCategory] = field(default_factory=list)
    wording: str = ""
    person_wishes: str | None = None  # what the person wants, recorded first
    without_consent: str | None = None  # when a concern may still be raised
    can_produce_letter: bool = False
    blocked_reason: str | None = None
    notes: list[str] = field(default_factory=list)   # Making Safeguarding Personal, advocacy, threshold (cited)

    def to_json(self) -> dict:
        return {"criteria": [c.to_json() for c in self.criteria],
                "categories": [c.to_json() for c in self.categories],
                "wording": self.wording, "person_wishes": self.person_wishes,
                "without_consent": self.without_consent,
                "can_produce_letter": self.can_produce_letter, "blocked_reason": self.blocked_reason,
                "notes": list(self.notes)}


@dataclass
class Plan:
    routes: list[Route] = field(default_factory=list)
    section42: Section42 = field(default_factory=Section42)
    today: dt.date | None = None
    urgent: list[str] = field(default_factory=list)        # e.g. someone in immediate danger: call 999 first
    findings_basis: str = "none"                            # "confirmed", "suggested" (from the account) or "none"

    def route(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def next_deadline(self, chosen: list[str] | set[str] | tuple[str, ...] = ()) -> dt.date | None:
        """The nearest deadline still to come, of the chosen routes (of every proposed route while
        none is chosen); None when there is none. Shown in the case list, so it must agree with the plan."""
        today = self.today or dt.date.today()
        wanted = set(chosen)
        routes = [r for r in self.routes if r.id in wanted] or self.routes
        dates = [d.date for r in routes for d in r.deadlines if d.date is not None and not d.passed and d.date >= today]
        return min(dates, default=None)

    def to_json(self) -> dict:
        return {"routes": [r.to_json() for r in self.routes], "section42": self.section42.to_json(),
                "urgent": list(self.urgent), "findings_basis": self.findings_basis,
                "today": self.today.isoformat() if self.today else None}
