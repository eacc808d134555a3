"""Section 42: each limb met, not met or not known; the person's wishes first;
categories of abuse by anyone, with evidence from the account."""
from __future__ import annotations


import pytest

from advocate_app.analysis.types import Classification
from advocate_app.model.abuse import AbuseCategory
from advocate_app.model.case import Finding
from advocate_app.model.evidence import Evidence
from advocate_app.routes import plan_case
from advocate_app.routes import view as view_mod

from .casebuilder import TODAY, make_case

WANTS = {"wants_referral": True, "views": "I want it to stop.", "recorded": "2026-11-20"}


def s42(case):
    return plan_case(case, TODAY).section42


def met(section) -> list:
    return [c.met for c in section.criteria]


# ---------------------------------------------------------------- the three limbs

def test_all_three_limbs_met_from_confirmed_findings_and_recorded_facts():
    section = s42(make_case(["staff-misconduct.1"], facts={"has_care_and_support_needs": True, "able_to_protect_self": False},
                            safeguarding=WANTS))
    assert met(section) == [True, True, True]
    assert [c.limb for c in section.criteria] == ["s42(1)(a)", "s42(1)(b)", "s42(1)(c)"]
    assert [c.citation for c in section.criteria] == ["Care Act 2014 s42(1)(a)", "Care Act 2014 s42(1)(b)", "Care Act 2014 s42(1)(c)"]
    assert section.can_produce_letter and section.blocked_reason is None


def test_unknown_limbs_carry_the_question_to_ask():
    section = s42(make_case([], safeguarding=WANTS))
    assert met(section) == [None, None, None]
    assert all(c.question for c in section.criteria)
    assert "needs for care and support" in section.criteria[0].question
    assert "protect themselves" in section.criteria[2].question


def test_limbs_recorded_as_not_met():
    section = s42(make_case(["staff-misconduct.2"], facts={"has_care_and_support_needs": False, "able_to_protect_self": True},
                            safeguarding=WANTS))
    assert met(section) == [False, True, False]
    assert not section.can_produce_letter
    assert "s42(1)(a) and s42(1)(c)" in section.blocked_reason


def test_care_and_support_needs_follow_from_funded_care_but_ask_to_confirm():
    a = s42(make_case([], funding=["s117"])).criteria[0]
    assert a.met is True and "section 117 aftercare" in a.reason and "confirm" in a.reason


def test_limb_b_evidence_comes_from_the_persons_own_words():
    account = "My support worker kept touching me when he helped me wash."
    quote = "kept touching me"
    case = make_case([], account=account, safeguarding=WANTS)
    start = account.index(quote)
    case.findings.append(Finding("staff-misconduct.1", "confirmed", [Evidence(start, start + len(quote), quote)]))
    b = s42(case).criteria[1]
    assert b.met is True and [e.text for e in b.evidence] == [quote]
    assert "sexual abuse" in b.reason


def test_wording_cites_each_limb_and_names_the_categories():
    case = make_case(["staff-misconduct.1", "staff-misconduct.7"],
                     facts={"has_care_and_support_needs": True, "able_to_protect_self": False},
                     safeguarding=WANTS, person={"name": "Amira Haddad"})
    wording = s42(case).wording
    for limb in ("section 42(1)(a)", "section 42(1)(b)", "section 42(1)(c)", "section 42(2)"):
        assert limb in wording
    assert "Amira Haddad" in wording
    assert "sexual abuse and psychological abuse" in wording
    assert "Care and Support Statutory Guidance" in wording
    assert "still to be confirmed" not in wording


def test_wording_marks_what_is_still_to_confirm_rather_than_asserting_it():
    wording = s42(make_case([], safeguarding=WANTS)).wording
    assert wording.count("still to be confirmed with the person") == 3


# ---------------------------------------------------------------- Making Safeguarding Personal

def test_wishes_not_recorded_block_the_letter_and_say_ask_first():
    section = s42(make_case(["staff-misconduct.1"], facts={"has_care_and_support_needs": True, "able_to_protect_self": False}))
    assert not section.can_produce_letter
    assert "Ask the person what they want" in section.blocked_reason
    assert section.person_wishes.startswith("Not recorded yet")


def test_recorded_wishes_come_with_the_persons_words_and_date():
    section = s42(make_case(["staff-misconduct.1"], safeguarding=WANTS, person={"preferred_name": "Amira"}))
    assert section.person_wishes == 'Amira wants a safeguarding referral (recorded 20 November 2026). In their words: "I want it to stop."'


