"""With only an account, the routes come from the suggested harms (cli.md)."""
from __future__ import annotations

from pathlib import Path

import pytest

from advocate_app.analysis import classify
from advocate_app.analysis.types import Classification, FactorSuggestion, SourceSuggestion
from advocate_app.model.case_file import load_case_file
from advocate_app.model.evidence import Evidence
from advocate_app.routes import plan_case
from advocate_app.routes import view as view_mod

from .casebuilder import TODAY, make_case

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"


def _fake_classifier(factors: list[tuple[str, str]], calls: list[str] | None = None):
    def classify(text: str) -> Classification:
        if calls is not None:
            calls.append(text)
        sources: dict[str, SourceSuggestion] = {}
        for fid, quote in factors:
            start = text.find(quote)
            ev = [Evidence(start, start + len(quote), quote)] if start >= 0 else []
            src = sources.setdefault(fid.split(".")[0], SourceSuggestion(fid.split(".")[0], fid, 0.9))
            src.factors.append(FactorSuggestion(fid, fid, 0.9, ev))
        return Classification("fake/1", list(sources.values()))

    return classify


ACCOUNT = ("Nobody from the mental health team has rung me back since my care coordinator left. "
           "They wrote in my notes that I was aggressive, which is not true.")


def test_account_only_plan_uses_the_suggested_harms(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr(view_mod, "classify", _fake_classifier(
        [("lack-of-support.6", "wrote in my notes that I was aggressive"), ("lack-of-support.7", "care coordinator left")], calls))
    case = make_case([], account=ACCOUNT)
    plan = plan_case(case, TODAY)
    assert calls == [ACCOUNT]
    assert plan.findings_basis == "suggested"
    route = plan.route("rectification")
    # A suggestion alone never makes a route "recommended": the person has not confirmed it yet.
    assert route is not None and route.strength == "consider"
    assert route.reason.startswith("Suggested from the account, not yet confirmed with the person")


def test_rejected_suggestions_are_left_out_of_an_account_only_plan(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(view_mod, "classify", _fake_classifier([("lack-of-support.6", "notes")]))
    plan = plan_case(make_case({"lack-of-support.6": "rejected"}, account=ACCOUNT), TODAY)
    assert plan.route("rectification") is None and plan.findings_basis == "none"


def test_confirmed_findings_mean_the_classifier_is_not_asked(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    monkeypatch.setattr(view_mod, "classify", _fake_classifier([("staff-misconduct.1", "x")], calls))
    plan = plan_case(make_case(["bureaucracy.9"], account=ACCOUNT), TODAY)
    assert calls == [] and plan.route("police-report") is None


def test_empty_account_and_no_findings_give_an_empty_plan(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(view_mod, "classify", _fake_classifier([("staff-misconduct.1", "x")]))
    plan = plan_case(make_case([], account="   "), TODAY)
    assert plan.routes == [] and plan.findings_basis == "none"


def test_a_minimal_account_only_case_plans():
    plan = plan_case(load_case_file(CASES / "minimal.json"), TODAY)
    assert plan.section42.criteria and plan.findings_basis in ("none", "suggested")


@pytest.mark.parametrize("name", ["minimal", "sexual-misconduct", "records", "s117-topup", "council-complaint-unsatisfied"])
def test_real_classifier_suggestions_drive_an_account_only_plan(name: str):
    """Whatever the classifier suggests is what the plan uses, said to be a suggestion."""
    account = load_case_file(CASES / f"{name}.json").account
    suggested = {f.id for s in classify(account).sources for f in s.factors} | {
        s.id for s in classify(account).sources if not s.factors}
    plan = plan_case(make_case([], account=account, safeguarding={"wants_referral": True}), TODAY)
    assert plan.findings_basis == ("suggested" if suggested else "none")
    for route in plan.routes:
        harms = [t for t in route.triggered_by if not t.split(":")[0] in ("category", "fact", "funding", "org", "route")]
        assert set(harms) <= suggested
        if harms:
            assert route.reason.startswith("Suggested from the account, not yet confirmed with the person")


def test_real_classifier_drives_the_minimal_case():
    """An account about being left without support must lead somewhere, not to an empty plan."""
    plan = plan_case(load_case_file(CASES / "minimal.json"), TODAY)
    assert plan.findings_basis == "suggested"
    assert plan.routes, "an account about being left without support should suggest at least one route"


@pytest.mark.parametrize("name, route_id", [
    ("sexual-misconduct", "safeguarding-concern"),
    ("records", "rectification"),
])
def test_real_classifier_on_sample_accounts_alone(name: str, route_id: str):
    full = load_case_file(CASES / f"{name}.json")
    account_only = make_case([], account=full.account, safeguarding={"wants_referral": True})
    plan = plan_case(account_only, TODAY)
    assert plan.route(route_id) is not None, [r.id for r in plan.routes]
