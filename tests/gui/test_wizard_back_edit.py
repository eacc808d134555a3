"""Going back to the account and changing it never blanks a later answer."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from advocate_app.model.case import LetterEdit

from .wizard_helpers import alt, make_wizard, open_store, sample_case, wait_idle

pytestmark = pytest.mark.timeout(120)


def test_editing_the_account_keeps_harms_outcomes_routes_wishes_and_letter_edits(qtbot, store_class):
    store = open_store(store_class)
    case = sample_case("sexual-misconduct")
    case.id = None
    case.extra["wizard_step"] = "letters"
    case.extra["wizard_reached"] = "finish"
    case.letter_edits = {"complaint-provider": LetterEdit("My own words.", "Drafted.")}
    before_findings = {f.id: (f.status, f.quote, f.priority, f.note) for f in case.findings}
    before_outcomes = [(o.text, o.recommendation) for o in case.outcomes]
    wizard = make_wizard(qtbot, case, store)
    wait_idle(qtbot, wizard)

    # Back to the account through the step list, by keyboard.
    alt(qtbot, wizard.next_button, Qt.Key.Key_S)
    for _ in range(5):
        qtbot.keyClick(wizard.steps, Qt.Key.Key_Up)
    assert wizard.current_page.key == "account"
    editor = wizard.page("account").editor
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "I am 37. ")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " It happened again last week.")
    assert wizard.case.account.startswith("I am 37. I live")

    # Forward again through every later step.
    for _ in range(5):
        alt(qtbot, editor if editor.hasFocus() else wizard.next_button, Qt.Key.Key_N)
        wait_idle(qtbot, wizard)
    assert wizard.current_page.key == "letters"

    after = wizard.case
    for fid, answer in before_findings.items():
        f = next(x for x in after.findings if x.id == fid)
        assert (f.status, f.quote, f.priority, f.note) == answer, fid
        for ev in f.evidence:
            assert after.account[ev.start:ev.end] == ev.text
    assert [e.text for e in next(x for x in after.findings if x.id == "staff-misconduct.1").evidence] == [
        "he kept touching me on my legs and chest while he was meant to be helping me with my medication"]
    assert [(o.text, o.recommendation) for o in after.outcomes] == before_outcomes
    assert after.chosen_routes == ["safeguarding-concern", "complaint-provider"]
    assert after.safeguarding.views == "I want it reported so it stops. I don't want to move out of my flat."
    assert after.safeguarding.wants_referral is True
    assert after.letter_edits["complaint-provider"].text == "My own words."
    assert after.person.name == "Amira Haddad" and len(after.organisations) == 2

    # And the same is in the store.
    wizard.flush()
    stored = store.load_case(after.id)
    assert stored.account == after.account
    assert {f.id: f.status for f in stored.findings} == {f.id: f.status for f in after.findings}
    assert stored.chosen_routes == after.chosen_routes
