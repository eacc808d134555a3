"""The law the plan must follow (issue 11), with every date worked out by hand in the test.

Bank holidays used below (England): Friday 25 December 2026, Monday 28 December 2026
(Boxing Day substitute), Good Friday 26 March 2027 and Easter Monday 29 March 2027.
"""
from __future__ import annotations

import datetime as dt

import pytest

from advocate_app.routes import plan_case
from tests.routes.casebuilder import make_case

D = dt.date


def _deadline(route, kind: str):
    return next(d for d in route.deadlines if d.kind == kind)


# ---------------------------------------------------------------- a complaint already made keeps its clocks

@pytest.mark.parametrize("received, acknowledge_by, respond_by", [
    # Wed 23 Dec: Thu 24 (1), Fri 25 Christmas, weekend, Mon 28 substitute holiday, Tue 29 (2), Wed 30 (3).
    (D(2026, 12, 23), D(2026, 12, 30), D(2027, 6, 23)),
    # Thu 25 Mar 2027: Fri 26 Good Friday, weekend, Mon 29 Easter Monday, Tue 30 (1), Wed 31 (2), Thu 1 Apr (3).
    (D(2027, 3, 25), D(2027, 4, 1), D(2027, 9, 25)),
])
def test_a_complaint_made_still_shows_its_acknowledgement_and_response_dates(received, acknowledge_by, respond_by):
    case = make_case(["bureaucracy.8"], matters=["council"],
                     complaints=[{"route": "complaint-council", "made": received.isoformat()}])
    route = plan_case(case, received).route("complaint-council")
    assert route is not None, "the complaint route must stay in the plan while its clocks run"
    assert _deadline(route, "acknowledgement").date == acknowledge_by
    assert _deadline(route, "complaint-response").date == respond_by
    assert route.progress and "waiting for the answer" in route.progress


def test_an_answered_complaint_leaves_the_plan_and_the_ombudsman_follows_if_unresolved():
    case = make_case(["bureaucracy.8"], matters=["council"], complaints=[
        {"route": "complaint-council", "made": "2026-03-02", "response": "2026-06-10", "outcome": "not-upheld",
         "satisfied": False}])
    plan = plan_case(case, D(2026, 11, 26))
    assert plan.route("complaint-council") is None
    assert plan.route("ombudsman-lgsco").strength == "recommended"


# ---------------------------------------------------------------- self-funder, provider silent

def test_self_funder_waiting_on_a_provider_sees_when_the_ombudsman_can_look():
    # Made 1 November 2026; 12 weeks later is Sunday 24 January 2027.
    case = make_case(["frontline-practice.3"], matters=["provider"], funding=["self-funded"],
                     complaints=[{"route": "complaint-provider", "made": "2026-11-01"}])
    plan = plan_case(case, D(2026, 11, 26))
    assert plan.routes, "the plan must not be empty while the provider has the complaint"
    assert _deadline(plan.route("complaint-provider"), "provider-12-weeks").date == D(2027, 1, 24)
    lgsco = plan.route("ombudsman-lgsco")
    assert lgsco is not None and lgsco.strength == "consider"
    assert _deadline(lgsco, "provider-12-weeks").date == D(2027, 1, 24)


def test_self_funder_after_twelve_weeks_of_silence_goes_to_the_ombudsman():
    # Made 1 August 2026; 12 weeks later is 24 October 2026, before 26 November.
    case = make_case(["frontline-practice.3"], matters=["provider"], funding=["self-funded"],
                     complaints=[{"route": "complaint-provider", "made": "2026-08-01"}])
    plan = plan_case(case, D(2026, 11, 26))
    assert plan.route("ombudsman-lgsco").strength == "recommended"
    assert plan.route("complaint-provider") is None


# ---------------------------------------------------------------- 12 months from each matter

def test_the_complaint_limit_is_the_earliest_matters_and_names_what_falls_out_first():
    timeline = [{"what": "Support hours cut without a review", "date": "2025-12-10", "organisation": "Northshire County Council"},
                {"what": "Reassessment done without contacting the family", "date": "2026-09-14",
                 "organisation": "Northshire County Council"}]
    case = make_case(["lack-of-support.2"], orgs=["council"], facts={"first_event": "2025-12-10", "latest_event": "2026-09-14"},
                     timeline=timeline)
    limit = _deadline(plan_case(case, D(2026, 11, 26)).route("complaint-council"), "complaint-time-limit")
    assert limit.date == D(2026, 12, 10)        # 10 December 2025 + 12 months, not 14 September 2027
    assert limit.until == D(2027, 9, 14)
    assert "Support hours cut without a review" in limit.note


# ---------------------------------------------------------------- recorded facts drive routes on their own

def test_immediate_danger_means_police_now_and_a_safeguarding_concern_alongside():
    plan = plan_case(make_case([], facts={"immediate_danger": True}, safeguarding={"wants_referral": True}), D(2026, 11, 26))
    assert plan.route("police-report").strength == "recommended"
    assert plan.route("safeguarding-concern").strength == "recommended"
    assert plan.urgent and "999" in plan.urgent[0]


