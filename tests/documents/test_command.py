"""`advocate-app letter` and `summary` from the command line: exit codes, no half-written files."""
from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from advocate_app.documents import command
from advocate_app.errors import UserError
from tests.documents.helpers import CASES, pdf_text, qpdf_ok, squash

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advocate_app", *args], capture_output=True, text=True, timeout=120)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_letter_pdf_is_written_private_and_valid(tmp_path):
    out = tmp_path / "letter.pdf"
    result = run("letter", str(CASES / "sexual-misconduct.json"), "--route", "safeguarding-concern", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Wrote the letter" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    qpdf_ok(data)
    text = squash(pdf_text(data))
    assert "Adult safeguarding concern" in text and "Page 1 of" in text
    assert leftovers(tmp_path) == []


def test_large_print_letter_and_docx_summary(tmp_path):
    out = tmp_path / "letter.docx"
    result = run("letter", str(CASES / "records.json"), "--route", "subject-access", "-o", str(out), "--large-print")
    assert result.returncode == 0, result.stderr
    d = docx.Document(str(out))
    assert d.styles["Normal"].font.size.pt >= 16
    summary = tmp_path / "summary.pdf"
    result = run("summary", str(CASES / "s117-topup.json"), "-o", str(summary), "--easy-read")
    assert result.returncode == 0, result.stderr
    qpdf_ok(summary.read_bytes())
    assert "About your case, Peggy" in squash(pdf_text(summary.read_bytes()))


def test_route_that_does_not_apply_exits_2_and_leaves_the_old_file(tmp_path):
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"an earlier letter")
    result = run("letter", str(CASES / "sexual-misconduct.json"), "--route", "ombudsman-phso", "-o", str(out))
    assert result.returncode == 2
    assert "does not apply to this case" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == b"an earlier letter"
    assert leftovers(tmp_path) == []


def test_missing_fact_exits_2(tmp_path):
    out = tmp_path / "letter.pdf"
    result = run("letter", str(CASES / "sexual-misconduct.json"), "--route", "regulator-professional", "-o", str(out))
    assert result.returncode == 2
    assert "professional's full name" in result.stderr
    assert not out.exists()


def test_wrong_suffix_exits_2(tmp_path):
    out = tmp_path / "letter.txt"
    result = run("letter", str(CASES / "sexual-misconduct.json"), "--route", "complaint-council", "-o", str(out))
    assert result.returncode == 2
    assert ".pdf or .docx" in result.stderr
    assert not out.exists()


def test_unwritable_output_exits_2_and_writes_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    for target in (tmp_path / "missing" / "summary.pdf", blocker / "summary.pdf"):
        result = run("summary", str(CASES / "minimal.json"), "-o", str(target))
        assert result.returncode == 2, result.stderr
        assert "Nothing was written" in result.stderr and "Traceback" not in result.stderr
        assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_malformed_case_file_exits_2(tmp_path):
    bad = tmp_path / "case.json"
    bad.write_text('{"format": "advocate-case/1", "account": ')
    out = tmp_path / "summary.pdf"
    result = run("summary", str(bad), "-o", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_failed_move_leaves_no_partial_file(tmp_path, monkeypatch):
    def refuse(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "summary.pdf"
    args = argparse.Namespace(case=str(CASES / "minimal.json"), output=str(out), easy_read=False)
    with pytest.raises(UserError, match="No space left on device"):
        command.run_summary(args)
    assert list(tmp_path.iterdir()) == []


def test_summary_in_process_writes_pdf(tmp_path):
    out = tmp_path / "summary.pdf"
    args = argparse.Namespace(case=str(CASES / "council-complaint-unsatisfied.json"), output=str(out), easy_read=False)
    assert command.run_summary(args) == 0
    data = out.read_bytes()
    qpdf_ok(data)
    text = squash(pdf_text(data))
    assert "Case summary: Lee Kowalski" in text and "I asked the council for a reassessment" in text
