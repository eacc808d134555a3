"""The Reports window: pick a period, see the anonymised report, save it as PDF or CSV.

Why it looks like this: the advocate must see exactly what will leave the
machine before saving it, so the preview is the report itself (suppressed
counts shown as "<5" or "hidden", never the real number). Reading and
decrypting the cases, building the report and writing files run off the GUI
thread; only the callbacks touch widgets, and a result for a period the
advocate has since changed is dropped. All counting lives in
advocate_app.reporting; this window only presents it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from advocate_app.gui import wheel, workers
from advocate_app.gui.services import dialogs
from advocate_app.model.harm_model import load_harm_model
from advocate_app.reporting import report as rp
from advocate_app.reporting.export import output_kind, write_report
from advocate_app.reporting.gather import cases_from_store
from advocate_app.reporting.period import last_quarter, this_year
from advocate_app.reporting.report import Report, build_report

SECTION_TITLES = {
    rp.CASES: "Cases",
    rp.SOURCE: "Sources of harm (survey % from Carr et al. 2025)",
    rp.FACTOR: "Specific factors",
    rp.ROUTE: "Routes used (cases)",
    rp.LETTERS: "Letters",
    rp.LETTERS_BY_ROUTE: "Letters sent, by route",
    rp.OUTCOMES: "What people asked for",
    rp.COMPLAINTS: "Complaints and their outcome",
    rp.TIME: "Typical (median) time from first contact",
    rp.DAYS_TO_LETTER: "Days to the first letter sent",
    rp.DAYS_TO_RESPONSE: "Days to the first reply",
}
COLUMNS = ("Measure", "Number", "%", "Survey %", "Typical time")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ReportsWindow(QDialog):
    """Anonymised reports over the cases in `store` (anything with list_cases/load_case/list_documents)."""

    def __init__(self, store: Any, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        wheel.install()
        self.store = store
        self.model = load_harm_model()
        self.today = today or dt.date.today()
        self.cases: list | None = None
        self.unreadable = 0
        self.report: Report | None = None
        self._generation = 0
        self.setWindowTitle("Anonymised reports")
        self.setAccessibleName("Anonymised reports")
        self.setAccessibleDescription("Reports over your cases, with nothing that identifies anyone.")
        self.setModal(False)
        self.resize(900, 700)
        self._build()
        start, end = last_quarter(self.today)
        self.set_period(start, end)
        self._load_cases()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        intro = QLabel("Choose a period. The report counts the cases first seen in it, and shows only "
                       "numbers: no names, no accounts, no dates from a case. Counts of 1 to 4 show as \"<5\".")
        intro.setWordWrap(True)
        intro.setAccessibleName("About this window")
        layout.addWidget(intro)

        period = QGroupBox("Period")
        period.setAccessibleName("Period")
        grid = QGridLayout(period)
        self.from_edit = self._date_edit("First day of the period",
                                         "Cases whose first contact is on or after this day are counted")
        self.to_edit = self._date_edit("Last day of the period",
                                       "Cases whose first contact is on or before this day are counted")
        from_label = QLabel("&From:")
        from_label.setBuddy(self.from_edit)
        to_label = QLabel("&To:")
        to_label.setBuddy(self.to_edit)
        self.last_quarter_button = self._button("Last &quarter", "Last quarter",
                                                "Set the period to the whole of the last calendar quarter",
                                                self._choose_last_quarter)
        self.this_year_button = self._button("This &year", "This year",
                                             "Set the period from 1 January to today", self._choose_this_year)
        grid.addWidget(from_label, 0, 0)
        grid.addWidget(self.from_edit, 0, 1)
        grid.addWidget(to_label, 0, 2)
        grid.addWidget(self.to_edit, 0, 3)
        grid.addWidget(self.last_quarter_button, 0, 4)
        grid.addWidget(self.this_year_button, 0, 5)
        grid.setColumnStretch(6, 1)
        layout.addWidget(period)

        self.status = QLabel("Reading your cases…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                            | Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        preview_label = QLabel("&Preview of what will be saved:")
        self.preview = QTreeWidget()
        preview_label.setBuddy(self.preview)
        self.preview.setColumnCount(len(COLUMNS))
        self.preview.setHeaderLabels(list(COLUMNS))
        self.preview.setAccessibleName("Report preview")
        self.preview.setAccessibleDescription("The report as it will be saved, one line per measure, "
                                              "grouped by section.")
        self.preview.setAlternatingRowColors(True)
        self.preview.setUniformRowHeights(True)
        self.preview.setRootIsDecorated(True)
        header = self.preview.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(84)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 1)

        self.note = QLabel(rp.settings()["suppression_note"])
        self.note.setWordWrap(True)
        self.note.setAccessibleName("About the hidden numbers")
        layout.addWidget(self.note)

        buttons = QHBoxLayout()
        self.save_pdf_button = self._button("Save as &PDF…", "Save as PDF",
                                            "Save the report as a PDF with charts", lambda: self.save("pdf"))
        self.save_csv_button = self._button("Save as &CSV…", "Save as CSV",
                                            "Save the report as a CSV table that a service can add up",
                                            lambda: self.save("csv"))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = box.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        box.rejected.connect(self.reject)
        buttons.addWidget(self.save_pdf_button)
        buttons.addWidget(self.save_csv_button)
        buttons.addStretch(1)
        buttons.addWidget(box)
        layout.addLayout(buttons)
        self._set_saving_enabled(False)

        self.from_edit.dateChanged.connect(self._period_changed)
        self.to_edit.dateChanged.connect(self._period_changed)

    def _date_edit(self, name: str, description: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setAccessibleDescription(description)
        edit.setToolTip(description)
        edit.setMinimumDate(QDate(1990, 1, 1))
        edit.setMaximumDate(QDate(2100, 12, 31))
        return edit

    def _button(self, text: str, name: str, description: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ the period

    def period(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.from_edit.date()), _pydate(self.to_edit.date())

    def set_period(self, start: dt.date, end: dt.date) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self._period_changed()

    def _choose_last_quarter(self) -> None:
        self.set_period(*last_quarter(self.today))

    def _choose_this_year(self) -> None:
        self.set_period(*this_year(self.today))

    def _period_changed(self) -> None:
        self._generation += 1
        self.report = None
        self._set_saving_enabled(False)
        if self.cases is None:
            return
        start, end = self.period()
        if start > end:
            self.preview.clear()
            self.status.setText("The period starts after it ends. Please choose a “From” day on or "
                                "before the “To” day.")
            return
        self.status.setText("Making the report…")
        generation = self._generation
        workers.run_in_background(build_report, list(self.cases), start, end, self.model,
                                  on_done=lambda report: self._show_report(report, generation),
                                  on_error=self._failed, context=self)

    # ------------------------------------------------------------ loading and showing

    def _load_cases(self) -> None:
        workers.run_in_background(cases_from_store, self.store, on_done=self._cases_loaded,
                                  on_error=self._failed, context=self)

    def _cases_loaded(self, result: tuple[list, int]) -> None:
        self.cases, self.unreadable = result
        self._period_changed()

    def _failed(self, message: str) -> None:
        self.status.setText(str(message))
        dialogs().show_error(str(message), title="Anonymised reports", parent=self)

    def _show_report(self, report: Report, generation: int) -> None:
        if generation != self._generation:
            return   # the advocate changed the period meanwhile; a newer report is on its way
        self.report = report
        self._fill_preview(report)
        lines = [f"{report.cases.shown_count} cases first seen from {report.period_text}."]
        if report.cases.count == 0:
            lines.append("No cases fall in this period.")
        if report.undated_cases:
            lines.append(f"{report.undated_cases} case(s) have no first contact or created date and are not "
                         "counted in any period.")
        if self.unreadable:
            lines.append(f"{self.unreadable} case(s) could not be read and are not counted.")
        self.status.setText(" ".join(lines))
        self._set_saving_enabled(True)

    def _fill_preview(self, report: Report) -> None:
        self.preview.clear()
        for section in rp.SECTIONS:
            rows = report.section(section)
            if not rows:
                continue
            top = QTreeWidgetItem([SECTION_TITLES.get(section, section)])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.preview.addTopLevelItem(top)
            for row in rows:
                item = QTreeWidgetItem([
                    row.label, row.shown_count, row.shown_percent,
                    "" if row.survey_percent is None else f"{row.survey_percent}%",
                    row.shown_value,
                ])
                item.setToolTip(0, row.label)
                for column in range(1, len(COLUMNS)):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(item)
            top.setExpanded(section not in (rp.FACTOR, rp.LETTERS_BY_ROUTE, rp.DAYS_TO_RESPONSE))
        if self.preview.topLevelItemCount():
            self.preview.setCurrentItem(self.preview.topLevelItem(0))

    def _set_saving_enabled(self, enabled: bool) -> None:
        self.save_pdf_button.setEnabled(enabled)
        self.save_csv_button.setEnabled(enabled)

    # ------------------------------------------------------------ saving

    def suggested_name(self, kind: str) -> str:
        start, end = self.period()
        return f"anonymised-report-{start.isoformat()}-to-{end.isoformat()}.{kind}"

    def save(self, kind: str) -> None:
        if self.report is None:
            return
        filters = "PDF files (*.pdf)" if kind == "pdf" else "CSV files (*.csv)"
        chosen = dialogs().save_file_name(title=f"Save the report as {kind.upper()}",
                                          suggested=self.suggested_name(kind), filters=filters, parent=self)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        try:
            output_kind(path)
        except Exception as error:  # noqa: BLE001 - shown as one plain line
            dialogs().show_error(workers.message_for(error), title="Anonymised reports", parent=self)
            return
        self._set_saving_enabled(False)
        self.status.setText(f"Saving {path.name}…")
        workers.run_in_background(write_report, self.report, path, self.model,
                                  on_done=self._saved, on_error=self._save_failed, context=self)

    def _saved(self, path: Path) -> None:
        self._set_saving_enabled(self.report is not None)
        self.status.setText(f"Saved {Path(path).name}. It holds no names, accounts or dates from a case.")
        dialogs().show_info(f"The report was saved as {path}.", title="Anonymised reports", parent=self)

    def _save_failed(self, message: str) -> None:
        self._set_saving_enabled(self.report is not None)
        self.status.setText(str(message))
        dialogs().show_error(str(message), title="Anonymised reports", parent=self)
