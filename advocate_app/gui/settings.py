"""Non-personal settings, declared once with their defaults (the dialog is in settings_dialog.py).

Why a whitelist: QSettings is a plain file. Only the keys declared in
`DECLARED` can ever be written, and each holds a number, a flag or window
geometry, so nothing personal (names, passphrases, case text) can reach it.
The file lives in the app's config folder (advocate_app.paths), so tests and
portable installs point it elsewhere like every other path.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from advocate_app import paths


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
    return str(paths.settings_file())


class AppSettings:
    """Typed access to the declared settings; anything undeclared is refused."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            paths.ensure_dirs()
            paths.private_file(paths.settings_file())  # Qt keeps the permissions of a file already there
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
