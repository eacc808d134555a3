"""Non-personal settings, declared once with their defaults, and the Settings dialog.

Why a whitelist: QSettings is a plain file. Only the keys declared in
`DECLARED` can ever be written, and each holds a number, a flag or window
geometry, so nothing personal (names, passphrases, case text) can reach it.
The file lives in the app's config folder (advocate_app.paths), so tests and
portable installs point it elsewhere like every other path.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox,
    QVBoxLayout, QWidget,
)

from advocate_app import paths
from advocate_app.errors import UserError


@dataclass(frozen=True)
class Declared:
    default: Any
    kind: type
    minimum: float | None = None
    maximum: float | None = None


AUTO_LOCK_MINUTES = "lock/auto_lock_minutes"
FONT_SCALE = "look/font_scale_percent"
HIGH_CONTRAST = "look/high_contrast"
WINDOW_GEOMETRY = "window/geometry"

DECLARED: dict[str, Declared] = {
    # float so a test can ask for a lock after a fraction of a second; the dialog offers whole minutes
    AUTO_LOCK_MINUTES: Declared(10.0, float, 0.001, 240),
    FONT_SCALE: Declared(100, int, 75, 250),
    HIGH_CONTRAST: Declared(False, bool),
    WINDOW_GEOMETRY: Declared(QByteArray(), QByteArray),
}

FONT_SCALE_CHOICES = (100, 125, 150, 175, 200)


def settings_file() -> str:
    return str(paths.config_dir() / "settings.ini")


class AppSettings:
    """Typed access to the declared settings; anything undeclared is refused."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            paths.ensure_dirs()
            qsettings = QSettings(settings_file(), QSettings.Format.IniFormat)
        self._q = qsettings

    def get(self, key: str) -> Any:
        spec = DECLARED[key]
        raw = self._q.value(key, None)
        if raw is None:
            return spec.default
        try:
            if spec.kind is bool:
                value: Any = raw if isinstance(raw, bool) else str(raw).strip().lower() in ("true", "1", "yes")
            elif spec.kind is QByteArray:
                value = raw if isinstance(raw, QByteArray) else spec.default
            else:
                value = spec.kind(raw)
        except (TypeError, ValueError):
            return spec.default
        if spec.minimum is not None and value < spec.minimum:
            return spec.minimum if spec.kind is float else spec.kind(spec.minimum)
        if spec.maximum is not None and value > spec.maximum:
            return spec.kind(spec.maximum)
        return value

    def set(self, key: str, value: Any) -> None:
        spec = DECLARED.get(key)
        if spec is None:
            raise KeyError(f"'{key}' is not a declared setting; personal data never goes in settings")
        if spec.kind is QByteArray:
            if not isinstance(value, QByteArray):
                raise TypeError(f"{key} takes window geometry")
        elif spec.kind is bool:
            value = bool(value)
        else:
            value = spec.kind(value)
        self._q.setValue(key, value)
        self._q.sync()

    def keys(self) -> list[str]:
        return list(self._q.allKeys())


class SettingsDialog(QDialog):
    """Auto-lock, retention review, text size and high contrast.

    The retention period belongs to the case store (the command line uses it
    too), so it is read from and written to the open store, and can only be
    changed while the cases are unlocked; the rest lives in `AppSettings`.
    """

    applied = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, *, store: Any = None) -> None:
        super().__init__(parent)
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
