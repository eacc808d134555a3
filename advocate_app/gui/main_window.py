"""The main window: unlock, the case list, and the case wizard, in one window.

Why one window with pages: locking must take every case off the screen and
return to the unlock page, wherever the advocate was, without windows left
behind. The window owns little: the store does the work, the list and the
wizard present it, and every failure from the core becomes a calm message
in the window, never a traceback.
"""
from __future__ import annotations

import time
from typing import Any, Callable

from PySide6 import QtCore  # QtCore.Qt is looked up when used: building it costs start-up time
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget,
    QVBoxLayout, QWidget,
)

from advocate_app.errors import UserError
from advocate_app.gui import settings as cfg
from advocate_app.gui.services import dialogs
from advocate_app.gui.settings import AppSettings
from advocate_app.gui.theme import apply_look
from advocate_app.gui.unlock import UnlockPage
from advocate_app.gui.case_list_control import CaseListMixin
from advocate_app.gui.session import SessionMixin
from advocate_app.gui.wizard_host import WizardHostMixin


APP_TITLE = "Advocate"


class MessageBar(QFrame):
    """A message across the top of the window: what happened and what to do next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Message")
        self.dismiss = QPushButton("Dis&miss")
        self.dismiss.setAccessibleName("Dismiss message")
        self.dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_message(self, text: str, *, problem: bool = True) -> None:
        from PySide6.QtWidgets import QStyle  # built only when a message is shown (start-up time)

        pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning if problem else QStyle.StandardPixmap.SP_MessageBoxInformation
        size = self.fontMetrics().height() * 2
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.icon.setAccessibleName("Problem" if problem else "Note")
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setText(text)
        self.text.setAccessibleDescription(text)
        self.show()


class IdleWatcher(QObject):
    """Calls `on_idle` after `minutes` without keyboard, mouse or touch input.

    Why an app-wide filter that only notes the time: input arrives very often
    (every mouse move); noting a timestamp is cheap, and one slow timer checks it.
    """

    def __init__(self, on_idle: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        self._limit = 600.0
        self._last = time.monotonic()
        self._input: frozenset = frozenset()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)

    def configure(self, minutes: float) -> None:
        self._limit = max(0.05, minutes * 60)
        self._timer.setInterval(max(50, min(15_000, int(self._limit * 1000 / 4))))

    def start(self) -> None:
        from PySide6.QtCore import QEvent  # its 180-member enum costs start-up time; needed only once unlocked

        T = QEvent.Type
        self._input = frozenset({T.KeyPress, T.MouseButtonPress, T.MouseMove, T.Wheel, T.TouchBegin,
                                 T.InputMethod, T.Shortcut})
        self._last = time.monotonic()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: Any) -> bool:  # noqa: N802
        if event.type() in self._input:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        if time.monotonic() - self._last >= self._limit:
            self.stop()
            self._on_idle()


class MainWindow(SessionMixin, CaseListMixin, WizardHostMixin, QMainWindow):
    """Unlock page, case list page and wizard page, with the menus that act on them."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, settings: AppSettings | None = None, store_class: Any = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.store: Any = None
        self.wizard: QWidget | None = None
        self._windows: list[QWidget] = []
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)

        self.message_bar = MessageBar()
        self.stack = QStackedWidget()
        self.unlock_page = UnlockPage(store_class=store_class)
        self._case_page: Any = None  # built at the first unlock: not needed to show the first window
        self.wizard_page = QWidget()
        self.wizard_page.setAccessibleName("Case")
        self._wizard_layout = QVBoxLayout(self.wizard_page)
        self._wizard_layout.setContentsMargins(0, 0, 0, 0)
        for page in (self.unlock_page, self.wizard_page):
            self.stack.addWidget(page)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status_text = QLabel()
        self.status_text.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_text, 1)

        self.idle = IdleWatcher(self._auto_lock, self)
        self.idle.configure(self.settings.get(cfg.AUTO_LOCK_MINUTES))

        self._build_actions()
        self._build_menus()
        self.unlock_page.unlocked.connect(self._on_unlocked)

        geometry = self.settings.get(cfg.WINDOW_GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            from advocate_app.gui.window_size import first_window_size

            screen = self.screen()
            self.resize(first_window_size(self.fontMetrics(), screen.availableGeometry().size()) if screen
                        else QtCore.QSize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 46))
        self._show_unlock()

    @property
    def case_page(self) -> Any:
        """The case list page, built on first use (start-up time: the first window is the unlock page)."""
        if self._case_page is None:
            from advocate_app.gui.case_list import CaseListPage

            page = CaseListPage()
            page.new_requested.connect(self.new_case)
            page.open_requested.connect(self.open_case)
            page.resume_requested.connect(self.resume_case)
            page.delete_requested.connect(self.delete_case)
            page.selection_changed.connect(self._update_actions)
            self.stack.insertWidget(1, page)
            self._case_page = page
        return self._case_page

    # ------------------------------------------------------------ menus

    def _action(self, text: str, slot: Callable[[], Any], keys: Any = None, *,
                tip: str = "", role: QAction.MenuRole | None = None) -> QAction:
        """An action; `keys` is a QKeySequence.StandardKey (the platform's own keys) or text like "Ctrl+L".

        Text shortcuts are set at the first unlock (their actions only work unlocked):
        parsing them builds Qt's key tables, a large part of the time to the first window.
        """
        action = QAction(text, self)
        if isinstance(keys, str):
            self._text_shortcuts.append((action, keys))
        elif keys is not None:
            action.setShortcuts(keys)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if role is not None:
            action.setMenuRole(role)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self._text_shortcuts: list[tuple[QAction, str]] = []
        K = QKeySequence.StandardKey
        self.act_new = self._action("&New case", self.new_case, K.New, tip="Start a new case")
        self.act_open = self._action("&Open case", self.open_selected, K.Open,
                                     tip="Open the selected case where it was left")
        self.act_resume = self._action("&Resume last case", self.resume_case, "Ctrl+Shift+R",
                                       tip="Open the case you worked on most recently")
        self.act_close_case = self._action("&Close case", self.close_case, K.Close,
                                           tip="Save the case and go back to the case list")
        self.act_delete = self._action("&Delete case…", self.delete_selected, K.Delete,
                                       tip="Delete the selected case for good, after asking")
        self.act_find = self._action("&Find case", self.find_case, K.Find, tip="Search cases by name")
        self.act_lock = self._action("&Lock", self.lock, "Ctrl+L",
                                     tip="Save, close the cases and ask for the passphrase again")
        self.act_change_passphrase = self._action("C&hange passphrase…", self.change_passphrase,
                                                  tip="Choose a new passphrase for the case store")
        self.act_settings = self._action("&Settings…", self.show_settings, K.Preferences,
                                         tip="Auto-lock, retention review, text size, high contrast",
                                         role=QAction.MenuRole.PreferencesRole)
        self.act_reports = self._action("&Anonymised reports…", self.show_reports,
                                        tip="Reports over your cases with nothing that identifies anyone")
        self.act_about = self._action("&About Advocate", self.show_about, tip="Version and the research behind the app",
                                      role=QAction.MenuRole.AboutRole)
        self.act_quit = self._action("&Quit", self.close, K.Quit, tip="Save and close the app",
                                     role=QAction.MenuRole.QuitRole)
        # Quit keeps the platform's own keys; where there are none (Windows), closing the window quits.

    def _set_text_shortcuts(self) -> None:
        for action, keys in self._text_shortcuts:
            action.setShortcut(QKeySequence(keys))
        self._text_shortcuts.clear()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for action in (self.act_new, self.act_open, self.act_resume, self.act_close_case, None,
                       self.act_lock, self.act_change_passphrase, None, self.act_settings, None, self.act_quit):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.act_find)
        edit_menu.addAction(self.act_delete)
        if self.act_reports.isVisible():
            bar.addMenu("&Reports").addAction(self.act_reports)
        bar.addMenu("&Help").addAction(self.act_about)

    def _update_actions(self) -> None:
        open_ = self.store is not None
        on_list = open_ and self._case_page is not None and self.stack.currentWidget() is self._case_page
        selected = on_list and self.case_page.selected_id() is not None
        self.act_new.setEnabled(open_)
        self.act_open.setEnabled(selected)
        self.act_resume.setEnabled(on_list and self.case_page.model.rowCount() > 0)
        self.act_close_case.setEnabled(open_ and self.wizard is not None)
        self.act_delete.setEnabled(selected)
        self.act_find.setEnabled(on_list)
        self.act_lock.setEnabled(open_)
        self.act_change_passphrase.setEnabled(open_)
        self.act_reports.setEnabled(open_)

    # ------------------------------------------------------------ messages

    def show_problem(self, text: str) -> None:
        self.message_bar.show_message(text, problem=True)

    def show_note(self, text: str) -> None:
        self.message_bar.show_message(text, problem=False)

    def _guard(self, fn: Callable[..., Any], *args: Any) -> tuple[bool, Any]:
        """Run a call into the core; a UserError becomes a message in the window."""
        try:
            return True, fn(*args)
        except UserError as error:
            self.show_problem(error.message)
            return False, None

    def _set_status(self, text: str) -> None:
        self.status_text.setText(text)

    # ------------------------------------------------------------ dialogs

    def _keep(self, window: QWidget) -> QWidget:
        self._windows.append(window)
        window.destroyed.connect(lambda *_: self._windows.remove(window) if window in self._windows else None)
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        return window

    def show_settings(self) -> None:
        from advocate_app.gui.settings_dialog import SettingsDialog

        dialog = self._keep(SettingsDialog(self.settings, self, store=self.store))
        dialog.applied.connect(self.apply_settings)
        dialog.open()

    def apply_settings(self) -> None:
        app = QApplication.instance()
        apply_look(app, font_scale_percent=self.settings.get(cfg.FONT_SCALE),
                   high_contrast=self.settings.get(cfg.HIGH_CONTRAST))
        self.idle.configure(self.settings.get(cfg.AUTO_LOCK_MINUTES))
        if self.store is not None:
            self.refresh_cases()

    def show_about(self) -> None:
        from advocate_app.gui.about import AboutDialog

        self._keep(AboutDialog(self)).open()

    def show_reports(self) -> None:
        if self.store is None:
            return
        from advocate_app.gui.reports_window import ReportsWindow

        ok, window = self._guard(ReportsWindow, self.store, self)
        if ok:
            self._keep(window).show()

    # ------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.set(cfg.WINDOW_GEOMETRY, self.saveGeometry())
        if self.lock():
            event.accept()
            return
        if dialogs().confirm("The open case could not be saved just now, so the app is still open. "
                             "Close anyway and lose the changes made since the last save?",
                             title="Close the app?", yes_text="Close and lose changes",
                             no_text="Keep the app open", destructive=True, parent=self):
            self.wizard = None
            self.lock()
            event.accept()
        else:
            event.ignore()
