"""`advocate-app classify`: the contract of cli.md, plain messages, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

ACCOUNT = ("My support worker kept touching me and nobody listened.\n"
           "They didn\u2019t believe me when I told the council.")


def run_cli(*args: str, stdin: bytes | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "advocate_app", "classify", *args], input=stdin,
                          capture_output=True, timeout=timeout)


def assert_plain_error(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("advocate-app classify: ")
    assert "Nothing was changed" in err
    for word in words:
        assert word in err, err
    return err


def test_json_output_follows_cli_md(tmp_path):
    path = tmp_path / "account.txt"
    path.write_text(ACCOUNT, encoding="utf-8")
    result = run_cli(str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["model"] == "carr-2025/1"
    assert isinstance(data["sources"], list) and data["sources"]
    ids = [s["id"] for s in data["sources"]]
    assert "staff-misconduct" in ids and "oppressive-culture" in ids and "frontline-practice" in ids
    scores = [s["score"] for s in data["sources"]]
    assert scores == sorted(scores, reverse=True)
    for source in data["sources"]:
        assert set(source) >= {"id", "label", "score", "factors"}
        assert 0 <= source["score"] <= 1
        for factor in source["factors"]:
            assert set(factor) >= {"id", "label", "evidence"}
            assert factor["id"].startswith(source["id"] + ".")
            for ev in factor["evidence"]:
                assert set(ev) == {"start", "end", "text"}
                assert ACCOUNT[ev["start"]:ev["end"]] == ev["text"]
    touching = next(f for s in data["sources"] for f in s["factors"] if f["id"] == "staff-misconduct.1")
    assert touching["evidence"][0]["text"] == "My support worker kept touching me"


def test_stdin_with_dash_or_no_file_is_the_same_as_a_file(tmp_path):
    path = tmp_path / "account.txt"
    path.write_text(ACCOUNT, encoding="utf-8")
    from_file = json.loads(run_cli(str(path), "--json").stdout)
    assert json.loads(run_cli("-", "--json", stdin=ACCOUNT.encode()).stdout) == from_file
    assert json.loads(run_cli("--json", stdin=ACCOUNT.encode()).stdout) == from_file


def test_human_output_is_short_plain_english_with_quotes():
    result = run_cli(stdin=ACCOUNT.encode())
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert out.startswith("This account may show 3 sources of harm")
    assert "the person decides what fits" in out
    assert "Serious misconduct or sexual abuse by staff" in out
    assert "\u201cMy support worker kept touching me\u201d" in out
    assert "Carr et al. (2025)" in out and "CC BY 4.0" in out
    assert "{" not in out


def test_an_account_with_no_suggestion_says_so_kindly():
    result = run_cli(stdin="We went to the seaside and had chips.".encode())
    assert result.returncode == 0
    assert "No sources of harm were suggested" in result.stdout.decode()
    data = json.loads(run_cli("--json", stdin=b"We went to the seaside.").stdout)
    assert data == {"model": "carr-2025/1", "sources": []}


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThey cut my hours.".encode("utf-8"))
    data = json.loads(run_cli(str(path), "--json").stdout)
    ev = data["sources"][0]["factors"][0]["evidence"][0]
    assert ev["text"] == "cut my hours" and (ev["start"], ev["end"]) == (5, 17)


def test_missing_file(tmp_path):
    assert_plain_error(run_cli(str(tmp_path / "nope.txt")), "was not found", "nope.txt")


def test_a_folder_is_not_an_account(tmp_path):
    assert_plain_error(run_cli(str(tmp_path)), "is a folder")


@pytest.mark.parametrize("data, words", [
    (b"They cut my hours.\xff\xfe", ("not UTF-8", "position 18")),
    ("They cut my hours.".encode("utf-16"), ("binary",)),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary",)),
    ("Caf\u00e9 cut my hours".encode("latin-1"), ("not UTF-8",)),
])
def test_non_utf8_or_binary_input_is_refused(tmp_path, data, words):
    path = tmp_path / "account.txt"
    path.write_bytes(data)
    assert_plain_error(run_cli(str(path)), *words)
    assert_plain_error(run_cli(stdin=data), *words)


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n", "\ufeff".encode("utf-8")])
def test_an_empty_account_is_refused(data):
    assert_plain_error(run_cli(stdin=data), "is empty")


@pytest.mark.slow
def test_a_five_megabyte_account_completes():
    paragraph = ("On Monday my care coordinator changed again and nobody told me. "
                 "I went to the shops with my sister and we had lunch. "
                 "They cut my hours after the review and I had to tell my story again. ") * 10 + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    data = text.encode("utf-8")
    assert len(data) >= 5_000_000
    result = run_cli("--json", stdin=data, timeout=600)
    assert result.returncode == 0, result.stderr.decode()[-500:]
    out = json.loads(result.stdout)
    ids = {f["id"] for s in out["sources"] for f in s["factors"]}
    assert {"lack-of-support.7", "lack-of-support.2", "fragmentation.6"} <= ids
    ev = out["sources"][0]["factors"][0]["evidence"][-1]
    assert text[ev["start"]:ev["end"]] == ev["text"]


def test_a_non_text_stdout_encoding_does_not_crash():
    env_result = subprocess.run([sys.executable, "-m", "advocate_app", "classify"],
                                input="They didn\u2019t believe me.".encode(), capture_output=True,
                                env={**__import__("os").environ, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert env_result.returncode == 0
    assert b"Traceback" not in env_result.stderr
