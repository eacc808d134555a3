"""`advocate-app cases list|import|export|delete|restore|backups|set-aside|create`: the store without a window.

Why each rule: a wrong passphrase or a bad case file prints one line and
changes nothing (exit 2); the first command on a machine with no store makes
one (asking twice at a prompt, so a typo cannot lock the advocate out, since
there is no recovery), but never while backups or set-aside copies of a store
are kept: then the advocate is shown them and chooses to restore or to start
afresh (`cases create`). Export is the one place a plain file is written, so
it is written privately and atomically, refused up front when the destination
is not a plain file in a folder we can write to, and the advocate is told it
is not encrypted whenever it was written. Names are printed with control
characters made visible, so a case can never rewrite the advocate's terminal.
"""
from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from pathlib import Path
from typing import Callable

from advocate_app.errors import UserError
from advocate_app.model.case import Case, case_to_dict
from advocate_app.model.case_file import load_case_file
from advocate_app.store import files
from advocate_app.store.backups import BackupInfo
from advocate_app.store.casestore import CaseStore
from advocate_app.store.common import ID as _ID
from advocate_app.store.common import when
from advocate_app.store.errors import NotFound, StoreCorrupt, StoreUnavailable, WrongPassphrase

NO_RECOVERY = ("No case store exists yet, so one will be made now. Choose a passphrase you will remember: "
               "there is no way to recover the cases without it.")
EXPORT_WARNING = ("Warning: {name} is NOT encrypted. Anyone who can open it can read this case. "
                  "Keep it somewhere safe and delete it when you no longer need it.")
RESTORE_HINT = " Run 'advocate-app cases restore' to put it back, or 'advocate-app cases backups' to see them all."

__all__ = ["load_case_file", "open_store", "read_passphrase_file", "run", "terminal_text", "ask_passphrase"]

_BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def terminal_text(text: str) -> str:
    """`text` safe to print: control characters (escape codes, bidi overrides) become '?'."""
    return "".join("?" if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ord(ch) in _BIDI_CONTROLS
                           or 0xD800 <= ord(ch) < 0xE000) else ch for ch in text)