def test_others_at_risk_with_a_reason_lets_a_concern_go_ahead_without_consent():
    base = dict(facts={"others_at_risk": True, "has_care_and_support_needs": True, "able_to_protect_self": False},
                safeguarding={"wants_referral": False})
    without_reason = plan_case(make_case(["staff-misconduct.2"], **base), D(2026, 11, 26))
    assert without_reason.route("safeguarding-concern").strength == "consider"
    assert not without_reason.section42.can_produce_letter
    base["facts"]["others_at_risk_reason"] = "The same worker supports three other tenants in the building."
    with_reason = plan_case(make_case(["staff-misconduct.2"], **base), D(2026, 11, 26))
    assert with_reason.route("safeguarding-concern").strength == "recommended"
    assert with_reason.section42.can_produce_letter
    assert "three other tenants" in with_reason.section42.without_consent


@pytest.mark.parametrize("what", ["theft", "threats", "criminal damage"])
def test_a_suspected_crime_gives_a_police_route_whatever_the_classifier_says(what: str):
    case = make_case([], account=f"Recorded by the advocate: {what}.", facts={"suspected_crime": True})
    assert plan_case(case, D(2026, 11, 26)).route("police-report").strength == "recommended"


def test_needs_without_any_assessment_give_an_assessment_request():
    case = make_case([], facts={"has_care_and_support_needs": True, "has_had_assessment": False})
    assert plan_case(case, D(2026, 11, 26)).route("assessment-request").strength == "recommended"


def test_risk_after_a_refused_assessment_gives_an_assessment_request_citing_s11():
    case = make_case([], facts={"assessment_refused": True, "abuse_or_neglect_suspected": True})
    route = plan_case(case, D(2026, 11, 26)).route("assessment-request")
    assert route.strength == "recommended"
    assert any("s11(2)" in p for p in route.letter_law)


# ---------------------------------------------------------------- s42(1)(b): abuse or neglect by anyone

def test_the_advocate_can_record_that_s42_1_b_is_met():
    case = make_case([], facts={"abuse_or_neglect_suspected": True})
    b = plan_case(case, D(2026, 11, 26)).section42.criteria[1]
    assert b.limb == "s42(1)(b)" and b.met is True and "by anyone" in b.reason


@pytest.mark.parametrize("category, label", [
    ("financial-or-material", "financial or material abuse"),     # a son taking his mother's pension
    ("domestic", "domestic abuse"),                                # a partner's assault
    ("self-neglect", "self-neglect"),
    ("organisational", "organisational abuse"),
])
def test_confirmed_categories_by_anyone_meet_s42_1_b(category: str, label: str):
    case = make_case([], safeguarding={"wants_referral": True, "categories": [category]})
    s42 = plan_case(case, D(2026, 11, 26)).section42
    assert s42.criteria[1].met is True
    assert [c.label for c in s42.categories if c.confirmed] == [label]
    assert label in s42.wording


def test_organisational_abuse_is_its_own_category_not_neglect():
    case = make_case([], safeguarding={"wants_referral": True, "categories": ["organisational"]})
    s42 = plan_case(case, D(2026, 11, 26)).section42
    assert "neglect and acts of omission" not in s42.wording
    assert {c.id for c in s42.categories} == {"organisational"}


def test_suggested_categories_are_never_stated_in_the_concern_wording():
    plan = plan_case(make_case(["bureaucracy.8"], safeguarding={"wants_referral": True}), D(2026, 11, 26))
    for category in plan.section42.categories:
        if not category.confirmed:
            assert category.label not in plan.section42.wording


def test_first_knowledge_is_never_dated_after_the_complaint_was_made():
    # The complaint was made on 2 March 2026; a recorded 'became aware' of 9 March cannot be right for it.
    case = make_case(["bureaucracy.8"], matters=["council"], facts={"became_aware": "2026-03-09"}, complaints=[
        {"route": "complaint-council", "made": "2026-03-02", "response": "2026-06-10", "outcome": "not-upheld",
         "satisfied": False}])
    limit = _deadline(plan_case(case, D(2026, 11, 26)).route("ombudsman-lgsco"), "lgsco-time-limit")
    assert limit.start == D(2026, 3, 2)
    assert limit.date == D(2027, 3, 1)     # 12 months beginning with 2 March 2026


def test_nothing_says_the_person_lacks_an_advocate_when_the_case_has_one():
    # The advocate writing the case is an advocate, whatever 'has_advocate' was left as.
    base = dict(facts={"has_had_assessment": False, "has_advocate": False})
    without = plan_case(make_case(["bureaucracy.7"], **base), D(2026, 11, 26))
    assert without.route("advocacy-referral") is not None
    case = make_case(["bureaucracy.7"], advocate={"name": "Jo Whitfield", "role": "Independent advocate"}, **base)
    plan = plan_case(case, D(2026, 11, 26))
    assert plan.route("advocacy-referral") is None
    assert not any("no independent advocate" in (r.reason or "") for r in plan.routes)
