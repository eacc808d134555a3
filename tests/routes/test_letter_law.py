"""What a letter may say as law: only points worded for letters, only when they fit the facts,
each cited, and with the advocate told what to check before sending."""
from __future__ import annotations

import re

import pytest

from advocate_app.resources import read_toml
from advocate_app.routes import plan_case
from advocate_app.routes import rules as rules_mod
from advocate_app.routes.rules import RuleError, load_rules

from .casebuilder import TODAY, make_case


def letter_law(case, route_id: str) -> list[str]:
    route = plan_case(case, TODAY).route(route_id)
    assert route is not None, f"{route_id} not proposed"
    return route.letter_law


def test_police_letter_says_an_offence_may_have_been_committed_never_that_it_was():
    points = letter_law(make_case(["staff-misconduct.1"], orgs=["provider"]), "police-report")
    assert len(points) == 1
    assert "may amount to this offence" in points[0] and "for you to decide" in points[0]


def test_police_letter_about_sexual_touching_cites_the_sexual_offence_not_only_ill_treatment():
    points = letter_law(make_case(["staff-misconduct.1"], orgs=["provider"]), "police-report")
    assert points[0].endswith("(Sexual Offences Act 2003 s3).")
    assert not any("Criminal Justice and Courts Act" in p for p in points)


def test_police_letter_about_physical_abuse_by_a_care_worker_cites_ill_treatment():
    points = letter_law(make_case(["staff-misconduct.2"], orgs=["provider"]), "police-report")
    assert any(p.endswith("(Criminal Justice and Courts Act 2015 s20).") for p in points)
    assert not any("Sexual Offences Act" in p for p in points)


def test_police_letter_about_money_taken_by_family_cites_theft_only_when_confirmed():
    confirmed = make_case([], safeguarding={"wants_referral": True, "categories": ["financial-or-material"]},
                          facts={"suspected_crime": True})
    assert any("(Theft Act 1968 s1(1))" in p for p in letter_law(confirmed, "police-report"))
    assert not any("Criminal Justice and Courts Act" in p for p in letter_law(confirmed, "police-report"))


def test_police_letter_cites_the_capacity_offence_only_when_capacity_was_assessed_as_lacking():
    with_capacity = letter_law(make_case(["staff-misconduct.2"], facts={"person_lacks_capacity": False}), "police-report")
    assert not any("Mental Capacity Act" in p for p in with_capacity)
    unknown = letter_law(make_case(["staff-misconduct.2"]), "police-report")
    assert not any("Mental Capacity Act" in p for p in unknown)
    lacking = letter_law(make_case(["staff-misconduct.2"], facts={"person_lacks_capacity": True}), "police-report")
    assert any(p.endswith("(Mental Capacity Act 2005 s44).") for p in lacking)


def test_police_letter_cites_the_mental_health_act_offence_only_for_a_detained_person():
    free = letter_law(make_case(["staff-misconduct.2"], facts={"detained_under_mha": False}), "police-report")
    assert not any("Mental Health Act" in p for p in free)
    detained = letter_law(make_case(["staff-misconduct.2"], facts={"detained_under_mha": True}), "police-report")
    assert any(p.endswith("(Mental Health Act 1983 s127).") for p in detained)


def test_abuse_by_family_is_not_called_a_care_worker_offence():
    case = make_case(["lack-of-support.5"],
                     account="My brother takes my bank card and spends all my benefits. He hit me when I asked for it back.")
    route = plan_case(case, TODAY).route("police-report")
    assert route is not None, "theft and assault in the account make reporting a crime an option"
    assert not any("care worker" in p for p in route.letter_law)


def test_the_offences_are_checked_sources_and_separately_cited():
    sources = read_toml("legal_sources.toml")["sources"]
    assert sources["cjca2015-s20"]["cite"] == "Criminal Justice and Courts Act 2015 s20"
    assert sources["mha1983-s127"]["cite"] == "Mental Health Act 1983 s127"
    assert sources["mca2005-s44"]["cite"] == "Mental Capacity Act 2005 s44"
    for sid in ("cjca2015-s20", "cjca2015-s21", "mha1983-s127", "mca2005-s44"):
        assert sources[sid]["level"] == "primary" and sources[sid]["checked"] == "2026-11-26"


