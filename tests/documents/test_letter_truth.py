"""What issue 11 saw in letters built from the example cases, one test each."""
from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import BulletList, Heading, Table
from advocate_app.documents.pdf import render_pdf
from advocate_app.model.case import Contact, Finding, Organisation, Outcome
from advocate_app.routes import plan_case
from tests.documents.helpers import TODAY, load_sample, make_plan


def section(doc, heading: str) -> list[str]:
    items: list[str] = []
    inside = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            inside = block.text.startswith(heading)
        elif inside and isinstance(block, BulletList):
            items += block.items
    return items


def chronology(doc) -> list[list[str]]:
    return [row for b in doc.blocks if isinstance(b, Table) and b.kind == "chronology" for row in b.rows]


# ---------------------------------------------------------------- the right body, the right team

def test_no_council_complaint_about_events_that_all_happened_on_an_nhs_ward():
    case = load_sample("late-complaint")
    assert plan_case(case, TODAY).route("complaint-council") is None
    # Even written from a plan that proposes it, the council's letter carries none of the trust's matters.
    doc = letter_for_route(case, "complaint-council", plan=make_plan(), today=TODAY)
    assert chronology(doc) == [] and section(doc, "The harm this has caused") == []


def test_a_complaint_never_goes_to_the_safeguarding_inbox():
    case = load_sample("late-complaint")   # the council's only contact is its safeguarding team
    doc = letter_for_route(case, "complaint-council", plan=make_plan(), today=TODAY)
    assert not any("safeguarding@" in line for line in doc.recipient)
    # It uses the council's general address, and says so, rather than borrowing the safeguarding one.
    assert "Civic Offices" in doc.recipient
    assert any("general address" in c and "complaints contact" in c for c in doc.checks)
    concern = letter_for_route(case, "safeguarding-concern", plan=make_plan(), today=TODAY)
    assert "By email: safeguarding@ashford.example.gov.uk" in concern.recipient


def test_an_information_governance_address_is_not_used_for_a_complaint():
    case = load_sample("records")
    trust = case.organisations[0]
    trust.contacts = []        # an older case file: one address, for information governance
    doc = letter_for_route(case, "complaint-nhs", plan=make_plan(), today=TODAY)
    assert not any("Information Governance" in line for line in doc.recipient)
    assert any("only address recorded is for data protection" in c for c in doc.checks)
    request = letter_for_route(case, "subject-access", plan=make_plan(), today=TODAY)
    assert "Information Governance Team" in request.recipient


def test_a_safeguarding_concern_is_not_sent_to_a_complaints_email():
    case = load_sample("s117-topup")       # the council's only address is ascomplaints@...
    doc = letter_for_route(case, "safeguarding-concern", plan=make_plan(), today=TODAY)
    assert not any("complaints@" in line for line in doc.recipient)
    case.organisations[0].contacts.append(Contact(purpose="safeguarding", team="Safeguarding Adults Team",
                                                  email="sat@westerby.example.gov.uk"))
    doc = letter_for_route(case, "safeguarding-concern", plan=make_plan(), today=TODAY)
    assert doc.recipient[0] == "Safeguarding Adults Team" and "By email: sat@westerby.example.gov.uk" in doc.recipient


# ---------------------------------------------------------------- who did what

def test_a_nurse_who_shouted_is_not_named_beside_physical_abuse():
    case = load_sample("late-complaint")
    case.findings = [
        Finding("staff-misconduct.2", "confirmed", role="unknown", organisation=case.organisations[0].name),
        Finding("frontline-practice.1", "confirmed", role="Gary Holt, staff nurse"),
    ]
    for route in ("regulator-professional", "police-report"):
        doc = letter_for_route(case, route, plan=make_plan(), today=TODAY)
        listed = section(doc, "The harm this has caused")
        assert "Physical abuse" not in listed, route
        assert listed, "the harm the case does attribute to him is listed"


def test_equality_letter_says_an_adjustment_was_refused_only_when_the_case_records_it():
    case = load_sample("records")
    doc = letter_for_route(case, "equality-challenge", plan=make_plan(), today=TODAY)
    assert "refused" not in doc.plain_text() and "have not been made" not in doc.plain_text()
    case.facts = dataclasses.replace(case.facts, adjustment_refused=True)
    doc = letter_for_route(case, "equality-challenge", plan=make_plan(), today=TODAY)
    assert "a reasonable adjustment he asked for was refused" in doc.plain_text()


def test_police_report_about_sexual_touching_gives_the_offence_and_who_it_is_about():
    case = load_sample("sexual-misconduct")
    doc = letter_for_route(case, "police-report", today=TODAY)
    text = doc.plain_text()
    assert "Sexual Offences Act 2003 s3" in text
    assert "Dean, support worker, employed by Brightside Support Ltd" in text
    assert "Still on my rota" in text
    assert "from the same person" not in text


# ---------------------------------------------------------------- asked of the body that can do it

def test_an_nhs_trust_is_not_asked_to_restore_council_direct_payments():
    case = load_sample("late-complaint")
    case.outcomes.append(Outcome(text="My direct payments restored"))
    doc = letter_for_route(case, "complaint-nhs", today=TODAY)
    assert "My direct payments restored" not in doc.plain_text()
    assert any("direct payments" in c and "Left out" in c for c in doc.checks)


def test_a_care_home_is_not_asked_to_refund_council_top_up_charges():
    case = load_sample("s117-topup")
    for outcome in case.outcomes:
        outcome.organisation = None            # as typed, without saying which body
    doc = letter_for_route(case, "complaint-provider", plan=make_plan(), today=TODAY)
    assert not any("top-up" in o for o in section(doc, "What "))


def test_an_outcome_in_someone_elses_voice_is_flagged_before_sending():
    case = load_sample("s117-topup")
    case.outcomes[0].text = "The top-up charges stop and Mum's placement is confirmed as section 117 aftercare"
    doc = letter_for_route(case, "complaint-council", today=TODAY)
    assert any("'mum's'" in c for c in doc.checks)


# ---------------------------------------------------------------- what each letter carries

def test_rectification_gives_the_correct_version_and_the_evidence():
    text = letter_for_route(load_sample("records"), "rectification", today=TODAY).plain_text()
    assert "It should say: “Not on the ward on 3 March 2026" in text
    assert "What shows it is wrong: The section 17 leave record" in text


def test_chronology_says_who_was_involved_and_the_letter_gives_the_impact():
    doc = letter_for_route(load_sample("late-complaint"), "complaint-nhs", today=TODAY)
    rows = chronology(doc)
    assert any(row[-1] == "Staff nurse" for row in rows)       # the trust is not named in its own letter
    assert not any("Ashford and District" in row[-1] for row in rows)
    assert "My wrist was swollen for two weeks" in doc.plain_text()


@pytest.mark.parametrize("route", ["police-report", "safeguarding-concern", "complaint-council"])
def test_pdf_metadata_carries_no_name_and_no_allegation(route):
    doc = letter_for_route(load_sample("sexual-misconduct"), route, today=TODAY)
    meta = PdfReader(io.BytesIO(render_pdf(doc))).metadata
    for field in (meta.title, meta.subject):
        assert "Amira" not in field and "Haddad" not in field and "against" not in field
    assert "c-2026-0142" in meta.title
