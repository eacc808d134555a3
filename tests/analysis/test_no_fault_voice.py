"""A person telling how a body turned down their complaint is not an ombudsman finding no fault."""
from __future__ import annotations

import json
from pathlib import Path

from advocate_app.analysis import classify

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def test_a_body_not_upholding_the_persons_complaint_still_shows_their_harm():
    account = json.loads((CASES / "council-complaint-unsatisfied.json").read_text(encoding="utf-8"))["account"]
    assert "did not uphold my complaint" in account
    sources = {s.id for s in classify(account).sources}
    assert {"lack-of-support", "bureaucracy"} & sources, sources


def test_the_ombudsmans_own_no_fault_finding_still_shows_no_harm():
    text = ("Mrs X complained the Council delayed her assessment. We did not uphold her complaint: "
            "we found no fault in how the Council assessed her needs.")
    assert classify(text).sources == []


CLOSINGS = [
    "We decided not to investigate Mrs B's complaint.",
    "We have not investigated the complaint as there is no worthwhile outcome we can achieve.",
    "We have ended this investigation because further investigation would not achieve anything more.",
    "The Ombudsman does not find the Council at fault.",
    "There is no evidence the Council failed to consider her concerns.",
    "Case Reference Number\n202305228\nOutcome\nNot Upheld",
    "It is unlikely that an investigation would find fault.",
    "But the Ombudsman does not have reason to investigate this matter because there is no sign of fault by the Council.",
    "We will not take further action.",
    "We do not find the Council to be at fault.",
    "The Ombudsmen do not consider the Trust were at fault for not providing a care coordinator.",
]
COMPLAINT = "Summary: Mrs B complained that the Council failed to provide respite and delayed her son's assessment for a year."


def test_each_way_an_ombudsman_closes_a_case_without_a_finding_shows_no_harm():
    assert classify(COMPLAINT).sources, "the complaint alone reads as harm"
    for closing in CLOSINGS:
        assert classify(COMPLAINT + "\n" + closing).sources == [], closing


def test_a_mixed_decision_keeps_the_fault_it_finds():
    text = (COMPLAINT + " We do not find the Council to be at fault for the respite."
            " However, the Council was at fault for the delay in the assessment.")
    assert classify(text).sources


def test_a_case_closed_because_the_body_already_admitted_fault_keeps_its_harm():
    text = COMPLAINT + " The Council has already apologised and agreed to pay her £300. We will not take further action."
    assert classify(text).sources


def test_a_person_writing_that_their_complaint_was_not_upheld_keeps_their_harm():
    account = ("I complained to the council about the delay in my assessment.\nOutcome\nNot upheld\n"
               "Nobody listened to me and I was left without support for a year.")
    assert classify(account).sources
