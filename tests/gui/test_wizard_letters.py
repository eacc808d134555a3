"""The letters step: the real PDF beside the words, large print, and edits that are never lost."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .wizard_helpers import choose_data, make_wizard, pdf_text, press, sample_case, wait_idle

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def letters(qtbot):
    case = sample_case("sexual-misconduct")
    case.extra["wizard_step"] = "letters"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("letters")
    qtbot.waitUntil(lambda: page.preview.page_count() > 0 and not page.busy, timeout=60_000)
    return wizard, page


def test_the_preview_is_the_real_pdf_and_large_print_makes_it_bigger(qtbot, letters):
    wizard, page = letters
    normal = page.preview.page_count()
    text = pdf_text(page.preview.pdf_bytes)
    assert "Amira Haddad" in text and "Adult Safeguarding Team" in text
    press(qtbot, page.large_print)
    assert wizard.case.extra["large_print"] is True
    qtbot.waitUntil(lambda: not page.busy and page.preview.page_count() > normal, timeout=60_000)
    page_size = page.preview.document.pagePointSize(0)
    assert page_size.width() > 500        # A4, not shrunk to fit
    press(qtbot, page.large_print)
    assert "large_print" not in wizard.case.extra


def test_edits_survive_leaving_the_page_and_going_back_to_the_draft_removes_them(qtbot, letters):
    wizard, page = letters
    choose_data(qtbot, page.route, "complaint-provider")
    qtbot.waitUntil(lambda: not page.busy and not page.editor.isReadOnly(), timeout=60_000)
    draft = page.editor.toPlainText()
    page.editor.setFocus()
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(page.editor, "Dear colleague, thank you for reading this. ")
    assert page.reset.isEnabled()
    wizard.go_to(4)
    wizard.go_to(6)
    wait_idle(qtbot, wizard)
    choose_data(qtbot, page.route, "complaint-provider")
    qtbot.waitUntil(lambda: not page.busy and not page.editor.isReadOnly(), timeout=60_000)
    assert page.editor.toPlainText().startswith("Dear colleague, thank you for reading this. ")
    assert "Dear colleague" in pdf_text(page.preview.pdf_bytes)
    # New answers change the draft: the edited words stay, and the page says so.
    wizard.case.person.preferred_name = "Mira"
    wizard.go_to(5)
    wizard.go_to(6)
    wait_idle(qtbot, wizard)
    choose_data(qtbot, page.route, "complaint-provider")
    qtbot.waitUntil(lambda: not page.busy and not page.editor.isReadOnly(), timeout=60_000)
    assert page.editor.toPlainText().startswith("Dear colleague")
    assert page.stale.isVisibleTo(page) and "changed since you edited it" in page.stale.text()
    press(qtbot, page.reset)
    qtbot.waitUntil(lambda: not page.busy and not page.editor.isReadOnly(), timeout=60_000)
    assert wizard.case.letter_edits == {}
    assert not page.editor.toPlainText().startswith("Dear colleague")
    assert page.editor.toPlainText() != draft   # the new draft uses the new name
    assert "Mira" in page.editor.toPlainText()


def test_points_to_check_are_shown_beside_the_letter_but_never_printed_in_it(qtbot):
    case = sample_case("s117-topup")
    case.chosen_routes = ["charging-challenge"]
    case.extra["wizard_step"] = "letters"
    wizard = make_wizard(qtbot, case)
    page = wizard.page("letters")
    qtbot.waitUntil(lambda: page.preview.page_count() > 0 and not page.busy, timeout=60_000)
    assert page.checks.isVisible()
    shown = page.checks.text()
    assert "Before this letter goes out, please check" in shown
    assert "section 117" in shown
    assert page.checks.accessibleName()
    printed = pdf_text(page.preview.pdf_bytes)
    assert "Before this letter goes out" not in printed
    assert "was not confirmed" not in printed
