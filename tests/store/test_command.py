"""`advocate-app cases ...` run as the advocate would, in a separate process."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from advocate_app.model.case import case_from_dict

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "cases" / "s117-topup.json"
pytestmark = pytest.mark.slow


def cases(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ADVOCATE_APP_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "advocate_app", "cases", *args], env=env, cwd=ROOT,
                          input=None if stdin is None else stdin.encode(), capture_output=True, timeout=120,
                          start_new_session=True)  # no controlling terminal: getpass reads stdin


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode()


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode()


def store_file(home: Path) -> Path:
    return home / "data" / "cases.sqlite3"


def imported_id(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, err(result)
    return out(result).strip().split()[-1].rstrip(".")


def test_first_command_creates_the_store_then_import_list_export_delete(home, pw, tmp_path):
    first = cases(home, "list", "--passphrase-file", str(pw))
    assert first.returncode == 0, err(first)
    assert "No cases" in out(first)
    assert "new encrypted case store" in err(first)
    assert store_file(home).exists()

    case_id = imported_id(cases(home, "--passphrase-file", str(pw), "import", str(SAMPLE)))
    listing = cases(home, "list", "--passphrase-file", str(pw))
    assert listing.returncode == 0
    original = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert case_id in out(listing) and original["person"]["name"] in out(listing)

    exported = tmp_path / "exported.json"
    result = cases(home, "export", case_id, "-o", str(exported), "--passphrase-file", str(pw))
    assert result.returncode == 0, err(result)
    assert "NOT encrypted" in err(result)
    if os.name == "posix":
        assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    back = case_from_dict(json.loads(exported.read_text(encoding="utf-8")))
    assert back.id == case_id
    assert back.account == original["account"]
    assert back.extra["previous_id"] == original["id"], "the file's own reference is kept"
    assert not list(tmp_path.glob(".exported.json.*")), "no temporary file left beside the export"

    result = cases(home, "delete", case_id, "--passphrase-file", str(pw))
    assert result.returncode == 0, err(result)
    assert case_id not in out(cases(home, "list", "--passphrase-file", str(pw)))


def test_wrong_passphrase_is_one_line_exit_2_and_changes_nothing(home, pw, tmp_path):
    imported_id(cases(home, "import", str(SAMPLE), "--passphrase-file", str(pw)))
    data_dir = home / "data"
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    for action in (["list"], ["delete", "0" * 32], ["import", str(SAMPLE)]):
        result = cases(home, *action, "--passphrase-file", str(wrong))
        assert result.returncode == 2, err(result)
        assert len(err(result).strip().splitlines()) == 1
        assert "passphrase does not open" in err(result) and "Traceback" not in err(result)
        after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
        assert after == before


@pytest.mark.parametrize("content, expected", [
    (b'{"format": "advocate-case/1", "account": ', "not valid JSON"),
    (b"\xff\xfe not utf-8", "UTF-8"),
    (b'{"format": "advocate-case/1"}', "account"),
    (b'{"format": "advocate-case/9", "account": "x"}', "format"),
])
def test_a_bad_case_file_is_exit_2_one_line_and_no_store_is_made(home, pw, tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = cases(home, "import", str(bad), "--passphrase-file", str(pw))
    assert result.returncode == 2
    assert len(err(result).strip().splitlines()) == 1
    assert expected in err(result) and "Traceback" not in err(result)
    assert not store_file(home).exists()


def test_missing_case_file_is_exit_2(home, pw, tmp_path):
    result = cases(home, "import", str(tmp_path / "nope.json"), "--passphrase-file", str(pw))
    assert result.returncode == 2 and "Traceback" not in err(result)


def test_prompt_asks_twice_when_creating_and_once_after(home):
    created = cases(home, "list", stdin="prompted passphrase\nprompted passphrase\n")
    assert created.returncode == 0, err(created)
    assert "no way to recover" in err(created)
    again = cases(home, "list", stdin="prompted passphrase\n")
    assert again.returncode == 0, err(again)
    wrong = cases(home, "list", stdin="something else\n")
    assert wrong.returncode == 2


def test_prompt_mismatch_makes_no_store(home):
    result = cases(home, "list", stdin="first passphrase\nsecond passphrase\n")
    assert result.returncode == 2
    assert "not the same" in err(result)
    assert not store_file(home).exists()


def test_passphrase_file_loses_exactly_one_trailing_newline(home, tmp_path):
    with_newline = tmp_path / "a.txt"
    with_newline.write_bytes(b"ends with a space \n")
    assert cases(home, "list", "--passphrase-file", str(with_newline)).returncode == 0
    assert cases(home, "list", stdin="ends with a space \n").returncode == 0  # same passphrase, typed
    crlf = tmp_path / "b.txt"
    crlf.write_bytes(b"ends with a space \r\n")
    assert cases(home, "list", "--passphrase-file", str(crlf)).returncode == 0
    stripped = tmp_path / "c.txt"
    stripped.write_bytes(b"ends with a space ")
    assert cases(home, "list", "--passphrase-file", str(stripped)).returncode == 0
    two = tmp_path / "d.txt"
    two.write_bytes(b"ends with a space \n\n")
    assert cases(home, "list", "--passphrase-file", str(two)).returncode == 2


def test_unreadable_passphrase_file_is_exit_2(home, tmp_path):
    result = cases(home, "list", "--passphrase-file", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "passphrase file" in err(result)
    assert not store_file(home).exists()


def test_importing_the_same_case_twice_is_refused(home, pw, tmp_path):
    case_id = imported_id(cases(home, "import", str(SAMPLE), "--passphrase-file", str(pw)))
    exported = tmp_path / "c.json"
    assert cases(home, "export", case_id, "-o", str(exported), "--passphrase-file", str(pw)).returncode == 0
    again = cases(home, "import", str(exported), "--passphrase-file", str(pw))
    assert again.returncode == 2 and "already in the store" in err(again)


def test_unknown_ids_are_exit_2(home, pw, tmp_path):
    cases(home, "list", "--passphrase-file", str(pw))
    for action in (["delete", "f" * 32], ["export", "f" * 32, "-o", str(tmp_path / "x.json")],
                   ["delete", "not-an-id"]):
        result = cases(home, *action, "--passphrase-file", str(pw))
        assert result.returncode == 2, err(result)
        assert "no case" in err(result).lower()
    assert not (tmp_path / "x.json").exists()


def test_a_damaged_store_is_reported_plainly_and_kept(home, pw):
    cases(home, "list", "--passphrase-file", str(pw))
    store_file(home).write_bytes(b"garbage" * 500)
    result = cases(home, "list", "--passphrase-file", str(pw))
    assert result.returncode == 1
    assert "damaged" in err(result) and "backup" in err(result) and "Traceback" not in err(result)
    assert list((home / "data").glob("cases.sqlite3.unreadable-*"))
