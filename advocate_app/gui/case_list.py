"""The case list: who the advocate is helping, what is due next, what needs review.

Why a model and a proxy: the store hands over plain rows (`CaseRow`); the
table model only presents them, the proxy filters by name and by retention
review as the advocate types, without asking the store again.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from advocate_app.gui.theme import Heading

COLUMNS = ("Name", "Last changed", "Next deadline", "Status")
NAME, UPDATED, DEADLINE, STATUS = range(4)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def as_date(value: Any) -> dt.date | None:
    """Accept the date forms a row may carry: date, datetime, ISO text, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and not callable(value.date):  # a deadline object with .date
        return as_date(value.date)
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def format_date(value: Any) -> str:
    day = as_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def format_updated(value: Any, today: dt.date | None = None) -> str:
    """When a case was last saved, in local time: "Today 14:05", "Yesterday 09:30", or a date."""
    if isinstance(value, dt.datetime):
        local = value.astimezone() if value.tzinfo else value
        today = today or dt.date.today()
        if local.date() == today:
            return f"Today {local:%H:%M}"
        if local.date() == today - dt.timedelta(days=1):
            return f"Yesterday {local:%H:%M}"
        return format_date(local.date())
    return format_date(value)


def deadline_label(value: Any) -> str:
    """What the deadline is for, when the store says so ("ombudsman", "reply due")."""
    for attr in ("label", "what", "description", "route"):
        text = getattr(value, attr, None)
        if isinstance(text, str) and text:
            return text
    return ""


def _sort_key(value: Any) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


