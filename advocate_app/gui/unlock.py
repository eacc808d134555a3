"""Unlocking the case store, setting up the passphrase on first run, and changing it.

Why the care: the passphrase is the only key to the cases. On first run the
advocate is told plainly that it cannot be recovered, before anything is
created. Key derivation takes a moment by design, so it runs in the
background with a busy indicator and the window stays responsive. A wrong
passphrase or a damaged store is explained calmly in the window itself, with
what to do next; nothing is ever overwritten.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Callable

from PySide6 import QtCore  # QtCore.Qt is looked up when used: building it costs start-up time
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from advocate_app import paths
from advocate_app.gui import applog
from advocate_app.gui.theme import Heading, fit_to_text, grow_to_fit
from advocate_app.gui.workers import TaskError, run_in_background

MIN_CHARS = 8

NO_RECOVERY_WARNING = (
    "<b>Important: this passphrase cannot be recovered.</b> If it is forgotten, "
    "the cases cannot be opened by anyone, including us, your organisation or you. "
    "There is no reset. Write it down and keep it somewhere safe, away from this computer."
)

_COMMON = {
    "password", "passw0rd", "password1", "12345678", "123456789", "1234567890", "qwerty123",
    "qwertyuiop", "iloveyou", "letmein1", "welcome1", "abc12345", "11111111", "00000000",
    "advocate", "sunshine", "football", "baseball", "princess", "trustno1",
}


def store_api() -> Any:
    """The store package, imported only when needed: it pulls in cryptography and
    SQLite, which would double the time to the first window."""
    import advocate_app.store as store_pkg

    return store_pkg


def store_file_exists() -> bool:
    """The same rule as `CaseStore.exists()` (a file at paths.store_path()), without importing the store."""
    return paths.store_path().is_file()


def kept_copies_present() -> bool:
    """Backups or set-aside copies of a store on disk (a cheap look, without importing the store)."""
    store = paths.store_path()
    try:
        return (any(paths.backup_dir().glob(f"{store.stem}-*.sqlite3"))
                or any(store.parent.glob(f"{store.name}.*-*")))
    except OSError:
        return False


def _open_store(passphrase: str) -> Any:
    return store_api().CaseStore.open(passphrase)


def _create_store(passphrase: str) -> Any:
    return store_api().CaseStore.create(passphrase)


def store_errors() -> Any:
    from advocate_app.store import errors

    return errors


def passphrase_strength(text: str) -> tuple[int, str]:
    """A rough guide (0 too short, 1 weak, 2 fair, 3 strong) and a hint in words.

    Why rough: it only nudges towards a few unrelated words; it is not a
    security guarantee, and never blocks a passphrase of the minimum length.
    """
    if len(text) < MIN_CHARS:
        return 0, f"Too short: use at least {MIN_CHARS} characters. A few unrelated words work well."
    if text.casefold() in _COMMON or len(set(text)) <= 3:
        return 1, "Weak: this is easy to guess. Try a few unrelated words."
    pool = 0
    pool += 26 if re.search(r"[a-z]", text) else 0
    pool += 26 if re.search(r"[A-Z]", text) else 0
    pool += 10 if re.search(r"[0-9]", text) else 0
    pool += 33 if re.search(r"[^a-zA-Z0-9]", text) else 0
    bits = len(text) * math.log2(max(pool, 2))
    words = len([w for w in re.split(r"[\s\-_.,]+", text) if len(w) >= 3])
    if words >= 4 or bits >= 80:
        return 3, "Strong. Remember: it cannot be recovered, so keep a safe note of it."
    if words >= 3 or bits >= 55:
        return 2, "Fair. Another word would make it strong."
    return 1, "Weak: add another word or two."


def _warning_box(html: str) -> QFrame:
    box = QFrame()
    box.setObjectName("warningBox")
    box.setFrameShape(QFrame.Shape.StyledPanel)
    label = QLabel(html)
    label.setWordWrap(True)  # rich text is detected from the markup
    label.setAccessibleName("Warning: the passphrase cannot be recovered")
    label.setAccessibleDescription(re.sub(r"<[^>]+>", "", html))
    layout = QHBoxLayout(box)
    layout.addWidget(label, 1)
    box.label = label  # type: ignore[attr-defined]
    return box


def _password_field(accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)  # Password mode already asks input methods to hide and not predict
    return field


class BusyIndicator(QWidget):
    """A moving bar and a sentence saying what is happening (not a frozen window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Working")
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.text, 2)
        self.hide()

    def start(self, text: str) -> None:
        self.text.setText(text)
        self.bar.setAccessibleDescription(text)
        self.show()

    def stop(self) -> None:
        self.hide()


