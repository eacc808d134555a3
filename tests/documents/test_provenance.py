"""Every factual statement in a letter comes from the case (issue 11).

Every letter route is rendered for every example case, and for variants that
leave out the facts a template might be tempted to assert. For each letter:
quoted words are words the person agreed to share; chronology rows are timeline
entries that involve the recipient; listed harms are confirmed findings that
involve the recipient (or, where the letter names a person, that the case
attributes to them); outcomes are the person's, for a body that can deliver
them; and sentences that state a circumstance (others at risk, an adjustment
refused, immediate danger, a safeguarding concern raised, the employer told)
appear only when the case records it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable

import pytest

from advocate_app.documents.letters import letter_for_route, letter_routes
from advocate_app.documents.model import BulletList, Document, Heading, Paragraph, Quote, Table
from advocate_app.documents.scope import outcome_body_kinds
from advocate_app.documents.text import clean, first_upper
from advocate_app.errors import UserError
from advocate_app.model.case import Case, Organisation, case_to_dict
from advocate_app.model.harm_model import load_harm_model
from tests.documents.helpers import CASES, TODAY, load_sample, make_plan

SAMPLES = sorted(p.stem for p in CASES.glob("*.json"))


def _variants() -> list[tuple[str, Case]]:
    """The samples, and each with the tempting facts taken away (nothing to assert any more)."""
    out = []
    for name in SAMPLES:
        case = load_sample(name)
        out.append((name, case))
        bare = load_sample(name)
        bare.facts = dataclasses.replace(bare.facts, others_at_risk=None, others_at_risk_reason=None,
                                         adjustment_refused=None, immediate_danger=None)
        bare.chosen_routes = []
        bare.involved = type(bare.involved)()
        bare.findings = [dataclasses.replace(f, role=None) for f in bare.findings]
        out.append((f"{name}-bare", bare))
    return out


VARIANTS = _variants()


def _letters() -> list[tuple[str, str, Case, Document]]:
    plan = make_plan()
    out = []
    for name, case in VARIANTS:
        for route_id in letter_routes():
            try:
                doc = letter_for_route(case, route_id, plan=plan, today=TODAY)
            except UserError:
                continue        # the letter needs a fact this case lacks, and says so
            out.append((name, route_id, case, doc))
    return out


LETTERS = _letters()
IDS = [f"{name}:{route}" for name, route, _, _ in LETTERS]


def test_every_route_renders_for_some_example_case():
    assert {route for _, route, _, _ in LETTERS} == set(letter_routes())
    assert len(LETTERS) >= 60


def _section(doc: Document, heading_start: str) -> list:
    """The blocks under a heading, up to the next heading."""
    blocks: list = []
    inside = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            inside = block.text.startswith(heading_start)
            continue
        if inside:
            blocks.append(block)
    return blocks


def _organisation_of(doc: Document, case: Case) -> Organisation | None:
    for org in case.organisations:
        if org.name and org.name in doc.recipient:
            return org
    return None


def _involves(case: Case, name: str | None, allowed: list[Organisation]) -> bool:
    if not clean(name).strip():
        return True
    org = case.organisation_named(name)
    return org is None or any(org is a for a in allowed)


def _scope_orgs(case: Case, route_id: str, recipient: Organisation | None) -> list[Organisation] | None:
    """The bodies whose matters the letter may speak of; None means every matter."""
    if route_id in ("complaint-joint",):
        return [o for o in case.organisations if o.kind in ("council", "nhs-trust", "integrated-team", "provider")]
    if recipient is None or route_id in ("safeguarding-concern", "police-report", "ombudsman-lgsco", "ombudsman-phso",
                                         "regulator-professional", "advocacy-referral", "regulator-cqc"):
        return None
    allowed = [recipient]
    if recipient.kind == "council" and {"council-funded", "s117"} & set(case.funding):
        allowed += [o for o in case.organisations if o.kind == "provider"]
    return allowed


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_quoted_words_are_words_the_person_agreed_to_share(name, route_id, case, doc):
    agreed = {clean(e.text).strip() for f in case.findings if f.quote and f.status in ("confirmed", "added")
              for e in f.evidence}
    agreed |= {clean(case.safeguarding.views).strip(), clean(case.impact).strip()}
    agreed |= {clean(c.says).strip() for c in case.record_corrections}
    agreed |= {clean(c.should_say).strip() for c in case.record_corrections}
    for block in doc.blocks:
        texts = [block.text] if isinstance(block, (Paragraph, Quote)) else block.items if isinstance(block, BulletList) else []
        for text in texts:
            for quoted in re.findall(r"“([^”]+)”", text):
                assert quoted.strip() in agreed, quoted


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_chronology_rows_are_timeline_entries_that_involve_the_recipient(name, route_id, case, doc):
    allowed = _scope_orgs(case, route_id, _organisation_of(doc, case))
    entries = {first_upper(clean(i.what).strip()): i for i in case.timeline if clean(i.what).strip()}
    for table in (b for b in doc.blocks if isinstance(b, Table) and b.kind == "chronology"):
        for row in table.rows:
            assert row[1] in entries, row[1]
            if allowed is not None:
                assert _involves(case, entries[row[1]].organisation, allowed), (row[1], doc.recipient)
            if len(row) > 2 and row[2]:
                incident = entries[row[1]]
                recipient = _organisation_of(doc, case)
                own = recipient is not None and case.organisation_named(incident.organisation) is recipient
                parts = [clean(incident.role).strip(), "" if own else clean(incident.organisation).strip()]
                assert row[2].casefold() == ", ".join(p for p in parts if p).casefold(), \
                    "who was involved comes from the timeline entry (the recipient itself need not be named)"


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_listed_harms_are_confirmed_findings_that_involve_the_recipient_or_the_named_person(name, route_id, case, doc):
    model = load_harm_model()
    allowed = _scope_orgs(case, route_id, _organisation_of(doc, case))
    accepted = [f for f in case.findings if f.status in ("confirmed", "added")]
    by_label = {first_upper(model.label(f.id)): f for f in accepted}
    named = ""
    if route_id == "regulator-professional":
        named = clean(case.professional.name or case.extra.get("professional", {}).get("name")).strip()
    elif route_id == "police-report":
        named = clean(case.involved.name).strip() or clean(case.professional.name).strip()
    for block in _section(doc, "The harm this has caused"):
        if not isinstance(block, BulletList):
            continue
        for item in block.items:
            assert item in by_label, item
            finding = by_label[item]
            if allowed is not None:
                assert _involves(case, finding.organisation, allowed), (item, doc.recipient)
            if named:
                assert named.split()[0].casefold() in clean(finding.role).casefold() or (
                    clean(case.professional.role).strip().casefold() == clean(finding.role).strip().casefold()), \
                    f"{item} listed beside {named}, who the case does not say did it"


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_outcomes_are_the_persons_and_for_a_body_that_can_deliver_them(name, route_id, case, doc):
    recipient = _organisation_of(doc, case)
    allowed = _scope_orgs(case, route_id, recipient)
    outcomes = {first_upper(clean(o.text).strip()): o for o in case.outcomes}
    for block in _section(doc, "What "):
        if not isinstance(block, BulletList):
            continue
        for item in block.items:
            if item not in outcomes:
                continue        # a list under another "What ..." heading
            outcome = outcomes[item]
            if allowed is None:
                continue
            assert _involves(case, outcome.organisation, allowed), (item, doc.recipient)
            kinds = outcome_body_kinds(outcome.text)
            assert not kinds or any(o.kind in kinds for o in allowed), (item, doc.recipient)


# A sentence that states a circumstance, and what the case must record for it to be said.
CLAIMS: list[tuple[str, Callable[[Case], bool]]] = [
    (r"adjustments? .{0,60}(refused|have not been made|were not made)", lambda c: c.facts.adjustment_refused is True),
    (r"Other people may also be at risk", lambda c: c.facts.others_at_risk is True),
    (r"at risk from the same person", lambda c: False),
    (r"may be in immediate danger", lambda c: c.facts.immediate_danger is True),
    (r"safeguarding concern is also being raised", lambda c: "safeguarding-concern" in c.chosen_routes),
    (r"has been told about this concern", lambda c: c.professional.employer_told is True),
    (r"has not yet been told about this concern", lambda c: c.professional.employer_told is False),
    (r"The person this report is about", lambda c: bool(c.involved.name or c.involved.role or c.professional.name)),
]


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_no_template_asserts_a_circumstance_the_case_does_not_hold(name, route_id, case, doc):
    text = doc.plain_text()
    for pattern, holds in CLAIMS:
        if re.search(pattern, text):
            assert holds(case), f"'{pattern}' stated without the case recording it"


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_pdf_metadata_names_no_one_and_no_allegation(name, route_id, case, doc):
    for part in clean(case.person.name).split():
        assert part not in doc.title and part not in doc.subject
    for word in ("crime", "abuse", "assault", "against"):
        assert word not in doc.subject.casefold() or word in doc.title.casefold()


@pytest.mark.parametrize("name, route_id, case, doc", LETTERS, ids=IDS)
def test_every_date_a_letter_prints_is_recorded_or_worked_out(name, route_id, case, doc):
    recorded = {dt.date.fromisoformat(m) for m in re.findall(r"\d{4}-\d{2}-\d{2}", json.dumps(case_to_dict(case)))}
    recorded |= {TODAY} | {d.date for r in make_plan().routes for d in r.deadlines if d.date}
    for text in doc.text_runs():
        for day, month, year in re.findall(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|"
                                           r"September|October|November|December) (\d{4})\b", text):
            printed = dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()
            # Dates the letter asks a reply by are counted forward from today; everything else is the case's.
            assert printed in recorded or printed > TODAY, text