def read_passphrase_file(path: str) -> str:
    """The file's text, with one trailing newline removed (the one editors add)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise UserError(f"the passphrase file {path} could not be read ({error.strerror or 'unreadable'}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"the passphrase file {path} is not UTF-8 text.") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise UserError(f"the passphrase file {path} is empty.")
    return text


def ask_passphrase(prompt: str) -> str:
    """At a terminal, ask without echo; otherwise read one line from standard input.

    Why not getpass alone: with no terminal it prints a Python warning and
    "input may be echoed"; a passphrase piped in is not echoed anywhere.
    """
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        return getpass.getpass(prompt)
    print(prompt, end="", file=sys.stderr, flush=True)
    line = stdin.readline() if stdin is not None else ""
    if not line:
        print(file=sys.stderr)
        raise UserError("no passphrase was given, and there is no terminal to ask at. Use --passphrase-file FILE. "
                        "Nothing was changed.")
    print(file=sys.stderr)
    if line.endswith("\r\n"):
        return line[:-2]
    return line[:-1] if line.endswith("\n") else line


def _prompt(creating: bool, ask: Callable[[str], str]) -> str:
    if not creating:
        return ask("Passphrase for the case store: ")
    print(NO_RECOVERY, file=sys.stderr)
    first = ask("New passphrase: ")
    second = ask("Type it again: ")
    if first != second:
        raise UserError("the two passphrases were not the same, so no store was made. Nothing was changed.")
    return first


def _passphrase(args: argparse.Namespace, creating: bool, ask: Callable[[str], str]) -> str:
    passphrase_file = getattr(args, "passphrase_file", None)
    if passphrase_file:
        return read_passphrase_file(passphrase_file)
    try:
        return _prompt(creating, ask)
    except EOFError:
        raise UserError("no passphrase was given. Nothing was changed.") from None


def _kept_summary(kept: list[BackupInfo]) -> str:
    backups = [item for item in kept if item.taken is not None]
    copies = len(kept) - len(backups)
    bits = []
    if backups:
        newest = backups[0]
        held = f", with {newest.cases} case{'s' if newest.cases != 1 else ''}" if newest.cases is not None else ""
        bits.append(f"{len(backups)} backup{'s' if len(backups) != 1 else ''} (the newest from "
                    f"{when(newest.taken)}{held})")
    if copies:
        bits.append(f"{copies} set-aside cop{'ies' if copies != 1 else 'y'}")
    return " and ".join(bits)


def open_store(args: argparse.Namespace, ask: Callable[[str], str] = ask_passphrase) -> CaseStore:
    """Open the store (or create it on first use) with the passphrase from the file or a prompt."""
    creating = not CaseStore.exists()
    if creating:
        kept = CaseStore.kept_copies()
        if kept:
            raise UserError(
                f"there is no case store, but {_kept_summary(kept)} of one are kept, so a new, empty store was "
                "not made. Nothing was changed. Run 'advocate-app cases restore' to put the newest good backup "
                "back, 'advocate-app cases backups' to see them, or 'advocate-app cases create' to start a new, "
                "empty store.")
    passphrase = _passphrase(args, creating, ask)
    if creating:
        store = CaseStore.create(passphrase)
        print("A new encrypted case store was made.", file=sys.stderr)
        return store
    store = CaseStore.open(passphrase)
    _print_notices(store)
    return store


def _print_notices(store: CaseStore) -> None:
    if store.read_only_reason == "locked":
        print("Note: the case store is open in another window, so it was opened for reading only.", file=sys.stderr)
    elif store.read_only_reason:
        print("Note: the case store is on a read-only disk or folder, so it was opened for reading only.",
              file=sys.stderr)
    for notice in store.notices:
        print(f"Note: {terminal_text(notice)}", file=sys.stderr)
    store.notices.clear()


def _list(store: CaseStore, _args: argparse.Namespace) -> int:
    rows = store.list_cases()
    if not rows:
        print("No cases in the store yet.")
    for row in rows:
        bits = [row.id, terminal_text(row.name) or "(no name yet)", f"saved {row.updated.astimezone():%d %b %Y %H:%M}"]
        if row.next_deadline:
            bits.append(f"next deadline {row.next_deadline:%d %b %Y}")
        if row.closed:
            bits.append(f"closed {row.closed:%d %b %Y}")
        if row.retention_due:
            bits.append("due for retention review")
        print("  ".join(bits))
    if store.unreadable:
        print(f"{len(store.unreadable)} case(s) could not be read and no backup holds a good copy.", file=sys.stderr)
    return 0


def _import(store: CaseStore, args: argparse.Namespace) -> int:
    case: Case = args.loaded_case
    if case.id is not None and _ID.match(str(case.id)) and store.case_version(case.id):
        raise UserError(f"{args.case}: a case with id {case.id} is already in the store, so nothing was "
                        "changed. Delete it first, or remove \"id\" from the file to import it as a new case.")
    if case.id is not None and _ID.match(str(case.id)) and store.is_deleted(case.id):
        case.extra.setdefault("previous_id", case.id)  # a deleted case comes back only as a new case
        case.id = None
    case_id = store.save_case(case)
    store.audit(case_id, "imported")
    print(f"Imported case {case_id}.")
    return 0


def _export(store: CaseStore, args: argparse.Namespace) -> int:
    target = Path(args.output)
    problem = files.output_problem(target)
    if problem:
        raise UserError(f"{terminal_text(str(target))} {problem}. Nothing was written.")
    case = store.load_case(args.id)
    data = (json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        files.atomic_write_bytes(target, data)
    except OSError as error:
        raise UserError(f"{terminal_text(str(target))} could not be written ({error.strerror or 'error'}). "
                        "Nothing was written.") from None
    print(EXPORT_WARNING.format(name=terminal_text(target.name)), file=sys.stderr)
    with contextlib.suppress(StoreUnavailable):  # read-only store: the file is written, the trail note waits
        store.audit(case.id or args.id, "exported")
    print(f"Exported case {args.id} to {terminal_text(str(target))}.")
    return 0


def _delete(store: CaseStore, args: argparse.Namespace) -> int:
    store.delete_case(args.id)
    print(f"Deleted case {args.id} for good, from the store and every backup.")
    return 0


ACTIONS: dict[str, Callable[[CaseStore, argparse.Namespace], int]] = {
    "list": _list, "import": _import, "export": _export, "delete": _delete,
}


# ------------------------------------------------------------ without an open store

def _backups(_args: argparse.Namespace) -> int:
    kept = CaseStore.backup_infos()
    if not kept:
        print("No backups yet. A backup is made when the store is closed after a change.")
    for item in kept:
        print(item.describe())
    return 0


def _pick_backup(args: argparse.Namespace, passphrase: str) -> BackupInfo:
    kept = CaseStore.backup_infos()
    if not kept:
        raise UserError("there are no backups to restore from. Nothing was changed.")
    chosen = getattr(args, "source", None)
    if chosen:
        matches = [item for item in kept if item.path.name == Path(chosen).name]
        if not matches:
            raise UserError(f"there is no backup called {terminal_text(Path(chosen).name)}. "
                            "'advocate-app cases backups' lists them. Nothing was changed.")
        return matches[0]
    for item in kept:
        if item.readable and CaseStore.backup_opens(item.path, passphrase):
            return item
    raise UserError("no backup opens with that passphrase. Nothing was changed.")


def _restore(args: argparse.Namespace) -> int:
    if not CaseStore.backup_infos():
        raise UserError("there are no backups to restore from. Nothing was changed.")
    passphrase = _passphrase(args, False, ask_passphrase)
    item = _pick_backup(args, passphrase)
    if not CaseStore.backup_opens(item.path, passphrase):
        raise WrongPassphrase("That passphrase does not open this backup. Nothing was changed.")
    moved = CaseStore.restore_backup(item.path)
    with CaseStore.open(passphrase) as store:
        count = len(store.list_cases())
        _print_notices(store)
    kept = f" The store it replaced was kept as {moved.name}." if moved else ""
    print(f"Restored the backup of {when(item.taken)}: {count} case{'s' if count != 1 else ''}.{kept}")
    return 0


def _set_aside(args: argparse.Namespace) -> int:
    copies = [item.path for item in CaseStore.kept_copies() if item.taken is None]
    if args.delete_all or args.delete:
        chosen = copies if args.delete_all else [p for p in copies if p.name == Path(args.delete).name]
        if not chosen:
            raise UserError(f"there is no set-aside copy called {terminal_text(Path(args.delete).name)}. "
                            "Nothing was changed.")
        removed = CaseStore.forget_copies(chosen)
        print(f"Deleted {removed} set-aside cop{'ies' if removed != 1 else 'y'} for good.")
        return 0
    if not copies:
        print("No set-aside copies.")
    for path in copies:
        print(f"{path.name}  {path.stat().st_size // 1024} KB")
    return 0


def _create(args: argparse.Namespace) -> int:
    if CaseStore.exists():
        raise UserError("a case store already exists here, so a new one was not made. Nothing was changed.")
    passphrase = _passphrase(args, True, ask_passphrase)
    CaseStore.create(passphrase, despite_backups=True).close()
    print("A new, empty encrypted case store was made. Backups and set-aside copies were left as they were.")
    return 0


STANDALONE: dict[str, Callable[[argparse.Namespace], int]] = {
    "backups": _backups, "restore": _restore, "set-aside": _set_aside, "create": _create,
}


def run(args: argparse.Namespace) -> int:
    if args.cases_command in STANDALONE:
        return _with_hint(STANDALONE[args.cases_command], args)
    action = ACTIONS[args.cases_command]
    if args.cases_command in ("export", "delete") and not _ID.match(str(args.id)):
        raise NotFound(f"there is no case with id {terminal_text(str(args.id)[:40])} in the store. "
                       "'advocate-app cases list' shows the ids.")
    if args.cases_command == "import":
        args.loaded_case = load_case_file(args.case)  # a bad file fails before a passphrase is asked
    if args.cases_command == "export":
        problem = files.output_problem(Path(args.output))
        if problem:  # refused before a passphrase is asked, and before anything is read
            raise UserError(f"{terminal_text(args.output)} {problem}. Nothing was written.")

    def act(parsed: argparse.Namespace) -> int:
        store = open_store(parsed)
        try:
            return action(store, parsed)
        finally:
            store.close()

    return _with_hint(act, args)


def _with_hint(fn: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """A damaged store's message says which command restores it."""
    try:
        return fn(args)
    except StoreCorrupt as error:
        if error.backup is not None and "cases restore" not in error.message:
            raise StoreCorrupt(error.message + RESTORE_HINT, moved_to=error.moved_to, backup=error.backup) from None
        raise

