"""A list of records with a form for the selected one (organisations, complaints).

Why a list and a form rather than a grid with widgets in cells: a form gives
every answer its own visible label and accessible name, and is easy to use
with the keyboard and a screen reader.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advocate_app.gui.wizard.fields import form as make_form, DateField, TriState, none_if_blank


def read_field(record: Any, attr: str) -> Any:
    """An answer of a record; "contact:<purpose>:<answer>" reads an organisation's contact for a purpose."""
    if attr.startswith("contact:"):
        _, purpose, name = attr.split(":")
        return record.contact_value(purpose, name)
    return getattr(record, attr)


def write_field(record: Any, attr: str, value: Any) -> None:
    if attr.startswith("contact:"):
        _, purpose, name = attr.split(":")
        record.set_contact_value(purpose, name, value)
    else:
        setattr(record, attr, value)


def has_content(record: Any) -> bool:
    """True if any answer of the record was filled in (so removing it loses typing)."""
    from dataclasses import fields

    return any(getattr(record, f.name) not in (None, "", [], {}) for f in fields(record) if f.name != "extra")


def confirm_removal(noun: str, summary: str, parent: QWidget | None) -> bool:
    from advocate_app.gui.services import dialogs

    return dialogs().confirm(f"Remove this {noun}? What was written for it will be deleted.\n\n{summary}",
                             title=f"Remove this {noun}?", yes_text=f"Remove the {noun}",
                             no_text="Keep it", destructive=True, parent=parent)


@dataclass(frozen=True)
class FieldSpec:
    label: str
    attr: str
    kind: str = "line"                      # line | text | date | tristate | choice
    choices: tuple[tuple[str, Any], ...] = ()  # (shown, stored) for "choice"
    required: bool = False                  # text that may be empty but never None


class RecordEditor(QGroupBox):
    """Edit `records()` (a list on the case) in place; `changed` after every edit."""

    changed = Signal()

    def __init__(self, title: str, noun: str, records: Callable[[], list[Any]],
                 factory: Callable[[], Any], summary: Callable[[Any], str],
                 fields: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._records = records
        self._factory = factory
        self._summary = summary
        self._noun = noun
        self._loading = False
        self._choices: dict[str, list[tuple[str, Any]]] = {}
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 6 + 12)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton(f"Remove this {noun}")
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.add_button.clicked.connect(self.add_record)
        self.remove_button.clicked.connect(self.remove_record)
        self.empty = QLabel(f"None added yet.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.form_box = QWidget()
        form = make_form(self.form_box, stacked=True)
        form.setContentsMargins(0, 0, 0, 0)
        self.controls: dict[str, Any] = {}
        for spec in fields:
            control, signal, focus = self._make(spec)
            label = QLabel(spec.label)
            label.setWordWrap(True)
            label.setBuddy(focus)
            form.addRow(label, control)
            self.controls[spec.attr] = (spec, control)
            signal.connect(self._on_edit)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.form_box)
        self.list.currentRowChanged.connect(self._show_record)

    def _make(self, spec: FieldSpec) -> tuple[QWidget, Any, QWidget]:
        name = f"{self._noun.capitalize()}: {spec.label.rstrip(':').replace('&', '')}"
        if spec.kind == "text":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            w.setMaximumHeight(w.fontMetrics().lineSpacing() * 3 + 14)
            w.setAccessibleName(name)
            return w, w.textChanged, w
        if spec.kind == "date":
            w = DateField(name)
            return w, w.changed, w.edit
        if spec.kind == "tristate":
            w = TriState(name)
            return w, w.currentIndexChanged, w
        if spec.kind == "choice":
            w = QComboBox()
            w.addItems([shown for shown, _ in spec.choices])  # values by row: see TriState
            self._choices[spec.attr] = list(spec.choices)
            w.setAccessibleName(name)
            return w, w.currentIndexChanged, w
        w = QLineEdit()
        w.setAccessibleName(name)
        return w, w.textEdited, w

    def set_choices(self, attr: str, choices: tuple[tuple[str, Any], ...]) -> None:
        """Replace the options of a "choice" field (e.g. once the harm model has loaded)."""
        _spec, control = self.controls[attr]
        self._loading = True
        control.clear()
        control.addItems([shown for shown, _ in choices])
        self._choices[attr] = list(choices)
        self._loading = False

    # ---------------------------------------------------------------- data
    def load(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        for record in self._records():
            self.list.addItem(self._summary(record))
        self.list.blockSignals(False)
        count = self.list.count()
        self.empty.setVisible(count == 0)
        self.list.setVisible(count > 0)
        self.form_box.setEnabled(count > 0)
        self.remove_button.setEnabled(count > 0)
        if count:
            self.list.setCurrentRow(min(row, count - 1))
            self._show_record(self.list.currentRow())
        else:
            self._show_record(-1)

    def _show_record(self, row: int) -> None:
        records = self._records()
        record = records[row] if 0 <= row < len(records) else None
        self._loading = True
        try:
            for attr, (spec, control) in self.controls.items():
                value = read_field(record, attr) if record is not None else None
                if spec.kind == "text":
                    control.setPlainText(value or "")
                elif spec.kind == "date":
                    control.set_date(value)
                elif spec.kind == "tristate":
                    control.set_value(value)
                elif spec.kind == "choice":
                    values = [v for _, v in self._choices[attr]]
                    control.setCurrentIndex(values.index(value) if value in values else 0)
                else:
                    control.setText(value or "")
        finally:
            self._loading = False

    def _on_edit(self, *_args: Any) -> None:
        if self._loading:
            return
        row = self.list.currentRow()
        records = self._records()
        if not 0 <= row < len(records):
            return
        record = records[row]
        for attr, (spec, control) in self.controls.items():
            if spec.kind == "text" and spec.required:
                write_field(record, attr, control.toPlainText())
            elif spec.kind == "text":
                write_field(record, attr, none_if_blank(control.toPlainText()))
            elif spec.kind == "date":
                value = control.date()
                if value is not None or not control.text().strip():
                    write_field(record, attr, value)
            elif spec.kind == "tristate":
                write_field(record, attr, control.value())
            elif spec.kind == "choice":
                choices = self._choices[attr]
                i = control.currentIndex()
                write_field(record, attr, choices[i][1] if 0 <= i < len(choices) else None)
            else:
                write_field(record, attr, none_if_blank(control.text()))
        self.list.item(row).setText(self._summary(record))
        self.changed.emit()

    def add_record(self) -> None:
        self._records().append(self._factory())
        self.load()
        self.list.setCurrentRow(self.list.count() - 1)
        first = next(iter(self.controls.values()))[1]
        (getattr(first, "edit", None) or first).setFocus()
        self.changed.emit()

    def remove_record(self) -> None:
        """Remove the selected record; asks first if anything was typed into it."""
        row = self.list.currentRow()
        records = self._records()
        if not 0 <= row < len(records):
            return
        if has_content(records[row]) and not confirm_removal(self._noun, self._summary(records[row]), self):
            return
        del records[row]
        self.load()
        self.changed.emit()
