"""`advocate-app cases list|import|export|delete`: the store without a window.

Why each rule: a wrong passphrase or a bad case file prints one line and
changes nothing (exit 2); the first command on a machine with no store makes
one (asking twice at a prompt, so a typo cannot lock the advocate out, since
there is no recovery); export is the one place a plain file is written, so it
is written privately and atomically, and the advocate is told it is not
encrypted.
"""
from __future__ import annotations

import argparse
import getpass
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Callable

from advocate_app.errors import UserError
from advocate_app.model.case import Case, case_from_dict, case_to_dict
from advocate_app.store import files
from advocate_app.store.casestore import _ID, CaseStore
from advocate_app.store.errors import NotFound

NO_RECOVERY = ("No case store exists yet, so one will be made now. Choose a passphrase you will remember: "
               "there is no way to recover the cases without it.")
EXPORT_WARNING = ("Warning: {name} is NOT encrypted. Anyone who can open it can read this case. "
                  "Keep it somewhere safe and delete it when you no longer need it.")


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


def _prompt(creating: bool, ask: Callable[[str], str]) -> str:
    if not creating:
        return ask("Passphrase for the case store: ")
    print(NO_RECOVERY, file=sys.stderr)
    first = ask("New passphrase: ")
    second = ask("Type it again: ")
    if first != second:
        raise UserError("the two passphrases were not the same, so no store was made. Nothing was changed.")
    return first


def open_store(args: argparse.Namespace, ask: Callable[[str], str] = getpass.getpass) -> CaseStore:
    """Open the store (or create it on first use) with the passphrase from the file or a prompt."""
    creating = not CaseStore.exists()
    passphrase_file = getattr(args, "passphrase_file", None)
    if passphrase_file:
        passphrase = read_passphrase_file(passphrase_file)
    else:
        try:
            passphrase = _prompt(creating, ask)
        except EOFError:
            raise UserError("no passphrase was given. Nothing was changed.") from None
    if creating:
        store = CaseStore.create(passphrase)
        print("A new encrypted case store was made.", file=sys.stderr)
        return store
    return CaseStore.open(passphrase)


def load_case_file(path: str) -> Case:
    """Use the shared case-file reader when present; otherwise JSON + case_from_dict."""
    try:
        reader: Any = importlib.import_module("advocate_app.model.case_file").load_case_file
    except (ImportError, AttributeError):
        reader = None
    if reader is not None:
        return reader(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text.") from None
    except OSError as error:
        raise UserError(f"{path}: could not be read ({error.strerror or 'unreadable'}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}).") from None
    return case_from_dict(data)


def _list(store: CaseStore, _args: argparse.Namespace) -> int:
    rows = store.list_cases()
    if not rows:
        print("No cases in the store yet.")
        return 0
    for row in rows:
        bits = [row.id, row.name or "(no name yet)", f"saved {row.updated.astimezone():%d %b %Y %H:%M}"]
        if row.next_deadline:
            bits.append(f"next deadline {row.next_deadline:%d %b %Y}")
        if row.closed:
            bits.append(f"closed {row.closed:%d %b %Y}")
        if row.retention_due:
            bits.append("due for retention review")
        print("  ".join(bits))
    if store.unreadable:
        print(f"{len(store.unreadable)} case(s) could not be read; a backup may hold them.", file=sys.stderr)
    return 0


def _import(store: CaseStore, args: argparse.Namespace) -> int:
    case = args.loaded_case
    if case.id is not None and _ID.match(str(case.id)) and store.case_version(case.id):
        raise UserError(f"{args.case}: a case with id {case.id} is already in the store, so nothing was "
                        "changed. Delete it first, or remove \"id\" from the file to import it as a new case.")
    case_id = store.save_case(case)
    store.audit(case_id, "imported")
    print(f"Imported case {case_id}.")
    return 0


def _export(store: CaseStore, args: argparse.Namespace) -> int:
    case = store.load_case(args.id)
    target = Path(args.output)
    if target.is_dir():
        raise UserError(f"{target} is a folder; please give a file name such as case.json.")
    data = (json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        files.atomic_write_bytes(target, data)
    except OSError as error:
        raise UserError(f"{target} could not be written ({error.strerror or 'error'}). Nothing was changed.") from None
    store.audit(case.id or args.id, "exported")
    print(f"Exported case {args.id} to {target}.")
    print(EXPORT_WARNING.format(name=target.name), file=sys.stderr)
    return 0


def _delete(store: CaseStore, args: argparse.Namespace) -> int:
    store.delete_case(args.id)
    print(f"Deleted case {args.id} for good.")
    return 0


ACTIONS: dict[str, Callable[[CaseStore, argparse.Namespace], int]] = {
    "list": _list, "import": _import, "export": _export, "delete": _delete,
}


def run(args: argparse.Namespace) -> int:
    action = ACTIONS[args.cases_command]
    if args.cases_command in ("export", "delete") and not _ID.match(str(args.id)):
        raise NotFound(f"there is no case with id {str(args.id)[:40]} in the store. "
                       "'advocate-app cases list' shows the ids.")
    if args.cases_command == "import":
        args.loaded_case = load_case_file(args.case)  # a bad file fails before a passphrase is asked
    store = open_store(args)
    try:
        return action(store, args)
    finally:
        store.close()
