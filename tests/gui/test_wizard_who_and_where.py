"""Issue 11 in the wizard: each organisation's contact per purpose, who a report is about, records to
correct, the facts that drive routes, the body an outcome is for, and the effect on the person."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from .wizard_helpers import choose, make_wizard, press, sample_case, type_into

pytestmark = pytest.mark.timeout(90)


def test_an_organisation_keeps_a_contact_for_each_purpose(qtbot):
    case = sample_case("records")
    case.extra["wizard_step"] = "services"
    wizard = make_wizard(qtbot, case)
    editor = wizard.page("services").organisations
    editor.list.setCurrentRow(0)
    type_into(qtbot, editor.controls["contact:complaints:email"][1], "complaints@southammh.example.nhs.uk")
    type_into(qtbot, editor.controls["contact:complaints:team"][1], "Complaints Team")
    org = wizard.case.organisations[0]
    assert org.contact_value("complaints", "email") == "complaints@southammh.example.nhs.uk"
    assert org.contact_value("complaints", "team") == "Complaints Team"
    # The data protection contact from the case file is shown, and left as it was.
    assert editor.controls["contact:data-protection:email"][1].text() == "dataprotection@southammh.example.nhs.uk"
    assert org.contact_value("data-protection", "team") == "Data Protection Officer"
    # Every contact field has an accessible name that says which purpose it is for.
    names = [control.accessibleName() for attr, (_, control) in editor.controls.items() if attr.startswith("contact:")]
    assert any("Safeguarding" in n for n in names) and any("Data protection" in n for n in names)


def test_who_the_report_is_about_the_facts_and_a_record_to_correct(qtbot):
    case = sample_case("minimal")
    case.extra["wizard_step"] = "services"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("services")
    type_into(qtbot, page.involved["name"], "Mark")
    type_into(qtbot, page.involved["role"], "son")
    choose(qtbot, page.relationship, "Family")
    choose(qtbot, page.fact_controls["suspected_crime"], "Yes")
    choose(qtbot, page.fact_controls["abuse_or_neglect_suspected"], "Yes")
    page.write()
    assert (wizard.case.involved.name, wizard.case.involved.role) == ("Mark", "son")
    assert wizard.case.involved.relationship == "family"
    assert wizard.case.facts.suspected_crime is True and wizard.case.facts.abuse_or_neglect_suspected is True

    editor = page.corrections
    press(qtbot, editor.add_button)
    qtbot.keyClicks(QApplication.focusWidget(), "inpatient notes")
    type_into(qtbot, editor.controls["date"][1].edit, "03/03/2026")
    editor.controls["should_say"][1].setPlainText("On leave at a relative's address")
    correction = wizard.case.record_corrections[0]
    assert correction.record == "inpatient notes" and correction.date == dt.date(2026, 3, 3)
    assert correction.should_say == "On leave at a relative's address"


def test_an_outcome_names_the_body_that_can_deliver_it_and_the_effect_is_kept(qtbot):
    case = sample_case("s117-topup")
    for outcome in case.outcomes:
        outcome.organisation = None
    case.impact = None
    case.extra["wizard_step"] = "outcomes"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("outcomes")
    page.outcomes.list.setCurrentRow(1)
    choose(qtbot, page.outcomes.controls["organisation"][1], "Westerby Borough Council Adult Social Care")
    assert wizard.case.outcomes[1].organisation == "Westerby Borough Council Adult Social Care"
    page.impact.setPlainText("I cannot sleep for worrying about having to move.")
    assert wizard.case.impact == "I cannot sleep for worrying about having to move."


def test_a_harm_says_which_organisation_and_who_was_involved(qtbot):
    from .wizard_helpers import wait_idle

    case = sample_case("records")
    for finding in case.findings:
        finding.organisation = None
    case.extra["wizard_step"] = "harms"
    wizard = make_wizard(qtbot, case)
    wait_idle(qtbot, wizard)
    card = wizard.page("harms").card("staff-misconduct.4")
    choose(qtbot, card.organisation, "Southam Mental Health NHS Foundation Trust")
    type_into(qtbot, card.role, "ward staff")
    finding = next(f for f in wizard.case.findings if f.id == "staff-misconduct.4")
    assert finding.organisation == "Southam Mental Health NHS Foundation Trust" and finding.role == "ward staff"
    assert card.organisation.accessibleName().startswith("Organisation involved in:")


def test_categories_of_abuse_are_confirmed_with_the_person_on_the_routes_step(qtbot):
    from .wizard_helpers import wait_idle

    case = sample_case("minimal")
    case.account = "My son takes my pension every week and keeps the money."
    case.safeguarding.wants_referral = True
    case.extra["wizard_step"] = "routes"
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("routes")
    wait_idle(qtbot, wizard)
    if "financial-or-material" not in page.category_checks:
        pytest.skip("the account's words were not read as financial abuse by this lexicon")
    check = page.category_checks["financial-or-material"]
    assert not check.isChecked()
    press(qtbot, check)
    assert wizard.case.safeguarding.categories == ["financial-or-material"]
    wait_idle(qtbot, wizard)
    qtbot.waitUntil(lambda: page.plan is not None and page.plan.section42.criteria[1].met is True, timeout=10_000)


def test_a_learned_suggestion_is_shown_as_weaker_in_words(qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from advocate_app.analysis.types import LEARNED, Classification, FactorSuggestion, SourceSuggestion
    from advocate_app.gui.wizard import core
    from advocate_app.model.evidence import Evidence

    from .wizard_helpers import wait_idle

    case = sample_case("minimal")
    sentence = case.account.split(". ")[0]

    def learned_only(text: str) -> Classification:
        factor = FactorSuggestion("bureaucracy.8", "x", 0.3, [Evidence(0, len(sentence), sentence)], tier=LEARNED)
        return Classification("test/1", [SourceSuggestion("bureaucracy", "x", 0.3, [factor], tier=LEARNED)])

    monkeypatch.setattr(core, "classify", learned_only)
    case.findings = []
    case.extra["wizard_step"] = "harms"
    wizard = make_wizard(qtbot, case)
    wait_idle(qtbot, wizard)
    card = wizard.page("harms").card("bureaucracy.8")
    texts = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "A weaker suggestion" in texts and "may relate to this sentence" in texts
    assert card.accessibleName().endswith("(a weaker suggestion)")
