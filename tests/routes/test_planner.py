"""From a case to routes: the examples of issue 3, and every route reachable and
avoidable, with reasons that name what triggered them."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from advocate_app.model.case_file import load_case_file
from advocate_app.routes import plan_case
from advocate_app.routes.conditions import FUNDING_QUESTION
from advocate_app.routes.rules import load_rules

from .casebuilder import TODAY, make_case

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"


def strengths(case) -> dict[str, str]:
    return {r.id: r.strength for r in plan_case(case, TODAY).routes}


# ---------------------------------------------------------------- the examples of the issue

def test_sexual_assault_by_staff_leads_to_safeguarding_police_regulator_and_a_complaint():
    case = make_case(["staff-misconduct.1"], orgs=["council"], matters=["provider"], funding=["council-funded"],
                     safeguarding={"wants_referral": True})
    got = strengths(case)
    assert got["safeguarding-concern"] == "recommended"
    assert got["police-report"] == "consider"           # the person's choice
    assert "regulator-professional" in got
    assert got["complaint-council"] == "recommended"


def test_physical_abuse_by_staff_leads_to_the_same_four_routes():
    case = make_case(["staff-misconduct.2"], matters=["nhs-trust"], safeguarding={"wants_referral": True})
    got = strengths(case)
    assert got["safeguarding-concern"] == "recommended"
    assert got["police-report"] == "consider"
    assert "regulator-professional" in got
    assert got["complaint-nhs"] == "recommended"


@pytest.mark.parametrize("factor", ["staff-misconduct.4", "lack-of-support.6"])
def test_falsified_or_inaccurate_records_lead_to_access_and_rectification(factor: str):
    got = strengths(make_case([factor], orgs=["nhs-trust"]))
    assert got["subject-access"] == "recommended"
    assert got["rectification"] == "recommended"


@pytest.mark.parametrize("factor", ["stigma.3", "stigma.4", "stigma.6", "frontline-practice.1"])
def test_discrimination_leads_to_an_equality_challenge(factor: str):
    assert strengths(make_case([factor], orgs=["council"]))["equality-challenge"] == "recommended"


def test_top_ups_under_section_117_lead_to_a_charging_challenge():
    case = make_case(["lack-of-support.8"], orgs=["council"], funding=["s117"], facts={"top_up_charges": True})
    assert strengths(case)["charging-challenge"] == "recommended"


def test_services_that_do_not_work_together_lead_to_a_joint_complaint():
    assert strengths(make_case(["fragmentation.1"]))["complaint-joint"] == "consider"
    both = make_case(["fragmentation.1"], orgs=["council", "nhs-trust"])
    assert strengths(both)["complaint-joint"] == "recommended"


def test_unsatisfactory_council_answer_leads_to_the_ombudsman_with_its_time_limit():
    case = make_case(["lack-of-support.5"], orgs=["council"], facts={"became_aware": "2026-03-09"},
                     complaints=[{"route": "complaint-council", "made": "2026-03-02", "response": "2026-06-10",
                                  "outcome": "not-upheld", "satisfied": False}])
    route = plan_case(case, TODAY).route("ombudsman-lgsco")
    assert route is not None and route.strength == "recommended"
    limit = route.deadlines[0]
    assert limit.date == dt.date(2027, 3, 1)   # from the complaint of 2 March: first knowledge is never later
    assert "Local Government Act 1974 s26B" in limit.basis
    assert "complaint-council" not in strengths(case)   # already made: the next step is the Ombudsman


def test_account_with_no_harm_leads_to_no_complaint_route():
    got = strengths(make_case([], orgs=["council", "nhs-trust", "provider"], funding=["council-funded"]))
    assert not {r for r in got if r.startswith("complaint-")}
    assert got == {}


# ---------------------------------------------------------------- every route reachable, and avoidable

REACH = [
    ("complaint-council", make_case(["bureaucracy.8"], matters=["council"]), "recommended"),
    ("complaint-council", make_case(["bureaucracy.8"], matters=["provider"], funding=["council-funded"]), "recommended"),
    ("complaint-council", make_case(["bureaucracy.8"], orgs=["council"]), "consider"),   # listed, but no matter names it
    ("complaint-council", make_case({"bureaucracy.8": "suggested"}, matters=["council"]), "consider"),
    ("complaint-council", make_case([], orgs=["council"], complaints=[{"route": "complaint-council", "made": "2026-11-20"}]),
     "recommended"),   # made and waiting: its clocks run
    ("complaint-council", make_case(["bureaucracy.8"]), "consider"),
    ("complaint-nhs", make_case(["frontline-practice.3"], matters=["nhs-trust"]), "recommended"),
    ("complaint-nhs", make_case(["frontline-practice.3"], matters=["integrated-team"]), "recommended"),
    ("complaint-provider", make_case(["frontline-practice.3"], matters=["provider"], funding=["self-funded"]), "recommended"),
    ("complaint-provider", make_case(["frontline-practice.3"], matters=["provider"], funding=["council-funded"]), "consider"),
    ("complaint-joint", make_case(["fragmentation.6"], orgs=["provider", "nhs-trust"]), "recommended"),
    ("complaint-joint", make_case(["lack-of-support.5"], orgs=["nhs-trust"], matters=["council"]), "consider"),
    ("ombudsman-lgsco", make_case(["bureaucracy.8"], orgs=["provider"], funding=["self-funded"],
                                  complaints=[{"route": "complaint-provider", "made": "2026-05-01"}]), "recommended"),
    ("ombudsman-lgsco", make_case(["bureaucracy.8"], orgs=["council"],
                                  complaints=[{"route": "complaint-council", "made": "2026-10-01"}]), "consider"),
    ("ombudsman-phso", make_case(["frontline-practice.3"], orgs=["nhs-trust"],
                                 complaints=[{"organisation": "Northshire Mental Health NHS Trust", "made": "2026-04-01",
                                              "response": "2026-08-01", "satisfied": False}]), "recommended"),
    ("ombudsman-phso", make_case(["frontline-practice.3"], orgs=["nhs-trust"],
                                 complaints=[{"route": "complaint-nhs", "made": "2026-10-20"}]), "consider"),
    ("safeguarding-concern", make_case(["staff-misconduct.1"], safeguarding={"wants_referral": True}), "recommended"),
    ("safeguarding-concern", make_case(["staff-misconduct.7"], safeguarding={"wants_referral": True}), "consider"),
    ("police-report", make_case(["staff-misconduct.2"]), "consider"),
    ("police-report", make_case(["staff-misconduct.2"], facts={"immediate_danger": True}), "recommended"),
    ("regulator-cqc", make_case(["oppressive-culture.10"], facts={"detained_under_mha": True}), "recommended"),
    ("regulator-cqc", make_case(["oppressive-culture.17"], orgs=["provider"]), "consider"),
    ("regulator-professional", make_case(["staff-misconduct.6"], facts={"registered_professional": True}), "recommended"),
    ("regulator-professional", make_case(["staff-misconduct.8"]), "consider"),
    ("subject-access", make_case(["bureaucracy.6"]), "consider"),
    ("rectification", make_case(["bureaucracy.9"]), "consider"),
    ("equality-challenge", make_case(["stigma.1"]), "consider"),
    ("equality-challenge", make_case(["bureaucracy.5"]), "consider"),
    ("charging-challenge", make_case(["bureaucracy.9"], funding=["s117"], facts={"charged_for_care": True}), "recommended"),
    ("charging-challenge", make_case(["lack-of-support.8"]), "consider"),
    ("charging-challenge", make_case([], funding=["council-funded"], facts={"top_up_charges": True}), "consider"),
    ("assessment-request", make_case(["bureaucracy.7"], facts={"has_had_assessment": False}), "recommended"),
    ("assessment-request", make_case(["lack-of-support.2"], matters=["council"]), "recommended"),
    ("assessment-request", make_case(["fragmentation.5"]), "consider"),
    ("advocacy-referral", make_case(["oppressive-culture.11"]), "recommended"),
    ("advocacy-referral", make_case(["lack-of-support.3"]), "recommended"),
    ("advocacy-referral", make_case(["frontline-practice.2"], facts={"detained_under_mha": True}), "consider"),
    ("advocacy-referral", make_case(["bureaucracy.7"], facts={"has_had_assessment": False, "has_advocate": False}), "consider"),
    ("advocacy-referral", make_case(["frontline-practice.3"], orgs=["nhs-trust"], facts={"has_advocate": False}), "consider"),
]


@pytest.mark.parametrize("route_id, case, strength", REACH, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(REACH)])
def test_route_is_reachable(route_id: str, case, strength: str):
    assert strengths(case).get(route_id) == strength


def test_every_route_has_a_reaching_scenario():
    assert {r for r, _, _ in REACH} == set(load_rules().routes)


AVOID = [
    ("complaint-council", make_case(["bureaucracy.8"], orgs=["nhs-trust"])),
    ("complaint-council", make_case(["bureaucracy.8"], orgs=["council"], complaints=[
        {"route": "complaint-council", "made": "2026-03-01", "response": "2026-05-01", "outcome": "upheld", "satisfied": True}])),
    # Listed in the case, but every matter happened on an NHS ward: not the council's complaint.
    ("complaint-council", make_case(["frontline-practice.2"], orgs=["council"], matters=["nhs-trust"])),
    ("complaint-nhs", make_case(["frontline-practice.3"], orgs=["council"])),
    ("complaint-nhs", make_case(["frontline-practice.3"], orgs=["nhs-trust"], complaints=[
        {"route": "complaint-nhs", "made": "2026-03-01", "response": "2026-05-01", "outcome": "not-upheld", "satisfied": False}])),
    ("complaint-nhs", make_case(["frontline-practice.3"], orgs=["nhs-trust"], matters=["council"])),
    ("complaint-provider", make_case(["frontline-practice.3"], orgs=["council"])),
    ("complaint-joint", make_case(["bureaucracy.8"], orgs=["council"])),
    ("ombudsman-lgsco", make_case(["bureaucracy.8"], orgs=["council"])),
    ("ombudsman-lgsco", make_case(["bureaucracy.8"], orgs=["council"], complaints=[
        {"route": "complaint-council", "made": "2026-03-01", "response": "2026-05-01", "outcome": "upheld", "satisfied": True}])),
    ("ombudsman-phso", make_case(["frontline-practice.3"], orgs=["nhs-trust"])),
    ("safeguarding-concern", make_case(["staff-misconduct.4", "lack-of-support.6"], orgs=["nhs-trust"])),
    ("police-report", make_case(["stigma.1", "bureaucracy.9"], orgs=["council"])),
    ("regulator-cqc", make_case(["bureaucracy.8", "oppressive-culture.17"], orgs=["council"])),
    ("regulator-professional", make_case(["staff-misconduct.1"], facts={"registered_professional": False})),
    ("regulator-professional", make_case(["frontline-practice.3"], orgs=["nhs-trust"])),
    ("subject-access", make_case(["stigma.3"], orgs=["council"])),
    ("rectification", make_case(["bureaucracy.6"], orgs=["council"])),
    ("equality-challenge", make_case(["staff-misconduct.4"], orgs=["nhs-trust"])),
    ("charging-challenge", make_case(["bureaucracy.8"], funding=["s117"], facts={"top_up_charges": False, "charged_for_care": False})),
    ("assessment-request", make_case(["staff-misconduct.4"], orgs=["nhs-trust"])),
    ("assessment-request", make_case(["lack-of-support.5"], orgs=["nhs-trust"])),
    # Needs unmet by the care provider the person pays for: not a council reassessment just because it is listed.
    ("assessment-request", make_case(["lack-of-support.2"], orgs=["council"], matters=["provider"])),
    ("advocacy-referral", make_case(["staff-misconduct.1"], facts={"has_advocate": True}, safeguarding={"wants_referral": True})),
]


@pytest.mark.parametrize("route_id, case", AVOID, ids=[f"{r}-{i}" for i, (r, _) in enumerate(AVOID)])
def test_route_is_not_proposed_when_it_does_not_fit(route_id: str, case):
    assert route_id not in strengths(case)


def test_every_route_has_a_case_that_must_not_trigger_it():
    assert {r for r, _ in AVOID} == set(load_rules().routes)


# ---------------------------------------------------------------- what counts, and explanations

def test_rejected_findings_never_count():
    case = make_case({"staff-misconduct.1": "rejected", "bureaucracy.9": "confirmed"}, orgs=["council"])
    got = strengths(case)
    assert "safeguarding-concern" not in got and "police-report" not in got
    assert "regulator-professional" not in got
    assert "rectification" in got


def test_confirmed_findings_outrank_remaining_suggestions():
    case = make_case({"staff-misconduct.1": "suggested", "stigma.3": "confirmed"}, orgs=["council"])
    plan = plan_case(case, TODAY)
    assert plan.findings_basis == "confirmed"
    assert plan.route("police-report") is None


def test_unreviewed_suggestions_in_the_case_are_used_and_said_to_be_suggestions():
    case = make_case({"staff-misconduct.4": "suggested"}, orgs=["nhs-trust"])
    plan = plan_case(case, TODAY)
    assert plan.findings_basis == "suggested"
    assert plan.route("rectification").reason.startswith("Suggested from the account, not yet confirmed")


def test_reason_names_the_findings_and_the_facts_that_triggered_it():
    case = make_case(["lack-of-support.8"], orgs=["council"], funding=["s117"], facts={"top_up_charges": True})
    route = plan_case(case, TODAY).route("charging-challenge")
    assert "inadequate personal budgets or top-up charges" in route.reason
    assert "the person gets section 117 aftercare" in route.reason
    assert "asked to pay a top-up" in route.reason
    assert {"lack-of-support.8", "fact:top_up_charges", "funding:s117"} <= set(route.triggered_by)


def test_needs_list_the_facts_that_would_change_the_route():
    route = plan_case(make_case(["lack-of-support.8"]), TODAY).route("charging-challenge")
    assert route.strength == "consider"
    assert FUNDING_QUESTION in route.needs
    assert "section 117" in route.reason


def test_knowing_the_missing_fact_changes_the_route():
    before = plan_case(make_case(["staff-misconduct.4"]), TODAY).route("regulator-professional")
    assert before.strength == "consider" and any("registered professional" in n for n in before.needs)
    after = plan_case(make_case(["staff-misconduct.4"], facts={"registered_professional": True}), TODAY)
    assert after.route("regulator-professional").strength == "recommended"
    assert after.route("regulator-professional").needs == []


def test_safeguarding_is_only_considered_when_the_person_says_no_and_no_reason_is_recorded():
    base = dict(findings=["staff-misconduct.1"], orgs=["council"])
    no = plan_case(make_case(**base, safeguarding={"wants_referral": False}), TODAY).route("safeguarding-concern")
    assert no.strength == "consider" and "does not want a referral" in no.reason
    reason = {"wants_referral": False, "raise_without_consent_reason": "Another resident says the same worker abused her."}
    assert plan_case(make_case(**base, safeguarding=reason), TODAY).route("safeguarding-concern").strength == "recommended"


def test_safeguarding_is_considered_when_a_section42_condition_is_not_met():
    case = make_case(["staff-misconduct.1"], facts={"able_to_protect_self": True}, safeguarding={"wants_referral": True})
    route = plan_case(case, TODAY).route("safeguarding-concern")
    assert route.strength == "consider" and "Section 42 conditions is recorded as not met" in route.reason


def test_immediate_danger_is_urgent_and_first():
    plan = plan_case(make_case(["staff-misconduct.2"], facts={"immediate_danger": True}), TODAY)
    assert plan.urgent and "999" in plan.urgent[0]
    assert plan.routes[0].strength == "recommended"


def test_recommended_routes_come_before_those_to_consider():
    plan = plan_case(load_case_file(CASES / "sexual-misconduct.json"), TODAY)
    ranks = [0 if r.strength == "recommended" else 1 for r in plan.routes]
    assert ranks == sorted(ranks)


def test_recipient_uses_the_organisation_name_or_a_plain_fallback():
    named = plan_case(make_case(["bureaucracy.8"], orgs=["council"]), TODAY).route("complaint-council")
    assert "Northshire County Council" in named.recipient
    unnamed = plan_case(make_case(["bureaucracy.8"]), TODAY).route("complaint-council")
    assert "{org}" not in unnamed.recipient and "council" in unnamed.recipient


def test_out_of_time_complaint_says_so_and_explains_discretion():
    case = make_case(["bureaucracy.8"], orgs=["council"], facts={"latest_event": "2025-06-01"})
    limit = plan_case(case, TODAY).route("complaint-council").deadlines[0]
    assert limit.passed and limit.date == dt.date(2026, 6, 1)
    assert "good reasons" in limit.note and "regulations 2009 reg 12" in limit.basis.lower()


def test_timeline_dates_are_used_when_facts_have_none():
    case = make_case(["bureaucracy.8"], orgs=["council"], facts={"latest_event": None},
                     timeline=[{"what": "a", "date": "2026-02-01", "organisation": "Northshire County Council"},
                               {"what": "b", "date": "2026-07-15", "organisation": "Northshire County Council"}])
    limit = plan_case(case, TODAY).route("complaint-council").deadlines[0]
    assert limit.date == dt.date(2027, 2, 1) and limit.until == dt.date(2027, 7, 15)   # the earliest matter's limit first


def test_sent_records_request_counts_from_the_letter():
    case = make_case(["staff-misconduct.4"], orgs=["nhs-trust"],
                     letters=[{"route": "subject-access", "sent": "2027-01-31"}])
    due = plan_case(case, TODAY).route("subject-access").deadlines[0]
    assert due.date == dt.date(2027, 3, 1)


def test_ico_deadline_appears_once_the_organisation_has_replied():
    case = make_case(["staff-misconduct.4"], orgs=["nhs-trust"],
                     letters=[{"route": "subject-access", "sent": "2026-09-01", "response_received": "2026-10-20"}])
    route = plan_case(case, TODAY).route("subject-access")
    assert [d.date for d in route.deadlines] == [dt.date(2027, 1, 20)]


def test_provider_complaint_without_reply_after_twelve_weeks_goes_to_the_ombudsman():
    case = make_case(["bureaucracy.8"], orgs=["provider"], funding=["self-funded"],
                     complaints=[{"route": "complaint-provider", "made": "2026-08-01"}])
    assert strengths(case)["ombudsman-lgsco"] == "recommended"


def test_answered_complaint_with_unknown_satisfaction_asks_the_person():
    case = make_case(["bureaucracy.8"], orgs=["council"],
                     complaints=[{"route": "complaint-council", "made": "2026-03-01", "response": "2026-05-01", "outcome": "not-upheld"}])
    plan = plan_case(case, TODAY)
    assert plan.route("ombudsman-lgsco") is None
    assert plan.route("complaint-council") is None


# ---------------------------------------------------------------- the output contract

def test_plan_json_has_the_shape_of_cli_md():
    plan = plan_case(load_case_file(CASES / "sexual-misconduct.json"), TODAY).to_json()
    json.dumps(plan)
    for route in plan["routes"]:
        assert {"id", "strength", "title", "recipient", "reason", "legal_basis", "deadlines", "needs"} <= set(route)
        assert route["strength"] in ("recommended", "consider")
        for d in route["deadlines"]:
            assert set(d) >= {"what", "date"}
    assert [c["id"] for c in plan["section42"]["criteria"]] == [
        "care-and-support-needs", "experiencing-abuse-or-neglect", "unable-to-protect-self"]
    assert plan["section42"]["wording"]


@pytest.mark.parametrize("path", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_every_proposed_route_is_cited_and_dated(path: Path):
    for route in plan_case(load_case_file(path), TODAY).routes:
        assert route.legal_basis and route.last_checked == "2026-11-26"
        assert all(point.endswith(")") for point in route.legal_points)
        assert route.recipient_duty and route.recipient_duty.endswith(")")
        for d in route.deadlines:
            assert d.basis


def test_sample_cases_give_the_expected_plans():
    expect = {
        # The case records a suspected crime (sexual touching), so the police route is recommended.
        "sexual-misconduct": {"safeguarding-concern": "recommended", "complaint-council": "recommended",
                              "police-report": "recommended", "regulator-professional": "consider"},
        # Every matter happened on the NHS ward: no complaint to the council, though it is listed.
        "late-complaint": {"complaint-nhs": "recommended", "safeguarding-concern": "recommended"},
        "records": {"subject-access": "recommended", "rectification": "recommended", "complaint-nhs": "recommended"},
        "s117-topup": {"charging-challenge": "recommended", "complaint-council": "recommended"},
        "council-complaint-unsatisfied": {"ombudsman-lgsco": "recommended", "assessment-request": "recommended"},
    }
    for name, wanted in expect.items():
        got = strengths(load_case_file(CASES / f"{name}.json"))
        for route_id, strength in wanted.items():
            assert got.get(route_id) == strength, (name, route_id, got)
    assert "complaint-council" not in strengths(load_case_file(CASES / "council-complaint-unsatisfied.json"))
    assert "complaint-council" not in strengths(load_case_file(CASES / "late-complaint.json"))
    assert "complaint-joint" not in strengths(load_case_file(CASES / "late-complaint.json"))
    # The provider is not involved in the top-up charges: no complaint to the care home.
    assert "complaint-provider" not in strengths(load_case_file(CASES / "s117-topup.json"))


def test_plan_does_not_change_the_case():
    case = load_case_file(CASES / "sexual-misconduct.json")
    from advocate_app.model.case import case_to_dict
    before = case_to_dict(case)
    plan_case(case, TODAY)
    assert case_to_dict(case) == before
