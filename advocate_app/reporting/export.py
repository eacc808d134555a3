"""Write a report to a file: PDF or CSV by the name's ending, privately and all at once.

Why checks before any work: a typo in the file name should be caught before
the passphrase is asked for and the cases decrypted, and a failed write must
never leave half a report behind (the store's atomic 0600 writer is reused).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from advocate_app.errors import UserError
from advocate_app.reporting.csv_export import report_csv_bytes
from advocate_app.reporting.report import Report
from advocate_app.store.files import atomic_write_bytes

KINDS = {".pdf": "pdf", ".csv": "csv"}


def output_kind(path: str | os.PathLike[str]) -> str:
    """"pdf" or "csv" from the file name; anything else is refused in plain words."""
    suffix = Path(path).suffix.lower()
    if suffix not in KINDS:
        raise UserError(f"{Path(path).name}: the report can be saved as .pdf or .csv; "
                        "please end the file name with one of those.")
    return KINDS[suffix]


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Refuse, before any work, a target that cannot be written."""
    target = Path(path)
    output_kind(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise UserError(f"{target}: that is a folder; please give a file name ending .pdf or .csv.")
    if not folder.is_dir():
        raise UserError(f"{target}: the folder {folder} does not exist. Nothing was written.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{target}: the folder {folder} cannot be written to. Nothing was written.")
    if target.exists() and not os.access(target, os.W_OK):
        raise UserError(f"{target}: the file is read-only. Nothing was written.")
    return target


def report_bytes(report: Report, kind: str, model: Any = None) -> bytes:
    if kind != "pdf":
        return report_csv_bytes(report)
    # Imported here: the PDF layout brings in reportlab (0.1 s), which a CSV report never needs.
    from advocate_app.reporting.pdf import report_pdf
    return report_pdf(report, model)


def write_report(report: Report, path: str | os.PathLike[str], model: Any = None) -> Path:
    """Write the report as PDF or CSV (by the name), 0600, all or nothing."""
    target = check_writable(path)
    data = report_bytes(report, output_kind(target), model)
    try:
        atomic_write_bytes(target, data)
    except OSError as error:
        raise UserError(f"{target}: could not be written ({error.strerror or 'write failed'}). "
                        "Nothing was written.") from None
    return target