class UnlockPage(QWidget):
    """First-run set-up or unlock, in one page of the main window.

    Emits `unlocked(store)` with an open CaseStore. `store_class` can be
    replaced (benchmarks); by default the real CaseStore is imported on first use.
    """

    unlocked = Signal(object)

    def __init__(self, parent: QWidget | None = None, store_class: Any = None) -> None:
        super().__init__(parent)
        self._store_class = store_class
        self._busy = False
        self.setAccessibleName("Unlock")

        self.heading = Heading("")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.warning = _warning_box(NO_RECOVERY_WARNING)

        self.passphrase = _password_field("Passphrase")
        self.confirm = _password_field("Type the passphrase again")
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase_label.setBuddy(self.passphrase)
        self.confirm_label = QLabel("Type it &again:")
        self.confirm_label.setBuddy(self.confirm)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName("Passphrase strength")
        self.understood = QCheckBox("I &understand that the passphrase cannot be recovered")
        self.understood.setAccessibleName("I understand that the passphrase cannot be recovered")

        self.submit = QPushButton()
        self.submit.setDefault(True)
        self.submit.setAutoDefault(True)
        # While "Create my case store" is greyed, this says what it is waiting for.
        self.still_needed = QLabel()
        self.still_needed.setWordWrap(True)
        self.still_needed.setObjectName("still-needed")
        self.message = QLabel()
        self.message.setObjectName("messageText")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Backups, newest first, with their date and number of cases")
        self.backup_list.hide()
        self.restore_button = QPushButton("&Restore the selected backup")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.fresh_button = QPushButton("Start a &new, empty case store")
        self.fresh_button.setAccessibleName("Start a new, empty case store")
        self.busy = BusyIndicator()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow(self.confirm_label, self.confirm)
        form.addRow("", self.strength)

        recovery = QHBoxLayout()
        recovery.addWidget(self.restore_button)
        recovery.addWidget(self.fresh_button)
        recovery.addStretch(1)

        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(self.warning)
        column.addLayout(form)
        column.addWidget(self.understood)
        submit_row = QHBoxLayout()
        submit_row.addWidget(self.submit)
        submit_row.addStretch(1)
        column.addLayout(submit_row)
        column.addWidget(self.still_needed)
        column.addWidget(self.busy)
        column.addWidget(self.message)
        column.addWidget(self.backup_list)
        column.addLayout(recovery)
        column.addStretch(1)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 6)
        outer.addStretch(1)

        self.passphrase.textChanged.connect(self._update_state)
        self.confirm.textChanged.connect(self._update_state)
        self.understood.toggled.connect(self._update_state)
        self.passphrase.returnPressed.connect(self._submit_from_field)
        self.confirm.returnPressed.connect(self._submit_from_field)
        self.submit.clicked.connect(self._submit)
        self.restore_button.clicked.connect(self._restore_backup)
        self.fresh_button.clicked.connect(self._start_fresh)
        self.first_run = False
        self._despite_backups = False
        self.reset()

    # ------------------------------------------------------------ set-up

    def _cls(self) -> Any:
        if self._store_class is None:
            self._store_class = store_api().CaseStore
        return self._store_class

    def reset(self, note: str = "") -> None:
        """Show set-up or unlock, depending on whether a store exists; `note` says why we are here."""
        try:
            exists = bool(self._store_class.exists()) if self._store_class is not None else store_file_exists()
        except Exception as error:  # noqa: BLE001 - shown as a message, never a traceback
            exists = True
            note = getattr(error, "message", "") or note
        self.restore_button.hide()
        self.fresh_button.hide()
        self.backup_list.hide()
        if not exists and not self._despite_backups and self._may_hold_backups() and kept_copies_present():
            self._show_recovery(
                "There is no case store on this computer, but backups of one are kept. Restore a backup to get "
                "your cases back, or start a new, empty case store (the backups stay where they are).")
            return
        self._set_mode(first_run=not exists)
        self._show_message(note)

    def _set_mode(self, first_run: bool) -> None:
        self.first_run = first_run
        self.passphrase.clear()
        self.confirm.clear()
        self.understood.setChecked(False)
        for widget in (self.confirm, self.confirm_label, self.strength, self.warning, self.understood):
            widget.setVisible(first_run)
        for widget in (self.passphrase, self.passphrase_label, self.submit, self.intro):
            widget.show()
        if first_run:
            self.heading.setText("Set up your passphrase")
            self.intro.setText(
                "Your cases are kept only on this computer, locked with a passphrase you choose. "
                "You will type it each time you open the app. A few unrelated words make a "
                "passphrase that is strong and easy to remember.")
            self.submit.setText("&Create my case store")
            self.submit.setAccessibleName("Create my case store")
        else:
            self.heading.setText("Unlock your cases")
            self.intro.setText("Type your passphrase to open your cases.")
            self.submit.setText("&Unlock")
            self.submit.setAccessibleName("Unlock")
        self.heading.setAccessibleName(self.heading.text())
        self._update_state()

    def focus_first(self) -> None:
        self.passphrase.setFocus()

    def _show_message(self, text: str) -> None:
        if text:  # selectable, so it can be read word by word or copied (set here, not at start-up)
            Flag = QtCore.Qt.TextInteractionFlag
            self.message.setTextInteractionFlags(Flag.TextSelectableByKeyboard | Flag.TextSelectableByMouse)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleDescription(text)

    def _update_state(self, *_: Any) -> None:
        text = self.passphrase.text()
        if self.first_run and not self._busy and self.message.text() and self.sender() is not None:
            self._show_message("")  # an old complaint about what was typed no longer applies
        if self.first_run:
            level, hint = passphrase_strength(text)
            self.strength.setText(f"Strength: {hint}" if text else
                                  f"Use at least {MIN_CHARS} characters. A few unrelated words work well.")
            self.strength.setAccessibleDescription(self.strength.text())
            ready = (level > 0 and self.confirm.text() == text and self.understood.isChecked())
        else:
            ready = bool(text)
        self.submit.setEnabled(ready and not self._busy)
        needed = self._still_needed() if self.first_run and not ready and not self._busy else ""
        self.still_needed.setText(needed)
        self.still_needed.setAccessibleName(needed or "Ready")
        self.still_needed.setVisible(bool(needed))
        self.submit.setAccessibleDescription(needed)
        self.submit.setToolTip(needed)

    def _still_needed(self) -> str:
        """Why "Create my case store" cannot be pressed yet, in words (not only a grey button)."""
        text, missing = self.passphrase.text(), []
        if passphrase_strength(text)[0] <= 0:
            missing.append(f"a passphrase of at least {MIN_CHARS} characters")
        if not text or self.confirm.text() != text:
            missing.append("the same passphrase typed again")
        if not self.understood.isChecked():
            missing.append("the box ticked")
        if not missing:
            return ""
        joined = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        return f"To create the case store, it still needs {joined}."

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for widget in (self.passphrase, self.confirm, self.understood, self.restore_button, self.fresh_button):
            widget.setEnabled(not busy)
        if busy:
            self.busy.start(text)
        else:
            self.busy.stop()
        self._update_state()

    # ------------------------------------------------------------ actions

    def _submit_from_field(self) -> None:
        if self.submit.isEnabled():
            self._submit()
        elif self.first_run:
            self._explain_not_ready()

    def _explain_not_ready(self) -> None:
        text = self.passphrase.text()
        if len(text) < MIN_CHARS:
            self._show_message(f"The passphrase needs at least {MIN_CHARS} characters.")
        elif self.confirm.text() != text:
            self._show_message("The two passphrases are not the same yet. Please type it again.")
            self.confirm.setFocus()
        elif not self.understood.isChecked():
            self._show_message("Please tick the box to say you understand it cannot be recovered.")
            self.understood.setFocus()

    def _submit(self) -> None:
        if self._busy or not self.submit.isEnabled():
            return
        passphrase = self.passphrase.text()
        self._show_message("")
        applog.setup()  # before the store and the core load: they log too
        if self.first_run:
            self._set_busy(True, "Setting up your case store. This takes a few seconds…")
            create = self._store_class.create if self._store_class else _create_store
            if self._despite_backups:  # the advocate chose a new store with the backups in front of them
                cls = self._cls()
                self._run(lambda p: cls.create(p, despite_backups=True), passphrase)
            else:
                self._run(create, passphrase)
        else:
            self._set_busy(True, "Unlocking. This takes a few seconds…")
            self._run(self._store_class.open if self._store_class else _open_store, passphrase)

    def _run(self, fn: Callable[..., Any], passphrase: str) -> None:
        run_in_background(fn, passphrase, on_done=self._opened, on_error=self._failed, context=self)

    def _opened(self, store: Any) -> None:
        self._despite_backups = False
        self._set_busy(False)
        self.passphrase.clear()
        self.confirm.clear()
        self._show_message("")
        self.unlocked.emit(store)

    def _failed(self, error: TaskError) -> None:
        self._set_busy(False)
        errors = store_errors()
        exc = error.exception
        self.passphrase.clear()
        self.confirm.clear()
        if isinstance(exc, errors.WrongPassphrase):
            self._show_message(
                "That passphrase did not open your cases. Nothing has changed. "
                "Please check Caps Lock and the keyboard language, and try again.")
        elif isinstance(exc, errors.StoreCorrupt):
            self._store_corrupt(exc)
            return
        elif isinstance(exc, getattr(errors, "BackupsExist", ())):
            self._show_recovery("There is no case store on this computer, but backups of one are kept, so a new, "
                                "empty store was not made. Restore a backup, or start a new, empty case store.")
            return
        elif isinstance(exc, getattr(errors, "StoreExists", ())):
            self._set_mode(first_run=False)
            self._show_message("A case store already exists on this computer. Please unlock it with its passphrase.")
        else:
            self._show_message(str(error))
        self.focus_first()

    def _store_corrupt(self, exc: Any) -> None:
        lines = ["Your case store could not be read safely. The app has moved the damaged file "
                 "aside and has not changed or overwritten anything."]
        if getattr(exc, "moved_to", None) is None and "key record" in getattr(exc, "message", ""):
            lines = [exc.message]
        self._show_recovery(" ".join(lines), preferred=getattr(exc, "backup", None))

    def _show_recovery(self, text: str, preferred: Any = None) -> None:
        """The damaged- or missing-store view: backups first (date, case count), then the choices."""
        kept = self._kept()
        self.backup_list.clear()
        for info in kept:
            item = QListWidgetItem(_backup_label(info))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, str(info.path))
            self.backup_list.addItem(item)
        readable = [i for i, info in enumerate(kept) if info.cases is not None]
        lines = [text]
        if readable:
            chosen = next((i for i in readable if preferred is not None and kept[i].path == Path(preferred)),
                          readable[0])
            self.backup_list.setCurrentRow(chosen)
            lines.append("Choose a backup below (the newest is selected) and restore it, then unlock it with the "
                         "passphrase it had. Or start a new, empty case store; the backups stay kept.")
            self.backup_list.show()
            self.restore_button.show()
        else:
            self.restore_button.hide()
            self.backup_list.hide()
            lines.append("There is no backup to restore. You can start a new, empty case store; "
                         "the damaged file stays where it was moved, for whoever supports the app.")
        self.fresh_button.show()
        # Nothing to type a passphrase into until a store is back: hide the field, not just disable it.
        for widget in (self.passphrase, self.passphrase_label, self.submit, self.intro, self.confirm,
                       self.confirm_label, self.strength, self.warning, self.understood):
            widget.hide()
        self.heading.setText("Your case store needs attention")
        self.heading.setAccessibleName(self.heading.text())
        self._show_message(" ".join(lines))
        (self.backup_list if readable else self.fresh_button).setFocus()

    def _may_hold_backups(self) -> bool:
        """The real store keeps backups; a stand-in class (benchmarks) does not."""
        return self._store_class is None or hasattr(self._store_class, "kept_copies")

    def _kept(self) -> list[Any]:
        """Backups (newest first), then set-aside copies; a stand-in store class may offer none."""
        try:
            lister = getattr(self._cls(), "backup_infos", None)
            return list(lister()) if lister is not None else []
        except Exception:  # noqa: BLE001 - an unreadable backups folder is shown as no backups
            return []

    def _restore_backup(self) -> None:
        item = self.backup_list.currentItem()
        if item is None:
            return
        try:
            self._cls().restore_backup(Path(item.data(QtCore.Qt.ItemDataRole.UserRole)))
        except Exception as error:  # noqa: BLE001 - shown as a message, never a traceback
            self._show_message(getattr(error, "message", "") or
                               "The backup could not be restored. Nothing was changed. "
                               "Please contact whoever supports the app.")
            return
        self._despite_backups = False
        self.reset("The backup was restored. Please unlock it with your passphrase. Any damaged or replaced "
                   "store was kept beside it.")
        self.focus_first()

    def _start_fresh(self) -> None:
        self._despite_backups = True
        self.reset()
        if not self.first_run:
            self._despite_backups = False
            self._show_message("The damaged store is still in place, so a new one cannot be started. "
                               "Please contact whoever supports the app.")
        else:
            self._show_message("Setting up a new, empty case store. Your backups stay kept and can still be "
                               "restored later.")
        self.focus_first()


