"""The account page: underlining phrases as the advocate types, quickly, with words not colour alone."""
from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from advocate_app.gui.wizard import core
from advocate_app.model.case import Case

from .wizard_helpers import make_wizard, type_into, wait_idle

pytestmark = pytest.mark.timeout(90)

PHRASES = {"kept touching me": ("staff-misconduct.1", "Sexual harassment or assault"),
           "nobody would believe": ("oppressive-culture.12", "Not believed")}


def phrase_matcher(delay: float = 0.0):
    """Finds fixed phrases, optionally slowly: the highlighter is what is under test here."""
    def match(text: str) -> list[core.Span]:
        if delay:
            time.sleep(delay)
        raw = []
        for phrase, (fid, label) in PHRASES.items():
            for m in re.finditer(re.escape(phrase), text):
                raw.append((m.start(), m.end(), fid, label))
        return core.merge_spans(raw)
    return match


def underlined_ranges(editor) -> list[tuple[int, int]]:
    """(document position, length) of every underlined range the highlighter applied."""
    out = []
    block = editor.document().begin()
    while block.isValid():
        for fr in block.layout().formats():
            if fr.format.underlineStyle() != fr.format.UnderlineStyle.NoUnderline:
                out.append((block.position() + fr.start, fr.length))
        block = block.next()
    return out


def edit_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Select a cell, press F2, type, press Enter: as a keyboard user edits a table."""
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not table
                    and table.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=2000)


@pytest.fixture
def account_page(qtbot):
    wizard = make_wizard(qtbot, Case(account=""))
    wizard.go_to(1)
    page = wizard.page("account")
    page.set_matcher(phrase_matcher())
    return wizard, page


def test_typed_phrases_are_underlined_and_named_in_words(qtbot, account_page):
    wizard, page = account_page
    pasted = "On 14 October 😢 "          # pasted: a key press cannot carry a character beyond U+FFFF
    typed = "he kept touching me and said nobody would believe me."
    page.editor.setFocus()
    page.editor.insertPlainText(pasted)
    qtbot.keyClicks(page.editor, typed)
    text = pasted + typed
    qtbot.waitUntil(lambda: len(page.live.highlighter.spans) == 2, timeout=5000)
    assert wizard.case.account == text
    # Underlined exactly over the words, even after a character beyond U+FFFF (2 UTF-16 units).
    cursor_text = page.editor.toPlainText()
    ranges = underlined_ranges(page.editor)
    qt_start = text.index("kept touching me") + 1  # the emoji counts twice in Qt positions
    assert (qt_start, len("kept touching me")) in ranges
    assert cursor_text == text
    # The same information in words: the list, and the line under the editor at the cursor.
    items = [page.phrases.item(i).text() for i in range(page.phrases.count())]
    assert any("kept touching me" in i and "Sexual harassment or assault" in i for i in items)
    cursor = page.editor.textCursor()
    cursor.setPosition(qt_start + 3)
    page.editor.setTextCursor(cursor)
    assert page.at_cursor.text() == "This part of the account may show: Sexual harassment or assault."
    # Enter on a listed phrase takes the cursor there.
    page.phrases.setFocus()
    page.phrases.setCurrentRow(1)
    qtbot.keyClick(page.phrases, Qt.Key.Key_Return)
    assert page.editor.hasFocus()
    assert page.live.highlighter.span_at(page.editor.textCursor().position()) is not None


def test_underlines_move_with_the_text_while_typing_before_them(qtbot, account_page):
    wizard, page = account_page
    type_into(qtbot, page.editor, "He kept touching me.")
    qtbot.waitUntil(lambda: len(page.live.highlighter.spans) == 1, timeout=5000)
    cursor = page.editor.textCursor()
    cursor.setPosition(0)
    page.editor.setTextCursor(cursor)
    qtbot.keyClicks(page.editor, "Then ")
    # Before the next match has run, the underline already sits on the same words.
    span = page.live.highlighter.spans[0]
    assert page.editor.toPlainText()[span.start:span.end] == "kept touching me"


def test_a_slow_matcher_runs_in_the_background_and_a_fast_one_on_the_spot(qtbot, account_page):
    wizard, page = account_page
    long_account = ("I asked for help again and waited. " * 1500) + "He kept touching me."
    page.set_matcher(phrase_matcher(delay=0.05))
    page.editor.setPlainText(long_account)
    qtbot.waitUntil(lambda: page.live.ran_in_worker >= 1 and len(page.live.highlighter.spans) == 1, timeout=60_000)
    assert len(long_account.split()) > 10_000
    # Typing stays responsive: each keystroke returns quickly while matching is deferred.
    page.editor.moveCursor(page.editor.textCursor().MoveOperation.End)
    started = time.perf_counter()
    qtbot.keyClicks(page.editor, " And")
    per_key = (time.perf_counter() - started) / 4
    assert per_key < 0.25, per_key  # generous: the point is that a 50 ms match is not run per key
    wait_idle(qtbot, wizard)
    page.set_matcher(phrase_matcher())
    page.live.last_duration = 0.001
    before = page.live.ran_on_gui
    qtbot.keyClicks(page.editor, "!")
    qtbot.waitUntil(lambda: page.live.ran_on_gui > before, timeout=5000)


def test_timeline_rows_are_added_by_keyboard_and_dates_understood(qtbot, account_page):
    wizard, page = account_page
    page.add_incident.setFocus()
    qtbot.keyClick(page.add_incident, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    for column, text in enumerate(("14/10/2026", "Touched during medication support", "Brightside Support",
                                   "support worker")):
        edit_cell(qtbot, page.table, 0, column, text)
    page.add_incident.setFocus()
    qtbot.keyClick(page.add_incident, Qt.Key.Key_Space)
    edit_cell(qtbot, page.table, 1, 0, "around August 2026")
    first, second = wizard.case.timeline
    assert first.date is not None and first.date.isoformat() == "2026-10-14"
    assert first.what == "Touched during medication support"
    assert first.organisation == "Brightside Support" and first.role == "support worker"
    assert second.date is None and second.date_text == "around August 2026"


@pytest.mark.parametrize("scale", [100, 150])
def test_timeline_columns_fit_their_words_at_each_text_size(qtbot, qapp, scale):
    """A 'When' in words is never cut to 'aro…', nor a heading, at 100% or 150%."""
    from advocate_app.model.case import Incident

    from .wizard_helpers import make_wizard

    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * scale / 100)
    qapp.setFont(font)
    case = Case(account="Something happened.", extra={"wizard_step": "account"},
                timeline=[Incident(what="Moved to a new ward without being told", date_text="around March 2024",
                                   organisation="Ashford NHS Trust", role="ward manager")])
    wizard = make_wizard(qtbot, case)
    page = wizard.current_page
    table = page.table
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), f"heading {column} cut"
    for column in (0, 2, 3):
        text = table.item(0, column).text()
        assert table.columnWidth(column) >= metrics.horizontalAdvance(text), f"{text!r} cut at {scale}%"
    # Rows are as tall as their wrapped words at the width they end up with, not taller.
    def fits() -> bool:
        tallest = max(table.sizeHintForRow(0), table.verticalHeader().minimumSectionSize())
        return table.rowHeight(0) <= tallest + 2
    qtbot.waitUntil(fits, timeout=2000)
    # Typed later, in a new row, it still fits.
    page.add_row()
    table.item(1, 0).setText("sometime in the summer of 2023")
    assert table.columnWidth(0) >= metrics.horizontalAdvance("sometime in the summer of 2023")
