"""The Reports window: period picker, preview of exactly what is saved, PDF and CSV saving."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDateEdit, QLabel, QTreeWidget, QWidget
from pypdf import PdfReader

from advocate_app.gui.reports_window import ReportsWindow
from advocate_app.model.harm_model import load_harm_model
from advocate_app.reporting.report import build_report
from tests.gui.conftest import save_screenshot
from tests.reporting.casegen import CANARY, generate_cases

TODAY = dt.date(2026, 11, 26)


class FakeStore:
    """Anything with list_cases / load_case / list_documents will do."""

    def __init__(self, cases):
        self.cases = {f"{i:032x}": c for i, c in enumerate(cases)}
        self.loads = 0

    def list_cases(self):
        return [type("Row", (), {"id": key})() for key in self.cases]

    def load_case(self, case_id):
        self.loads += 1
        return self.cases[case_id]

    def list_documents(self, case_id):
        return []


@pytest.fixture(scope="module")
def cases():
    return generate_cases(load_harm_model(), n=300, seed=11, start=dt.date(2026, 1, 1), span_days=320)


@pytest.fixture
def window(qtbot, cases):
    win = ReportsWindow(FakeStore(cases), today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.report is not None, timeout=20_000)
    return win


def preview_rows(win: ReportsWindow) -> dict[tuple[str, str], list[str]]:
    out = {}
    tree = win.preview
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            item = top.child(j)
            out[(top.text(0), item.text(0))] = [item.text(c) for c in range(tree.columnCount())]
    return out


def test_it_opens_on_last_quarter_and_previews_the_same_numbers_as_the_core(window, cases):
    assert window.period() == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    expected = build_report(cases, dt.date(2026, 7, 1), dt.date(2026, 9, 30), load_harm_model())
    rows = preview_rows(window)
    assert rows[("Cases", "Cases in the period")][1] == expected.cases.shown_count
    for source in expected.section("source"):
        shown = rows[("Sources of harm (survey % from Carr et al. 2025)", source.label)]
        assert shown[1:4] == [source.shown_count, source.shown_percent, f"{source.survey_percent}%"]
    assert "cases first seen from 1 July 2026 to 30 September 2026" in window.status.text()


def test_the_preview_never_shows_a_small_number(window):
    texts = [v[1] for v in preview_rows(window).values()]
    assert all(t in ("<5", "hidden", "not shown") or t == "" or int(t) == 0 or int(t) >= 5 for t in texts)
    assert "<5" in texts


def test_quick_choices_set_the_period_and_rebuild_the_report(qtbot, window):
    qtbot.mouseClick(window.this_year_button, Qt.MouseButton.LeftButton)
    assert window.period() == (dt.date(2026, 1, 1), TODAY)
    qtbot.waitUntil(lambda: window.report is not None and window.report.date_from == dt.date(2026, 1, 1))
    assert "1 January 2026 to 26 November 2026" in window.status.text()
    qtbot.mouseClick(window.last_quarter_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.report is not None and window.report.date_from == dt.date(2026, 7, 1))


def test_a_period_that_ends_before_it_starts_says_so_and_cannot_be_saved(qtbot, window):
    window.to_edit.setDate(window.from_edit.date().addDays(-1))
    assert "starts after it ends" in window.status.text()
    assert not window.save_pdf_button.isEnabled() and not window.save_csv_button.isEnabled()
    assert window.preview.topLevelItemCount() == 0


def test_save_as_csv_writes_what_the_preview_showed(qtbot, window, dialogs, tmp_path):
    target = tmp_path / "q3"            # no ending typed: .csv is added
    dialogs.file_names.append(str(target))
    qtbot.mouseClick(window.save_csv_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "q3.csv"
    qtbot.waitUntil(lambda: saved.exists() and bool(dialogs.infos), timeout=20_000)
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    text = saved.read_text(encoding="utf-8")
    assert CANARY not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    total = next(r for r in rows if r["section"] == "cases" and r["id"] == "total")
    assert total["count"] == window.report.cases.shown_count
    assert window.suggested_name("csv") == "anonymised-report-2026-07-01-to-2026-09-30.csv"


def test_save_as_pdf_writes_a_pdf_without_personal_data(qtbot, window, dialogs, tmp_path):
    target = tmp_path / "q3.pdf"
    dialogs.file_names.append(str(target))
    qtbot.mouseClick(window.save_pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() and bool(dialogs.infos), timeout=20_000)
    data = target.read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "1 July 2026 to 30 September 2026" in text
    assert CANARY not in text and CANARY.encode() not in data


def test_cancelling_the_file_dialog_writes_nothing(qtbot, window, dialogs, tmp_path):
    qtbot.mouseClick(window.save_pdf_button, Qt.MouseButton.LeftButton)   # the fake dialog answers "cancel"
    assert dialogs.infos == [] and dialogs.errors == []
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_is_one_calm_message(qtbot, window, dialogs, tmp_path):
    dialogs.file_names.append(str(tmp_path / "no-such-folder" / "r.csv"))
    qtbot.mouseClick(window.save_csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=20_000)
    assert "does not exist" in dialogs.errors[0] and "Traceback" not in dialogs.errors[0]
    assert window.save_csv_button.isEnabled()


def test_every_control_has_an_accessible_name_and_is_keyboard_reachable(window):
    controls = window.findChildren(QAbstractButton) + window.findChildren(QDateEdit) + \
        window.findChildren(QTreeWidget)
    assert len(controls) >= 7
    for control in controls:
        assert control.accessibleName(), control
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
    buddies = {label.buddy() for label in window.findChildren(QLabel) if label.buddy() is not None}
    assert {window.from_edit, window.to_edit, window.preview} <= buddies
    assert window.from_edit.calendarPopup() and window.to_edit.calendarPopup()


def test_tab_walks_through_the_period_preview_and_save_buttons(qtbot, window):
    window.activateWindow()
    window.from_edit.setFocus()
    seen: list[QWidget] = []
    for _ in range(14):
        seen.append(window.focusWidget())
        window.focusNextChild()
    names = {w.accessibleName() for w in seen if w is not None}
    for wanted in ("First day of the period", "Last day of the period", "Last quarter", "This year",
                   "Report preview", "Save as PDF", "Save as CSV"):
        assert wanted in names, (wanted, names)


def test_screenshot(qtbot, window):
    window.resize(980, 760)
    tree = window.preview
    tree.expandItem(tree.topLevelItem(1))
    qtbot.wait(50)
    path = save_screenshot(window, "reports")
    assert path.stat().st_size > 10_000


def test_a_store_that_cannot_be_read_is_one_calm_message(qtbot, dialogs):
    from advocate_app.errors import UserError

    class BrokenStore(FakeStore):
        def load_case(self, case_id):
            raise UserError("The case store is busy just now. Nothing was changed.")

    win = ReportsWindow(BrokenStore([object()]), today=TODAY)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=20_000)
    assert dialogs.errors == ["The case store is busy just now. Nothing was changed."]
    assert not win.save_pdf_button.isEnabled()


def test_nothing_is_cut_off_at_one_and_a_half_times_the_text_size(qtbot, window, qapp):
    from advocate_app.gui import theme
    from tests.gui.shell_helpers import clipped_widgets

    theme.apply_look(qapp, font_scale_percent=150)
    qtbot.wait(100)
    window.adjustSize()
    window.resize(max(window.width(), 1000), max(window.height(), 760))
    qtbot.wait(50)
    assert window.save_pdf_button.font().pointSizeF() > 0
    assert clipped_widgets(window) == []
    save_screenshot(window, "reports-large-text")
