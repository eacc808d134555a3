"""Build a letter for one route of the plan, from the case and the route's template.

Why the checks come first: a letter that goes out without the person's name,
without a recipient, or claiming consent that was never recorded does harm. So
every missing fact a letter needs is a `UserError` that names what to add to
the case, raised before anything is rendered.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from advocate_app.documents.contacts import Recipient, recipient_for, standard_recipient
from advocate_app.documents.context import delivery_day, letter_context, professional
from advocate_app.documents.model import Document, Signature
from advocate_app.documents.scope import LetterScope, scope_for
from advocate_app.documents.templating import render_structure
from advocate_app.documents.text import clean, first_upper, has_phrase, uk_date
from advocate_app.errors import UserError
from advocate_app.model.case import Case, Organisation
from advocate_app.resources import read_toml
from advocate_app.routes.deadlines import add_working_days
from advocate_app.routes.types import Plan, Route

LETTER_FOOTER = "Private and confidential: contains personal information."


@lru_cache(maxsize=1)
def route_settings() -> dict[str, dict[str, Any]]:
    return read_toml("templates", "letters.toml")["routes"]


def route_table(name: str) -> dict[str, Any]:
    """Another table of letters.toml (e.g. the regulators and their published contacts)."""
    return dict(read_toml("templates", "letters.toml").get(name, {}))


def letter_routes() -> list[str]:
    """The route identifiers that produce a letter."""
    return list(route_settings())


def plan_for(case: Case, today: dt.date | None) -> Plan:
    from advocate_app.routes import plan_case   # loaded only when a letter needs its plan

    return plan_case(case, today=today)


def _route_from_plan(plan: Plan, route_id: str) -> Route:
    settings = route_settings()
    if route_id not in settings:
        raise UserError(f"'{route_id[:40]}' is not a route that has a letter. The routes with letters are: "
                        + ", ".join(settings) + ".")
    route = plan.route(route_id)
    if route is None:
        proposed = ", ".join(r.id for r in plan.routes) or "none yet"
        raise UserError(f"The route '{route_id}' does not apply to this case: the plan does not propose it "
                        f"(it proposes: {proposed}). Run 'advocate-app plan' on the case to see why, "
                        "or add the facts the plan asks for.")
    return route


def _candidates(case: Case, kinds: list[str]) -> list[Organisation]:
    """Organisations that could receive the letter, preferring those the case's matters involve."""
    ordered = [org for kind in kinds for org in case.organisations if org.kind == kind and clean(org.name).strip()]
    involved = {id(org) for org in map(case.organisation_named,
                                       [i.organisation for i in case.timeline]
                                       + [f.organisation for f in case.findings if f.status in ("confirmed", "added")])
                if org is not None}
    return sorted(ordered, key=lambda org: id(org) not in involved)


def _recipient(case: Case, route: Route, settings: dict[str, Any]) -> tuple[Recipient, Organisation | None]:
    """Who the letter goes to, at the contact for the letter's purpose, and the case's organisation if any."""
    purpose = settings.get("purpose", "general")
    if settings.get("recipient_from_professional"):
        regulator = professional(case)["regulator"]
        if not regulator:
            raise UserError("This referral needs the professional's regulator: add \"regulator\" (Social Work England, "
                            "NMC, HCPC or GMC) to the case's \"professional\" entry.")
        key = route_table("regulators").get(regulator)
        fixed = standard_recipient(key, team="Fitness to practise") if key else None
        return fixed or Recipient(name=regulator, kind="regulator"), None
    word = settings.get("recipient_name_contains")
    if word:
        for org in case.organisations:
            if word.lower() in clean(org.name).lower():
                return recipient_for(org, purpose), org
    candidates = _candidates(case, settings.get("recipient_kinds", []))
    if candidates:
        return recipient_for(candidates[0], purpose), candidates[0]
    if settings.get("standard_contact"):
        fixed = standard_recipient(settings["standard_contact"], team=settings.get("standard_team", ""))
        if fixed is not None:
            if settings.get("recipient_name"):
                fixed.name = settings["recipient_name"] if not fixed.address_lines else fixed.name
            return fixed, None
    if settings.get("recipient_name"):
        return Recipient(name=settings["recipient_name"], kind="fixed",
                         address_lines=list(settings.get("recipient_lines", []))), None
    if settings.get("needs_organisation"):
        raise UserError(f"This letter needs a recipient: add {settings.get('what_to_add', 'the organisation')}.")
    name = first_upper(clean(route.recipient).strip())
    if not name:
        raise UserError("This letter needs a recipient: add the organisation to the case's organisations.")
    return Recipient(name=name, kind="route"), None


