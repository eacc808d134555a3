"""Reading and writing the portable case file (`advocate-case/1` JSON).

Why here and why this careful: the case file is how a case moves between the
wizard, the command line and other tools, and it holds a person's story.
Reading it must never crash with a traceback (every problem becomes one plain
`UserError` line saying what and where), and writing it must never leave a
half-written file behind (write a temporary file beside it, flush it to disk,
then swap it in). The file is written readable by its owner only.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from advocate_app.errors import UserError
from advocate_app.files import write_atomically
from advocate_app.model.case import Case, CaseFormatError, case_from_dict, case_to_dict

MAX_BYTES = 50 * 1024 * 1024   # far beyond any real case; stops a wrong file (a video) being read into memory


class CaseFileError(UserError):
    """The case file could not be read; nothing was changed."""


def _label(path: Path) -> str:
    return f"case file '{path.name}'"


def load_case_file(path: str | os.PathLike[str]) -> Case:
    """Read a case file; raise CaseFileError (a UserError) with one line naming the problem."""
    path = Path(path)
    label = _label(path)
    try:
        if path.is_dir():
            raise CaseFileError(f"{label} is a folder, not a file. Choose the .json case file inside it.")
        size = path.stat().st_size
    except FileNotFoundError:
        raise CaseFileError(f"cannot find {label}. Check the name and the folder, then try again.") from None
    except PermissionError:
        raise CaseFileError(f"{label} cannot be opened: permission denied.") from None
    except OSError as error:
        raise CaseFileError(f"{label} cannot be opened ({error.strerror or 'system error'}).") from None
    if size > MAX_BYTES:
        raise CaseFileError(f"{label} is too large to be a case file ({size // (1024 * 1024)} MB).")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CaseFileError(f"{label} cannot be read ({error.strerror or 'system error'}).") from None
    if not raw.strip():
        raise CaseFileError(f"{label} is empty. It should hold a case saved by advocate-app.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError(f"{label} is not UTF-8 text (unreadable byte at position {error.start}). "
                            "Save it again as UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseFileError(f"{label} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.") from None
    except RecursionError:
        raise CaseFileError(f"{label} is not a case file: it is nested too deeply.") from None
    except ValueError:  # e.g. a number over 4,300 digits, which Python refuses to read
        raise CaseFileError(f"{label} is not a case file: it holds a number too long to read.") from None
    try:
        return case_from_dict(data)
    except CaseFormatError as error:
        raise CaseFileError(f"{label}: {error.message}") from None


def save_case_file(case: Case, path: str | os.PathLike[str]) -> None:
    """Write the case atomically and owner-only: the old file stays intact until the new one is complete."""
    path = Path(path)
    text = json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(path, text.encode("utf-8"))
    except FileNotFoundError:
        raise CaseFileError(f"cannot save {_label(path)}: the folder does not exist.") from None
    except OSError as error:
        raise CaseFileError(f"cannot save {_label(path)} ({error.strerror or 'system error'}). "
                            "The previous version was not changed.") from None
