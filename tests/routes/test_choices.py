"""The routes step as a decision: chosen and recommended first, alternatives together, the rest folded."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocate_app.model.case import case_from_dict
from advocate_app.routes.choices import arrange, why_line
from advocate_app.routes.types import Route

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def route(rid: str, strength: str = "consider", reason: str = "") -> Route:
    return Route(id=rid, strength=strength, title=rid, recipient="", reason=reason)


def test_chosen_then_recommended_then_the_rest_folded():
    routes = [route("police-report"), route("safeguarding-concern", "recommended"),
              route("subject-access", "recommended"), route("regulator-cqc")]
    got = arrange(routes, ["subject-access"])
    assert [s.key for s in got.sections] == ["chosen", "recommended", "other"]
    assert got.section("chosen").route_ids == ["subject-access"]
    assert got.section("recommended").route_ids == ["safeguarding-concern"]
    other = got.section("other")
    assert other.route_ids == ["police-report", "regulator-cqc"]
    assert other.folded and other.heading == "Other routes you could consider"
    assert not got.section("recommended").folded


def test_a_separate_and_a_joint_complaint_are_shown_together_as_alternatives():
    routes = [route("complaint-council", "recommended"), route("complaint-nhs", "recommended"),
              route("police-report"), route("complaint-joint")]
    got = arrange(routes, [])
    rec = got.section("recommended")
    assert len(rec.entries) == 1
    group = rec.entries[0]
    assert group.alternatives is not None
    assert group.ids == ["complaint-council", "complaint-nhs", "complaint-joint"]
    assert "joint complaint" in group.alternatives.text
    assert got.section("other").route_ids == ["police-report"]


def test_alternatives_follow_their_chosen_member_and_every_route_appears_once():
    routes = [route("complaint-council", "recommended"), route("complaint-joint"), route("complaint-provider")]
    got = arrange(routes, ["complaint-joint", "gone-route"])
    chosen = got.section("chosen")
    assert chosen.route_ids[0] == "complaint-joint"
    assert sorted(chosen.route_ids) == sorted(r.id for r in routes)
    assert got.section("recommended").entries == [] and got.section("other").entries == []
    assert got.chosen_not_proposed == ["gone-route"]


def test_a_lone_member_of_a_group_is_just_a_route():
    got = arrange([route("complaint-council", "recommended")], [])
    assert got.section("recommended").entries[0].alternatives is None


def test_the_why_line_is_the_routes_own_reason_not_the_shared_list_of_findings():
    r = route("complaint-council", reason=(
        "Confirmed with the person: not being listened to. The account describes neglect. "
        "The council's adult social care is involved, and its complaints procedure covers it. "
        "More detail here. Recorded in the case: the council pays."))
    assert why_line(r) == "The council's adult social care is involved, and its complaints procedure covers it."
    only = route("x", reason="Confirmed with the person: not being listened to.")
    assert why_line(only) == "Confirmed with the person: not being listened to."


@pytest.mark.parametrize("name", ["late-complaint", "sexual-misconduct", "records"])
def test_real_plans_lead_with_a_short_decision(name):
    from advocate_app.routes import plan_case

    case = case_from_dict(json.loads((CASES / f"{name}.json").read_text(encoding="utf-8")))
    p = plan_case(case)
    got = arrange(p.routes, case.chosen_routes)
    shown = [rid for s in got.sections for rid in s.route_ids]
    assert sorted(shown) == sorted(r.id for r in p.routes)
    for r in p.routes:
        line = why_line(r)
        assert line and len(line) < len(r.reason) + 1
        assert not line.startswith("Confirmed with the person") or r.reason.count(". ") == 0
