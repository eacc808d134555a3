"""Unlocking and locking the main window, and what the store has to say when it opens.

Why apart from the window: locking must save the open case, close every window
and take every name off the screen, whatever the window was showing; keeping
that sequence in one small place makes it easy to check.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from advocate_app.errors import UserError
from advocate_app.gui import applog
from advocate_app.gui import settings as cfg
from advocate_app.gui.wizard_host import warm_up_analysis
from advocate_app.gui.workers import run_in_background


class SessionMixin:
    """The main window's unlock and lock: used only as a base of MainWindow."""

    def _show_unlock(self, note: str = "") -> None:
        self.unlock_page.reset(note)
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.focus_first()
        self._set_status("Locked. Your cases are encrypted on this computer.")
        self._update_actions()

    def _on_unlocked(self, store: Any) -> None:
        self._set_text_shortcuts()
        self.store = store
        self.message_bar.hide()
        self.refresh_cases()
        self.show_case_list()
        self._show_store_notices(store)
        self.idle.configure(self.settings.get(cfg.AUTO_LOCK_MINUTES))
        self.idle.start()
        # Every window the advocate can open from here may hold a drop-down; the idle watcher,
        # also an application-wide filter, has just paid what such a filter costs once. Imported
        # here, not with this module: its import alone builds Qt's 93 enum classes (start-up time).
        from advocate_app.gui import wheel

        wheel.install()
        run_in_background(warm_up_analysis, on_error=lambda _e: None)
        self.unlocked.emit()

    def _show_store_notices(self, store: Any) -> None:
        """What opening found and put right, and why the cases can only be read, in plain words."""
        lines = list(getattr(store, "notices", []) or [])
        reason = getattr(store, "read_only_reason", "")
        if reason == "locked":
            lines.append("The case store is open in another window, so here you can read cases but not change "
                         "them. Close the other window to make changes here.")
        elif reason == "read-only":
            lines.append("The case store is on a disk or folder that cannot be written to, so it is open read-only: "
                         "you can read and export cases, but nothing can be changed or saved.")
        if lines:
            self.show_problem(" ".join(lines))

    def lock(self, note: str = "") -> bool:
        """Save the open case, close the store (which makes a backup), return to unlock.

        Returns False, and stays unlocked, only if the open case could not be
        saved: locking must never lose work.
        """
        if self.store is None:
            return True
        if not self._close_wizard():
            return False
        for window in self._windows:
            window.close()
        self._windows.clear()
        self.idle.stop()
        if self._case_page is not None:
            self._case_page.clear()
        store, self.store = self.store, None
        try:
            store.close()
        except UserError as error:
            note = f"{note} {error.message}".strip()
        except Exception as error:  # noqa: BLE001 - the store is locked either way
            applog.logger(__name__).error("closing the store failed (%s)", type(error).__name__)
        self.message_bar.hide()
        self._show_unlock(note)
        self.locked.emit()
        return True

    def _auto_lock(self) -> None:
        minutes = self.settings.get(cfg.AUTO_LOCK_MINUTES)
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()
        when = f"{round(minutes)} minute{'s' if round(minutes) != 1 else ''}" if minutes >= 1 else "a short time"
        if not self.lock(f"The app locked itself after {when} without use. Your work was saved."):
            self.idle.start()

    def change_passphrase(self) -> None:
        if self.store is None:
            return
        from advocate_app.gui.unlock import ChangePassphraseDialog

        dialog = self._keep(ChangePassphraseDialog(self.store, self))
        dialog.changed.connect(lambda: self.show_note(
            "Your passphrase was changed. Use the new one from now on; the old one no longer works."))
        dialog.open()