def _backup_label(info: Any) -> str:
    when = f"{info.taken.day} {info.taken:%B %Y at %H:%M}" if info.taken else info.path.name
    if info.cases is None:
        return f"{when}: cannot be read"
    return f"{when}: {info.cases} case{'s' if info.cases != 1 else ''}"


class ChangePassphraseDialog(QDialog):
    """Current passphrase, new one twice; the change runs in the background."""

    changed = Signal()

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._busy = False
        self.setWindowTitle("Change passphrase")
        self.setAccessibleName("Change passphrase")
        self.current = _password_field("Current passphrase")
        self.new = _password_field("New passphrase")
        self.again = _password_field("Type the new passphrase again")
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName("Passphrase strength")
        self.warning = _warning_box(NO_RECOVERY_WARNING)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.busy = BusyIndicator()

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for text, field in (("&Current passphrase:", self.current), ("&New passphrase:", self.new),
                            ("Type it &again:", self.again)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.strength)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Change &passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setAccessibleName("Change passphrase")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for field in (self.current, self.new, self.again):
            field.textChanged.connect(self._update_state)
        self.message.hide()
        self._update_state()
        fit_to_text(self, chars=64)

    def _update_state(self, *_: Any) -> None:
        level, hint = passphrase_strength(self.new.text())
        self.strength.setText(f"Strength: {hint}" if self.new.text() else
                              f"Use at least {MIN_CHARS} characters.")
        ready = bool(self.current.text()) and level > 0 and self.new.text() == self.again.text()
        self.ok.setEnabled(ready and not self._busy)
        grow_to_fit(self)

    def _submit(self) -> None:
        if not self.ok.isEnabled():
            return
        self._busy = True
        for field in (self.current, self.new, self.again):
            field.setEnabled(False)
        self.busy.start("Changing the passphrase. This takes a few seconds…")
        self._update_state()
        run_in_background(self._store.change_passphrase, self.current.text(), self.new.text(),
                          on_done=self._done, on_error=self._failed, context=self)

    def _done(self, result: Any) -> None:
        self._busy = False
        self.busy.stop()
        self.changed.emit()
        if not result:
            self.accept()
            return
        # Changed, but some backups still open with the old passphrase: say which, and stay open to be read.
        names = ", ".join(getattr(p, "name", str(p)) for p in result)
        self.message.setText(f"The passphrase was changed. {len(result)} backup(s) could not be updated and still "
                             f"open with the old passphrase ({names}). The app will try again each time it opens.")
        self.message.show()
        self.ok.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def _failed(self, error: TaskError) -> None:
        self._busy = False
        self.busy.stop()
        for field in (self.current, self.new, self.again):
            field.setEnabled(True)
        if isinstance(error.exception, store_errors().WrongPassphrase):
            text = "The current passphrase is not right. Nothing has changed; please try again."
            self.current.clear()
            self.current.setFocus()
        else:
            text = str(error)
        self.message.setText(text)
        self.message.show()
        self._update_state()
