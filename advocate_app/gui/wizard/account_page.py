"""Step 2: the person's account in their own words, and a timeline of what happened.

The account is recorded once and every letter reuses it. As the advocate
types, phrases that may show a harm are underlined; the list under the text
says the same in words, for keyboard and screen-reader users.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from advocate_app.gui.wizard.fields import format_date, note, parse_date
from advocate_app.gui.wizard.highlighter import LiveEvidence, QtSpan
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.model.case import Incident
from advocate_app.model.findings import reanchor_all

TIMELINE_COLUMNS = (("When", "date"), ("What happened", "what"), ("Organisation", "organisation"),
                    ("Who (their role)", "role"))


def may_show(labels: tuple[str, ...]) -> str:
    return "This part of the account may show: " + "; ".join(labels) + "."


class AccountPage(WizardPage):
    key = "account"
    title = "The account"
    intro = ("What happened, in the person's own words. Write it once: every letter uses it, "
             "so the person never has to tell it again. Underlined phrases may show a harm; "
             "you and the person decide on the next step whether they fit.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # The page scrolls inside the editor, not around it.
        self.scroll.setWidgetResizable(True)
        label = QLabel("The person's &account:")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("account-editor")
        self.editor.setAccessibleName("The person's account")
        self.editor.setAccessibleDescription(
            "Type or paste what happened, in the person's words. Press Tab to move on.")
        self.editor.setPlaceholderText("For example: \"Since August one of the support workers has been ...\"")
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(self.editor.fontMetrics().lineSpacing() * 12)
        label.setBuddy(self.editor)
        self.count = QLabel()
        self.count.setAccessibleName("Length of the account")
        self.at_cursor = QLabel(" ")
        self.at_cursor.setWordWrap(True)
        self.at_cursor.setAccessibleName("Phrase at the cursor")

        phrases_label = QLabel("Phrases noticed (press Enter to go to one):")
        self.phrases = QListWidget()
        self.phrases.setObjectName("account-phrases")
        self.phrases.setAccessibleName("Phrases noticed in the account")
        line = self.phrases.fontMetrics().lineSpacing()
        self.phrases.setMinimumHeight(line * 3 + 8)
        self.phrases.setMaximumHeight(line * 6 + 8)
        phrases_label.setBuddy(self.phrases)
        self.phrases.itemActivated.connect(self._go_to_phrase)
        self.match_state = QLabel("")
        self.match_state.setWordWrap(True)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label)
        top_layout.addWidget(self.editor, 1)
        info = QHBoxLayout()
        info.addWidget(self.at_cursor, 1)
        info.addWidget(self.count)
        top_layout.addLayout(info)
        top_layout.addWidget(phrases_label)
        top_layout.addWidget(self.phrases)
        top_layout.addWidget(self.match_state)

        timeline = QGroupBox("Timeline of what happened")
        t_layout = QVBoxLayout(timeline)
        t_layout.addWidget(note("One row for each thing that happened. 'When' can be a date "
                                "(14/10/2026) or words such as 'around March 2024'."))
        self.table = QTableWidget(0, len(TIMELINE_COLUMNS))
        self.table.setObjectName("timeline")
        self.table.setAccessibleName("Timeline of what happened")
        self.table.setHorizontalHeaderLabels([c for c, _ in TIMELINE_COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # "What happened" wraps to its column: rows follow when the column's width changes.
        # The header settles its stretched column after the table is resized, so the rows are
        # measured a moment later (a single-shot timer restarted by each change).
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(30)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda index, _old, _new: index == 1 and self._rows_timer.start())
        self.table.viewport().installEventFilter(self)
        self._fit_columns()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 11)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._timeline_edited)
        t_layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_incident = QPushButton("Add to the &timeline")
        self.add_incident.setAccessibleName("Add a row to the timeline")
        self.remove_incident = QPushButton("Remove the selected row")
        self.remove_incident.setAccessibleName("Remove the selected timeline row")
        self.add_incident.clicked.connect(self.add_row)
        self.remove_incident.clicked.connect(self.remove_row)
        row.addWidget(self.add_incident)
        row.addWidget(self.remove_incident)
        row.addStretch(1)
        t_layout.addLayout(row)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(timeline)
        # Even shares: with a 2:1 share the timeline got only its minimum height at 150%, and its
        # wrapped note pushed the buttons over the table.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.body.addWidget(split, 1)

        self.live = LiveEvidence(self.editor.document(), self.editor.toPlainText, parent=self)
        self.live.highlighter.restyle(self.editor.palette())
        self.live.updated.connect(self._spans_applied)
        self.live.failed.connect(self._matching_failed)
        self.editor.textChanged.connect(self._account_edited)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.viewport().installEventFilter(self)
        self._incidents: list[Incident] = []
        self._listed: list[QtSpan] = []
        self._dirty_anchor = False

    # ------------------------------------------------------------ account
    def load(self) -> None:
        if self.editor.toPlainText() != self.case.account:
            self.editor.setPlainText(self.case.account)
        self._update_count()
        self._load_timeline()

    def _account_edited(self) -> None:
        if self._loading:
            return
        self.case.account = self.editor.toPlainText()
        self._dirty_anchor = True
        self.context.changed()

    def store_answers(self) -> None:
        self.case.account = self.editor.toPlainText()

    def leave(self) -> None:
        self._reanchor()

    def _reanchor(self) -> None:
        """Keep every finding's quotes pointing at the right words of the edited account."""
        if self._dirty_anchor:
            self._dirty_anchor = False
            reanchor_all(self.case.findings, self.case.account)

    def _update_count(self) -> None:
        words = len(self.editor.toPlainText().split())
        self.count.setText(f"{words:,} word{'s' if words != 1 else ''}")

    def _spans_applied(self, spans: list[QtSpan]) -> None:
        self._update_count()
        self._reanchor()
        self.match_state.setText("")
        if spans == self._listed and self.phrases.count():
            self._cursor_moved()
            return
        self._listed = list(spans)
        self.phrases.setUpdatesEnabled(False)
        self.phrases.clear()
        doc = self.editor.document()
        for span in spans:
            cursor = QTextCursor(doc)
            cursor.setPosition(span.start)
            cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
            phrase = cursor.selectedText().replace("\u2029", " ")
            if len(phrase) > 80:
                phrase = phrase[:77] + "…"
            item = QListWidgetItem(f"“{phrase}” — may show: {'; '.join(span.labels)}")
            item.setData(Qt.ItemDataRole.UserRole, span.start)
            item.setToolTip(may_show(span.labels))
            self.phrases.addItem(item)
        if not spans:
            self.phrases.addItem("Nothing noticed yet. That is fine: you can add harms yourself on the next step.")
        self.phrases.setUpdatesEnabled(True)
        self._cursor_moved()

    def _matching_failed(self, message: str) -> None:
        self.match_state.setText("Underlining is not available just now. " + message)

    def _go_to_phrase(self, item: QListWidgetItem) -> None:
        start = item.data(Qt.ItemDataRole.UserRole)
        if start is None:
            return
        cursor = self.editor.textCursor()
        cursor.setPosition(int(start))
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.editor.setFocus()

    def _cursor_moved(self) -> None:
        span = self.live.highlighter.span_at(self.editor.textCursor().position())
        self.at_cursor.setText(may_show(span.labels) if span else " ")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.PaletteChange:
            self.live.highlighter.restyle(self.editor.palette())
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self._fit_columns()
        super().changeEvent(event)

    def _fit_columns(self) -> None:
        """Every timeline column as wide as its heading and its longest "When", organisation
        or role (within reason, then the text wraps), at any text size; "What happened" takes the rest.

        Run on loading, after each edit and when the text size changes, so a date typed in
        words ("around March 2024") is never shown as "aro…".
        """
        table, metrics = self.table, self.table.fontMetrics()
        header = table.horizontalHeader()
        pad = metrics.averageCharWidth() * 3
        caps = {0: None, 2: metrics.averageCharWidth() * 30, 3: metrics.averageCharWidth() * 24}
        for column, cap in caps.items():
            texts = [table.item(r, column).text() for r in range(table.rowCount()) if table.item(r, column)]
            widest = max([metrics.horizontalAdvance(t) for t in texts] + [metrics.horizontalAdvance("00/00/0000")])
            width = max(widest + pad, header.sectionSizeHint(column) + pad // 2)
            table.setColumnWidth(column, min(width, cap) if cap else width)
        table.resizeRowsToContents()
        if hasattr(self, "_rows_timer"):
            self._rows_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.table.viewport() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._rows_timer.start()  # rows as tall as their wrapped words at this width
        if watched is self.editor.viewport() and event.type() == QEvent.Type.ToolTip:
            cursor = self.editor.cursorForPosition(event.pos())
            rect = self.editor.cursorRect(cursor)
            span = self.live.highlighter.span_at(cursor.position())
            if span is None and cursor.position() > 0:
                span = self.live.highlighter.span_at(cursor.position() - 1)
            if span and abs(rect.center().y() - event.pos().y()) <= rect.height():
                QToolTip.showText(event.globalPos(), may_show(span.labels), self.editor)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ timeline
    def _load_timeline(self) -> None:
        self._incidents = self.case.timeline
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._incidents))
        for r, incident in enumerate(self._incidents):
            when = format_date(incident.date) if incident.date else (incident.date_text or "")
            values = (when, incident.what, incident.organisation, incident.role)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value or ""))
        self._fit_columns()
        self.table.blockSignals(False)
        self.remove_incident.setEnabled(bool(self._incidents))

    def _timeline_edited(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        r, c = item.row(), item.column()
        if not 0 <= r < len(self.case.timeline):
            return
        incident = self.case.timeline[r]
        text = item.text().strip()
        attr = TIMELINE_COLUMNS[c][1]
        if attr == "date":
            parsed = parse_date(text)
            incident.date = parsed
            incident.date_text = None if parsed or not text else text
        else:
            setattr(incident, attr, text or None)
        self._fit_columns()
        self.context.changed()

    def add_row(self) -> None:
        self.case.timeline.append(Incident())
        self._load_timeline()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, 0))
        self.context.changed()

    def remove_row(self) -> None:
        """Remove the selected timeline row; asks first if anything was typed into it."""
        from advocate_app.gui.wizard.records import confirm_removal, has_content

        row = self.table.currentRow()
        if 0 <= row < len(self.case.timeline):
            incident = self.case.timeline[row]
            summary = " — ".join(self.table.item(row, c).text() for c in range(self.table.columnCount())
                                 if self.table.item(row, c) and self.table.item(row, c).text())
            if has_content(incident) and not confirm_removal("timeline row", summary, self):
                return
            del self.case.timeline[row]
            self._load_timeline()
            self.context.changed()

    def first_focus(self) -> QWidget:
        return self.editor

    @property
    def busy(self) -> bool:
        """Matching is waiting for a pause in typing or running."""
        return self.live.busy

    def set_matcher(self, matcher: Any) -> None:
        """Use another matcher (tests, benchmarks)."""
        self.live._matcher = matcher
