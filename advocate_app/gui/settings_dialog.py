"""The Settings dialog: auto-lock, retention review, text size and high contrast.

Kept apart from settings.py so that showing the first window does not load
the dialog's widget classes (start-up time).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget,
)

from advocate_app.errors import UserError
from advocate_app.gui import wheel
from advocate_app.gui.settings import AUTO_LOCK_MINUTES, FONT_SCALE, FONT_SCALE_CHOICES, HIGH_CONTRAST, AppSettings


class SettingsDialog(QDialog):
    """Auto-lock, retention review, text size and high contrast.

    The retention period belongs to the case store (the command line uses it
    too), so it is read from and written to the open store, and can only be
    changed while the cases are unlocked; the rest lives in `AppSettings`.
    """

    applied = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, *, store: Any = None) -> None:
        super().__init__(parent)
        wheel.install()
        self._settings = settings
        self._store = store
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")

        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setSuffix(" minutes")
        self.auto_lock.setValue(max(1, round(settings.get(AUTO_LOCK_MINUTES))))
        self.auto_lock.setAccessibleName("Lock after this many minutes without use")

        self.retention = QSpinBox()
        self.retention.setRange(1, 120)
        self.retention.setSuffix(" months")
        self.retention.setValue(store.retention_months if store is not None else 12)
        self.retention.setEnabled(store is not None)
        self.retention.setAccessibleName("Review closed cases for deletion after this many months")

        self.font_scale = QComboBox()
        for percent in FONT_SCALE_CHOICES:
            self.font_scale.addItem(f"{percent}%", percent)
        current = settings.get(FONT_SCALE)
        if self.font_scale.findData(current) < 0:
            self.font_scale.addItem(f"{current}%", current)
        self.font_scale.setCurrentIndex(self.font_scale.findData(current))
        self.font_scale.setAccessibleName("Text size")

        self.high_contrast = QCheckBox("&High contrast (light text on black)")
        self.high_contrast.setChecked(settings.get(HIGH_CONTRAST))
        self.high_contrast.setAccessibleName("High contrast")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field, help_text in (
            ("&Lock after:", self.auto_lock,
             "The app locks itself after this long without use, and asks for the passphrase again. "
             "Your work is saved first."),
            ("&Review closed cases after:", self.retention,
             "Closed cases older than this are listed for you to review and delete."
             + ("" if store is not None else " Unlock your cases to change this.")),
            ("&Text size:", self.font_scale, "Bigger text, on top of your computer's own text size."),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleDescription(help_text)
            field.setToolTip(help_text)
            form.addRow(label, field)
        form.addRow(self.high_contrast)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Message")
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Save settings")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self._settings.set(AUTO_LOCK_MINUTES, float(self.auto_lock.value()))
        if self._store is not None and self.retention.value() != self._store.retention_months:
            try:
                self._store.set_retention_months(self.retention.value())
            except UserError as error:
                self.error.setText(error.message)
                self.error.show()
                return
        self._settings.set(FONT_SCALE, int(self.font_scale.currentData()))
        self._settings.set(HIGH_CONTRAST, self.high_contrast.isChecked())
        self.applied.emit()
        super().accept()
