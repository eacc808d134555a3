"""Case -> Plan: which routes fit, why, on what legal basis, and by when.

Why it reads like this: the advocate's hardest question is "where does this
go, and by when?", and the answer must explain itself. Every route in the plan
names the findings and facts that triggered it, cites the law it rests on
(only what `resources/legal_sources.toml` records as checked), and lists what
is still unknown that would change it. The advocate and the person decide;
the plan only proposes.
"""
from __future__ import annotations

import datetime as dt

from advocate_app.model.case import Case
from advocate_app.routes import deadlines as dl
from advocate_app.routes.conditions import Outcome, evaluate, fact_phrases
from advocate_app.routes.rules import DeadlineRule, RouteRule, RuleSet, Statement, load_rules
from advocate_app.routes.section42 import assess_section42, load_section42
from advocate_app.routes.types import Deadline, Plan, Route
from advocate_app.routes.view import CaseView, build_view

_RANK = {"recommended": 2, "consider": 1}
_TIME_LIMITS = {"complaint-time-limit", "lgsco-time-limit", "phso-time-limit", "equality-claim", "ico-complaint"}


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [i for i in items if not (i in seen or seen.add(i))]


def _render(statement: Statement, rules: RuleSet) -> str:
    if not statement.cite:
        return statement.text
    return f"{statement.text} ({'; '.join(rules.cite(statement.cite))})"


def _secondary_notes(cites: list[str], rules: RuleSet) -> list[str]:
    return _unique([f"Check: {rules.sources[c].note}" for c in cites
                    if rules.sources[c].level == "secondary" and rules.sources[c].note])


def _reason(outcomes: list[tuple[Outcome, str]], view: CaseView, rules: RuleSet) -> str:
    """One sentence for the findings, one for the categories, the deciding clause's why, then the facts.

    `outcomes` comes deciding clause first (rules list their most specific clause first), then any
    demotions; every finding, category and fact of every matching clause is still named.
    """
    harms = _unique([h for out, _ in outcomes for h in out.harms])
    cats = _unique([c for out, _ in outcomes for c in out.categories])
    parts: list[str] = []
    if harms:
        labels = [view.harms[h].label for h in harms]
        if view.basis == "confirmed":
            parts.append(f"Confirmed with the person: {_join(labels)}.")
        else:
            parts.append(f"Suggested from the account, not yet confirmed with the person: {_join(labels)}.")
    if cats:
        verb = "describes" if all(c in view.confirmed_categories for c in cats) else "may describe"
        parts.append(f"The account {verb} {_join([view.categories[c].label for c in cats])}.")
    parts += [because for _, because in outcomes if because]

    phrases = _unique([p for out, _ in outcomes for p in fact_phrases(out, rules.facts)])
    if phrases:
        parts.append(f"Recorded in the case: {_join(phrases)}.")
    return " ".join(_unique(parts))


def _letter_law(rule: RouteRule, route: Route, view: CaseView, rules: RuleSet) -> tuple[list[str], list[str]]:
    """The legal points a letter on this route prints, and the caveats for what it relies on.

    Only statements with a `letter` wording count, and only when their `letter_when`
    condition holds for this case (e.g. the Mental Capacity Act offence only when the
    person has been assessed as lacking capacity). The caveats also cover the
    deadlines the letter asks the recipient to meet.
    """
    points: list[str] = []
    cites: list[str] = []
    for statement in [*rule.basis, *([rule.duty] if rule.duty else [])]:
        if statement.letter is None:
            continue
        if statement.letter_when is not None:
            if evaluate(statement.letter_when, view, rules.facts, second_pass=True).status is not True:
                continue
        points.append(f"{statement.letter.rstrip('.')} ({'; '.join(rules.cite(statement.letter_cite))}).")
        cites += list(statement.letter_cite)
    # A letter asks for the recipient's dates, and speaks of the person's own time limit only when it has passed.
    kinds = {d.kind for d in route.deadlines if d.date is not None
             and (d.kind not in _TIME_LIMITS or d.passed or d.date < view.today)}
    cites += [c for d in rule.deadlines if d.kind in kinds for c in d.cite]
    # A letter goes out under the advocate's name: every caveat on what it relies on is shown to them,
    # including those on primary sources (e.g. a section checked only as first enacted).
    return points, _unique([f"Check: {rules.sources[c].note}" for c in _unique(cites) if rules.sources[c].note])


def _triggers(out: Outcome) -> list[str]:
    return (list(out.harms) + [f"category:{c}" for c in out.categories] + [f"fact:{n}" for n, _ in out.facts]
            + [f"funding:{f}" for f in out.funding] + [f"org:{o}" for o in out.orgs] + [f"route:{r}" for r in out.routes])


