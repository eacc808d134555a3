"""The mouse wheel scrolls the page; it never changes an answer by accident.

Why: a drop-down, spin box or slider under the pointer takes the wheel for
itself, so scrolling down a long step quietly changes answers that feed the
routes and the letters. One application-wide event filter stops that: such a
control only takes the wheel once the advocate has clicked or tabbed into it;
otherwise the wheel goes on to the page around it, which scrolls.

Why each window with such controls installs the guard itself, not the app at
start: once a Python filter watches the whole application, PySide6 must give
every object an event touches a Python type, and the first time, that builds
the enum classes of most of QtWidgets (139 of them while the unlock page was
built, with this module's import of `Qt` another 93). The first
window (unlocking) has no control the wheel could change, so the guard goes on
once the advocate has unlocked (the idle-lock watcher, also such a filter, pays
that cost then anyway), and the windows that hold such controls (wizard,
settings, reports) install it too, for when they are opened on their own.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)
_installed: "WheelGuard | None" = None


def _guarded(obj: QObject) -> QWidget | None:
    """The guarded control `obj` belongs to (a combo box's line edit belongs to its combo)."""
    if isinstance(obj, QScrollBar):
        return None  # scroll bars are there to be wheeled
    if isinstance(obj, GUARDED):
        return obj  # type: ignore[return-value]
    parent = obj.parent() if isinstance(obj, QWidget) else None
    if isinstance(parent, GUARDED) and not isinstance(obj, QAbstractSlider):
        return parent  # type: ignore[return-value]
    return None


class WheelGuard(QObject):
    """Send the wheel past guarded controls that do not have keyboard focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED) and not isinstance(watched, QScrollBar):
            # A wheel over a control with wheel focus would first give it focus, then change it.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel:
            control = _guarded(watched)
            if control is not None and not control.hasFocus() and not _in_popup(control):
                _pass_up(control, event)
                return True
        return super().eventFilter(watched, event)


def _pass_up(control: QWidget, event: QEvent) -> None:
    """Offer the wheel to the widgets around `control`, nearest first, until one takes it
    (the page's scroll area does). Done by hand: Qt only passes on wheel events it made."""
    widget = control.parentWidget()
    while widget is not None:
        event.setAccepted(False)
        QCoreApplication.sendEvent(widget, event)
        if event.isAccepted() or widget.isWindow():
            break
        widget = widget.parentWidget()
    event.setAccepted(True)


def _in_popup(control: QWidget) -> bool:
    """A control inside an open popup (a combo's list) keeps its own wheel."""
    window = control.window()
    return window is not None and window.windowType() == Qt.WindowType.Popup


def install(app: QCoreApplication | None = None) -> WheelGuard | None:
    """Install the one guard on the application (again is harmless); returns it."""
    global _installed
    app = app or QApplication.instance()
    if app is None:
        return None
    try:
        if _installed is not None and _installed.parent() is app:
            return _installed
    except RuntimeError:  # the application it belonged to has gone
        pass
    _installed = WheelGuard(app)
    app.installEventFilter(_installed)
    return _installed


def remove() -> None:
    """Take the guard off the application (tests start from an app without it)."""
    global _installed
    app = QApplication.instance()
    if _installed is not None and app is not None:
        try:
            app.removeEventFilter(_installed)
        except RuntimeError:  # already gone with its application
            pass
    _installed = None
