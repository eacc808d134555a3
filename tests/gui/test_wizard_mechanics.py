"""The wizard's frame as the advocate meets it: steps, keyboard, saving, resuming."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from advocate_app.gui.wizard import STEPS, step_label
from advocate_app.model.case import Case

from .wizard_helpers import (
    alt,
    make_wizard,
    open_store,
    press,
    press_back,
    press_next,
    sample_case,
    type_into,
    wait_idle,
)

pytestmark = pytest.mark.timeout(90)


def test_alt_n_and_alt_b_move_through_steps_and_the_step_list_only_opens_reached_steps(qtbot):
    wizard = make_wizard(qtbot, Case(account=""))
    assert wizard.current_index == 0
    assert not wizard.back_button.isEnabled()
    # Steps not reached yet cannot be opened, and say so in words, not just grey.
    item = wizard.steps.item(4)
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "not reached yet" in item.data(Qt.ItemDataRole.AccessibleTextRole)
    assert not wizard.go_to(4)

    wizard.page("person").name.setFocus()
    press_next(qtbot, wizard)
    assert wizard.current_index == 1
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    assert wizard.current_index == 3
    assert wizard.case.extra["wizard_step"] == "services"
    press_back(qtbot, wizard)
    assert wizard.current_index == 2
    # Ctrl+PgDn works too, from inside a text field.
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert wizard.current_index == 3

    # The step list is reachable by keyboard (Alt+S) and arrow keys move between reached steps.
    alt(qtbot, wizard.next_button, Qt.Key.Key_S)
    assert wizard.steps.hasFocus()
    qtbot.keyClick(wizard.steps, Qt.Key.Key_Up)
    assert wizard.current_index == 2
    qtbot.keyClick(wizard.steps, Qt.Key.Key_Home)
    assert wizard.current_index == 0
    assert wizard.case.extra["wizard_reached"] == "services"
    assert "✓" in wizard.steps.item(3).text()        # reached: a tick, not colour alone
    assert wizard.steps.item(0).text().startswith("▶")  # current: an arrow
    assert step_label(wizard.case) == f"Step 1 of 8: {STEPS[0][1]}"


def test_typing_on_the_person_page_fills_the_case(qtbot):
    wizard = make_wizard(qtbot, Case(account=""))
    page = wizard.page("person")
    type_into(qtbot, page.name, "Amira Haddad")
    type_into(qtbot, page.dob.edit, "02/05/1989")
    type_into(qtbot, page.communication, "Short paragraphs, please")
    page.consent_given.setFocus()
    qtbot.keyClick(page.consent_given, Qt.Key.Key_Down)
    type_into(qtbot, page.consent_date.edit, "19 October 2026")
    type_into(qtbot, page.advocate_name, "Jo Whitfield")
    case = wizard.case
    assert case.person.name == "Amira Haddad"
    assert case.person.date_of_birth == dt.date(1989, 5, 2)
    assert page.dob.hint.text() == "Tuesday 2 May 1989"
    assert case.person.communication_needs == "Short paragraphs, please"
    assert case.consent.given is True
    assert case.consent.date == dt.date(2026, 10, 19)
    assert case.advocate.name == "Jo Whitfield"
    # A half-typed date never wipes the last good one, and says it is not understood yet.
    page.dob.edit.clear()
    type_into(qtbot, page.dob.edit, "31/02")
    assert "Not a date" in page.dob.hint.text()


def test_every_control_on_every_page_has_an_accessible_name(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit

    wizard = make_wizard(qtbot, Case(account="Something happened."))
    for i in range(len(wizard.pages)):
        wizard._reached = i
        assert wizard.go_to(i)
        page = wizard.pages[i]
        for cls in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView):
            for control in page.findChildren(cls):
                if control.isVisibleTo(page) and control.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    name = control.accessibleName()
                    if not name and isinstance(control, QLineEdit) and isinstance(control.parent(), QComboBox):
                        continue  # the combo box's own line edit: the combo carries the name
                    assert name, f"{page.key}: {type(control).__name__} {control.objectName()!r} has no name"


def test_resumes_at_the_step_recorded_in_the_case(qtbot):
    case = Case(account="x", extra={"wizard_step": "outcomes", "wizard_reached": "letters"})
    wizard = make_wizard(qtbot, case)
    assert wizard.current_page.key == "outcomes"
    assert not wizard.go_to(7)  # finish was never reached
    assert wizard.go_to(6)  # letters was reached before


def test_closing_saves_and_emits_closed(qtbot, store_class):
    store = open_store(store_class)
    wizard = make_wizard(qtbot, Case(account=""), store)
    type_into(qtbot, wizard.page("person").name, "Daniel Okafor")
    with qtbot.waitSignal(wizard.closed, timeout=2000):
        wizard.close_button.click()
    assert wizard.case.id
    assert store.load_case(wizard.case.id).person.name == "Daniel Okafor"


def test_a_crash_after_typing_loses_at_most_two_seconds(qtbot, store_class):
    """The widget is destroyed without close or flush; reopening shows what was typed."""
    import shiboken6

    store = open_store(store_class)
    case = Case(account="")
    wizard = make_wizard(qtbot, case, store, register=False)
    wizard.go_to(1)
    editor = wizard.page("account").editor
    first = "My support worker kept coming into my room without knocking. "
    type_into(qtbot, editor, first)
    typed_at = time.monotonic()
    qtbot.wait(2100)  # past the debounce (and the 1.5 s ceiling)
    late = "And then"
    qtbot.keyClicks(editor, late)  # typed in the last moment before the crash
    assert time.monotonic() - typed_at >= 2.0
    case_id = wizard.case.id
    assert case_id, "the case was saved (and given an id) while typing"
    shiboken6.delete(wizard)  # no close event, no flush
    reopened = store.load_case(case_id)
    assert reopened.account.startswith(first)
    lost = (first + late)[len(reopened.account):]
    assert len(lost) <= len(late), lost


def test_the_case_list_shows_only_clocks_that_are_running_and_says_which(qtbot, store_class):
    from advocate_app.gui.case_list import CaseTableModel
    from advocate_app.model.case import ComplaintRecord

    store = open_store(store_class)
    case = sample_case("sexual-misconduct")
    case.id = None
    assert case.chosen_routes and not case.complaints
    wizard = make_wizard(qtbot, case, store)
    wizard.go_to(1)
    wait_idle(qtbot, wizard)
    wizard.flush()
    row = next(r for r in store.list_cases() if r.id == case.id)
    # Routes chosen but nothing sent: no acknowledgement date "as if it arrived today".
    assert row.next_deadline is None

    made = dt.date.today() - dt.timedelta(days=30)
    case.complaints.append(ComplaintRecord(route="complaint-provider", made=made))
    wizard.go_to(2)
    wait_idle(qtbot, wizard)
    qtbot.waitUntil(lambda: getattr(wizard._deadline, "what", None) is not None, timeout=10_000)
    wizard.flush()
    row = next(r for r in store.list_cases() if r.id == case.id)
    assert row.next_deadline == made + dt.timedelta(weeks=12)
    model = CaseTableModel()
    model.set_rows([row])
    assert "complaint to the care provider" in model.deadline_text(row)


def test_a_failure_in_the_core_is_one_calm_message_and_nothing_typed_is_lost(qtbot, monkeypatch):
    from advocate_app.errors import UserError
    from advocate_app.gui.wizard import core

    case = sample_case("sexual-misconduct")
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case)

    def broken(*_args, **_kwargs):
        raise RuntimeError("Amira Haddad internal detail")

    monkeypatch.setattr(core, "plan_case", broken)
    wizard.go_to(5)
    qtbot.waitUntil(wizard.message.isVisible, timeout=5000)
    shown = wizard.message.text.text()
    assert "Something went wrong while working out the routes" in shown
    assert "Nothing you typed has been lost" in shown
    assert "Amira" not in shown and "Traceback" not in shown and "RuntimeError" not in shown
    assert wizard.message.symbol.text().startswith("⚠")          # not colour alone
    assert wizard.case.safeguarding.views.startswith("I want it reported")
    press(qtbot, wizard.message.dismiss)
    assert not wizard.message.isVisible()

    def refused(*_args, **_kwargs):
        raise UserError("The route rules could not be read. Nothing was changed.")

    monkeypatch.setattr(core, "plan_case", refused)
    wizard.go_to(4)
    wizard.go_to(5)
    qtbot.waitUntil(wizard.message.isVisible, timeout=5000)
    assert wizard.message.text.text() == "The route rules could not be read. Nothing was changed."


def test_a_letter_that_cannot_be_drafted_yet_says_what_to_add(qtbot):
    case = sample_case("sexual-misconduct")
    case.person.name = None
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case)
    wizard.go_to(6)
    letters = wizard.page("letters")
    qtbot.waitUntil(lambda: "cannot be drafted yet" in letters.preview.state.text(), timeout=60_000)
    assert "name" in letters.preview.state.text()


def test_tab_reaches_every_control_of_a_page_and_then_the_buttons(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    case = sample_case("sexual-misconduct")
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case)
    for key in ("person", "services", "routes"):
        wizard.go_to([p.key for p in wizard.pages].index(key))
        wait_idle(qtbot, wizard)
        page = wizard.current_page
        wanted = {w for cls in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton) for w in page.findChildren(cls)
                  if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                  and not isinstance(w.parent(), QComboBox)}
        wizard.steps.setFocus()
        reached = set()
        for _ in range(400):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focus = QApplication.focusWidget()
            if focus is wizard.next_button:
                break
            reached.add(focus)
        missing = [w.accessibleName() for w in wanted - reached]
        assert not missing, f"{key}: Tab never reaches {missing}"


def test_focusing_the_wizard_lands_on_the_first_field_of_the_current_step(qtbot):
    case = sample_case("records")
    case.extra["wizard_step"] = "account"
    wizard = make_wizard(qtbot, case)
    wizard.setFocus()
    assert QApplication.focusWidget() is wizard.page("account").editor


class FlakyStore:
    """The real store, except that saving can be made to fail (a full disk, a locked file)."""

    def __init__(self, store):
        self._store = store
        self.failing = False

    def save_case(self, case, *args, **kwargs):
        from advocate_app.errors import UserError

        if self.failing:
            raise UserError("The disk is full, so the case could not be saved.")
        return self._store.save_case(case, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_when_saving_fails_the_window_says_so_once_and_nothing_is_lost(qtbot, store_class):
    real = open_store(store_class)
    store = FlakyStore(real)
    wizard = make_wizard(qtbot, Case(account=""), store)
    type_into(qtbot, wizard.page("person").name, "Daniel")
    wizard.flush()
    store.failing = True
    type_into(qtbot, wizard.page("person").name, " Okafor")
    qtbot.waitUntil(wizard.message.isVisible, timeout=5000)
    assert "disk is full" in wizard.message.text.text()
    assert "kept in memory" in wizard.message.text.text()
    press(qtbot, wizard.message.dismiss)
    qtbot.wait(1500)
    assert not wizard.message.isVisible()          # not nagged every second
    assert wizard.case.person.name == "Daniel Okafor"
    store.failing = False
    wizard.flush()
    qtbot.waitUntil(lambda: "saved again" in wizard.message.text.text(), timeout=5000)
    assert real.load_case(wizard.case.id).person.name == "Daniel Okafor"


def test_continuous_typing_is_saved_every_two_seconds_even_without_a_pause(qtbot, store_class):
    """Typing without stopping (a long account) still reaches the store; a crash loses < 2 s."""
    import shiboken6

    store = open_store(store_class)
    wizard = make_wizard(qtbot, Case(account=""), store, register=False)
    wizard.go_to(1)
    editor = wizard.page("account").editor
    editor.setFocus()
    typed: list[tuple[float, str]] = []
    text = "I asked for help again and again and nobody came. " * 3
    for ch in text[:45]:                      # about 4.5 seconds of steady typing
        qtbot.keyClicks(editor, ch)
        typed.append((time.monotonic(), ch))
        qtbot.wait(100)
    crashed_at = time.monotonic()
    case_id = wizard.case.id
    shiboken6.delete(wizard)
    saved = store.load_case(case_id).account
    safe = "".join(ch for at, ch in typed if at <= crashed_at - 2.0)
    assert saved.startswith(safe), (safe, saved)
    assert len(saved) >= len(safe) > 10