def _check_facts(case: Case, route: Route, plan: Plan) -> None:
    if not clean(case.person.name).strip():
        raise UserError("This letter needs the person's name: add it to the case (person, name). Nothing was written.")
    by_advocate = bool(clean(case.advocate.name).strip())
    if route.id == "safeguarding-concern" and not plan.section42.can_produce_letter:
        reason = clean(plan.section42.blocked_reason).strip() or "the plan does not yet support a safeguarding concern"
        raise UserError(f"The safeguarding letter cannot be written yet: {reason.rstrip('.')}. "
                        "Record the person's wishes (safeguarding) and the facts the plan asks for.")
    if by_advocate and route.id != "safeguarding-concern":
        consent = case.consent
        if consent.given is not True:
            raise UserError("The advocate writes this letter on the person's behalf, so it needs their consent: "
                            "add consent (given: true, date, how_given) to the case.")
        missing = [name for name, value in (("date", consent.date), ("how_given", consent.how_given)) if not value]
        if missing:
            raise UserError("The letter states the person's consent: add " + " and ".join(missing)
                            + " to the case's consent record.")
    if route.id == "regulator-professional" and not professional(case)["name"]:
        raise UserError("A fitness-to-practise letter needs the professional's full name: add "
                        "\"professional\": {\"name\": ..., \"registration_number\": ..., \"role\": ...} to the case "
                        "(check the regulator's public register for the number).")
    if not by_advocate:
        person = case.person
        if not (clean(person.address).strip() or clean(person.email).strip()):
            raise UserError("The letter needs an address to reply to: add the person's address or email to the case "
                            "(or an advocate who writes on their behalf).")


def _sender(context: dict[str, Any]) -> list[str]:
    if context["by_advocate"]:
        a = context["advocate"]
        lines = [a["name"], a["role"]]
        if a["organisation"]:
            lines.append(a["organisation"])
        lines += a["address_lines"]
    else:
        p = context["person"]
        lines = [p["name"], *p["address_lines"]]
        a = p
    if a["phone"]:
        lines.append(f"Telephone: {a['phone']}")
    if a["email"]:
        lines.append(f"Email: {a['email']}")
    return [line for line in lines if line]


def _signature(context: dict[str, Any], closing: str) -> Signature:
    if context["by_advocate"]:
        a = context["advocate"]
        lines = [a["role"] + (f", {a['organisation']}" if a["organisation"] else ""),
                 f"On behalf of {context['person']['name']}"]
        return Signature(closing=closing, name=a["name"], lines=lines)
    return Signature(closing=closing, name=context["person"]["name"], lines=[])


