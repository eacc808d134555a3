"""`advocate-app letter` and `advocate-app summary`: write one document to a file.

Why so careful about the write: a letter is built and rendered fully in
memory first, then written to a private temporary file beside the target and
moved into place in one step (`os.replace`). A failure at any point leaves
the target as it was and no half-written file behind, and the new file is
readable only by its owner (0600): it holds personal information.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable

from advocate_app.documents.edits import apply_edits, edits_for
from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import Document
from advocate_app.documents.pdf import render_pdf
from advocate_app.errors import UserError
from advocate_app.files import write_atomically
from advocate_app.model.case_file import load_case_file


def _render_docx(document: Document) -> bytes:
    """python-docx is loaded only when a Word file is asked for (a PDF does not need it)."""
    from advocate_app.documents.docx import render_docx

    return render_docx(document)


RENDERERS: dict[str, Callable[[Document], bytes]] = {".pdf": render_pdf, ".docx": _render_docx}


def renderer_for(output: str) -> Callable[[Document], bytes]:
    suffix = Path(output).suffix.lower()
    if suffix not in RENDERERS:
        raise UserError(f"The output file must end in .pdf or .docx (got '{Path(output).name[:60]}'). "
                        "Nothing was written.")
    return RENDERERS[suffix]


def write_private_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` as 0600, all or nothing; a problem is one plain UserError."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending in .pdf or .docx. Nothing was written.")
    if target.is_symlink() or (target.exists() and not target.is_file()):  # never rename over a link or device
        raise UserError(f"{path} is a link or a device, not a plain file; give the name of a plain file. "
                        "Nothing was written.")
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist. Nothing was written.")
    try:
        write_atomically(target, data)
    except OSError as error:
        raise UserError(f"Could not write {path} ({error.strerror or error}). Nothing was written; "
                        "choose a folder you can write to.") from None


def run_letter(args: argparse.Namespace) -> int:
    render = renderer_for(args.output)
    case = load_case_file(args.case)
    drafted = letter_for_route(case, args.route, large_print=bool(getattr(args, "large_print", False)))
    document, stale = apply_edits(drafted, case, args.route)
    write_private_atomically(args.output, render(document))
    print(f"Wrote the letter ({args.route}) to {args.output}.")
    if edits_for(case, args.route) is not None:
        print("It uses the advocate's edited wording saved in the case.")
    if stale:
        print("The drafted letter has changed since that wording was edited (the case has new answers); "
              "please read it through before sending.")
    if document.checks:
        print("Before you send it:")
        for check in document.checks:
            print(f"  - {check}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from advocate_app.documents.summary import summary_for_case   # a letter does not need it

    render = renderer_for(args.output)
    case = load_case_file(args.case)
    document = summary_for_case(case, easy_read=bool(getattr(args, "easy_read", False)))
    write_private_atomically(args.output, render(document))
    kind = "easy-read summary" if getattr(args, "easy_read", False) else "case summary"
    print(f"Wrote the {kind} to {args.output}.")
    return 0
