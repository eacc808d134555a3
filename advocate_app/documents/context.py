"""The plain values a template sees: the case, the route and the plan, as strings.

Why a separate, flat view: templates are reviewed by people who do not read
Python, so they get simple names (`person.called`, `chronology`, `respond_by`)
holding ready-to-print text, never the case objects themselves. Dates are
already written the UK way, and only confirmed or added findings count as harm.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Callable

from advocate_app.documents.text import approximate_date, clean, first_upper, paragraphs_of, uk_date
from advocate_app.documents.contacts import address_lines
from advocate_app.documents.scope import LetterScope, finding_in_scope, incident_in_scope, outcome_in_scope
from advocate_app.model.case import Case, Finding, Incident, Organisation, pronoun_forms
from advocate_app.model.evidence import distinct_quotes
from advocate_app.routes.deadlines import add_working_days, next_working_day
from advocate_app.routes.types import Deadline, Plan, Route

OUTCOME_WORDS = {
    "awaiting": "no reply yet", "upheld": "upheld", "partly-upheld": "partly upheld",
    "not-upheld": "not upheld", "no-response": "no response",
}


@lru_cache(maxsize=1)
def _harm_model() -> Any:
    try:
        from advocate_app.model.harm_model import load_harm_model
    except ImportError:
        return None
    return load_harm_model()


def harm_label(finding_id: str) -> str:
    """The plain-English label of a source or factor (the harm model's wording)."""
    model = _harm_model()
    if model is None:
        return finding_id
    try:
        return str(model.label(finding_id))
    except Exception:  # noqa: BLE001 - an unknown id must not stop a letter
        return finding_id


def harm_citation() -> str:
    model = _harm_model()
    citation = getattr(model, "citation", None) if model is not None else None
    if citation is not None:
        text = getattr(citation, "text", None) or str(citation)
        changes = getattr(citation, "changes", "")
        return f"{text} {changes}".strip()
    return ("Carr, S., Hudson, G., Coldham, T. et al. (2025) 'A broken system'? Service user definitions "
            "of avoidable social and psychological harm in mental health social care and recommendations "
            "for its minimization in England. British Journal of Social Work. doi:10.1093/bjsw/bcaf094. CC BY 4.0.")


def _person(case: Case) -> dict[str, Any]:
    p = case.person
    name = clean(p.name).strip()
    called = clean(p.preferred_name).strip() or name
    return {
        "name": name, "called": called,
        "date_of_birth": uk_date(p.date_of_birth),
        "address": clean(p.address).strip(), "address_lines": address_lines(p.address),
        "email": clean(p.email).strip(), "phone": clean(p.phone).strip(),
        "contact_preferences": clean(p.contact_preferences).strip(),
        "communication_needs": clean(p.communication_needs).strip(),
        "reasonable_adjustments": clean(p.reasonable_adjustments).strip(),
    }


def referring_words(case: Case, by_advocate: bool) -> dict[str, Any]:
    """How a letter refers to the person after naming them: pronouns when known, else their name.

    `pr.they`, `pr.them`, `pr.their`, `pr.themself`, with `pr.s` ("s" or "") and `pr.is_`/`pr.has`
    for the verb ("she needs", "they need", "I need"). `pr.ref` is for a mention where a phrase reads
    better than repeating the name: the pronoun if known, else "the person I support". When the person
    writes, it is "I".
    """
    if not by_advocate:
        return {"known": True, "they": "I", "them": "me", "their": "my", "themself": "myself", "ref": "I",
                "They": "I", "Their": "My", "Ref": "I", "s": "", "is_": "am", "has": "have", "was": "was",
                "plural": True}
    called = clean(case.person.preferred_name).strip() or clean(case.person.name).strip() or "the person I support"
    chosen = pronoun_forms(case.person.pronouns)
    if chosen is None:
        words = {"known": False, "they": called, "them": called, "their": possessive(called), "themself": called,
                 "plural": False}
    else:
        words = {"known": True, **chosen}
    plural = words["plural"]
    # `ref`: a second mention that reads naturally without the name ("she", or "the person I support").
    words["ref"] = words["they"] if chosen is not None else "the person I support"
    words.update({"They": first_upper(words["they"]), "Their": first_upper(words["their"]), "Ref": first_upper(words["ref"]),
                  "s": "" if plural else "s", "is_": "are" if plural else "is",
                  "has": "have" if plural else "has", "was": "were" if plural else "was"})
    return words


def lateness(case: Case, route: Route, today: dt.date) -> dict[str, Any]:
    """What a letter says when the time limit to complain (or to go to the Ombudsman) has passed.

    `passed`: the whole matter is out of time; `partial`: only the earlier events are.
    The reason and why a fair investigation is still possible come from the case, in its words.
    """
    out: dict[str, Any] = {"passed": False, "partial": False, "limit": "", "start": "", "kind": "",
                           "from_knowledge": False,
                           "reason": clean(case.facts.late_reason).strip().rstrip("."),
                           "fair": clean(case.facts.late_fair_investigation).strip().rstrip("."),
                           "first_event": uk_date(case.facts.first_event)}
    for deadline in route.deadlines:
        if deadline.kind not in ("complaint-time-limit", "lgsco-time-limit", "phso-time-limit"):
            continue
        if deadline.passed:
            aware = case.facts.became_aware
            # For the complaint limit the letter speaks of the most recent matter: 12 months before `until`.
            start = deadline.start
            if deadline.kind == "complaint-time-limit" and deadline.until is not None:
                start = case.facts.latest_event or deadline.start
                if aware is not None and start is not None and aware > start:
                    start = aware
            from_knowledge = (deadline.kind != "complaint-time-limit"
                              or (aware is not None and start == aware and aware != case.facts.latest_event))
            out.update(passed=True, kind=deadline.kind, limit=uk_date(deadline.until or deadline.date),
                       start=uk_date(start), from_knowledge=from_knowledge)
            break
        if deadline.kind == "complaint-time-limit" and deadline.date is not None and deadline.date < today:
            out.update(partial=True, kind=deadline.kind)
    return out


def _advocate(case: Case) -> dict[str, Any]:
    a = case.advocate
    return {
        "name": clean(a.name).strip(), "role": clean(a.role).strip() or "Independent advocate",
        "organisation": clean(a.organisation).strip(),
        "address": clean(a.address).strip(), "address_lines": address_lines(a.address),
        "email": clean(a.email).strip(), "phone": clean(a.phone).strip(),
    }


def _consent(case: Case) -> dict[str, Any]:
    c = case.consent
    how = clean(c.how_given).strip()
    return {
        "given": c.given, "date": uk_date(c.date), "how_given": how,
        "scope": clean(c.scope).strip(),
        "written": bool(re.search(r"\b(sign|signed|written|form|letter|email)\b", how, re.IGNORECASE)),
    }


def chronology(case: Case, keep: Callable[[Incident], bool] | None = None,
               recipient: Organisation | None = None) -> list[dict[str, str]]:
    """The timeline in date order; approximate dates sort by their month, unknown ones stay put.

    `keep` chooses the entries a letter may speak of (those involving its recipient).
    Each row says who was involved, as recorded: the organisation and the role.
    """
    keyed: list[tuple[dt.date | None, int, Any]] = []
    previous: dt.date | None = None
    for index, incident in enumerate(case.timeline):
        if keep is not None and not keep(incident):
            continue
        key = incident.date or approximate_date(incident.date_text)
        if key is None:
            key = previous
        previous = key
        keyed.append((key, index, incident))
    keyed.sort(key=lambda item: (item[0] or dt.date.min, item[1]))
    rows = []
    for _, _, incident in keyed:
        when = uk_date(incident.date) if incident.date else clean(incident.date_text).strip()
        what = clean(incident.what).strip()
        if not what:
            continue
        organisation, role = clean(incident.organisation).strip(), clean(incident.role).strip()
        if recipient is not None and case.organisation_named(organisation) is recipient:
            organisation = ""       # a letter to the trust need not name the trust in every row
        rows.append({
            "date": first_upper(when) or "Date not known", "what": first_upper(what),
            "organisation": organisation, "role": role,
            "who": first_upper(", ".join(part for part in (role, organisation) if part)),
        })
    return rows


def harms(case: Case, keep: Callable[[Finding], bool] | None = None) -> list[dict[str, Any]]:
    """Confirmed and added findings, in the person's priority order, with chosen quotes.

    `keep` chooses the findings a letter may speak of (its recipient's, or the named person's).
    """
    accepted = [f for f in case.findings if f.status in ("confirmed", "added") and (keep is None or keep(f))]
    accepted.sort(key=lambda f: (f.priority is None, f.priority or 0))
    out = []
    for finding in accepted:
        evidence = [clean(e.text).strip() for e in distinct_quotes(finding.evidence) if clean(e.text).strip()]
        out.append({
            "id": finding.id, "label": first_upper(harm_label(finding.id)),
            "source": first_upper(harm_label(finding.id.split(".")[0])),
            "evidence": evidence, "quotes": evidence if finding.quote else [],
            "note": clean(finding.note).strip(),
            "organisation": clean(finding.organisation).strip(), "role": clean(finding.role).strip(),
        })
    return out


def _deadline(d: Deadline) -> dict[str, Any]:
    return {"what": clean(d.what).strip(), "date": uk_date(d.date), "basis": clean(d.basis).strip(),
            "passed": d.passed, "note": clean(d.note).strip()}


_ACK = re.compile(r"acknowledg", re.IGNORECASE)
_REPLY = r"respon|reply"
ACK_WITHIN = "within 3 working days of receiving it"


def delivery_day(today: dt.date, working_days: int = 2) -> dt.date:
    """When a letter written today can be expected to arrive: a working day, never a Sunday."""
    return add_working_days(today, working_days)


def _hypothetical(deadline: Deadline) -> bool:
    """A date the plan counted "as if it arrives today", because nothing has been sent yet."""
    return deadline.start is None and "as if" in (deadline.note or "")


def reply_dates(route: Route, today: dt.date, reply_pattern: str | None = None) -> tuple[str, str]:
    """The acknowledgement and reply the letter asks for, from the plan's deadlines.

    Only deadlines that fall on the recipient count; the person's own time limits
    ("last day to complain") are for the advocate, not for the letter. A period
    that runs from when the letter arrives is counted from a realistic delivery
    day, or asked for "within 3 working days of receiving it", never from today.
    """
    reply = re.compile(reply_pattern or _REPLY, re.IGNORECASE)
    ack = respond = ""
    arrives = delivery_day(today)
    for deadline in route.deadlines:
        if deadline.date is None or deadline.passed or deadline.date < today:
            continue
        if _ACK.search(deadline.what or "") and not ack:
            ack = ACK_WITHIN if _hypothetical(deadline) else f"by {uk_date(deadline.date)}"
        elif reply.search(deadline.what or "") and not respond:
            date = deadline.date
            if _hypothetical(deadline):
                date = next_working_day(date + (arrives - today))
            respond = uk_date(date)
    return ack, respond


def _route(route: Route) -> dict[str, Any]:
    return {
        "id": route.id, "title": clean(route.title).strip(), "recipient": clean(route.recipient).strip(),
        "reason": clean(route.reason).strip(),
        # Only the points the route rules word for a letter, and only those that fit the case.
        "legal_basis": [clean(b).strip() for b in route.letter_law if clean(b).strip()],
        "sources": [clean(b).strip() for b in route.legal_basis if clean(b).strip()],
        "deadlines": [_deadline(d) for d in route.deadlines],
        "recipient_duty": clean(route.recipient_duty).strip(), "next_step": clean(route.next_step).strip(),
        "strength": route.strength, "needs": [clean(n).strip() for n in route.needs],
    }


def _organisation(org: Organisation) -> dict[str, Any]:
    return {"name": clean(org.name).strip(), "kind": org.kind or "", "address": clean(org.address).strip(),
            "address_lines": address_lines(org.address), "email": clean(org.email).strip()}


def _complaints(case: Case) -> list[dict[str, Any]]:
    out = []
    for record in case.complaints:
        out.append({
            "organisation": clean(record.organisation).strip(), "route": record.route or "",
            "made": uk_date(record.made), "response": uk_date(record.response),
            "outcome": OUTCOME_WORDS.get(record.outcome or "", clean(record.outcome)),
            "satisfied": record.satisfied,
        })
    return out


def _facts(case: Case) -> dict[str, Any]:
    f = case.facts
    values: dict[str, Any] = {}
    for name in ("person_lacks_capacity", "immediate_danger", "others_at_risk", "has_care_and_support_needs",
                 "able_to_protect_self", "top_up_charges", "charged_for_care", "has_had_assessment",
                 "detained_under_mha", "has_advocate"):
        values[name] = getattr(f, name)
    for name in ("first_event", "latest_event", "became_aware"):
        values[name] = uk_date(getattr(f, name))
    values["adjustment_refused"] = f.adjustment_refused
    values["others_at_risk_reason"] = clean(f.others_at_risk_reason).strip()
    return values


def _involved(case: Case) -> dict[str, str]:
    p = case.involved
    return {key: clean(getattr(p, key)).strip()
            for key in ("name", "role", "organisation", "relationship", "contact_now", "description")}


def _corrections(case: Case) -> list[dict[str, str]]:
    """Entries the person says are wrong, each with the correct version and the evidence, as recorded."""
    out = []
    for c in case.record_corrections:
        row = {"record": first_upper(clean(c.record).strip()), "date": uk_date(c.date),
               "says": clean(c.says).strip(), "should_say": clean(c.should_say).strip(),
               "evidence": clean(c.evidence).strip()}
        if any(row.values()):
            out.append(row)
    return out


def _section42(plan: Plan | None, quotable: set[str] | None = None) -> dict[str, Any]:
    if plan is None:
        return {"wording": "", "wording_lines": [], "criteria": [], "categories": [], "person_wishes": "",
                "without_consent": ""}
    s42 = plan.section42
    words = {True: "Yes", False: "No", None: "Not known yet"}
    return {
        "wording": clean(s42.wording).strip(),
        "wording_lines": [line.strip() for line in clean(s42.wording).split("\n") if line.strip()],
        "criteria": [{"id": c.id, "text": clean(c.text).strip(), "met": c.met, "met_words": words[c.met],
                      "citation": clean(c.citation).strip(),
                      # Only words the person agreed to have quoted (finding.quote), never other spans.
                      "evidence": [clean(e.text).strip() for e in c.evidence
                                   if clean(e.text).strip() and clean(e.text).strip() in (quotable or set())]}
                     for c in s42.criteria],
        "categories": [clean(c.label).strip() for c in s42.categories if c.confirmed and clean(c.label).strip()],
        "person_wishes": clean(s42.person_wishes).strip(),
        "without_consent": clean(s42.without_consent).strip(),
    }


def possessive(name: Any) -> str:
    text = str(name or "")
    if text.lower() in ("i", "me"):
        return "my"
    return f"{text}'s" if text else text


_ORDINARY_ROLE_WORDS = {"independent", "advocate", "senior", "lead", "statutory", "community", "peer",
                        "volunteer", "trainee", "specialist", "professional", "qualified", "generic", "advocacy"}


def role_phrase(role: str) -> str:
    """'Independent advocate' -> 'an independent advocate'; 'IMHA' -> 'an IMHA'; 'Care Act advocate' -> 'a Care Act advocate'."""
    role = role.strip() or "independent advocate"
    first = role.split()[0]
    if first.lower() in _ORDINARY_ROLE_WORDS:
        role = role[0].lower() + role[1:]
        first = role.split()[0]
    if first.isupper() and len(first) > 1:
        article = "an" if first[0] in "AEFHILMNORSX" else "a"
    else:
        article = "an" if first[0].lower() in "aeiou" else "a"
    return f"{article} {role}"


RECORD_FINDINGS = {"lack-of-support.6", "staff-misconduct.4", "staff-misconduct.5", "bureaucracy.9"}


def _service(case: Case) -> dict[str, Any]:
    """The care service a regulator is told about: a provider first, then an NHS trust."""
    for kind in ("provider", "nhs-trust", "integrated-team"):
        for org in case.organisations:
            if org.kind == kind and clean(org.name).strip():
                return _organisation(org)
    return {"name": "", "kind": "", "address": "", "address_lines": [], "email": ""}


def _commissioned_provider(case: Case) -> dict[str, Any]:
    """The care provider the council arranges and pays for, when the case records one."""
    if not ({"council-funded", "s117"} & set(case.funding)):
        return {"name": ""}
    for org in case.organisations:
        if org.kind == "provider" and clean(org.name).strip():
            return _organisation(org)
    return {"name": ""}


def professional(case: Case) -> dict[str, str]:
    """The professional a fitness-to-practise letter is about (the case's `professional`).

    A case built in code before `professional` was a field may still carry it as an
    untyped `extra` entry; that is read too, so such a case keeps producing its letter.
    """
    keys = ("name", "registration_number", "role", "employer", "regulator", "employer_told")
    raw = {key: getattr(case.professional, key) for key in keys}
    if not any(v not in (None, "") for v in raw.values()):
        legacy = case.extra.get("professional")
        raw = legacy if isinstance(legacy, dict) else {}
    out = {key: clean("" if raw.get(key) is None else str(raw[key])).strip() for key in keys}
    told = raw.get("employer_told")
    if isinstance(told, bool):
        out["employer_told"] = "yes" if told else "no"
    return out


def case_context(case: Case, plan: Plan | None, today: dt.date) -> dict[str, Any]:
    """Everything about the case a letter or summary may print."""
    s = case.safeguarding
    person = _person(case)
    advocate = _advocate(case)
    advocate["role_phrase"] = role_phrase(advocate["role"])
    by_advocate = bool(advocate["name"])
    called = person["called"]
    person["pronouns"] = clean(case.person.pronouns).strip()
    return {
        "today": uk_date(today),
        "case_id": case_reference(case),
        "by_advocate": by_advocate,
        "p_name": called if by_advocate else "I",
        "p_poss": possessive(called) if by_advocate else "my",
        "p_obj": called if by_advocate else "me",
        "we": f"{called} and I" if by_advocate else "I",
        "we_obj": f"{called} and me" if by_advocate else "me",
        "pr": referring_words(case, by_advocate),
        "purpose": "", "offer_discussion": False, "response_what": "", "next_step": "",
        "person": person, "advocate": advocate, "consent": _consent(case),
        "chronology": chronology(case), "harms": harms(case),
        "quotes": [q for h in harms(case) for q in h["quotes"]],
        "outcomes": [first_upper(clean(o.text).strip()) for o in case.outcomes if clean(o.text).strip()],
        "facts": _facts(case),
        "safeguarding": {"wants_referral": s.wants_referral, "views": clean(s.views).strip(),
                         "recorded": uk_date(s.recorded),
                         "raise_without_consent_reason": clean(s.raise_without_consent_reason).strip()},
        "complaints": _complaints(case),
        "organisations": [_organisation(o) for o in case.organisations if clean(o.name).strip()],
        "funding": list(case.funding),
        "section42": _section42(plan, {q for h in harms(case) for q in h["quotes"]}),
        "account_paragraphs": paragraphs_of(case.account),
        "chosen_routes": list(case.chosen_routes),
        "s117": "s117" in case.funding,
        "nhs_involved": bool({"nhs-trust", "integrated-team"} & case.organisation_kinds()),
        "service": _service(case),
        "provider": _commissioned_provider(case),
        "professional": professional(case),
        "record_evidence": [q for h in harms(case) if h["id"] in RECORD_FINDINGS for q in h["quotes"]],
        "involved": _involved(case),
        "corrections": _corrections(case),
        "impact": clean(case.impact).strip(),
    }


def letter_context(case: Case, route: Route, plan: Plan, today: dt.date,
                   recipient: dict[str, Any], reply_pattern: str | None = None,
                   scope: LetterScope | None = None) -> dict[str, Any]:
    """The case as one letter may print it: only the matters, harms and outcomes in its `scope`."""
    context = case_context(case, plan, today)
    acknowledge_by, respond_by = reply_dates(route, today, reply_pattern)
    complaints = context["complaints"]
    if scope is not None:
        kept = harms(case, lambda f: finding_in_scope(case, f, scope))
        context.update({
            "chronology": chronology(case, lambda i: incident_in_scope(case, i, scope), scope.recipient),
            "harms": kept,
            "quotes": [q for h in kept for q in h["quotes"]],
            "outcomes": [first_upper(clean(o.text).strip()) for o in case.outcomes
                         if clean(o.text).strip() and outcome_in_scope(case, o, scope)],
            "record_evidence": [q for h in kept if h["id"] in RECORD_FINDINGS for q in h["quotes"]],
        })
        if context["provider"].get("name") and not _provider_involved(case, scope):
            # The council's own actions, not its provider's care, are what the letter is about.
            context["provider"] = {"name": ""}
    context["chronology_who"] = any(row["who"] for row in context["chronology"])
    context.update({
        "route": _route(route),
        "recipient": recipient,
        "acknowledge_by": acknowledge_by,
        "respond_by": respond_by,
        "last_complaint": complaints[-1] if complaints else None,
        "late": lateness(case, route, today),
        "other_organisations": [o for o in context["organisations"] if o["name"] != recipient.get("name")],
    })
    return context


def _provider_involved(case: Case, scope: LetterScope) -> bool:
    """Whether any matter in the letter names a care provider (the one the council commissions)."""
    names = [i.organisation for i in case.timeline if incident_in_scope(case, i, scope)]
    names += [f.organisation for f in case.findings
              if f.status in ("confirmed", "added") and finding_in_scope(case, f, scope)]
    return any((org := case.organisation_named(n)) is not None and org.kind == "provider" for n in names)


def case_reference(case: Case) -> str:
    """The reference a letter quotes: short enough to read out on the phone.

    Why: the store gives cases a random 32-character id; a complaints officer
    should not have to copy that. A case file's own reference is kept (the store
    keeps it as `previous_id`); otherwise the first 8 characters of the store's
    id, in capitals, still find the case.
    """
    previous = case.extra.get("previous_id")
    if isinstance(previous, str) and previous.strip():
        return clean(previous).strip()
    ident = clean(case.id).strip()
    if re.fullmatch(r"[0-9a-f]{32}", ident):
        return ident[:8].upper()
    return ident