def _recipient(rule: RouteRule, view: CaseView) -> str:
    names = view.org_names(rule.recipient_org_kinds) if rule.recipient_org_kinds else []
    if "{org}" in rule.recipient and names:
        return rule.recipient.replace("{org}", _join(names))
    if "{org}" in rule.recipient:
        return rule.recipient_fallback
    return rule.recipient


LATE_REASON_QUESTION = ("why the person did not complain within the time limit (for example being unwell or detained, "
                        "fear of what would happen, or waiting for an advocate), so the letter can ask for discretion")


def _late_needs(deadline: Deadline | None, view: CaseView) -> list[str]:
    """A time limit that has passed, or is passing for the earlier events, needs the reason recorded."""
    late = deadline is not None and deadline.date is not None and (deadline.passed or deadline.date < view.today)
    return [LATE_REASON_QUESTION] if late and not (view.case.facts.late_reason or "").strip() else []


def _deadline(d: DeadlineRule, route_id: str, view: CaseView, rules: RuleSet) -> tuple[Deadline | None, list[str]]:
    basis = "; ".join(rules.cite(d.cite))
    today = view.today
    records = view.complaint_records(d.route_record) if d.route_record else []
    made = max((r.made for r in records if r.made), default=None)
    answered = any(r.response for r in records)
    own = d.route_record == route_id
    if d.kind == "complaint-time-limit":
        matters = [(i.date, i.what or "") for i in view.case.timeline if i.date is not None]
        deadline, needs = dl.complaint_time_limit(view.first_event, view.latest_event, view.became_aware, today, basis,
                                                  matters)
        return deadline, needs + _late_needs(deadline, view)
    if d.kind == "acknowledgement":
        if answered or (made is None and not own):
            return None, []
        return dl.acknowledgement(made, today, basis), []
    if d.kind == "complaint-response":
        if answered or (made is None and not own):
            return None, []
        return dl.complaint_response(made, today, basis), []
    if d.kind == "provider-12-weeks":
        if answered or (made is None and not own):
            return None, []
        return dl.provider_wait(made, today, basis), []
    if d.kind in ("lgsco-time-limit", "phso-time-limit"):
        who = ("Local Government and Social Care Ombudsman" if d.kind == "lgsco-time-limit"
               else "Parliamentary and Health Service Ombudsman")
        deadline, needs = dl.ombudsman_time_limit(view.first_notice(), today, basis,
                                                  beginning_with=d.kind == "lgsco-time-limit", who=who)
        return deadline, needs + _late_needs(deadline, view)
    letters = view.letters(d.letter_route) if d.letter_route else []
    sent = max((l.sent for l in letters if l.sent), default=None)
    replied = max((l.response_received for l in letters if l.response_received), default=None)
    if d.kind == "records-response":
        if replied:
            return None, []
        return dl.records_response(sent, today, basis), []
    if d.kind == "ico-complaint":
        last = replied or (sent if sent and dl.one_calendar_month(sent) < today else None)
        return dl.ico_complaint(last, today, basis), []
    if d.kind == "equality-claim":
        return dl.equality_claim(view.latest_event, today, basis)
    raise ValueError(f"unknown deadline kind {d.kind}")


CAPPED_BECAUSE = ("It is suggested from the account, not yet confirmed with the person, so it is something to "
                  "consider; it can become a recommendation once the person confirms it.")


def confirmed_support(out: Outcome, view: CaseView) -> bool:
    """Whether a clause rests on something the advocate and the person confirmed or recorded.

    Why: a suggestion is the app's reading of the account. Only confirmed or added
    findings, confirmed categories of abuse, or recorded facts (including complaints
    already made and how the care is funded together with one of those) may make a
    route "recommended".
    """
    if out.facts:
        return True
    if out.harms and view.basis == "confirmed":
        return True
    return bool(set(out.categories) & view.confirmed_categories)


def _progress(route_id: str, view: CaseView) -> str | None:
    """Where a complaint already made on this route stands, so its running clocks make sense."""
    records = [r for r in view.complaint_records(route_id) if r.made]
    if not records:
        return None
    made = max(r.made for r in records if r.made)
    if any(r.response for r in records):
        return f"Complaint made on {dl.long_date(made)} and answered."
    return f"Complaint made on {dl.long_date(made)}; waiting for the answer. The dates below run from that day."