def test_person_does_not_want_a_referral_explains_when_a_concern_may_still_be_raised():
    section = s42(make_case(["staff-misconduct.1"], facts={"others_at_risk": True},
                            safeguarding={"wants_referral": False, "views": "I just want to move on."}))
    assert not section.can_produce_letter
    assert "reason for going ahead is recorded" in section.blocked_reason
    text = section.without_consent
    assert "other people, adults or children, are or may be at risk" in text
    assert "serious crime" in text and "emergency or life-threatening" in text
    assert "Recorded in this case: other people may be at risk" in text
    assert "SCIE" in text and "record the reasons" in text


def test_recorded_reason_unblocks_the_letter_and_is_shown():
    why = "Another resident says the same worker abused her."
    section = s42(make_case(["staff-misconduct.1"], facts={"has_care_and_support_needs": True, "able_to_protect_self": False},
                            safeguarding={"wants_referral": False, "raise_without_consent_reason": why}))
    assert section.can_produce_letter
    assert why in section.without_consent


def test_without_consent_is_only_explained_when_the_person_said_no():
    assert s42(make_case(["staff-misconduct.1"], safeguarding=WANTS)).without_consent is None


def test_notes_cite_msp_advocacy_and_the_threshold():
    notes = " ".join(s42(make_case([], safeguarding=WANTS)).notes)
    assert "Making Safeguarding Personal" in notes and "Care Act 2014 s68" in notes
    assert "reasonable cause to suspect" in notes


# ---------------------------------------------------------------- categories by anyone, from the account

def _fake_detector(monkeypatch: pytest.MonkeyPatch, found: list[AbuseCategory]) -> None:
    """The account's categories are `found`, and it suggests no harms of its own."""
    monkeypatch.setattr(view_mod, "detect_abuse_categories", lambda text: found)
    monkeypatch.setattr(view_mod, "classify", lambda text: Classification("fake/1", []))


def test_categories_detected_in_the_account_are_suggestions_with_evidence(monkeypatch: pytest.MonkeyPatch):
    account = "My son takes my bank card and my benefits every week."
    quote = "takes my bank card"
    start = account.index(quote)
    found = [AbuseCategory("financial-or-material", "financial or material abuse", [Evidence(start, start + len(quote), quote)], ["family"])]
    _fake_detector(monkeypatch, found)
    plan = plan_case(make_case([], account=account, safeguarding=WANTS), TODAY)
    b = plan.section42.criteria[1]
    assert b.met is None and "financial or material abuse" in b.question and "Does that fit?" in b.question
    assert [e.text for e in b.evidence] == [quote]
    assert plan.section42.categories[0].by == ["family"]
    route = plan.route("safeguarding-concern")
    assert route is not None and "may describe financial or material abuse" in route.reason
    assert "by anyone" in route.reason
    assert plan.route("police-report") is not None


def test_self_neglect_is_recognised_too(monkeypatch: pytest.MonkeyPatch):
    found = [AbuseCategory("self-neglect", "self-neglect", [], ["self"])]
    _fake_detector(monkeypatch, found)
    account = "I have stopped eating and the flat is full of rubbish."
    plan = plan_case(make_case([], account=account, safeguarding=WANTS), TODAY)
    # Suggested from the words only: something to consider until the person confirms it.
    assert plan.route("safeguarding-concern").strength == "consider"
    assert plan.route("police-report") is None
    confirmed = plan_case(make_case([], account=account, safeguarding={**WANTS, "categories": ["self-neglect"]}), TODAY)
    assert confirmed.route("safeguarding-concern").strength == "recommended"
    assert [c.met for c in confirmed.section42.criteria][1] is True


def test_a_rejected_finding_is_not_brought_back_by_the_text(monkeypatch: pytest.MonkeyPatch):
    found = [AbuseCategory("sexual", "sexual abuse", [], ["staff"])]
    _fake_detector(monkeypatch, found)
    plan = plan_case(make_case({"staff-misconduct.1": "rejected", "bureaucracy.9": "confirmed"}), TODAY)
    assert plan.section42.categories == []
    assert plan.route("safeguarding-concern") is None


def test_confirmed_factor_maps_to_its_category():
    plan = plan_case(make_case(["staff-misconduct.2"], safeguarding=WANTS), TODAY)
    assert [c.id for c in plan.section42.categories] == ["physical"]


def test_real_detector_feeds_section42_with_offsets_into_the_account():
    account = ("My brother has been taking my benefits every week and says he will hurt me if I tell anyone. "
               "Staff at the day centre hit me when I would not sit down.")
    plan = plan_case(make_case([], account=account, safeguarding=WANTS), TODAY)
    ids = {c.id for c in plan.section42.categories}
    assert ids & {"financial-or-material", "physical", "psychological"}
    for cat in plan.section42.categories:
        for e in cat.evidence:
            assert account[e.start:e.end] == e.text
    assert plan.route("safeguarding-concern") is not None
