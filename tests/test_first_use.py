"""The first run after installing or updating says why it is slow, once, and only on a terminal."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from advocate_app import cli, first_use
from advocate_app.analysis import compiled_cache


def test_the_notice_comes_once_before_the_first_cache_entry_is_built(monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(first_use, "notice", lambda: told.append("building"))
    monkeypatch.setattr(first_use, "_given", False)
    built = []

    def build() -> int:
        built.append(first_use.preparing())
        return 42

    assert compiled_cache.cached("first-use-test", [b"a"], build) == 42
    assert compiled_cache.cached("first-use-test", [b"b"], build) == 42   # a second entry: no second notice
    assert compiled_cache.cached("first-use-test", [b"b"], build) == 42   # read back: nothing built
    assert told == ["building"] and built == [True, True]
    assert not first_use.preparing()


def test_nothing_is_said_when_the_cache_is_ready(monkeypatch):
    compiled_cache.cached("first-use-ready", [b"x"], lambda: 1)
    told: list[str] = []
    monkeypatch.setattr(first_use, "notice", lambda: told.append("building"))
    monkeypatch.setattr(first_use, "_given", False)
    assert compiled_cache.cached("first-use-ready", [b"x"], lambda: 2) == 1
    assert told == []


def _classify(tmp_path, stderr) -> subprocess.CompletedProcess:  # noqa: ANN001
    account = tmp_path / "account.txt"
    account.write_text("They discharged me by phone and nobody told my family.", encoding="utf-8")
    env = dict(os.environ, ADVOCATE_APP_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "advocate_app", "classify", str(account)],
                          stdout=subprocess.PIPE, stderr=stderr, env=env, timeout=300)


def test_a_first_run_into_a_pipe_says_nothing_extra(tmp_path):
    done = _classify(tmp_path, subprocess.PIPE)
    assert done.returncode == 0
    assert b"first use" not in done.stderr and b"first use" not in done.stdout
    assert b"Neglectful" in done.stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_first_run_on_a_terminal_says_why_it_is_slow_and_a_second_does_not(tmp_path):
    def on_terminal() -> tuple[subprocess.CompletedProcess, bytes]:
        main, child = os.openpty()
        try:
            done = _classify(tmp_path, child)
        finally:
            os.close(child)
        said = b""
        try:
            while chunk := os.read(main, 4096):
                said += chunk
        except OSError:   # the terminal is closed once everything written is read
            pass
        os.close(main)
        return done, said

    first, said = on_terminal()
    assert first.returncode == 0 and b"Neglectful" in first.stdout
    assert said.count(b"Getting the suggestions ready for first use") == 1
    second, said_again = on_terminal()
    assert second.stdout == first.stdout and b"first use" not in said_again


def test_the_notice_reads_as_one_line_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr(first_use, "notice", None)
    monkeypatch.setattr(first_use, "_given", False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    cli._say_when_preparing("classify")
    for _ in range(2):
        with first_use.building():
            pass
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("advocate-app classify: Getting the suggestions ready for first use on this computer.")
