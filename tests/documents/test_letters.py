"""Letters read as proper UK letters and are built only from facts the case records."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from advocate_app.documents.letters import letter_for_route, letter_routes
from advocate_app.documents.model import BulletList, Heading, Paragraph, Quote, Table
from advocate_app.errors import UserError
from advocate_app.model.case import Organisation
from advocate_app.routes.types import Deadline
from tests.documents.helpers import TODAY, load_sample, make_plan

PROCEDURES = {
    "complaint-council": "Local Authority Social Services and National Health Service Complaints (England) Regulations 2009",
    "complaint-nhs": "Local Authority Social Services and National Health Service Complaints (England) Regulations 2009",
    "complaint-joint": "Local Authority Social Services and National Health Service Complaints (England) Regulations 2009",
    "complaint-provider": "complaints procedure",
    "ombudsman-lgsco": "Local Government and Social Care Ombudsman",
    "ombudsman-phso": "Parliamentary and Health Service Ombudsman",
    "safeguarding-concern": "Care Act 2014, section 42",
    "police-report": "possible crime",
    "regulator-cqc": "Information about",
    "regulator-professional": "Fitness to practise",
    "subject-access": "Article 15 of the UK GDPR",
    "rectification": "UK GDPR Article 16",
    "equality-challenge": "Equality Act 2010",
    "charging-challenge": "charges",
    "assessment-request": "Care Act 2014",
    "advocacy-referral": "independent advocacy",
}


def rich_case(**changes):
    """The sexual-misconduct sample, with an NHS trust and a professional so every route has a recipient."""
    case = load_sample("sexual-misconduct", professional={"name": "Dean Example", "role": "nurse",
                                                          "regulator": "Nursing and Midwifery Council"}, **changes)
    case.organisations.append(Organisation(name="Northby Mental Health NHS Trust", kind="nhs-trust",
                                           address="Trust HQ, 1 Hospital Lane, Northby NB9 9ZZ"))
    return case


def paragraphs(doc):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("route_id", list(letter_routes()))
def test_every_route_makes_a_proper_letter(route_id, plan):
    doc = letter_for_route(rich_case(), route_id, plan=plan, today=TODAY)
    assert doc.kind == "letter"
    assert doc.date == "26 November 2026"
    assert doc.sender[0] == "Jo Whitfield" and "Northby NB1 1AA" in doc.sender
    assert doc.recipient, "a letter needs a recipient"
    assert PROCEDURES[route_id].lower() in doc.subject_line.lower()
    assert doc.salutation.startswith("Dear ")
    first = paragraphs(doc)[0]
    # voice.md: the first paragraph says who writes, for whom, and what is asked.
    assert "Amira Haddad" in first and "Northby Advocacy Partnership" in first
    assert re.search(r"asking|ask |raising|reporting|sharing|request", first)
    text = doc.plain_text()
    assert "&amp;" not in text and "&#" not in text and "&lt;" not in text
    assert f"Test Act 2014 s1 ({route_id})" in text, "the route's legal basis is cited"
    assert "LGSCO factsheet for tests" not in text, "guidance and summaries are sources, not law"
    assert doc.signature.name == "Jo Whitfield" and "On behalf of Amira Haddad" in doc.signature.lines
    assert any("Consent from Amira Haddad" in e for e in doc.enclosures)
    assert doc.title and doc.author == "Jo Whitfield"


def test_complaint_letter_contents(plan):
    doc = letter_for_route(rich_case(), "complaint-council", plan=plan, today=TODAY)
    first = paragraphs(doc)[0]
    assert "gave consent on 19 October 2026 (signed authority form, enclosed)" in first
    assert "Local Authority Social Services and National Health Service Complaints (England) Regulations 2009" in first
    chronology = next(b for b in doc.blocks if isinstance(b, Table))
    assert chronology.kind == "chronology"
    assert [row[0] for row in chronology.rows] == ["From August 2026", "14 October 2026", "16 October 2026"]
    bullets = [item for b in doc.blocks if isinstance(b, BulletList) for item in b.items]
    assert "Sexual harassment or assault" in bullets
    quotes = [b.text for b in doc.blocks if isinstance(b, Quote)]
    # quote: true findings are quoted; the one the person chose not to share is not.
    assert any("he kept touching me on my legs and chest" in q for q in quotes)
    assert not any("nobody would believe someone like me" in q for q in quotes)
    assert "The support worker is taken off my rota straight away" in bullets
    text = doc.plain_text()
    assert "Please acknowledge this letter by 1 December 2026" in text
    assert "Please respond in writing by 12 January 2027" in text
    assert "14 October 2027" not in text, "the person's own time limit is not a reply date"
    assert "a female officer or investigator" in text
    assert "She has already given a full account of what happened" in text
    assert "Please do not ask for it to be repeated" in text
    assert "jo.whitfield@northbyadvocacy.example.org" in text
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings.index("What happened") < headings.index("The harm this has caused")


def test_only_the_route_rules_are_cited():
    plan = make_plan(["complaint-council"], legal_basis=["Care Act 2014 s9", "Care Act 2014 s42(2)"],
                     letter_law=["The council must assess (Care Act 2014 s9)."])
    text = letter_for_route(rich_case(), "complaint-council", plan=plan, today=TODAY).plain_text()
    assert "Care Act 2014 s9" in text
    for uncited in ("regulation 13", "reg 14", "section 68", "s42(2)", "Article 8"):
        assert uncited not in text


def test_dates_have_no_leading_zero():
    plan = make_plan(["complaint-council"], deadlines=[Deadline("Response", dt.date(2027, 2, 5))])
    doc = letter_for_route(rich_case(), "complaint-council", plan=plan, today=dt.date(2027, 1, 5))
    assert doc.date == "5 January 2027"
    assert "by 5 February 2027" in doc.plain_text()


def test_route_not_in_plan_is_refused():
    plan = make_plan(["complaint-provider"])
    with pytest.raises(UserError, match=r"^The route 'complaint-council' does not apply to this case: .*complaint-provider"):
        letter_for_route(rich_case(), "complaint-council", plan=plan)


def test_unknown_route_is_refused(plan):
    with pytest.raises(UserError, match="not a route that has a letter"):
        letter_for_route(rich_case(), "complaint-moon", plan=plan)


def test_missing_recipient_names_what_to_add(plan):
    case = load_sample("records")
    with pytest.raises(UserError, match='organisations, with kind "council"'):
        letter_for_route(case, "complaint-council", plan=plan)


def test_missing_name_names_what_to_add(plan):
    case = load_sample("minimal")
    with pytest.raises(UserError, match="person's name"):
        letter_for_route(case, "subject-access", plan=plan)


def test_safeguarding_letter_needs_the_plan_to_allow_it():
    plan = make_plan(can_produce_letter=False, blocked_reason="the person's wishes are not recorded yet")
    with pytest.raises(UserError, match="the person's wishes are not recorded yet"):
        letter_for_route(rich_case(), "safeguarding-concern", plan=plan)


def test_advocate_letter_needs_consent(plan):
    case = rich_case()
    case.consent = dataclasses.replace(case.consent, given=None)
    with pytest.raises(UserError, match="consent"):
        letter_for_route(case, "complaint-council", plan=plan)
    case.consent = dataclasses.replace(case.consent, given=True, date=None)
    with pytest.raises(UserError, match="date"):
        letter_for_route(case, "complaint-council", plan=plan)


def test_professional_letter_needs_the_professionals_name(plan):
    case = load_sample("sexual-misconduct")
    with pytest.raises(UserError, match="professional's full name"):
        letter_for_route(case, "regulator-professional", plan=plan)


def test_safeguarding_letter_puts_the_persons_wishes_and_section_42_first(plan):
    doc = letter_for_route(rich_case(), "safeguarding-concern", plan=plan, today=TODAY)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == "Amira's wishes"
    first = paragraphs(doc)[0]
    assert "Amira has asked me to act" in first and "reasonable cause to suspect that the adult:" in first
    criteria = next(b for b in doc.blocks if isinstance(b, BulletList))
    assert [item[:3] for item in criteria.items] == ["(a)", "(b)", "(c)"]
    text = doc.plain_text()
    assert "I ask the council to decide whether it will make enquiries under section 42(2)." in text
    assert "She told me on 19 October 2026:" in text
    assert "I want it reported so it stops. I don't want to move out of my flat." in text
    assert "She wants this concern to be raised and has given consent." in text
    assert "Other people may also be at risk." in text


def test_safeguarding_letter_without_plan_wording_lists_the_criteria(plan):
    plan.section42.wording = ""
    plan.section42.person_wishes = None
    text = letter_for_route(rich_case(), "safeguarding-concern", plan=plan, today=TODAY).plain_text()
    assert "The adult has needs for care and support (Care Act 2014 s42(1)(a)): Yes" in text
    assert "Not known yet" in text
    assert "I want it reported so it stops. I don't want to move out of my flat." in text


def test_person_can_write_their_own_letter(plan):
    case = load_sample("records")
    case.advocate = dataclasses.replace(case.advocate, name=None)
    doc = letter_for_route(case, "subject-access", plan=plan, today=TODAY)
    assert doc.sender[0] == "Daniel Okafor"
    assert doc.signature.name == "Daniel Okafor"
    assert paragraphs(doc)[0].startswith("I am writing about my own care")
    assert "on behalf of" not in doc.plain_text()


def test_ombudsman_letter_names_the_earlier_complaint(plan):
    case = load_sample("council-complaint-unsatisfied")
    doc = letter_for_route(case, "ombudsman-lgsco", plan=plan, today=TODAY)
    text = doc.plain_text()
    assert doc.recipient[0] == "Local Government and Social Care Ombudsman"
    assert "complained to Easton City Council Adult Social Care on 2 March 2026" in text
    assert "Its final response is dated 10 June 2026: the complaint was not upheld." in text
    assert "Lee Kowalski is not satisfied with the response." in text
    assert any("final response of 10 June 2026" in e for e in doc.enclosures)


def test_s117_charging_letter(plan):
    doc = letter_for_route(load_sample("s117-topup"), "charging-challenge", plan=plan, today=TODAY)
    text = doc.plain_text()
    assert "section 117 aftercare" in doc.subject_line
    assert "Sam Turner" in doc.sender
    assert "verbal, recorded by the advocate with her daughter present" in text
    assert "Refund the charges already paid." in text
    assert "£180" in text


def test_hostile_case_text_never_becomes_structure(plan):
    hostile = "## Heading\n- bullet\n> quote\n| a | b\n@subject evil\n! loud <b>x</b> & {{ 7*7 }}"
    case = rich_case()
    case.person.communication_needs = hostile
    case.outcomes[0].text = hostile
    case.timeline[0].what = hostile
    doc = letter_for_route(case, "complaint-council", plan=plan, today=TODAY)
    assert "evil" not in doc.subject_line
    assert not any(isinstance(b, Heading) and b.text == "Heading" for b in doc.blocks)
    text = doc.plain_text()
    assert text.count("@subject evil") == 3
    assert "<b>x</b> & {{ 7*7 }}" in text and "49" not in text


def test_professional_letter_goes_to_the_named_regulator(plan):
    doc = letter_for_route(rich_case(), "regulator-professional", plan=plan, today=TODAY)
    assert "Nursing and Midwifery Council" in doc.recipient
    assert "Dean Example" in doc.subject_line
    case = load_sample("sexual-misconduct", professional={"name": "Dean Example"})
    with pytest.raises(UserError, match="regulator"):
        letter_for_route(case, "regulator-professional", plan=plan)


def test_police_letter_goes_to_a_named_force_if_there_is_one(plan):
    assert letter_for_route(rich_case(), "police-report", plan=plan, today=TODAY).recipient == ["Local police"]
    case = rich_case()
    case.organisations.append(Organisation(name="Northshire Police", kind="other", address="Police HQ, Northby NB5 5PP"))
    doc = letter_for_route(case, "police-report", plan=plan, today=TODAY)
    assert doc.recipient[:2] == ["Northshire Police", "Police HQ"]
