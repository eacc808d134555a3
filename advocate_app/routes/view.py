"""The planner's view of a case: the harms that count, what is known, what is not.

Why a separate view: the rules speak of findings, organisation kinds, funding,
categories of abuse and facts; the case file speaks of records the advocate
keeps. This module translates once, so the interpreter and the deadline and
Section 42 code all see the same answers (and "not known yet" stays None,
never quietly False).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advocate_app.model.abuse import AbuseCategory
from advocate_app.model.case import Case, ComplaintRecord, LetterRecord
from advocate_app.model.evidence import Evidence
from advocate_app.model.spans import SpanIndex
from advocate_app.routes.deadlines import add_months

if TYPE_CHECKING:
    from advocate_app.analysis.types import Classification


# The analysis is loaded when a case needs it, not with the planner: a case whose findings are
# confirmed is never classified again, and one with no account has nothing to read for categories.
# A fresh `advocate-app letter` spent a share of its start-up time importing the classifier for nothing.
def classify(text: str) -> Classification:
    """`advocate_app.analysis.classify`, loaded on first use."""
    from advocate_app.analysis import classify as run

    return run(text)


def detect_abuse_categories(text: str) -> list[AbuseCategory]:
    """`advocate_app.analysis.safeguarding.detect_abuse_categories`, loaded on first use."""
    from advocate_app.analysis import safeguarding

    return safeguarding.detect_abuse_categories(text)

FUNDING_PHRASES = {
    "council-funded": "the council arranges and pays for the care",
    "self-funded": "the person arranges and pays for their own care",
    "s117": "the person gets section 117 aftercare",
    "nhs-chc": "the care is NHS continuing healthcare",
}

# Which body a complaint record concerns, by route.
_RECORD_BODIES = {
    "complaint-council": {"council"}, "complaint-nhs": {"nhs"}, "complaint-provider": {"provider"},
    "complaint-joint": {"council", "nhs"}, "charging-challenge": {"council"},
    "assessment-request": {"council"}, "equality-challenge": set(),
}
_KIND_BODY = {"council": "council", "nhs-trust": "nhs", "integrated-team": "nhs", "provider": "provider"}
_WAIT_MONTHS = {"council": 6, "nhs": 6}
_PROVIDER_WAIT = dt.timedelta(weeks=12)


@dataclass
class Harm:
    id: str
    label: str
    confirmed: bool
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass
class CaseView:
    case: Case
    today: dt.date
    harms: dict[str, Harm]
    basis: str                                  # "confirmed", "suggested" or "none"
    categories: dict[str, AbuseCategory]
    confirmed_categories: set[str]
    org_kinds: set[str]
    funding: set[str]
    facts: dict[str, bool | None]
    first_event: dt.date | None
    latest_event: dt.date | None
    became_aware: dt.date | None
    proposed: set[str] = field(default_factory=set)
    matter_kinds: set[str] = field(default_factory=set)   # kinds of organisation the case's matters involve
    matters_named: bool = False                           # whether any matter names one of the case's organisations

    def org_names(self, kinds: tuple[str, ...]) -> list[str]:
        return [o.name for o in self.case.organisations if o.kind in kinds and o.name]

    def complaint_records(self, route_id: str) -> list[ComplaintRecord]:
        """Complaints already made on this route (or to the matching kind of body)."""
        wanted = _RECORD_BODIES.get(route_id)
        out = []
        for rec in self.case.complaints:
            if rec.route == route_id:
                out.append(rec)
            elif rec.route is None and wanted and _bodies(rec, self.case) & wanted:
                out.append(rec)
        return out

    def letters(self, route_id: str) -> list[LetterRecord]:
        return [letter for letter in self.case.letters if letter.route == route_id]

    def first_notice(self) -> dt.date | None:
        """When the person first knew about the matter: as recorded, else the earliest event.

        Never later than the first complaint about it: whoever complains knows of the matter.
        """
        notice = self.became_aware or self.first_event or self.latest_event
        made = [r.made for r in self.case.complaints if r.made]
        if made and (notice is None or min(made) < notice):
            return min(made)
        return notice


def _bodies(rec: ComplaintRecord, case: Case) -> set[str]:
    if rec.route in _RECORD_BODIES:
        return set(_RECORD_BODIES[rec.route])
    if rec.organisation:
        wanted = rec.organisation.casefold().strip()
        for org in case.organisations:
            if org.name and org.name.casefold().strip() == wanted and org.kind in _KIND_BODY:
                return {_KIND_BODY[org.kind]}
    return set()


def _records_for(case: Case, body: str) -> list[ComplaintRecord]:
    return [r for r in case.complaints if body in _bodies(r, case)]


def _wait_over(rec: ComplaintRecord, body: str, today: dt.date) -> bool:
    if rec.made is None:
        return False
    if body == "provider":
        return rec.made + _PROVIDER_WAIT < today
    return add_months(rec.made, _WAIT_MONTHS[body]) < today


def complaint_unresolved(case: Case, body: str, today: dt.date) -> bool | None:
    """True: answered and the person is not satisfied, no answer in time, or no response at all."""
    records = _records_for(case, body)
    unknown = False
    for rec in records:
        if rec.satisfied is False or rec.outcome == "no-response":
            return True
        if rec.response is None and rec.satisfied is None and _wait_over(rec, body, today):
            return True
        if rec.response is not None and rec.satisfied is None and rec.outcome != "upheld":
            unknown = True
    return None if unknown else False


def complaint_awaiting(case: Case, body: str, today: dt.date) -> bool:
    return any(r.made and r.response is None and r.satisfied is None and r.outcome != "no-response"
               and not _wait_over(r, body, today) for r in _records_for(case, body))


def _harms_from_case(case: Case, labels: dict[str, str]) -> tuple[dict[str, Harm], str]:
    """Confirmed and added findings when there are any; otherwise suggestions. Rejected never count."""
    rejected = {f.id for f in case.findings if f.status == "rejected"}
    accepted = [f for f in case.findings if f.status in ("confirmed", "added")]
    if accepted:
        return {f.id: Harm(f.id, labels.get(f.id, f.id), True, list(f.evidence)) for f in accepted}, "confirmed"
    suggested = [f for f in case.findings if f.status == "suggested" and f.id not in rejected]
    if suggested:
        return {f.id: Harm(f.id, labels.get(f.id, f.id), False, list(f.evidence)) for f in suggested}, "suggested"
    harms: dict[str, Harm] = {}
    if case.account.strip():
        result = classify(case.account)
        for source in result.sources:
            if not source.factors and source.id not in rejected:
                harms[source.id] = Harm(source.id, labels.get(source.id, source.label), False, [])
            for factor in source.factors:
                if factor.id not in rejected:
                    harms[factor.id] = Harm(factor.id, labels.get(factor.id, factor.label), False, list(factor.evidence))
    return harms, ("suggested" if harms else "none")


def _categories(case: Case, harms: dict[str, Harm], factor_categories: dict[str, list[str]],
                category_labels: dict[str, str]) -> tuple[dict[str, AbuseCategory], set[str]]:
    out: dict[str, AbuseCategory] = {}
    confirmed: set[str] = set()
    seen: dict[str, set[Evidence]] = {}   # each category's evidence as a set: a long account has thousands
    for harm in harms.values():
        for cat in factor_categories.get(harm.id, []):
            entry = out.setdefault(cat, AbuseCategory(cat, category_labels.get(cat, cat)))
            known = seen.setdefault(cat, set(entry.evidence))
            for e in harm.evidence:
                if e not in known:
                    known.add(e)
                    entry.evidence.append(e)
            if harm.confirmed:
                confirmed.add(cat)
    # A category the person rejected (through the finding it comes from) is not put back by the text.
    rejected_cats = {c for f in case.findings if f.status == "rejected" for c in factor_categories.get(f.id, [])}
    if case.account.strip():
        for found in detect_abuse_categories(case.account):
            if found.id in rejected_cats and found.id not in out:
                continue
            entry = out.setdefault(found.id, AbuseCategory(found.id, category_labels.get(found.id, found.label)))
            # The person's own confirmed words come first; a detector span over the same words would
            # only repeat them ("kept touching me" and "My support worker kept touching me").
            # (the detector's spans do not overlap one another, so only the ones already there count)
            listed = SpanIndex((e.start, e.end) for e in entry.evidence)
            entry.evidence.extend([e for e in found.evidence if not listed.overlaps(e.start, e.end)])
            entry.by.extend(b for b in found.by if b not in entry.by)
    return out, confirmed


def matters_involving(case: Case, basis: str) -> tuple[set[str], bool]:
    """The kinds of organisation that the case's matters involve, and whether any matter names one.

    A matter is a confirmed or added finding, or a timeline entry, that names an
    organisation of the case. Why: listing a council among the organisations does
    not make the council answerable for what happened on an NHS ward.
    """
    names = [i.organisation for i in case.timeline]
    if basis == "confirmed":
        names += [f.organisation for f in case.findings if f.status in ("confirmed", "added")]
    kinds = {org.kind for org in map(case.organisation_named, names) if org is not None and org.kind}
    return kinds, bool(kinds)


def _timeline_dates(case: Case) -> list[dt.date]:
    return sorted(i.date for i in case.timeline if i.date is not None)


def build_view(case: Case, today: dt.date, labels: dict[str, str], factor_categories: dict[str, list[str]],
               category_labels: dict[str, str]) -> CaseView:
    harms, basis = _harms_from_case(case, labels)
    categories, confirmed_categories = _categories(case, harms, factor_categories, category_labels)
    for cat in case.safeguarding.categories:
        # Confirmed with the person, whoever was responsible (s42(1)(b): abuse or neglect by anyone).
        categories.setdefault(cat, AbuseCategory(cat, category_labels.get(cat, cat)))
        confirmed_categories.add(cat)
    for cat in confirmed_categories:
        categories[cat].confirmed = True
    matter_kinds, matters_named = matters_involving(case, basis)
    f = case.facts
    dates = _timeline_dates(case)
    first_event = f.first_event or (dates[0] if dates else None)
    latest_event = f.latest_event or (dates[-1] if dates else None) or first_event
    facts: dict[str, bool | None] = {
        "person_lacks_capacity": f.person_lacks_capacity, "immediate_danger": f.immediate_danger,
        "others_at_risk": f.others_at_risk, "has_care_and_support_needs": f.has_care_and_support_needs,
        "able_to_protect_self": f.able_to_protect_self, "top_up_charges": f.top_up_charges,
        "charged_for_care": f.charged_for_care, "has_had_assessment": f.has_had_assessment,
        "detained_under_mha": f.detained_under_mha,
        # The case's own advocate is an advocate: nothing may say the person lacks one.
        "has_advocate": True if (case.advocate.name or "").strip() else f.has_advocate,
        "registered_professional": f.registered_professional,
        "abuse_or_neglect_suspected": f.abuse_or_neglect_suspected, "suspected_crime": f.suspected_crime,
        "adjustment_refused": f.adjustment_refused, "assessment_refused": f.assessment_refused,
        "others_at_risk_reason_recorded": bool((f.others_at_risk_reason or "").strip()),
        "first_event": None if first_event is None else True,
        "latest_event": None if latest_event is None else True,
        "became_aware": None if f.became_aware is None else True,
        "wants_safeguarding_referral": case.safeguarding.wants_referral,
        # Others at risk, with the reason recorded, is itself a reason a concern may go ahead without consent.
        "raise_without_consent_reason_recorded": bool((case.safeguarding.raise_without_consent_reason or "").strip())
        or bool(f.others_at_risk and (f.others_at_risk_reason or "").strip()),
    }
    for body in ("council", "nhs", "provider"):
        facts[f"{body}_complaint_made"] = bool(_records_for(case, body))
        facts[f"{body}_complaint_unresolved"] = complaint_unresolved(case, body, today)
        facts[f"{body}_complaint_awaiting"] = complaint_awaiting(case, body, today)
        facts[f"{body}_complaint_answered"] = any(r.response is not None for r in _records_for(case, body))
    return CaseView(
        case=case, today=today, harms=harms, basis=basis, categories=categories,
        confirmed_categories=confirmed_categories,
        org_kinds=case.organisation_kinds(), funding=set(case.funding), facts=facts,
        first_event=first_event, latest_event=latest_event, became_aware=f.became_aware,
        matter_kinds=matter_kinds, matters_named=matters_named,
    )
