"""The case list in the main window: showing, finding and deleting cases.

Why apart from the window: deleting is final and runs in the background; the
list's own code stays readable beside it.
"""
from __future__ import annotations

from typing import Any

from PySide6 import QtCore

from advocate_app.gui import settings as cfg
from advocate_app.gui.services import dialogs
from advocate_app.gui.workers import TaskError, run_in_background


class CaseListMixin:
    """The main window's case list actions: used only as a base of MainWindow."""

    def refresh_cases(self) -> None:
        if self.store is None:
            return
        ok, rows = self._guard(self.store.list_cases)
        if not ok:
            return
        self.case_page.set_rows(rows)
        unreadable = len(getattr(self.store, "unreadable", []) or [])
        if unreadable:
            self.show_problem(
                f"{unreadable} case{'s' if unreadable != 1 else ''} could not be read and "
                f"{'are' if unreadable != 1 else 'is'} not listed. Nothing was deleted or changed. "
                "A backup may still hold them; please contact whoever supports the app.")
        total = len(rows)
        self._set_status(f"Unlocked. {total} case{'s' if total != 1 else ''}. "
                         f"Locks after {self._lock_minutes_text()} without use.")
        self._update_actions()

    def _lock_minutes_text(self) -> str:
        minutes = self.settings.get(cfg.AUTO_LOCK_MINUTES)
        return f"{round(minutes)} minute{'s' if round(minutes) != 1 else ''}" if minutes >= 1 else "under a minute"

    def show_case_list(self) -> None:
        self.stack.setCurrentWidget(self.case_page)
        if self.case_page.proxy.rowCount() and not self.case_page.selected_id():
            self.case_page.table.selectRow(0)
        (self.case_page.table if self.case_page.proxy.rowCount() else self.case_page.new_button).setFocus()
        self._update_actions()

    def find_case(self) -> None:
        if self.stack.currentWidget() is self.case_page:
            self.case_page.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
            self.case_page.search.selectAll()

    def delete_selected(self) -> None:
        case_id = self.case_page.selected_id()
        if case_id:
            self.delete_case(case_id)

    def delete_case(self, case_id: str) -> None:
        if self.store is None:
            return
        name = self.case_page.selected_name() if self.case_page.selected_id() == case_id else ""
        who = f"the case for {name}" if name else "this case"
        question = (f"Delete {who}?\n\nThis removes the case, its letters and its history from this "
                    "computer for good. It cannot be undone. Exported files you saved elsewhere are not affected.")
        if not dialogs().confirm(question, title="Delete case", yes_text="Delete for good",
                                 no_text="Keep the case", destructive=True, parent=self):
            self._set_status("Nothing was deleted.")
            return
        if self.store is None:  # locked while the question was open
            return
        # Deleting compacts the file and purges backups: seconds on a big store, so off the GUI thread.
        self.case_page.setEnabled(False)
        self._set_status("Deleting the case…")
        run_in_background(self.store.delete_case, case_id, on_done=self._deleted,
                          on_error=self._delete_failed, context=self)

    def _deleted(self, _result: Any) -> None:
        self.case_page.setEnabled(True)
        self.refresh_cases()
        self._set_status("The case was deleted.")
        self.case_page.table.setFocus()

    def _delete_failed(self, error: TaskError) -> None:
        self.case_page.setEnabled(True)
        self.show_problem(str(error))
        self.refresh_cases()
