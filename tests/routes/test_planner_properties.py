"""Whatever the case holds, the plan is well-formed: no crash, every route cited and explained."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate_app.model.case import COMPLAINT_OUTCOMES, FUNDING_KINDS, ORGANISATION_KINDS
from advocate_app.routes import plan_case
from advocate_app.routes.rules import load_rules

from .casebuilder import make_case

FACTORS = sorted(k for k in load_rules().labels if "." in k)
SOURCES = sorted(k for k in load_rules().labels if "." not in k)
BOOL_FACTS = ["person_lacks_capacity", "immediate_danger", "others_at_risk", "has_care_and_support_needs",
              "able_to_protect_self", "top_up_charges", "charged_for_care", "has_had_assessment",
              "detained_under_mha", "has_advocate", "registered_professional"]
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2028, 12, 31))


@st.composite
def cases(draw):
    findings = draw(st.dictionaries(st.sampled_from(FACTORS + SOURCES + ["unknown.99"]),
                                    st.sampled_from(["confirmed", "rejected", "added", "suggested"]), max_size=6))
    facts = draw(st.dictionaries(st.sampled_from(BOOL_FACTS), st.booleans() | st.none(), max_size=6))
    facts.update(draw(st.dictionaries(st.sampled_from(["first_event", "latest_event", "became_aware"]),
                                      dates.map(dt.date.isoformat), max_size=3)))
    complaints = draw(st.lists(st.fixed_dictionaries({
        "route": st.sampled_from(["complaint-council", "complaint-nhs", "complaint-provider", "complaint-joint", None]),
        "made": dates.map(dt.date.isoformat),
        "outcome": st.sampled_from(list(COMPLAINT_OUTCOMES) + [None]),
        "satisfied": st.booleans() | st.none(),
    }), max_size=2))
    safeguarding = draw(st.fixed_dictionaries({"wants_referral": st.booleans() | st.none(),
                                               "raise_without_consent_reason": st.sampled_from([None, "", "others at risk"])}))
    return make_case(findings, orgs=draw(st.lists(st.sampled_from(ORGANISATION_KINDS), max_size=3, unique=True)),
                     funding=draw(st.lists(st.sampled_from(FUNDING_KINDS), max_size=2, unique=True)),
                     facts=facts, complaints=[{k: v for k, v in c.items() if v is not None} for c in complaints],
                     safeguarding={k: v for k, v in safeguarding.items() if v is not None})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), dates)
def test_any_case_gives_a_well_formed_plan(case, today):
    plan = plan_case(case, today)
    ids = [r.id for r in plan.routes]
    assert len(ids) == len(set(ids))
    rejected = {f.id for f in case.findings if f.status == "rejected"}
    for route in plan.routes:
        assert route.strength in ("recommended", "consider")
        assert route.reason and route.legal_basis and route.recipient and "{org}" not in route.recipient
        assert not rejected & set(route.triggered_by)
        for d in route.deadlines:
            assert d.basis and (d.date is None or isinstance(d.date, dt.date))
    assert len(plan.section42.criteria) == 3
    assert plan.section42.can_produce_letter == (plan.section42.blocked_reason is None)
    if case.safeguarding.wants_referral is None:
        assert not plan.section42.can_produce_letter
    plan.to_json()
