"""Start the desktop app: the application object, the look, the safety net, the main window.

Why a safety net: an advocate must never see a traceback, and a traceback's
text can hold personal data (a name in a KeyError). The GUI's excepthook
shows one calm message and logs only the error type and where it happened
(file, line, function), never the message or any values.
"""
from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Callable, Sequence

from advocate_app import __version__
from advocate_app.gui import applog


CRASH_MESSAGE = (
    "Something unexpected went wrong in the app. Your cases are safe: the app saves as you go. "
    "If this keeps happening, please tell whoever supports the app. "
    "A note without any personal details was written to the app's log."
)

CORE_BROKEN = (
    "The app cannot start: a part of it is missing or damaged ({part}). Nothing was changed and "
    "your cases are safe. Please reinstall the app, or tell whoever supports it."
)

CORE_CHECK_DELAY_MS = 300

_in_hook = False


def setup_logging() -> None:
    """Set up the log now (it is otherwise set up on first use; see applog)."""
    applog.setup()


def safe_traceback(tb: TracebackType | None) -> str:
    """Where it happened (file, line, function), without the source line's values or the message."""
    import traceback

    frames = traceback.extract_tb(tb)
    return " <- ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
                       for frame in reversed(frames[-8:]))


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The GUI's sys.excepthook: log safely, tell the user calmly, keep running."""
    global _in_hook
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from advocate_app.errors import UserError

    if isinstance(exc, UserError):
        message = exc.message
        applog.logger("advocate_app.gui").info("user error shown (%s)", exc_type.__name__)
    else:
        message = CRASH_MESSAGE
        applog.logger("advocate_app.gui").error("unexpected %s at %s", exc_type.__name__, safe_traceback(tb))
    if _in_hook:
        return
    _in_hook = True
    try:
        from advocate_app.gui.services import dialogs
        from PySide6.QtWidgets import QApplication

        dialogs().show_error(message, parent=QApplication.activeWindow())
    except Exception:  # noqa: BLE001 - the safety net must not fall over itself
        applog.logger("advocate_app.gui").error("could not show the error message")
    finally:
        _in_hook = False


def core_problem() -> str | None:
    """Why the core (analysis, routes, documents) cannot be loaded, or None when it can.

    Why at start: the wizard reaches the core through ordinary imports, with no
    fallback, so a damaged installation is named once, at start, instead of
    failing later in the middle of a case. These are the modules the wizard's
    core.py imports (not the wizard's pages: they are only GUI).
    """
    try:
        import advocate_app.analysis  # noqa: F401 - importing is the check
        from advocate_app.analysis import classifier, safeguarding  # noqa: F401 - the package loads them on first use
        import advocate_app.documents.docx  # noqa: F401
        import advocate_app.documents.letters  # noqa: F401
        import advocate_app.documents.pdf  # noqa: F401
        import advocate_app.documents.summary  # noqa: F401
        import advocate_app.model.harm_model  # noqa: F401
        import advocate_app.routes  # noqa: F401
    except ImportError as error:
        applog.logger("advocate_app.gui").error("core could not be imported (%s)", error.name or "unknown")
        return CORE_BROKEN.format(part=error.name or "unknown")
    return None


def _refuse_to_start(problem: str, app=None, parent=None) -> None:  # noqa: ANN001 - Qt objects, imported lazily
    """Say once, on the console and in a message box, that the core is broken; then stop the app."""
    from advocate_app.gui.services import dialogs

    print(f"advocate-app: {problem}", file=sys.stderr)
    dialogs().show_error(problem, parent=parent)
    if app is not None:
        app.exit(1)


def check_core_in_background(app, window) -> None:  # noqa: ANN001 - Qt objects, imported lazily
    """Load the core on a worker thread just after the first window is up and idle.

    Why not before the window: loading the core takes longer than showing the
    window, and the advocate should see the app at once; the short delay keeps
    the loading from competing with the first paint.
    """
    from PySide6.QtCore import QTimer

    from advocate_app.gui.workers import run_in_background

    def done(problem: str | None) -> None:
        if problem is not None:
            _refuse_to_start(problem, app, window)

    QTimer.singleShot(CORE_CHECK_DELAY_MS, window,
                      lambda: run_in_background(core_problem, on_done=done, context=window))


def install_excepthook() -> None:
    sys.excepthook = handle_exception


_protected = False


def protect_from_pyside_refcount_bug() -> bool:
    """Keep PySide6 6.12.0 on Python 3.11 from aborting the app after a while.

    Why: that binding drops a reference to None on every call of a Qt method
    that returns nothing (setText, setEnabled, ...) and one to True on every
    `signal.emit()`. After enough calls the count reaches zero and Python stops
    with "none_dealloc" / "bool_dealloc", taking unsaved typing with it.
    (Seen in this project: a whole-case benchmark aborted; 6.11.3 is clean;
    Python 3.12+ is immune because these objects are immortal there.) The real
    fix is to avoid 6.12.0; until then these three objects, which are never
    freed anyway, get a count so large that no session can use it up.
    Returns True when the protection was applied.
    """
    global _protected
    if _protected:
        return True
    import PySide6

    if sys.version_info >= (3, 12) or PySide6.__version__ != "6.12.0":
        return False
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40
    _protected = True
    return True


def make_application(argv: Sequence[str] = ()):  # noqa: ANN201 - QApplication, imported lazily
    protect_from_pyside_refcount_bug()
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("advocate_app")
    QCoreApplication.setApplicationName("Advocate")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "advocate-app", *argv])
    app.setDesktopFileName("advocate-app")
    return app


def build_main_window():  # noqa: ANN201 - MainWindow, imported lazily
    """The look from settings, then the main window (not yet shown)."""
    from PySide6.QtWidgets import QApplication

    from advocate_app.gui import settings as cfg
    from advocate_app.gui.main_window import MainWindow
    from advocate_app.gui.theme import apply_look

    settings = cfg.AppSettings()
    apply_look(QApplication.instance(), font_scale_percent=settings.get(cfg.FONT_SCALE),
               high_contrast=settings.get(cfg.HIGH_CONTRAST))
    return MainWindow(settings)


def _quit_once_idle(app) -> None:  # noqa: ANN001 - QApplication
    """Installers' smoke test: say the first window is up, then quit cleanly."""
    from PySide6.QtCore import QTimer

    def done() -> None:
        print("advocate-app: first window shown", flush=True)
        app.quit()

    QTimer.singleShot(0, done)


def run_gui(argv: Sequence[str] = (), *, on_shown: Callable[[object], None] | None = None) -> int:
    """Run the app until the window closes; `on_shown(window)` is for the start-up benchmark."""
    app = make_application(argv)
    install_excepthook()
    smoke_test = os.environ.get("ADVOCATE_APP_SMOKE_TEST") == "1"
    if smoke_test:   # an installer's check must see a broken core before it says the app started
        problem = core_problem()
        if problem is not None:
            _refuse_to_start(problem)
            return 1
    window = build_main_window()
    window.show()
    if on_shown is not None:
        on_shown(window)
    if smoke_test:
        _quit_once_idle(app)
    else:
        check_core_in_background(app, window)
    code = app.exec()
    from advocate_app.gui import workers

    workers.wait_for_all()
    return code
