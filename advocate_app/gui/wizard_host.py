"""Opening, closing and hosting the case wizard in the main window.

Why apart from the window: a case may only close when its work is saved, and a
case deleted elsewhere must close without being saved back; both rules live here.
"""
from __future__ import annotations

from typing import Any

from PySide6 import QtCore

from advocate_app.gui import applog


def wizard_class() -> Any:
    """The CaseWizard, imported on first use (it pulls in analysis, routes and documents)."""
    from advocate_app.gui.wizard import CaseWizard

    return CaseWizard


def warm_up_analysis() -> None:
    """At unlock, on a worker thread: load the wizard and the analysis lexicon, so the first
    highlight after pasting an account appears at once instead of seconds later."""
    from advocate_app.gui.wizard import core

    core.warm_up()


def unsaved_error(wizard: Any) -> str | None:
    """Why the wizard's last save failed, if it did (then the case must stay open: nothing lost)."""
    for holder in (wizard, getattr(wizard, "autosave", None)):
        error = getattr(holder, "last_error", None) if holder is not None else None
        if isinstance(error, str) and error:
            return error
    return None


class WizardHostMixin:
    """The main window hosting the wizard: used only as a base of MainWindow."""

    def new_case(self) -> None:
        if self.store is None:
            return
        from advocate_app.model.case import Case
        from advocate_app.store.profile import load_my_details

        ok, mine = self._guard(load_my_details, self.store)  # "My details", kept encrypted in the store
        case = Case(account="")
        if ok and mine is not None:
            case.advocate = mine
        self._show_wizard(case)

    def open_selected(self) -> None:
        case_id = self.case_page.selected_id()
        if case_id:
            self.open_case(case_id)

    def resume_case(self) -> None:
        case_id = self.case_page.most_recent_open_id()
        if case_id:
            self.open_case(case_id)

    def open_case(self, case_id: str) -> None:
        if self.store is None:
            return
        ok, case = self._guard(self.store.load_case, case_id)
        if ok:
            self._show_wizard(case)

    def _show_wizard(self, case: Any) -> None:
        if not self._close_wizard():
            return
        try:
            cls = wizard_class()
        except ImportError as error:
            applog.logger(__name__).error("the case wizard could not be loaded (%s)", type(error).__name__)
            self.show_problem("The case wizard could not be started in this copy of the app. "
                              "Nothing was changed. Please tell whoever supports the app.")
            return
        ok, wizard = self._guard(cls, case, self.store, self.wizard_page)
        if not ok:
            return
        self.wizard = wizard
        self._wizard_layout.addWidget(wizard)
        wizard.closed.connect(self._wizard_closed)
        if hasattr(wizard, "deleted_elsewhere"):
            wizard.deleted_elsewhere.connect(self._wizard_case_deleted)
        self.message_bar.hide()
        self.stack.setCurrentWidget(self.wizard_page)
        wizard.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self._update_actions()

    def _close_wizard(self) -> bool:
        """Save and remove the wizard; False (wizard kept) if its work could not be saved."""
        wizard = self.wizard
        if wizard is None:
            return True
        ok, _ = self._guard(wizard.flush)
        if not ok:
            return False
        pending = unsaved_error(wizard)
        if pending:
            self.show_problem(pending)
            return False
        self.wizard = None
        try:
            wizard.closed.disconnect(self._wizard_closed)
        except (RuntimeError, TypeError):
            pass
        if hasattr(wizard, "close_wizard"):
            self._guard(wizard.close_wizard)  # stops its autosave timers; already flushed
        self._wizard_layout.removeWidget(wizard)
        wizard.hide()
        wizard.deleteLater()
        return True

    def close_case(self) -> None:
        if self._close_wizard() and self.store is not None:
            self.refresh_cases()
            self.show_case_list()

    def _wizard_closed(self, *_: Any) -> None:
        self.close_case()

    def _wizard_case_deleted(self) -> None:
        """The open case was deleted elsewhere: close it here without saving it back."""
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            self._wizard_layout.removeWidget(wizard)
            wizard.hide()
            wizard.deleteLater()
        if self.store is not None:
            self.refresh_cases()
            self.show_case_list()
        self.show_problem("This case was deleted in another window or from the command line, so it has been "
                          "closed here. It was not saved back. Your other cases are unchanged.")
        self._update_actions()
