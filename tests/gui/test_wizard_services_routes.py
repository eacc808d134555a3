"""Services, complaints already made, and the person's wishes before any safeguarding concern."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from .wizard_helpers import choose, make_wizard, press, sample_case, type_into, wait_idle

pytestmark = pytest.mark.timeout(90)


def test_complaints_already_made_are_recorded_and_removing_one_asks_first(qtbot, dialogs):
    case = sample_case("records")
    case.extra["wizard_step"] = "services"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("services")
    editor = page.complaints
    press(qtbot, editor.add_button)
    qtbot.keyClicks(QApplication.focusWidget(), "Southam Mental Health NHS Foundation Trust")
    type_into(qtbot, editor.controls["made"][1].edit, "01/10/2026")
    type_into(qtbot, editor.controls["response"][1].edit, "20/10/2026")
    choose(qtbot, editor.controls["outcome"][1], "Not upheld")
    choose(qtbot, editor.controls["satisfied"][1], "No")
    complaint = wizard.case.complaints[0]
    assert complaint.organisation == "Southam Mental Health NHS Foundation Trust"
    assert (complaint.made, complaint.response) == (dt.date(2026, 10, 1), dt.date(2026, 10, 20))
    assert complaint.outcome == "not-upheld" and complaint.satisfied is False
    assert "not upheld" in editor.list.item(0).text()
    # Removing something typed asks first; the safe answer keeps it.
    press(qtbot, editor.remove_button)
    assert any("Remove this complaint?" in q for q in dialogs.questions)
    assert len(wizard.case.complaints) == 1
    dialogs.confirm_answers.append(True)
    press(qtbot, editor.remove_button)
    assert wizard.case.complaints == []


def test_when_the_person_does_not_want_a_concern_raised_the_reason_comes_first(qtbot):
    case = sample_case("sexual-misconduct")
    case.safeguarding.wants_referral = None
    case.safeguarding.views = None
    case.safeguarding.recorded = None
    case.chosen_routes = []
    case.extra["wizard_step"] = "routes"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("routes")
    wait_idle(qtbot, wizard)
    card = page.cards["safeguarding-concern"]
    assert not card.check.isEnabled()
    assert "First record what the person wants" in card.blocked.text()
    assert not page.reason.isVisibleTo(page)
    choose(qtbot, page.wants, "No, they do not")
    wait_idle(qtbot, wizard)
    assert page.reason.isVisibleTo(page)
    assert wizard.case.safeguarding.wants_referral is False
    assert not page.cards["safeguarding-concern"].check.isEnabled()
    type_into(qtbot, page.reason, "Another resident says the same worker touches her too.")
    wait_idle(qtbot, wizard)
    assert wizard.case.safeguarding.raise_without_consent_reason.startswith("Another resident")
    card = page.cards["safeguarding-concern"]
    if card.blocked is not None:   # the planner may still ask for something; it says what
        assert card.blocked.text().strip()
    else:
        press(qtbot, card.check)
        assert "safeguarding-concern" in wizard.case.chosen_routes
    choose(qtbot, page.danger, "Yes")
    assert page.danger_note.isVisibleTo(page) and "999" in page.danger_note.text()


def test_the_professional_involved_is_asked_about_only_when_it_matters(qtbot):
    case = sample_case("sexual-misconduct")
    case.extra["wizard_step"] = "services"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("services")
    assert not page.professional_box.isVisibleTo(page)
    choose(qtbot, page.fact_controls["registered_professional"], "Yes")
    assert wizard.case.facts.registered_professional is True
    assert page.professional_box.isVisibleTo(page)
    type_into(qtbot, page.professional["name"], "Dean Marsh")
    type_into(qtbot, page.professional["regulator"], "Social Work England")
    type_into(qtbot, page.late_reason, "Amira was too frightened to speak until she had an advocate.")
    assert wizard.case.professional.name == "Dean Marsh"
    assert wizard.case.professional.regulator == "Social Work England"
    assert wizard.case.facts.late_reason.startswith("Amira was too frightened")
    # A yes/no read from a case file stays a yes/no when nothing about it is changed.
    wizard.case.professional.employer_told = True
    wizard.go_to(4)
    wizard.go_to(3)
    assert page.professional["employer_told"].text() == "Yes"
    type_into(qtbot, page.professional["role"], "support worker")
    assert wizard.case.professional.employer_told is True