def test_ombudsman_jurisdiction_cites_section_26_1_not_the_time_limit_section():
    case = make_case(["lack-of-support.5"], orgs=["council"],
                     complaints=[{"organisation": "Northshire County Council", "route": "complaint-council",
                                  "made": "2026-03-02", "response": "2026-06-10", "satisfied": False}])
    points = letter_law(case, "ombudsman-lgsco")
    assert any("maladministration" in p and p.endswith("(Local Government Act 1974 s26(1)).") for p in points)
    assert any("reasonable opportunity" in p and p.endswith("(Local Government Act 1974 s26(5)).") for p in points)
    assert not any("FAQs for care providers" in p for p in points), "the provider FAQ does not apply to a council"
    assert not any("arrange or pay for their own care" in p for p in points), "self-funders only"


def test_section_117_points_appear_only_for_section_117_aftercare():
    s117 = make_case(["lack-of-support.8"], orgs=["council"], funding=["s117"], facts={"top_up_charges": True})
    points = letter_law(s117, "charging-challenge")
    assert any("Stennett" in p for p in points) and any("s117(1)-(2)" in p for p in points)
    assert any("top-up" in p for p in points)
    funded = make_case(["lack-of-support.8"], orgs=["council"], funding=["council-funded"])
    assert not any("117" in p for p in letter_law(funded, "charging-challenge"))


def test_letter_checks_cover_secondary_sources_the_letter_relies_on():
    route = plan_case(make_case(["lack-of-support.5"], orgs=["council"]), TODAY).route("complaint-council")
    checks = route.letter_checks
    assert any("regulation 13" in c for c in checks), "the acknowledgement date rests on reg 13 [S]"
    assert any("regulation 14" in c for c in checks)
    assert not any("regulation 12" in c for c in checks), "the time limit is not in the letter while it is running"
    late = plan_case(make_case(["lack-of-support.5"], orgs=["council"], facts={"latest_event": "2025-01-10"}), TODAY)
    assert any("regulation 12" in c for c in late.route("complaint-council").letter_checks)
    assert all(c.startswith("Check: ") for c in checks)


@pytest.mark.parametrize("route_id", sorted(load_rules().routes))
def test_every_letter_statement_is_cited_and_reads_as_a_sentence(route_id):
    rule = load_rules().routes[route_id]
    for statement in [*rule.basis, *([rule.duty] if rule.duty else [])]:
        if statement.letter is None:
            continue
        assert statement.letter_cite and set(statement.letter_cite) <= set(statement.cite)
        assert statement.letter[0].isupper() and statement.letter.endswith(".")
        assert not re.search(r"\b(ask|tell|talk to) the person\b|Check:", statement.letter), "advice to the advocate"


def test_every_letter_route_has_some_law_or_says_none_on_purpose():
    """Routes whose letters need no legal point are listed here; any other must name a duty."""
    no_law = {"regulator-professional"}
    for rule in load_rules().routes.values():
        has = any(s.letter for s in [*rule.basis, *([rule.duty] if rule.duty else [])])
        assert has or rule.id in no_law, rule.id


@pytest.mark.parametrize("change, message", [
    (lambda s: s.update(letter=""), "letter must be non-empty"),
    (lambda s: s.update(letter_when={"facts": {"others_at_risk": True}}) or s.pop("letter"), "needs a letter wording"),
    (lambda s: s.update(letter_cite=["care-act-s67"]), "letter_cite must be some of"),
    (lambda s: s.update(letter_when={"facts": {"no_such_fact": True}}), "not described"),
    (lambda s: s.update(letter_whenever=True), "unknown keys"),
])
def test_loader_rejects_mistakes_in_letter_wording(change, message):
    raw = {"id": "x", "title": "T", "recipient": "R", "last_checked": "2026-11-26",
           "when": [{"any_harm": True, "strength": "consider", "because": "B."}],
           "basis": [{"text": "A rule.", "cite": ["care-act-s42-1"], "letter": "A rule for letters."}]}
    change(raw["basis"][0])
    rules = load_rules()
    with pytest.raises(RuleError, match=message):
        rules_mod._route(raw, "x.toml", rules.sources, rules.facts)


def test_a_late_complaint_asks_for_the_reason_until_it_is_recorded():
    late = make_case(["lack-of-support.5"], orgs=["council"], facts={"latest_event": "2025-01-10"})
    route = plan_case(late, TODAY).route("complaint-council")
    assert any("why the person did not complain within the time limit" in n for n in route.needs)
    late.facts.late_reason = "they were in hospital"
    route = plan_case(late, TODAY).route("complaint-council")
    assert not any("did not complain within the time limit" in n for n in route.needs)
    in_time = plan_case(make_case(["lack-of-support.5"], orgs=["council"]), TODAY).route("complaint-council")
    assert not any("did not complain within the time limit" in n for n in in_time.needs)
