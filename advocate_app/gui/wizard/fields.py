"""Small labelled form controls the wizard pages share.

Why: every control needs a visible label, an accessible name and keyboard
access, and many answers may be "not known yet" (a missing date, a yes/no
nobody has asked). Building that once keeps the pages short and consistent.
Nothing here sets a point size: text follows the application font, so it
scales with the system setting.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

_MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def parse_date(text: str) -> dt.date | None:
    """A date from what people type: 2026-10-14, 14/10/2026, 14.10.26, 14 October 2026.

    Day first, as in England. Returns None for anything that is not one exact day
    (e.g. "around March 2024"), which callers keep as text instead.
    """
    s = text.strip().lower().rstrip(".")
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return _safe_date(y, mo, d)
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", s)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        if y < 100:
            y += 2000
        return _safe_date(y, mo, d)
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+),?\s+(\d{4})", s)
    if m and m.group(2) in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    return None


def _safe_date(y: int, mo: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def format_date(value: dt.date | None) -> str:
    """How a date is shown for editing: day first, as people in England write it."""
    return value.strftime("%d/%m/%Y") if value else ""


def long_date(value: dt.date) -> str:
    return f"{value.strftime('%A')} {value.day} {value.strftime('%B %Y')}"


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """A font relative to the application's, so headings grow with the system font."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(label.font(), 1.35 if level == 1 else 1.12, bold=True))
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setProperty("heading", level)
    return label


class StackedForm(QVBoxLayout):
    """Question above answer, for whole-sentence questions: labels wrap to the page width
    (a QFormLayout would give a wrapped label only its preferred width, or clip it)."""

    def addRow(self, label: QWidget, field: Any = None) -> None:  # noqa: N802 - QFormLayout's name
        if isinstance(label, QLabel):
            label.setWordWrap(True)
        if field is None:
            self.addWidget(label)
            return
        self.addWidget(label)
        if isinstance(field, QWidget):
            self.addWidget(field)
        else:
            self.addLayout(field)
        self.addSpacing(max(4, label.fontMetrics().height() // 3))


def form(parent: QWidget | None = None, stacked: bool = False) -> Any:
    """A form whose labels never get clipped: short labels beside their fields, or
    (`stacked`) whole-sentence questions above their answers."""
    if stacked:
        layout: Any = StackedForm(parent) if parent is not None else StackedForm()
        return layout
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return layout


class NoteLabel(QLabel):
    """A paragraph whose accessible name follows its text (notes filled in later have one too)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setAccessibleName(QLabel.text(self)[:120] or "Note")


def note(text: str) -> QLabel:
    """A paragraph of plain guidance (selectable with the mouse; not a Tab stop)."""
    label = NoteLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def name_combo_parts(root: QWidget) -> None:
    """Give each drop-down's own text field and list the drop-down's name: a screen reader
    lands on them, and would otherwise announce an unnamed "edit" or "list"."""
    for combo in root.findChildren(QComboBox):
        name = combo.accessibleName()
        if not name:
            continue
        if combo.lineEdit() is not None and not combo.lineEdit().accessibleName():
            combo.lineEdit().setAccessibleName(name)
        if not combo.view().accessibleName():
            combo.view().setAccessibleName(f"Choices for: {name}")


class StatusNote(QLabel):
    """A line of news (saved, exported, a problem) that takes no room while it is empty."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setAccessibleName(text[:120] or "Status")
        self.setVisible(bool(text.strip()))


def line_edit(label_text: str, *, placeholder: str = "", object_name: str = "") -> tuple[QLabel, QLineEdit]:
    """A one-line field with a visible label bound as its buddy (Alt+letter works)."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return _labelled(label_text, edit, object_name), edit


def text_edit(label_text: str, *, placeholder: str = "", object_name: str = "",
              lines: int = 3) -> tuple[QLabel, QPlainTextEdit]:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    line = edit.fontMetrics().lineSpacing()
    edit.setMinimumHeight(line * lines + 12)
    edit.setMaximumHeight(line * (lines + 2) + 12)
    return _labelled(label_text, edit, object_name), edit


def _labelled(label_text: str, widget: QWidget, object_name: str) -> QLabel:
    label = QLabel(label_text)
    label.setBuddy(widget)
    plain = label_text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")
    widget.setAccessibleName(plain.rstrip(":"))
    if object_name:
        widget.setObjectName(object_name)
    return label


class DateField(QWidget):
    """A date typed the way people write it, echoed back in words so mistakes show.

    Empty means "not known yet". Text that is not a date is never thrown away:
    `text()` still holds it and the hint says what was not understood.
    """

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("DD/MM/YYYY")
        self.edit.setAccessibleName(accessible_name)
        self.edit.setAccessibleDescription("Type a date such as 14/10/2026. Leave empty if not known yet.")
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.hint = QLabel()
        self.hint.setAccessibleName(f"{accessible_name}: as understood")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text)

    def _on_text(self) -> None:
        self._update_hint()
        self.changed.emit()

    def _update_hint(self) -> None:
        text = self.edit.text().strip()
        value = parse_date(text)
        if not text:
            self.hint.setText("")
        elif value:
            self.hint.setText(long_date(value))
        else:
            self.hint.setText("Not a date I can read yet: try 14/10/2026")

    def date(self) -> dt.date | None:
        return parse_date(self.edit.text())

    def text(self) -> str:
        return self.edit.text()

    def set_date(self, value: dt.date | None) -> None:
        self.edit.blockSignals(True)
        self.edit.setText(format_date(value))
        self.edit.blockSignals(False)
        self._update_hint()


class TriState(QComboBox):
    """Yes / No / Not known yet, because most facts start unknown and that is fine.

    The answer is read from the row, not stored as item data: PySide6 keeps
    Python objects in item data by reference, and destroying the combo box
    then releases True/False/None once too often (an interpreter abort).
    """

    VALUES: tuple[bool | None, ...] = (None, True, False)
    LABELS = ("Not known yet", "Yes", "No")

    def __init__(self, accessible_name: str, parent: QWidget | None = None,
                 labels: tuple[str, str, str] | None = None) -> None:
        super().__init__(parent)
        self.addItems(list(labels or self.LABELS))
        self.setAccessibleName(accessible_name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def value(self) -> bool | None:
        i = self.currentIndex()
        return self.VALUES[i] if 0 <= i < len(self.VALUES) else None

    def set_value(self, value: bool | None) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(self.VALUES.index(value))
        self.blockSignals(False)


def question_row(text: str, control: QWidget) -> QWidget:
    """A question in words with its answer control beside it, label bound as buddy."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setBuddy(control)
    layout.addWidget(label)
    row = QHBoxLayout()
    row.addWidget(control)
    row.addStretch(1)
    layout.addLayout(row)
    return box


def none_if_blank(text: str) -> str | None:
    text = text.strip()
    return text or None
