"""Modal prompts and file dialogs behind one small, replaceable service.

Why: a test cannot click a modal QMessageBox or QFileDialog, and a window
that calls them directly cannot be driven headless. Every window asks
`services.dialogs()` instead; tests install a scripted double with
`services.set_dialogs(fake)` (see tests/gui/conftest.py, fixture `dialogs`).

The wording passed in is the caller's; this module only presents it.
"""
from __future__ import annotations

from typing import Protocol

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dialog classes are imported when first used: they are not needed to start
    from PySide6.QtWidgets import QWidget

APP_TITLE = "Advocate"


class DialogService(Protocol):
    def ask_passphrase(self, prompt: str, *, title: str = APP_TITLE,
                       parent: QWidget | None = None) -> str | None:
        """The passphrase typed (hidden), or None if cancelled."""

    def ask_text(self, prompt: str, *, title: str = APP_TITLE, text: str = "",
                 parent: QWidget | None = None) -> str | None:
        """One line of text, or None if cancelled."""

    def confirm(self, question: str, *, title: str = APP_TITLE, yes_text: str = "Yes",
                no_text: str = "Cancel", destructive: bool = False,
                parent: QWidget | None = None) -> bool:
        """True only if the user chose `yes_text`; the safe choice is the default."""

    def save_file_name(self, *, title: str = "Save as", suggested: str = "",
                       filters: str = "", parent: QWidget | None = None) -> str | None:
        """A path to write to, or None if cancelled."""

    def open_file_name(self, *, title: str = "Open", filters: str = "",
                       parent: QWidget | None = None) -> str | None:
        """A path to read, or None if cancelled."""

    def show_error(self, message: str, *, title: str = APP_TITLE,
                   parent: QWidget | None = None) -> None:
        """Tell the user something did not work (one calm message, no traceback)."""

    def show_info(self, message: str, *, title: str = APP_TITLE,
                  parent: QWidget | None = None) -> None:
        """Tell the user something worth knowing."""


class QtDialogService:
    """The real dialogs, in the platform's own look."""

    # Each method imports its dialog class when called; none is needed to show the first window.

    def ask_passphrase(self, prompt: str, *, title: str = APP_TITLE,
                       parent: QWidget | None = None) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
        return text if ok else None

    def ask_text(self, prompt: str, *, title: str = APP_TITLE, text: str = "",
                 parent: QWidget | None = None) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        value, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def confirm(self, question: str, *, title: str = APP_TITLE, yes_text: str = "Yes",
                no_text: str = "Cancel", destructive: bool = False,
                parent: QWidget | None = None) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question)
        box.setText(question)
        yes = box.addButton(yes_text, QMessageBox.ButtonRole.DestructiveRole if destructive
                            else QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(no_text, QMessageBox.ButtonRole.RejectRole)
        yes.setAccessibleName(yes_text)
        no.setAccessibleName(no_text)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def save_file_name(self, *, title: str = "Save as", suggested: str = "",
                       filters: str = "", parent: QWidget | None = None) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None

    def open_file_name(self, *, title: str = "Open", filters: str = "",
                       parent: QWidget | None = None) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path or None

    def show_error(self, message: str, *, title: str = APP_TITLE,
                   parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, message)

    def show_info(self, message: str, *, title: str = APP_TITLE,
                  parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, message)


_current: DialogService | None = None


def dialogs() -> DialogService:
    """The service every window uses for modal prompts."""
    global _current
    if _current is None:
        _current = QtDialogService()
    return _current


def set_dialogs(service: DialogService | None) -> None:
    """Install another service (tests); None restores the real dialogs."""
    global _current
    _current = service