class CaseTableModel(QAbstractTableModel):
    """Rows from `store.list_cases()`, with a status that says it in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._review_ids: set[str] = set()
        self.today = dt.date.today()

    def set_rows(self, rows: Sequence[Any], review_ids: set[str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._review_ids = set(review_ids) if review_ids is not None else {
            r.id for r in self._rows if getattr(r, "retention_due", False)}
        self.today = dt.date.today()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], set())

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def needs_review(self, row: Any) -> bool:
        return row.id in self._review_ids

    def review_count(self) -> int:
        return sum(1 for r in self._rows if r.id in self._review_ids)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[section]
        return None

    def status_text(self, row: Any) -> str:
        if self.needs_review(row):
            return f"Closed {format_date(row.closed)}: due for retention review".replace("Closed :", "Closed:")
        if as_date(row.closed):
            return f"Closed {format_date(row.closed)}"
        return "Open"

    def deadline_text(self, row: Any) -> str:
        day = as_date(row.next_deadline)
        if day is None:
            return ""
        text = format_date(day)
        label = getattr(row, "next_deadline_what", None) or deadline_label(row.next_deadline)
        if label:
            text = f"{text} ({label})"
        if day < self.today:
            text += ": passed"
        elif day == self.today:
            text += ": today"
        return text

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == NAME:
                return row.name or "(no name yet)"
            if col == UPDATED:
                return format_updated(row.updated, self.today)
            if col == DEADLINE:
                return self.deadline_text(row)
            return self.status_text(row)
        if role == Qt.ItemDataRole.ToolTipRole and col == STATUS and self.needs_review(row):
            return "Closed long enough ago that it should be reviewed, and deleted if no longer needed."
        if role == SORT_ROLE:
            if col == NAME:
                return (row.name or "").casefold()
            if col == UPDATED:
                updated = row.updated.isoformat() if isinstance(row.updated, dt.datetime) else _sort_key(row.updated)
                return updated or _sort_key(row.created)
            if col == DEADLINE:
                return _sort_key(row.next_deadline) or "9999"
            return self.status_text(row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.FontRole:
            day = as_date(row.next_deadline)
            urgent = col == DEADLINE and day is not None and day <= self.today
            if urgent or (col == STATUS and self.needs_review(row)):
                font = QFont()
                font.setBold(True)
                return font
        return None


class CaseFilter(QSortFilterProxyModel):
    """Name contains the search text (any case); optionally only cases due for review."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._review_only = False
        self.setSortRole(SORT_ROLE)

    def _change_filter(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", text.strip().casefold()))

    def set_review_only(self, on: bool) -> None:
        self._change_filter(lambda: setattr(self, "_review_only", on))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: CaseTableModel = self.sourceModel()  # type: ignore[assignment]
        row = model.row_at(source_row)
        if self._review_only and not model.needs_review(row):
            return False
        if self._text:
            names = f"{row.name or ''}\n{getattr(row, 'preferred_name', '') or ''}".casefold()
            return self._text in names
        return True


class CaseListPage(QWidget):
    """The list with its search box, review filter and the buttons for what to do next."""

    new_requested = Signal()
    open_requested = Signal(str)
    resume_requested = Signal()
    delete_requested = Signal(str)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Case list")
        self.model = CaseTableModel(self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)

        heading = Heading("Your cases")
        heading.setAccessibleName("Your cases")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a name")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases by name")
        search_label = QLabel("&Search by name:")
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._filter_changed)

        self.review_only = QCheckBox("Show only cases due for &retention review")
        self.review_only.setAccessibleName("Show only cases due for retention review")
        self.review_only.setAccessibleDescription(
            "Closed cases kept longer than the review period you chose in Settings.")
        self.review_only.toggled.connect(self._filter_changed)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Cases")
        self.table.setAccessibleDescription("Press Enter to open the selected case.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The name is what the advocate looks for: it is never squeezed; the status takes what is left.
        for col in (NAME, UPDATED, DEADLINE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 8)
        self.table.sortByColumn(UPDATED, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        table_label = QLabel("&Cases:")
        table_label.setBuddy(self.table)

        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of the case list")

        self.new_button = QPushButton("&New case")
        self.open_button = QPushButton("&Open")
        self.resume_button = QPushButton("Resu&me last case")
        self.delete_button = QPushButton("&Delete…")
        for button, name, description in (
            (self.new_button, "New case", "Start a new case"),
            (self.open_button, "Open case", "Open the selected case where it was left"),
            (self.resume_button, "Resume last case", "Open the case you worked on most recently"),
            (self.delete_button, "Delete case", "Delete the selected case for good, after asking"),
        ):
            button.setAccessibleName(name)
            button.setAccessibleDescription(description)
            button.setToolTip(description)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(self.resume_requested)
        self.delete_button.clicked.connect(self._delete_selected)

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(search_row)
        layout.addWidget(self.review_only)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self._update_texts()

    # ------------------------------------------------------------ data

    def set_rows(self, rows: Sequence[Any], review_ids: set[str] | None = None) -> None:
        keep = self.selected_id()
        self.model.set_rows(rows, review_ids)
        if keep:
            self.select_id(keep)
        self._update_texts()

    def clear(self) -> None:
        """Forget every row and the search text (on lock: nothing personal left on screen)."""
        self.model.clear()
        self.search.clear()
        self.review_only.setChecked(False)
        self._update_texts()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return rows[0].data(ID_ROLE)

    def selected_name(self) -> str:
        rows = self.table.selectionModel().selectedRows(NAME)
        return rows[0].data() if rows else ""

    def select_id(self, case_id: str) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, NAME)
            if index.data(ID_ROLE) == case_id:
                self.table.selectRow(r)
                self.table.setCurrentIndex(index)
                return True
        return False

    def visible_names(self) -> list[str]:
        return [self.proxy.index(r, NAME).data() for r in range(self.proxy.rowCount())]

    def most_recent_open_id(self) -> str | None:
        """The case to resume: the open case changed most recently."""
        candidates = [self.model.row_at(r) for r in range(self.model.rowCount())]
        open_rows = [r for r in candidates if not as_date(r.closed)] or candidates
        if not open_rows:
            return None
        def when(r: Any) -> str:
            return r.updated.isoformat() if isinstance(r.updated, dt.datetime) else _sort_key(r.updated)

        return max(open_rows, key=lambda r: (when(r), _sort_key(r.created))).id

    # ------------------------------------------------------------ behaviour

    def _filter_changed(self, *_: Any) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_review_only(self.review_only.isChecked())
        if self.proxy.rowCount() and not self.selected_id():
            self.table.selectRow(0)
        self._update_texts()

    def _selection_changed(self) -> None:
        has = self.selected_id() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.selection_changed.emit()

    def _activated(self, index: QModelIndex) -> None:
        case_id = index.data(ID_ROLE)
        if case_id:
            self.open_requested.emit(case_id)

    def _open_selected(self) -> None:
        case_id = self.selected_id()
        if case_id:
            self.open_requested.emit(case_id)

    def _delete_selected(self) -> None:
        case_id = self.selected_id()
        if case_id:
            self.delete_requested.emit(case_id)

    def _update_texts(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        review = self.model.review_count()
        self.review_only.setText(f"Show only cases due for &retention review ({review})")
        parts = [f"{total} case{'s' if total != 1 else ''}."]
        if review:
            parts.append(f"{review} {'is' if review == 1 else 'are'} due for retention review.")
        if shown != total:
            parts.append(f"Showing {shown}.")
        self.summary.setText(" ".join(parts))
        if total == 0:
            self.empty_note.setText("No cases yet. Choose New case to start one.")
        elif shown == 0:
            self.empty_note.setText("No case matches. Try fewer letters, or clear the search.")
        self.empty_note.setVisible(shown == 0)
        self.resume_button.setEnabled(total > 0)
        self._selection_changed()
