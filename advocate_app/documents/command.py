"""`advocate-app letter` and `advocate-app summary`: write one document to a file.

Why so careful about the write: a letter is built and rendered fully in
memory first, then written to a private temporary file beside the target and
moved into place in one step (`os.replace`). A failure at any point leaves
the target as it was and no half-written file behind, and the new file is
readable only by its owner (0600): it holds personal information.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

from advocate_app.documents.docx import render_docx
from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import Document
from advocate_app.documents.pdf import render_pdf
from advocate_app.documents.summary import summary_for_case
from advocate_app.errors import UserError
from advocate_app.model.case import Case, case_from_dict

RENDERERS: dict[str, Callable[[Document], bytes]] = {".pdf": render_pdf, ".docx": render_docx}


def renderer_for(output: str) -> Callable[[Document], bytes]:
    suffix = Path(output).suffix.lower()
    if suffix not in RENDERERS:
        raise UserError(f"The output file must end in .pdf or .docx (got '{Path(output).name[:60]}'). "
                        "Nothing was written.")
    return RENDERERS[suffix]


def load_case(path: str) -> Case:
    """The case file, through the shared loader when it exists, else JSON and case_from_dict."""
    try:
        from advocate_app.model.case_file import load_case_file
    except ImportError:
        load_case_file = None
    if load_case_file is not None:
        return load_case_file(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise UserError(f"There is no case file at {path}.") from None
    except OSError as error:
        raise UserError(f"The case file {path} could not be read ({error.strerror or error}).") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"The case file {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise UserError(f"The case file {path} is not valid JSON (line {error.lineno}, column {error.colno}).") from None
    return case_from_dict(data)


def write_private_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` as 0600, all or nothing."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending in .pdf or .docx. Nothing was written.")
    if target.is_symlink() or (target.exists() and not target.is_file()):  # never rename over a link or device
        raise UserError(f"{path} is a link or a device, not a plain file; give the name of a plain file. "
                        "Nothing was written.")
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist. Nothing was written.")
    temp_name = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        temp_name = None
    except OSError as error:
        raise UserError(f"Could not write {path} ({error.strerror or error}). Nothing was written; "
                        "choose a folder you can write to.") from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def run_letter(args: argparse.Namespace) -> int:
    render = renderer_for(args.output)
    case = load_case(args.case)
    document = letter_for_route(case, args.route, large_print=bool(getattr(args, "large_print", False)))
    write_private_atomically(args.output, render(document))
    print(f"Wrote the letter ({args.route}) to {args.output}.")
    if document.checks:
        print("Before you send it:")
        for check in document.checks:
            print(f"  - {check}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    render = renderer_for(args.output)
    case = load_case(args.case)
    document = summary_for_case(case, easy_read=bool(getattr(args, "easy_read", False)))
    write_private_atomically(args.output, render(document))
    kind = "easy-read summary" if getattr(args, "easy_read", False) else "case summary"
    print(f"Wrote the {kind} to {args.output}.")
    return 0
