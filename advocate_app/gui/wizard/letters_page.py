"""Step 7: the drafted letter for each chosen route, editable, beside the real PDF.

The preview is the PDF the documents package renders (never an imitation),
rebuilt in the background a moment after the advocate stops typing. Edited
wording is kept in the case, so it survives closing the app and new answers.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from advocate_app.documents.edits import apply_edits, edits_for, forget_edits, is_stale, set_edits
from advocate_app.gui.wizard import production
from advocate_app.gui.wizard.fields import note
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.gui.wizard.pdf_preview import PdfPreview

PREVIEW_DELAY_MS = 600


def route_title(route_id: str) -> str:
    try:
        from advocate_app.documents.letters import route_settings

        return route_settings()[route_id]["title"]
    except Exception:  # noqa: BLE001 - the title is cosmetic
        return route_id


class LettersPage(WizardPage):
    key = "letters"
    title = "Letters"
    intro = ("Each chosen route has a drafted letter. Read it with the person and change any words "
             "you like on the left; the right shows the letter exactly as it will print. Names and "
             "addresses come from steps 1 and 4: change them there.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        top = QHBoxLayout()
        label = QLabel("&Letter for:")
        self.route = QComboBox()
        self.route.setAccessibleName("Which letter to show")
        label.setBuddy(self.route)
        self.large_print = QCheckBox("Large &print")
        self.large_print.setAccessibleName("Large print letters and summaries")
        top.addWidget(label)
        top.addWidget(self.route, 1)
        top.addWidget(self.large_print)
        self.body.addLayout(top)
        self.empty = note("No routes are chosen yet. Choose one or more on step 6, Routes.")
        self.body.addWidget(self.empty)
        self.checks = note("")
        self.checks.setObjectName("letter-checks")
        self.checks.setTextFormat(Qt.TextFormat.PlainText)
        self.checks.hide()
        self.body.addWidget(self.checks)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        edit_label = QLabel("The letter's &wording (you can edit it):")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("letter-editor")
        self.editor.setAccessibleName("The letter's wording")
        self.editor.setAccessibleDescription(
            "Blank lines separate paragraphs. Lines starting '- ' are a list, '> ' the person's words, "
            "'# ' a heading. Press Tab to move on.")
        self.editor.setTabChangesFocus(True)
        edit_label.setBuddy(self.editor)
        self.stale = note("")
        self.stale.hide()
        self.reset = QPushButton("Go back to the drafted wording")
        self.reset.setAccessibleName("Go back to the drafted wording (your edits to this letter are removed)")
        self.reset.clicked.connect(self.reset_to_draft)
        left_layout.addWidget(edit_label)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(note("A blank line starts a new paragraph. Lines starting '- ' are a list, "
                                   "'> ' the person's own words, '# ' or '## ' a heading."))
        left_layout.addWidget(self.stale)
        row = QHBoxLayout()
        row.addWidget(self.reset)
        row.addStretch(1)
        left_layout.addLayout(row)

        self.preview = PdfPreview("Preview of the letter as it will print")
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(self.preview)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self.body.addWidget(self.split, 1)
        self.split.setMinimumHeight(self.fontMetrics().lineSpacing() * 24)

        self._route_id: str | None = None
        self._draft_doc: Any = None
        self._draft_text = ""
        self._generation = 0
        self._building = False
        self.builds = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.rebuild_preview)
        self.route.currentIndexChanged.connect(self._route_chosen)
        self.large_print.toggled.connect(self._large_print_toggled)
        self.editor.textChanged.connect(self._edited)

    # ------------------------------------------------------------ loading
    def load(self) -> None:
        self.large_print.setChecked(production.large_print(self.case))
        routes = list(self.case.chosen_routes)
        current = self._route_id if self._route_id in routes else (routes[0] if routes else None)
        self.route.blockSignals(True)
        self.route.clear()
        for rid in routes:
            self.route.addItem(route_title(rid), rid)
        self.route.blockSignals(False)
        has = bool(routes)
        self.empty.setVisible(not has)
        self.split.setVisible(has)
        self.route.setEnabled(has)
        if current is not None:
            self.route.setCurrentIndex(routes.index(current))
            self.show_route(current, force=True)

    def _route_chosen(self, index: int) -> None:
        rid = self.route.itemData(index)
        if rid:
            self.show_route(rid)

    def show_route(self, route_id: str, force: bool = False) -> None:
        """Draft the letter for `route_id` in the background and show it."""
        if route_id == self._route_id and not force and self._draft_doc is not None:
            return
        self._route_id = route_id
        self._draft_doc = None
        self._generation += 1
        generation = self._generation
        self._set_editor_enabled(False)
        self.preview.set_state("Drafting the letter…")
        from advocate_app.gui.workers import run_in_background

        self._building = True
        run_in_background(production.draft_letter, production.snapshot(self.case), route_id, context=self,
                          on_done=lambda result: self._drafted(generation, route_id, result),
                          on_error=lambda error: self._failed(generation, error))

    def _drafted(self, generation: int, route_id: str, result: tuple[Any, str]) -> None:
        self._building = False
        if generation != self._generation:
            return
        doc, draft = result
        self._draft_doc = doc
        self._draft_text = draft
        self._show_checks(list(getattr(doc, "checks", []) or []))
        entry = edits_for(self.case, route_id)
        text = entry.text if entry else draft
        self._loading = True
        try:
            if self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        finally:
            self._loading = False
        self._set_editor_enabled(True)
        self._show_stale()
        self.rebuild_preview()

    def _failed(self, generation: int, error: Any) -> None:
        self._building = False
        if generation != self._generation:
            return
        self._show_checks([])
        self.preview.set_pdf(b"")
        self.preview.set_state(f"⚠ This letter cannot be drafted yet. {error}")
        entry = edits_for(self.case, self._route_id or "")
        if entry:
            self._loading = True
            self.editor.setPlainText(entry.text)
            self._loading = False
            self._set_editor_enabled(True)

    def _show_checks(self, checks: list[str]) -> None:
        """The advocate's checklist for this letter: points to verify, never printed in the letter."""
        if not checks:
            self.checks.hide()
            return
        text = "ℹ Before this letter goes out, please check (this list is not part of the letter):\n" + \
            "\n".join(f"• {item}" for item in checks)
        self.checks.setText(text)
        self.checks.setAccessibleName("Points to check before this letter goes out")
        self.checks.setAccessibleDescription(text)
        self.checks.show()

    def _set_editor_enabled(self, on: bool) -> None:
        self.editor.setReadOnly(not on)
        self.reset.setEnabled(on and edits_for(self.case, self._route_id or "") is not None)

    def _show_stale(self) -> None:
        stale = is_stale(self.case, self._route_id or "", self._draft_text)
        self.stale.setText("ℹ The drafted letter has changed since you edited it (answers on earlier steps "
                           "changed). Your edited wording is still used. To see the new draft, choose "
                           "'Go back to the drafted wording'.")
        self.stale.setVisible(stale)

    # ------------------------------------------------------------ editing
    def _edited(self) -> None:
        if self._loading or self._route_id is None or self.editor.isReadOnly():
            return
        entry = edits_for(self.case, self._route_id)
        draft = self._draft_text if self._draft_doc is not None else ((entry.draft or "") if entry else "")
        set_edits(self.case, self._route_id, self.editor.toPlainText(), draft)
        self.reset.setEnabled(edits_for(self.case, self._route_id) is not None)
        self.context.changed()
        self.preview.set_state("The preview will update when you pause typing…")
        self._timer.start()

    def reset_to_draft(self) -> None:
        if self._route_id is None:
            return
        forget_edits(self.case, self._route_id)
        self.context.changed()
        self.show_route(self._route_id, force=True)

    def _large_print_toggled(self, on: bool) -> None:
        if self._loading:
            return
        if on:
            self.case.extra[production.LARGE_PRINT_KEY] = True
        else:
            self.case.extra.pop(production.LARGE_PRINT_KEY, None)
        self.context.changed()
        if self._route_id:
            self.show_route(self._route_id, force=True)

    def rebuild_preview(self) -> None:
        """Render the current wording to PDF in the background."""
        self._timer.stop()
        if self._draft_doc is None or self._route_id is None:
            return
        doc, _stale = apply_edits(self._draft_doc, self.case, self._route_id)
        self._generation += 1
        generation = self._generation
        self.preview.set_state("Updating the preview…")
        from advocate_app.gui.workers import run_in_background

        self._building = True
        run_in_background(production.render, production.snapshot(doc), "pdf", context=self,
                          on_done=lambda data: self._rendered(generation, data),
                          on_error=lambda error: self._render_failed(generation, error))

    def _rendered(self, generation: int, data: bytes) -> None:
        self._building = False
        if generation != self._generation:
            return
        self.builds += 1
        if self.preview.set_pdf(data):
            pages = self.preview.page_count()
            self.preview.set_state(f"Preview up to date: {pages} page{'s' if pages != 1 else ''}.")
        else:
            self.preview.set_state("⚠ The preview could not be shown. Your wording is kept.")

    def _render_failed(self, generation: int, error: Any) -> None:
        self._building = False
        if generation == self._generation:
            self.preview.set_state(f"⚠ The preview could not be made. Your wording is kept. {error}")

    @property
    def busy(self) -> bool:
        return self._building or self._timer.isActive()

    def store_answers(self) -> None:
        """Edits are written as they are typed."""

    def leave(self) -> None:
        self._timer.stop()

    def first_focus(self) -> QWidget:
        return self.route