def _propose(rule: RouteRule, view: CaseView, rules: RuleSet, second_pass: bool) -> Route | None:
    strength = 0
    capped = False
    matched: list[tuple[Outcome, str]] = []
    ranks: list[int] = []
    triggers: list[str] = []
    needs: list[str] = []
    for clause in rule.when:
        if "routes" in clause.conditions and not second_pass:
            continue
        out = evaluate(clause, view, rules.facts, second_pass=second_pass)
        if out.status is True:
            rank = _RANK[clause.strength]
            if rank == _RANK["recommended"] and not confirmed_support(out, view):
                rank, capped = _RANK["consider"], True
            strength = max(strength, rank)
            matched.append((out, clause.because))
            ranks.append(rank)
            triggers += _triggers(out)
        elif out.status is None and clause.when_unknown:
            strength = max(strength, _RANK[clause.when_unknown])
            matched.append((out, clause.because_unknown or clause.because))
            ranks.append(_RANK[clause.when_unknown])
            triggers += _triggers(out)
            needs += out.unknown
        elif out.status is None and out.any_true:
            needs += out.unknown
    if not strength:
        return None
    top = [m for m, r in zip(matched, ranks) if r == strength]
    matched = [(out, "") for out, _ in matched]
    matched.insert(0, (Outcome(status=True), top[0][1]))
    for clause in rule.unless:
        if evaluate(clause, view, rules.facts, second_pass=second_pass).status is True:
            return None
    for clause in rule.demote:
        out = evaluate(clause, view, rules.facts, second_pass=second_pass)
        if out.status is True:
            strength = min(strength, _RANK["consider"])
            matched.append((Outcome(status=True), clause.because))
    needs += [rules.facts[f].question for f in rule.needs if view.facts.get(f) is None]
    if capped and strength < _RANK["recommended"]:
        matched.append((Outcome(status=True), CAPPED_BECAUSE))

    deadlines: list[Deadline] = []
    cites: list[str] = [c for s in rule.statements() for c in s.cite]
    for d in rule.deadlines:
        deadline, more = _deadline(d, rule.id, view, rules)
        needs += more
        if deadline is not None:
            deadline.kind = d.kind
            deadlines.append(deadline)
            cites += list(d.cite)
    basis_cites = _unique([c for s in rule.basis for c in s.cite])
    progress = _progress(rule.id, view)
    notes = [_render(n, rules) for n in rule.notes] + _secondary_notes(_unique(cites), rules)
    return Route(
        id=rule.id,
        strength="recommended" if strength == 2 else "consider",
        title=rule.title,
        recipient=_recipient(rule, view),
        reason=_reason(matched, view, rules),
        legal_basis=rules.cite(basis_cites),
        deadlines=deadlines,
        needs=_unique(needs),
        recipient_duty=_render(rule.duty, rules) if rule.duty else None,
        next_step=_render(rule.next_step, rules) if rule.next_step else None,
        triggered_by=_unique(triggers),
        last_checked=rule.last_checked,
        legal_points=[_render(s, rules) for s in rule.basis],
        notes=_unique(notes),
        progress=progress,
    )


def plan_case(case: Case, today: dt.date | None = None) -> Plan:
    """Propose routes, the Section 42 assessment and deadlines for a case."""
    today = today or dt.date.today()
    rules = load_rules()
    s42cfg = load_section42()
    view = build_view(case, today, rules.labels, s42cfg.factor_categories, s42cfg.category_labels)
    section42 = assess_section42(view, rules)
    view.facts["s42_criterion_not_met"] = any(c.met is False for c in section42.criteria)

    ordered = sorted(rules.routes.values(), key=lambda r: (r.order, r.id))
    first = {r.id: _propose(r, view, rules, second_pass=False) for r in ordered}
    view.proposed = {rid for rid, route in first.items() if route is not None}
    routes: list[Route] = []
    for rule in ordered:
        needs_second = any("routes" in c.conditions for c in rule.when)
        route = _propose(rule, view, rules, second_pass=True) if needs_second else first[rule.id]
        if route is not None:
            routes.append(route)
    view.proposed = {r.id for r in routes}
    for route in routes:
        route.letter_law, route.letter_checks = _letter_law(rules.routes[route.id], route, view, rules)
    routes.sort(key=lambda r: (-_RANK[r.strength], rules.routes[r.id].order))

    urgent = []
    if view.facts.get("immediate_danger"):
        src = rules.sources["police-emergency"]
        urgent.append(f"Someone is in immediate danger: call 999 now, before anything else ({src.cite}).")
    return Plan(routes=routes, section42=section42, today=today, urgent=urgent, findings_basis=view.basis)
