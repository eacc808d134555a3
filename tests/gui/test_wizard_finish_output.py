"""Finish: an export starts in Documents; a print job says which letter and case, never whose."""
from __future__ import annotations

from pathlib import Path

import pytest

from .wizard_helpers import open_at, press, sample_case

pytestmark = pytest.mark.timeout(120)


def finish_step(qtbot):  # noqa: ANN001, ANN201
    return open_at(qtbot, sample_case("sexual-misconduct"), "finish")


def test_the_export_dialog_opens_in_the_documents_folder(qtbot, dialogs):
    from advocate_app import paths

    documents = paths.documents_dir()
    documents.mkdir(parents=True, exist_ok=True)
    wizard, finish = finish_step(qtbot)
    finish.select("complaint-provider")
    dialogs.confirm_answers.append(True)
    press(qtbot, finish.export_pdf)             # cancelled at the file dialog: nothing is written
    assert dialogs.suggested, "no save dialog was opened"
    suggested = Path(dialogs.suggested[-1])
    assert suggested.parent == documents
    assert suggested.suffix == ".pdf"
    assert "Amira" not in suggested.name and "Haddad" not in suggested.name


def test_a_print_job_is_titled_with_the_letter_and_the_case_reference_not_the_name(qtbot, monkeypatch):
    from advocate_app.gui.wizard import printing

    wizard, finish = finish_step(qtbot)
    asked = []

    def fake_dialog(printer, parent):  # noqa: ANN001, ANN202
        asked.append(printer.docName())
        return False                          # the advocate cancels: nothing is printed

    monkeypatch.setattr(printing, "ask_printer", fake_dialog)
    finish.select("complaint-provider")
    qtbot.waitUntil(lambda: bool(finish.preview.pdf_bytes), timeout=60_000)
    press(qtbot, finish.print_button)
    assert asked, "the print dialog was not asked"
    name = asked[0]
    assert "care provider" in name.lower()
    assert "C-2026-0142" in name.upper()     # the case's own reference
    assert "Amira" not in name and "Haddad" not in name
