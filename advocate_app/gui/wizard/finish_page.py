"""Step 8: keep the letters in the case store, print, export, and note what was sent.

Letters and summaries are kept in the encrypted store. Printing renders the
same PDF the preview showed. Exporting writes a file outside the store, so the
advocate is told plainly that it is not encrypted.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate_app.errors import UserError
from advocate_app.files import write_atomically
from advocate_app.gui.wizard import printing, production
from advocate_app.gui.wizard.fields import StatusNote, DateField, long_date, note
from advocate_app.gui.wizard.letters_page import route_title
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.gui.wizard.pdf_preview import PdfPreview
from advocate_app.model.case import LetterRecord

EXPORT_WARNING = ("⚠ An exported file is not encrypted. Anyone who can open the folder can read it. "
                  "Save it somewhere private, and delete it when it is no longer needed.")
DOC_TITLES = {production.SUMMARY: "Case summary (for the advocate's file)",
              production.EASY_READ: "Easy-read summary for the person"}


def export_folder() -> Path:
    """The folder an export dialog opens in: Documents if there is one, else the home folder."""
    from advocate_app import paths

    folder = paths.documents_dir()
    return folder if folder.is_dir() else Path.home()


class FinishPage(WizardPage):
    key = "finish"
    title = "Finish"
    intro = ("Keep the letters and summaries safely in this case, print them, or export a copy. "
             "When a letter has been sent, note the date so the app can track the replies.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        keep = QGroupBox("Keep in the case")
        k_layout = QVBoxLayout(keep)
        self.save_button = QPushButton("&Keep the letters and summaries in this case")
        self.save_button.setAccessibleName("Keep the letters and summaries in this case (encrypted)")
        self.save_button.clicked.connect(self.keep_all)
        self.save_state = StatusNote()
        k_layout.addWidget(note("This saves a copy of each chosen letter and the case summary, encrypted, "
                                "on this computer only."))
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        k_layout.addLayout(row)
        k_layout.addWidget(self.save_state)
        self.body.addWidget(keep)

        docs = QGroupBox("Print or export")
        d_layout = QVBoxLayout(docs)
        label = QLabel("&Document:")
        self.documents = QListWidget()
        self.documents.setObjectName("finish-documents")
        self.documents.setAccessibleName("Documents to print or export")
        line = self.documents.fontMetrics().lineSpacing()
        self.documents.setMinimumHeight(line * 4 + 8)
        self.documents.setMaximumHeight(line * 6 + 8)
        label.setBuddy(self.documents)
        self.print_button = QPushButton("Print…")
        self.print_button.setAccessibleName("Print the chosen document")
        self.export_pdf = QPushButton("Export as PDF…")
        self.export_pdf.setAccessibleName("Export the chosen document as a PDF file (not encrypted)")
        self.export_docx = QPushButton("Export as Word document…")
        self.export_docx.setAccessibleName("Export the chosen document as a Word file (not encrypted)")
        self.print_button.clicked.connect(self.print_selected)
        self.export_pdf.clicked.connect(lambda: self.export_selected("pdf"))
        self.export_docx.clicked.connect(lambda: self.export_selected("docx"))
        self.warning = note(EXPORT_WARNING)
        self.action_state = StatusNote()
        self.preview = PdfPreview("Preview of the chosen document", whole_page=True)
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 24)
        d_layout.addWidget(label)
        d_layout.addWidget(self.documents)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.export_pdf, self.export_docx):
            buttons.addWidget(b)
        buttons.addStretch(1)
        d_layout.addLayout(buttons)
        d_layout.addWidget(self.warning)
        d_layout.addWidget(self.action_state)
        d_layout.addWidget(self.preview, 1)
        self.body.addWidget(docs)
        self.documents.currentItemChanged.connect(self._document_chosen)

        sent = QGroupBox("Letters sent")
        s_layout = QVBoxLayout(sent)
        self.sent_list = QListWidget()
        self.sent_list.setObjectName("finish-sent")
        self.sent_list.setAccessibleName("Letters kept in this case")
        line = self.sent_list.fontMetrics().lineSpacing()
        self.sent_list.setMinimumHeight(line * 3 + 8)
        self.sent_list.setMaximumHeight(line * 6 + 8)
        s_label = QLabel("Letters kept in &this case:")
        s_label.setBuddy(self.sent_list)
        s_layout.addWidget(s_label)
        s_layout.addWidget(self.sent_list)
        row = QHBoxLayout()
        d_label = QLabel("Date s&ent:")
        self.sent_date = DateField("Date the letter was sent")
        d_label.setBuddy(self.sent_date.edit)
        self.mark_sent_button = QPushButton("Mark as sent")
        self.mark_sent_button.setAccessibleName("Mark the chosen letter as sent on this date")
        self.mark_sent_button.clicked.connect(self.mark_selected_sent)
        row.addWidget(d_label)
        row.addWidget(self.sent_date)
        row.addWidget(self.mark_sent_button)
        row.addStretch(1)
        s_layout.addLayout(row)
        self.body.addWidget(sent)
        self.body.addStretch(1)
        self._busy = 0
        self._keeping = False
        self._queue: list[str] = []
        self._kept: list[str] = []
        self._preview_generation = 0
        self._printer: Any = None

    # ------------------------------------------------------------ loading
    def load(self) -> None:
        current = self.selected_key()
        self.documents.blockSignals(True)
        self.documents.clear()
        for key in [*self.case.chosen_routes, production.SUMMARY, production.EASY_READ]:
            title = DOC_TITLES.get(key) or f"Letter: {route_title(key)}"
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.documents.addItem(item)
        self.documents.blockSignals(False)
        keys = [self.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.documents.count())]
        self.documents.setCurrentRow(keys.index(current) if current in keys else 0)
        has_store = self.context.store is not None
        self.save_button.setEnabled(has_store and not self._keeping)
        if not has_store:
            self.save_state.setText("Practice mode: this case is not being kept in the case store.")
        if not self.sent_date.text():
            self.sent_date.set_date(dt.date.today())
        self._load_sent()

    def selected_key(self) -> str | None:
        item = self.documents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, key: str) -> None:
        for i in range(self.documents.count()):
            if self.documents.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.documents.setCurrentRow(i)

    def _document_chosen(self, *_: Any) -> None:
        key = self.selected_key()
        if key is None:
            return
        self._preview_generation += 1
        generation = self._preview_generation
        self.preview.set_state("Preparing the preview…")
        self._run(production.build, production.snapshot(self.case), key, "pdf",
                  on_done=lambda built: self._previewed(generation, built),
                  on_error=lambda e: self._preview_failed(generation, e))

    def _previewed(self, generation: int, built: production.Built) -> None:
        if generation == self._preview_generation:
            self.preview.set_pdf(built.data)
            pages = self.preview.page_count()
            self.preview.set_state(f"{built.title}: {pages} page{'s' if pages != 1 else ''}.")

    def _preview_failed(self, generation: int, error: Any) -> None:
        if generation == self._preview_generation:
            self.preview.set_pdf(b"")
            self.preview.set_state(f"⚠ This document cannot be made yet. {error}")

    def _run(self, fn: Any, *args: Any, on_done: Any, on_error: Any) -> None:
        from advocate_app.gui.workers import run_in_background

        self._busy += 1

        def done(result: Any) -> None:
            self._busy -= 1
            on_done(result)

        def failed(error: Any) -> None:
            self._busy -= 1
            on_error(error)

        run_in_background(fn, *args, context=self, on_done=done, on_error=failed)

    @property
    def busy(self) -> bool:
        return self._busy > 0 or self._keeping

    # ------------------------------------------------------------ keeping
    def keep_all(self) -> None:
        """Build every chosen letter and the summaries, and keep them in the store."""
        store = self.context.store
        if store is None or self._keeping:
            return
        self.context.flush_case()
        if not self.case.id:
            self.save_state.setText("⚠ The case could not be saved yet, so nothing was kept. "
                                    "Your work is still here; please try again.")
            return
        self._queue = [*self.case.chosen_routes, production.SUMMARY, production.EASY_READ]
        self._kept = []
        self._problems: list[str] = []
        self._keeping = True
        self.save_button.setEnabled(False)
        self.save_state.setText("Preparing the documents…")
        self._keep_next()

    def _keep_next(self) -> None:
        if not self._queue:
            self._kept_all()
            return
        key = self._queue.pop(0)
        self._run(production.build, production.snapshot(self.case), key, "pdf",
                  on_done=self._store_built,
                  on_error=lambda e, k=key: self._keep_failed(k, e))

    def _store_built(self, built: production.Built) -> None:
        store, case = self.context.store, self.case
        today = dt.date.today()
        is_letter = built.key not in (production.SUMMARY, production.EASY_READ)
        kind = "letter" if is_letter else built.key
        try:
            store.save_document(case.id, kind=kind, route=built.key if is_letter else None,
                                title=built.title, data=built.data, fmt="pdf", produced=today)
        except UserError as error:
            self._problems.append(f"{built.title}: {error.message}")
        except Exception:  # noqa: BLE001 - one calm line, the rest carry on
            self._problems.append(f"{built.title}: it could not be kept just now.")
        else:
            self._kept.append(built.title)
            if is_letter:
                record = next((r for r in case.letters if r.route == built.key and r.sent is None), None)
                if record is None:
                    case.letters.append(LetterRecord(route=built.key, title=built.title, produced=today))
                else:
                    record.produced, record.title = today, built.title
                self.context.changed()
        self._keep_next()

    def _keep_failed(self, key: str, error: Any) -> None:
        title = DOC_TITLES.get(key) or f"Letter: {route_title(key)}"
        self._problems.append(f"{title}: {error}")
        self._keep_next()

    def _kept_all(self) -> None:
        self._keeping = False
        self.save_button.setEnabled(True)
        lines = []
        if self._kept:
            lines.append("✓ Kept in this case: " + "; ".join(self._kept) + ".")
        if self._problems:
            lines.append("⚠ Not kept yet (nothing you typed was lost): " + " ".join(self._problems))
        self.save_state.setText("\n".join(lines))
        self._load_sent()

    # ------------------------------------------------------------ sent
    def _stored_letters(self) -> list[Any]:
        store = self.context.store
        if store is None or not self.case.id:
            return []
        rows = self.context.call_core("listing the letters kept", store.list_documents, self.case.id)
        return [r for r in rows or [] if r.kind == "letter"]

    def _load_sent(self) -> None:
        self.sent_list.clear()
        rows = self._stored_letters()
        for row in rows:
            sent = f"sent {long_date(row.sent)}" if row.sent else "not sent yet"
            made = long_date(row.produced) if row.produced else "date not known"
            item = QListWidgetItem(f"{row.title} — kept {made} — {sent}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.sent_list.addItem(item)
        if not rows:
            self.sent_list.addItem("No letters kept yet.")
        self.mark_sent_button.setEnabled(bool(rows))
        if rows:
            self.sent_list.setCurrentRow(self.sent_list.count() - 1)

    def mark_selected_sent(self) -> None:
        item = self.sent_list.currentItem()
        doc_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        day = self.sent_date.date()
        if not doc_id:
            return
        if day is None:
            self.action_state.setText("⚠ Please type the date the letter was sent, for example 14/10/2026.")
            return
        store = self.context.store
        done = self.context.call_core("noting the letter as sent", self._mark_sent, store, doc_id, day)
        if done:
            self._load_sent()

    def _mark_sent(self, store: Any, doc_id: str, day: dt.date) -> bool:
        row = next(r for r in store.list_documents(self.case.id) if r.id == doc_id)
        store.mark_sent(doc_id, day)
        record = next((r for r in self.case.letters if r.route == row.route and r.sent is None), None)
        if record is None:
            record = LetterRecord(route=row.route or "", title=row.title, produced=row.produced)
            self.case.letters.append(record)
        record.sent = day
        self.context.changed()
        return True

    # ------------------------------------------------------------ print and export
    def print_selected(self) -> None:
        """The platform's print dialog, then the same PDF pages, rendered in the background."""
        data = self.preview.pdf_bytes
        key = self.selected_key()
        if not data or key is None:
            self.action_state.setText("⚠ The document is not ready yet. Please wait for the preview.")
            return
        printer = printing.new_printer(self.print_job_name(key))
        if not printing.ask_printer(printer, self):
            return
        self.action_state.setText("Preparing the pages for the printer…")
        self._printer = printer  # kept alive until the pages are painted
        self._run(printing.render_pages, data,
                  on_done=lambda pages: self._print_pages(printer, pages, key),
                  on_error=lambda e: self.action_state.setText(f"⚠ Nothing was printed. {e}"))

    def print_job_name(self, key: str) -> str:
        """What the print queue shows: the document and the case reference, no name."""
        from advocate_app.documents.context import case_reference

        title = DOC_TITLES.get(key) or f"Letter: {route_title(key)}"
        reference = case_reference(self.case) if self.case.id or self.case.extra.get("previous_id") else ""
        return f"{title} – ref {reference}" if reference else title

    def _print_pages(self, printer: Any, pages: list[Any], key: str) -> None:
        done = self.context.call_core("printing", printing.paint_pages, pages, printer)
        self._printer = None
        if done:
            self.action_state.setText("✓ Sent to the printer.")
            self._audit("printed", key)

    def export_selected(self, fmt: str) -> None:
        key = self.selected_key()
        if key is None:
            return
        from advocate_app.gui.services import dialogs

        title = DOC_TITLES.get(key) or f"Letter: {route_title(key)}"
        safe = "".join(c if c.isalnum() or c in " -_" else "-" for c in title).strip()
        ext = "pdf" if fmt == "pdf" else "docx"
        filters = "PDF files (*.pdf)" if fmt == "pdf" else "Word documents (*.docx)"
        if not dialogs().confirm(EXPORT_WARNING + "\n\nExport a copy?", title="Export a copy",
                                 yes_text="Export", no_text="Cancel", parent=self):
            return
        path = dialogs().save_file_name(title="Export a copy (not encrypted)",
                                        suggested=str(export_folder() / f"{safe}.{ext}"),
                                        filters=filters, parent=self)
        if not path:
            return
        if not path.lower().endswith("." + ext):
            path += "." + ext
        self.action_state.setText("Preparing the file…")
        self._run(production.build, production.snapshot(self.case), key, fmt,
                  on_done=lambda built: self._write_export(Path(path), built, key),
                  on_error=lambda e: self.action_state.setText(f"⚠ The file could not be made. {e}"))

    def _write_export(self, path: Path, built: production.Built, key: str) -> None:
        try:
            write_atomically(path, built.data)
        except OSError:
            self.action_state.setText("⚠ The file could not be written there. Nothing was lost; please choose "
                                      "another folder.")
            return
        self.action_state.setText(f"✓ Exported to {path.name}. Remember: this copy is not encrypted.")
        self._audit("exported", key)

    def _audit(self, event: str, key: str) -> None:
        store = self.context.store
        if store is None or not self.case.id:
            return
        self.context.call_core("noting this in the case history", store.audit, self.case.id, event, key)

    def store_answers(self) -> None:
        """Actions on this page write what they change as they happen."""

    def first_focus(self) -> QWidget:
        return self.save_button
