"""The one atomic writer: all or nothing, owner-only, no temporary file left behind."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from advocate_app import files


def test_writes_the_bytes_owner_only(tmp_path: Path):
    target = tmp_path / "letter.pdf"
    files.write_atomically(target, b"%PDF-1.4 data")
    assert target.read_bytes() == b"%PDF-1.4 data"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_replaces_an_existing_file_and_makes_it_private(tmp_path: Path):
    target = tmp_path / "case.json"
    target.write_text("old")
    target.chmod(0o644)
    files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "case.json"
    target.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        files.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_a_missing_folder_is_an_oserror_and_creates_nothing(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        files.write_atomically(tmp_path / "no-such-folder" / "x.pdf", b"x")
    assert list(tmp_path.iterdir()) == []
