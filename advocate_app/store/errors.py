"""What can go wrong with the case store, in words the advocate can act on.

Why separate classes: the wizard reacts differently to each (ask again, offer
a backup, keep the work in memory and retry), while the command line simply
prints the message. Every message says what happened, that nothing was lost,
and what to do next, and never contains anything from a case.
"""
from __future__ import annotations

from pathlib import Path

from advocate_app.errors import UserError


class WrongPassphrase(UserError):
    """The passphrase does not unlock the store. Nothing was changed."""

    exit_code = 2

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "That passphrase does not open the case store. Nothing was changed; please try again.")


class StoreCorrupt(UserError):
    """The store file is damaged. It has been set aside, never overwritten.

    `moved_to` is where the damaged file now is (None when it is still in use
    and could not be moved); `backup` is the newest backup that passed its own
    integrity check, or None when there is none to offer.
    """

    exit_code = 1

    def __init__(self, message: str, *, moved_to: Path | None = None, backup: Path | None = None) -> None:
        super().__init__(message)
        self.moved_to = moved_to
        self.backup = backup


class StoreUnavailable(UserError):
    """The store cannot be written or read just now: full disk, read-only folder, locked, missing.

    `reason` is one of "full", "read-only", "locked", "missing", "newer-version", "io".
    """

    exit_code = 1

    def __init__(self, message: str, *, reason: str = "io") -> None:
        super().__init__(message)
        self.reason = reason


class CaseDeleted(UserError):
    """A save for a case that was deleted (in another window or from the command line). Never saved back."""

    exit_code = 2

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (
            "This case was deleted from the case store (perhaps in another window or from the command line), "
            "so it has been closed here and was not saved again."))


class BackupsExist(UserError):
    """No store here, but backups or set-aside copies of one are: a new empty store is not made unasked.

    `backups` lists them (BackupInfo, newest first) so the caller can show them first.
    """

    exit_code = 2

    def __init__(self, message: str, backups: list | None = None) -> None:
        super().__init__(message)
        self.backups = backups or []


class StoreExists(UserError):
    """`create` found a store already there; it is never overwritten."""

    exit_code = 2


class NotFound(UserError):
    """No case or document with that identifier in the store."""

    exit_code = 2