def letter_for_route(case: Case, route_id: str, plan: Plan | None = None, today: dt.date | None = None,
                     large_print: bool = False) -> Document:
    """The letter for `route_id`: checked against the plan, written from the route's template."""
    today = today or (plan.today if plan and plan.today else None) or dt.date.today()
    if plan is None:
        plan = plan_for(case, today)
    route = _route_from_plan(plan, route_id)
    settings = route_settings()[route_id]
    _check_facts(case, route, plan)
    recipient, organisation = _recipient(case, route, settings)
    scope = scope_for(case, settings.get("scope", "all"), organisation, _named_person(case, settings))
    context = letter_context(case, route, plan, today, recipient.as_context(), settings.get("reply_deadline"), scope)
    if not context["respond_by"] and settings.get("ask_within_working_days"):
        # No legal reply date applies: ask for a reply by a reasonable date (a request, not a deadline).
        context["respond_by"] = uk_date(add_working_days(delivery_day(today), int(settings["ask_within_working_days"])))
    rendered = render_structure(settings["template"], context)

    subject_line = rendered.directive("subject") or settings["title"]
    # The team the organisation's own contact names, else the template's usual addressee.
    addressee = recipient.team or rendered.directive("addressee")
    recipient_lines: list[str] = []
    for line in [addressee, recipient.name, *recipient.address_lines]:
        # An address that already starts "Complaints Team" must not print it twice under the addressee.
        if line and line.casefold() not in {seen.casefold() for seen in recipient_lines}:
            recipient_lines.append(line)
    if recipient.email:
        recipient_lines.append(f"By email: {recipient.email}")
    author = context["advocate"]["name"] if context["by_advocate"] else context["person"]["name"]
    reference = context["case_id"]
    return Document(
        kind="letter",
        # File lists and print queues show these: the route and reference only, never a name or what happened.
        title=f"{settings['title']} ({reference})" if reference else settings["title"],
        author=author,
        subject=settings["title"],
        sender=_sender(context),
        recipient=recipient_lines,
        date=context["today"],
        reference=(f"Our reference: {context['case_id']}" if context["case_id"] else None),
        subject_line=subject_line,
        salutation=rendered.directive("salutation", "Dear Sir or Madam"),
        blocks=rendered.blocks,
        signature=_signature(context, rendered.directive("closing", "Yours faithfully") or "Yours faithfully"),
        enclosures=rendered.directives.get("enclosure", []),
        footer=rendered.directive("footer", LETTER_FOOTER) or LETTER_FOOTER,
        large_print=large_print,
        checks=recipient.checks + _checks(case, route, context, scope),
    )


def _named_person(case: Case, settings: dict[str, Any]) -> tuple[str, str] | None:
    """The person a letter names (its `names_person` setting), as (name, role), if the case records one."""
    which = settings.get("names_person")
    if which == "professional":
        p = professional(case)
        return (p["name"], p["role"]) if (p["name"] or p["role"]) else None
    if which == "involved":
        name, role = clean(case.involved.name).strip(), clean(case.involved.role).strip()
        if name or role:
            return name, role
        p = professional(case)
        return (p["name"], p["role"]) if (p["name"] or p["role"]) else None
    return None


def _checks(case: Case, route: Route, context: dict[str, Any], scope: LetterScope) -> list[str]:
    """What the advocate should check or add before sending this letter (shown, never printed)."""
    checks = [clean(c).strip() for c in route.letter_checks if clean(c).strip()]
    accepted = [f for f in case.findings if f.status in ("confirmed", "added")]
    if scope.names_person and not context["harms"] and any(not clean(f.role).strip() for f in accepted):
        who = scope.person_name or scope.person_role
        checks.append(f"Add: which confirmed harms involve {who} (the harm's 'who was involved'). The letter names "
                      f"{who}, so it lists only the harms the case says were theirs; none are recorded yet.")
    voice = [w.casefold() for w in route_table("voice").get("others", [])]
    for outcome in context["outcomes"]:
        found = next((w for w in voice if has_phrase(outcome, w, keep="'")), None)
        if found:
            checks.append(f"Check: the outcome '{outcome}' speaks of {context['person']['called'] or 'the person'} as "
                          f"'{found}'. Write it in {context['pr']['their'] if context['pr']['known'] else 'their'} own "
                          "voice before sending.")
    left_out = [clean(o.text).strip() for o in case.outcomes
                if clean(o.text).strip() and first_upper(clean(o.text).strip()) not in context["outcomes"]]
    if left_out:
        checks.append("Left out of this letter, because they are for another organisation: "
                      + "; ".join(f"'{text}'" for text in left_out) + ".")
    late = context["late"]
    if (late["passed"] or late["partial"]) and not late["reason"]:
        checks.append("Add: this complaint is late. Record why the person did not complain sooner "
                      "(facts, late_reason) so the letter can explain it and ask the body to use its discretion.")
    if route.id == "regulator-professional" and not context["professional"]["registration_number"]:
        checks.append("Add: the professional's registration number, from the regulator's public register.")
    return checks
