"""The bad input, read-only disk and terminal faults seen in issue 13: one plain line, exit 2, nothing leaked."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from advocate_app.errors import UserError
from tests.store.faults.helpers import PASSPHRASE, ROOT, SAMPLE, cases, cli, err, imported_id, out, store_file

pytestmark = pytest.mark.slow


def _case_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_CASES = {
    "findings-number": '{"format": "advocate-case/1", "account": "x", "findings": 5}',
    "findings-true": '{"format": "advocate-case/1", "account": "x", "findings": true}',
    "huge-integer": '{"format": "advocate-case/1", "account": "x", "n": ' + "9" * 5000 + "}",
    "lone-surrogate": '{"format": "advocate-case/1", "account": "x", "person": {"name": "A\\ud800"}}',
    "surrogate-unknown-field": '{"format": "advocate-case/1", "account": "x", "note": ["\\udfff"]}',
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_case_files_are_a_plain_exit_2_error(tmp_path, name):
    from advocate_app.model.case_file import load_case_file

    bad = _case_file(tmp_path, f"{name}.json", BAD_CASES[name])
    with pytest.raises(UserError) as info:
        load_case_file(bad)
    assert info.value.exit_code == 2 and "\n" not in info.value.message


def test_bad_case_files_through_the_command_line(home, pw, tmp_path):
    for name, command in (("findings-number", "import"), ("lone-surrogate", "import"), ("lone-surrogate", "plan")):
        bad = _case_file(tmp_path, f"{name}.json", BAD_CASES[name])
        args = (["cases", "import", str(bad), "--passphrase-file", str(pw)] if command == "import"
                else ["plan", str(bad)])
        result = cli(home, *args)
        assert result.returncode == 2, err(result)
        assert len(err(result).strip().splitlines()) == 1 and "something went wrong" not in err(result)
    assert not store_file(home).exists()


def test_a_very_long_name_still_gives_a_docx_letter(tmp_path, home):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["person"]["name"] = "Anne-Marie " * 25
    case = _case_file(tmp_path, "long.json", json.dumps(data))
    result = cli(home, "letter", str(case), "--route", "complaint-council", "-o", str(tmp_path / "l.docx"))
    assert result.returncode == 0, err(result)
    assert (tmp_path / "l.docx").stat().st_size > 0


def test_names_cannot_send_escape_codes_to_the_terminal(home, pw, tmp_path):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data.pop("id", None)
    data["person"]["name"] = "Eve\x1b]0;owned\x07\x1b[2J\u202eevil"
    imported_id(cases(home, pw, "import", str(_case_file(tmp_path, "esc.json", json.dumps(data)))))
    listing = cases(home, pw, "list")
    assert listing.returncode == 0
    assert b"\x1b" not in listing.stdout and b"\x07" not in listing.stdout
    assert "\u202e" not in out(listing) and "Eve?]0;owned?" in out(listing)


def test_export_refuses_links_and_devices_before_writing(home, pw, tmp_path):
    case_id = imported_id(cases(home, pw, "import", str(SAMPLE)))
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(elsewhere)
    for target in (link, Path(os.devnull), tmp_path / "no-such-folder" / "x.json"):
        result = cases(home, pw, "export", case_id, "-o", str(target))
        assert result.returncode == 2, err(result)
        assert "Nothing was written" in err(result) and "NOT encrypted" not in err(result)
    assert link.is_symlink() and elsewhere.read_text() == "keep me"
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_letters_refuse_links_and_devices_too(home, tmp_path):
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(b"keep me")
    link = tmp_path / "letter.pdf"
    link.symlink_to(elsewhere)
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)  # not a plain file, like a device node
    for target in (link, pipe):
        result = cli(home, "letter", str(SAMPLE), "--route", "complaint-council", "-o", str(target))
        assert result.returncode == 2 and "not a plain file" in err(result), err(result)
    assert link.is_symlink() and elsewhere.read_bytes() == b"keep me" and stat.S_ISFIFO(pipe.lstat().st_mode)


def test_no_getpass_warning_without_a_terminal(home, pw):
    imported_id(cases(home, pw, "import", str(SAMPLE)))
    result = cli(home, "cases", "list", stdin="")
    assert result.returncode == 2
    assert "GetPassWarning" not in err(result) and "may be echoed" not in err(result)
    assert "--passphrase-file" in err(result)
    piped = cli(home, "cases", "list", stdin=PASSPHRASE + "\n")
    assert piped.returncode == 0 and "Warning" not in err(piped)


def test_a_closed_pipe_ends_quietly(home, pw, tmp_path):
    for n in range(3):
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data.pop("id", None)
        imported_id(cases(home, pw, "import", str(_case_file(tmp_path, f"c{n}.json", json.dumps(data)))))
    env = dict(os.environ, ADVOCATE_APP_HOME=str(home))
    result = subprocess.run(f"{shlex_quote(os.sys.executable)} -m advocate_app cases list --passphrase-file "
                            f"{shlex_quote(str(pw))} | head -c 10", shell=True, env=env, cwd=ROOT,
                            capture_output=True, timeout=60)
    assert "BrokenPipe" not in result.stderr.decode() and "went wrong" not in result.stderr.decode()


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


# ---------------------------------------------------------------- read-only disk (chmod obeyed, even as root)

def _unprivileged() -> list[str]:
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not available to drop CAP_DAC_OVERRIDE")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_a_read_only_data_folder_still_lists_and_exports_with_the_warning(home, pw, tmp_path):
    prefix = _unprivileged()
    case_id = imported_id(cases(home, pw, "import", str(SAMPLE)))
    data = home / "data"
    for folder in (data, data / "backups"):
        os.chmod(folder, 0o500)
    try:
        listing = cases(home, pw, "list", prefix=prefix)
        assert listing.returncode == 0, err(listing)
        assert case_id in out(listing) and "reading only" in err(listing)
        target = tmp_path / "exported.json"
        exported = cases(home, pw, "export", case_id, "-o", str(target), prefix=prefix)
        assert exported.returncode == 0, err(exported)
        assert target.exists() and "NOT encrypted" in err(exported)
        blocked = cases(home, pw, "import", str(SAMPLE), prefix=prefix)
        assert blocked.returncode == 1 and "read-only" in err(blocked) and "Traceback" not in err(blocked)
        closed_folder = tmp_path / "closed"
        closed_folder.mkdir(mode=0o500)
        refused = cases(home, pw, "export", case_id, "-o", str(closed_folder / "x.json"), prefix=prefix)
        assert refused.returncode == 2 and "cannot be written to" in err(refused)
        assert "NOT encrypted" not in err(refused) and not (closed_folder / "x.json").exists()
    finally:
        for folder in (data, data / "backups"):
            os.chmod(folder, 0o700)


def test_settings_and_log_files_are_private(private_paths):
    from advocate_app import paths

    paths.ensure_dirs()
    for path in (paths.settings_file(), paths.log_file()):
        paths.private_file(path)
        path.write_text("x")  # whatever writes next keeps the mode
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
