"""`advocate-app plan CASE.json [--json]`, run as a user would run it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "advocate_app", "plan", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=60, env=env, cwd=cwd)


def test_json_output_follows_cli_md():
    result = run(str(CASES / "council-complaint-unsatisfied.json"), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    ids = {r["id"]: r for r in plan["routes"]}
    assert ids["ombudsman-lgsco"]["strength"] == "recommended"
    # The person knew of the matter by 2 March 2026, when the complaint was made (not 9 March, as recorded).
    assert ids["ombudsman-lgsco"]["deadlines"][0]["date"] == "2027-03-01"
    assert "section42" in plan and len(plan["section42"]["criteria"]) == 3
    assert result.stderr == ""


def test_human_output_reads_like_a_briefing_note():
    result = run(str(CASES / "sexual-misconduct.json"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Briefing note: routes for Amira")
    assert out.index("What the person wants about safeguarding") < out.index("Recommended")
    assert out.index("Recommended") < out.index("Worth considering")
    assert "Raise an adult safeguarding concern" in out and "Why: Confirmed with the person" in out
    assert "s42(1)(a)" in out and "A concern letter can be drafted." in out
    assert "Traceback" not in out + result.stderr
    for banned in ("the allegation", "the patient", "non-compliant", "challenging behaviour", "attention-seeking"):
        assert banned not in out.lower()


def test_briefing_for_a_case_without_findings_says_what_to_do():
    result = run(str(CASES / "minimal.json"))
    assert result.returncode == 0
    assert "No route is proposed" in result.stdout or "suggested from the account" in result.stdout


@pytest.mark.parametrize("content, expected", [
    (b'{"format": "advocate-case/1", "account": "x", "facts": {"others_at_risk": "maybe"}}', "facts.others_at_risk"),
    (b'{"format": "advocate-case/1", "account": "x", "findings": [{"status": "confirmed"}]}', "findings[0].id"),
    (b'{"format": "advocate-case/1",\n "account": "x",,}', "line 2, column"),
    (b'{"format": "advocate-case/1", "account": "\xff"}', "not UTF-8"),
    (b'{"account": "x"}', "format"),
    (b"", "is empty"),
])
def test_bad_case_file_exits_2_with_one_line(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "case.json"
    path.write_bytes(content)
    result = run(str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
    assert lines[0].startswith("advocate-app plan: ")
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path):
    result = run(str(tmp_path / "nowhere.json"))
    assert result.returncode == 2 and "cannot find case file 'nowhere.json'" in result.stderr


def test_output_cut_short_by_the_reader_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`advocate-app plan CASE --json | head` closes the pipe early; that is not a failure."""
    import argparse

    from advocate_app.routes import command

    sink = (tmp_path / "sink").open("w")

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return sink.fileno()

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    args = argparse.Namespace(case=str(CASES / "sexual-misconduct.json"), json=True)
    assert command.run(args) == 0
    sink.close()
