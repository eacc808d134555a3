"""`advocate-app report` end to end, against a real encrypted store in a temporary folder."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import os
import stat

import pytest
from pypdf import PdfReader

from advocate_app import cli
from advocate_app.model.case import Case, LetterRecord
from advocate_app.reporting.csv_export import report_csv
from advocate_app.reporting.gather import cases_from_store, merge_letter_documents
from advocate_app.reporting.report import build_report
from advocate_app.store import CaseStore
from tests.reporting.casegen import CANARY, generate_cases

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def store_with_cases(tmp_path, model):
    """A real store (under ADVOCATE_APP_HOME, set by tests/conftest.py) holding 150 generated cases."""
    cases = generate_cases(model, n=150, seed=7)
    saved = []
    with CaseStore.create(PASSPHRASE) as store:
        for case in cases:
            case = copy.deepcopy(case)
            case.id = None
            store.save_case(case)
            saved.append(case)
        # one letter kept only as a stored document, marked sent: the report must count it
        doc = store.save_document(saved[0].id, kind="letter", route="regulator-cqc", title=f"{CANARY}doc",
                                  data=b"%PDF-1.4", produced=dt.date(2026, 1, 20))
        store.mark_sent(doc, dt.date(2026, 1, 21))
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return saved, passfile


def run_cli(*args: str) -> int:
    return cli.main(["report", *args])


def test_report_writes_a_private_csv_equal_to_the_pure_report(store_with_cases, tmp_path, model, capsys):
    saved, passfile = store_with_cases
    out = tmp_path / "q.csv"
    code = run_cli("--from", "2025-10-01", "--to", "2026-12-31", "-o", str(out), "--passphrase-file", str(passfile))
    assert code == 0, capsys.readouterr().err
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    with CaseStore.open(PASSPHRASE) as store:
        cases, unreadable = cases_from_store(store)
    assert unreadable == 0 and len(cases) == 150
    expected = report_csv(build_report(cases, dt.date(2025, 10, 1), dt.date(2026, 12, 31), model))
    assert out.read_bytes().decode("utf-8") == expected
    text = out.read_text(encoding="utf-8")
    assert CANARY not in text
    rows = {(r["section"], r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows[("cases", "total")]["count"] == str(sum(
        1 for c in saved if dt.date(2025, 10, 1) <= (c.first_contact or c.created) <= dt.date(2026, 12, 31)))
    assert "Wrote" in capsys.readouterr().out


def test_a_letter_kept_only_as_a_stored_document_is_counted_once(store_with_cases):
    saved, _ = store_with_cases
    with CaseStore.open(PASSPHRASE) as store:
        cases, _ = cases_from_store(store)
    first = next(c for c in cases if c.id == saved[0].id)
    cqc = [l for l in first.letters if l.route == "regulator-cqc" and l.sent == dt.date(2026, 1, 21)]
    assert len(cqc) == 1


def test_a_document_matching_a_recorded_letter_is_not_counted_twice():
    case = Case(account="x", letters=[LetterRecord("complaint-nhs", produced=dt.date(2026, 1, 2))])

    class Doc:
        kind, route, produced, sent = "letter", "complaint-nhs", dt.date(2026, 1, 2), dt.date(2026, 1, 3)

    merged = merge_letter_documents(case, [Doc()])
    assert len(merged.letters) == 1 and merged.letters[0].sent == dt.date(2026, 1, 3)
    assert case.letters[0].sent is None, "the case itself is not changed"


def test_report_writes_a_pdf(store_with_cases, tmp_path):
    _, passfile = store_with_cases
    out = tmp_path / "q.PDF"
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(passfile)) == 0
    reader = PdfReader(str(out))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "1 January 2026 to 31 March 2026" in " ".join(text.split())
    assert CANARY not in text


@pytest.mark.parametrize("args,fragment", [
    (["--from", "2026-13-01", "--to", "2026-03-31"], "--from '2026-13-01' is not a real date"),
    (["--from", "1/1/2026", "--to", "2026-03-31"], "YYYY-MM-DD"),
    (["--from", "2026-03-31", "--to", "2026-01-01"], "swap"),
])
def test_bad_dates_are_one_line_exit_2_and_no_file(store_with_cases, tmp_path, capsys, args, fragment):
    _, passfile = store_with_cases
    out = tmp_path / "r.csv"
    assert run_cli(*args, "-o", str(out), "--passphrase-file", str(passfile)) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_an_unknown_ending_is_refused(store_with_cases, tmp_path, capsys):
    _, passfile = store_with_cases
    out = tmp_path / "r.docx"
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(passfile)) == 2
    assert ".pdf or .csv" in capsys.readouterr().err
    assert not out.exists()


def test_an_unwritable_folder_is_refused_before_anything_is_written(store_with_cases, tmp_path, capsys, monkeypatch):
    _, passfile = store_with_cases
    out = tmp_path / "missing-folder" / "r.csv"
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(passfile)) == 2
    assert "does not exist" in capsys.readouterr().err
    # a read-only folder (simulated: the tests may run as root, who can write anywhere)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr("advocate_app.reporting.export.os.access",
                        lambda path, mode: False if str(path) == str(locked) else real_access(path, mode))
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(locked / "r.csv"),
                   "--passphrase-file", str(passfile)) == 2
    assert "cannot be written to" in capsys.readouterr().err
    assert list(locked.iterdir()) == []


def test_a_failed_write_leaves_no_half_written_file(store_with_cases, tmp_path, capsys, monkeypatch):
    _, passfile = store_with_cases
    out = tmp_path / "r.csv"
    out.write_text("the old report", encoding="utf-8")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("advocate_app.store.files.os.fsync", full_disk)
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(passfile)) == 2
    assert "No space left" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.csv")] == []


def test_a_wrong_passphrase_is_one_line_exit_2_and_no_file(store_with_cases, tmp_path, capsys):
    out = tmp_path / "r.csv"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it", encoding="utf-8")
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(wrong)) == 2
    err = capsys.readouterr().err
    assert "passphrase" in err and err.count("\n") == 1
    assert not out.exists()


def test_no_store_means_nothing_to_report(tmp_path, capsys):
    out = tmp_path / "r.csv"
    passfile = tmp_path / "p.txt"
    passfile.write_text("whatever", encoding="utf-8")
    assert run_cli("--from", "2026-01-01", "--to", "2026-03-31", "-o", str(out), "--passphrase-file", str(passfile)) == 2
    assert "no case store" in capsys.readouterr().err
    assert not out.exists() and not CaseStore.exists()
