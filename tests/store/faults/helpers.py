"""Running the command line as the advocate would, and damaging files the way disks and people do."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "tests" / "data" / "cases" / "s117-topup.json"
MINIMAL = ROOT / "tests" / "data" / "cases" / "minimal.json"
PASSPHRASE = "a long fault passphrase"


def cli(home: Path, *args: str, stdin: str | None = None, prefix: list[str] | None = None,
        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ADVOCATE_APP_HOME=str(home), **(extra_env or {}))
    return subprocess.run([*(prefix or []), sys.executable, "-m", "advocate_app", *args], env=env, cwd=ROOT,
                          input=None if stdin is None else stdin.encode(), capture_output=True, timeout=120,
                          start_new_session=True)


def cases(home: Path, pw: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return cli(home, "cases", *args, "--passphrase-file", str(pw), **kwargs)


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode()


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode()


def imported_id(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, err(result)
    return out(result).strip().split()[-1].rstrip(".")


def store_file(home: Path) -> Path:
    return home / "data" / "cases.sqlite3"


def backup_files(home: Path) -> dict[str, bytes]:
    folder = home / "data" / "backups"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.sqlite3"))} if folder.is_dir() else {}


def flip_inside(path: Path, needle: bytes, offset: int, count: int = 1) -> None:
    """Flip `count` bytes of the file, `offset` bytes into the first place `needle` appears (a sealed blob)."""
    raw = bytearray(path.read_bytes())
    start = raw.find(needle)
    assert start >= 0, "the blob is not in the file"
    for i in range(count):
        raw[start + offset + i] ^= 0xA5
    path.write_bytes(bytes(raw))


def column(path: Path, sql: str, *params: object) -> bytes:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bytes(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()
