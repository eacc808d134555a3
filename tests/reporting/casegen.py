"""A seeded generator of realistic-looking cases, with a canary in every personal field.

Why: the report's counts and its privacy are checked over hundreds of cases
with rare and common harms, letters, replies and outcomes, and every field a
person could be identified by (names, addresses, the account, evidence,
notes, timeline, organisation names, letter titles, unknown fields) holds a
marker that must never appear in a report.
"""
from __future__ import annotations

import datetime as dt
import random

from advocate_app.model.case import (
    COMPLAINT_OUTCOMES, Advocate, Case, ComplaintRecord, Consent, Facts, Finding, Incident, LetterRecord,
    Organisation, Outcome, Person, SafeguardingWishes,
)
from advocate_app.model.evidence import Evidence

CANARY = "QZXCANARY"   # every personal field holds CANARY followed by the case number and the field
BIRTH_YEAR = 1931      # every date of birth is in this year; it must never appear in a report

ROUTES = ["complaint-council", "complaint-nhs", "complaint-provider", "complaint-joint", "ombudsman-lgsco",
          "ombudsman-phso", "safeguarding-concern", "police-report", "regulator-cqc", "regulator-professional",
          "subject-access", "rectification", "equality-challenge", "charging-challenge", "assessment-request",
          "advocacy-referral"]


def _mark(i: int, field: str) -> str:
    return f"{CANARY}{i:04d}{field}"


def make_case(rng: random.Random, i: int, model, start: dt.date, span_days: int) -> Case:  # noqa: ANN001
    m = lambda field: _mark(i, field)  # noqa: E731
    first_contact = start + dt.timedelta(days=rng.randrange(span_days))
    created = first_contact + dt.timedelta(days=rng.randrange(0, 3))
    kind = rng.random()
    if kind < 0.08:
        first_contact = None                       # uses `created`
    elif kind < 0.11:
        first_contact, created = None, None        # undated: left out of every period
    account = f"{m('account')} I was not listened to. " * 3

    findings: list[Finding] = []
    # sources have different popularities, and factors within them too, so some counts are small
    for s_index, source in enumerate(model.sources):
        if rng.random() < 0.15 + 0.1 * s_index:
            factors = [f for f in source.factors if not f.retired]
            weights = [1.0 / (k + 1) ** 1.3 for k in range(len(factors))]
            for factor in rng.choices(factors, weights=weights, k=rng.randint(0, 3)):
                status = rng.choices(["confirmed", "added", "rejected", "suggested"], [6, 2, 2, 1])[0]
                findings.append(Finding(
                    id=factor.id, status=status,
                    evidence=[Evidence(0, 10, m("evidence"))], note=m("note"), quote=rng.random() < 0.3,
                    extra={"comment": m("findingextra")}))
            if rng.random() < 0.3:
                findings.append(Finding(id=source.id, status=rng.choice(["confirmed", "added", "rejected"]),
                                        note=m("sourcenote")))
    if rng.random() < 0.05:
        findings.append(Finding(id=m("unknownfinding"), status="confirmed"))

    chosen = rng.sample(ROUTES[:8] + ROUTES[10:], k=rng.randint(0, 3))
    if rng.random() < 0.04:
        chosen.append(m("customroute"))
    letters = []
    contact = first_contact or created or start
    for route in rng.sample(ROUTES, k=rng.choice([0, 0, 1, 1, 2, 3])):
        produced = contact + dt.timedelta(days=rng.randint(0, 40))
        sent = produced + dt.timedelta(days=rng.randint(0, 10)) if rng.random() < 0.8 else None
        response = (sent + dt.timedelta(days=rng.randint(3, 70))) if sent and rng.random() < 0.55 else None
        letters.append(LetterRecord(route=route, title=m("lettertitle"), produced=produced, sent=sent,
                                    response_received=response, extra={"body": m("letterbody")}))
    if rng.random() < 0.02:
        # a letter recorded as sent before the first contact (a typing slip): no time is taken from it
        letters.append(LetterRecord(route="complaint-nhs", sent=contact - dt.timedelta(days=5)))

    outcomes = [Outcome(text=m("outcome"), recommendation=rng.choice([None, "restorative-practice"]),
                        achieved=rng.choice([None, None, True, False]), extra={"why": m("outcomeextra")})
                for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    complaints = [ComplaintRecord(organisation=m("complaintorg"), route=rng.choice(ROUTES[:4]),
                                  made=contact, outcome=rng.choice([*COMPLAINT_OUTCOMES, None]),
                                  satisfied=rng.choice([None, True, False]), extra={"ref": m("complaintref")})
                  for _ in range(rng.choice([0, 0, 1, 2]))]

    return Case(
        account=account,
        id=m("id"),
        created=created,
        first_contact=first_contact,
        closed=None,
        person=Person(name=m("name"), preferred_name=m("preferred"), address=m("address"), email=m("email"),
                      phone=m("phone"), date_of_birth=dt.date(BIRTH_YEAR, 2, 17),
                      contact_preferences=m("contactpref"), communication_needs=m("commneeds"),
                      reasonable_adjustments=m("adjustments"), extra={"nhs_number": m("nhsnumber")}),
        advocate=Advocate(name=m("advocate"), role=m("role"), organisation=m("advorg"), address=m("advaddress"),
                          email=m("advemail"), phone=m("advphone")),
        consent=Consent(given=True, date=contact, how_given=m("howgiven"), scope=m("scope")),
        timeline=[Incident(what=m("what"), date=contact - dt.timedelta(days=30), date_text=m("datetext"),
                           organisation=m("incidentorg"), role=m("incidentrole"))],
        organisations=[Organisation(name=m("orgname"), kind="council", address=m("orgaddress"), email=m("orgemail"))],
        funding=[m("funding")],
        findings=findings,
        outcomes=outcomes,
        safeguarding=SafeguardingWishes(wants_referral=None, views=m("views"),
                                        raise_without_consent_reason=m("sgreason")),
        facts=Facts(first_event=contact - dt.timedelta(days=60), extra={"story": m("factsextra")}),
        complaints=complaints,
        letters=letters,
        chosen_routes=chosen,
        extra={"free": m("caseextra")},
    )


def generate_cases(model, n: int = 600, seed: int = 20261126,  # noqa: ANN001
                   start: dt.date = dt.date(2025, 10, 1), span_days: int = 456) -> list[Case]:
    """`n` cases whose first contact falls between `start` and `start + span_days`."""
    rng = random.Random(seed)
    return [make_case(rng, i, model, start, span_days) for i in range(n)]
