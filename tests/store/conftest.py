"""Fixtures for the store tests: a cheap key derivation, a store in tmp, cases with content.

Why a cheap KDF: the real Argon2id cost (~0.2 s) is deliberate for people, but
would only slow the tests; the code path is the same. Tests of the policy
itself set it explicitly.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from advocate_app.model.case import Case, Person
from advocate_app.store import CaseStore, crypto

CHEAP = dataclasses.replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8)
PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> crypto.KdfParams:
    monkeypatch.setattr(crypto, "POLICY", CHEAP)
    return CHEAP


@pytest.fixture
def store_path(private_paths: Path) -> Path:
    from advocate_app import paths

    return paths.store_path()


@pytest.fixture
def store(store_path: Path):
    s = CaseStore.create(PASS)
    yield s
    s.close()


def make_case(name: str = "Alex Example", account: str = "They did not listen to me.", **kwargs) -> Case:
    return Case(account=account, person=Person(name=name), **kwargs)


def all_files(*roots: Path) -> list[Path]:
    out: list[Path] = []
    for root in roots:
        if root.exists():
            out.extend(p for p in root.rglob("*") if p.is_file())
    return out


TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An app folder of its own, for commands run in a separate process (ADVOCATE_APP_HOME)."""
    return tmp_path / "app"


@pytest.fixture
def passphrase_text() -> str:
    """What `pw` holds; a suite that needs its own passphrase overrides this."""
    return "a long cli passphrase"


@pytest.fixture
def pw(tmp_path: Path, passphrase_text: str) -> Path:
    """A passphrase file, as `--passphrase-file` reads it."""
    path = tmp_path / "passphrase.txt"
    path.write_text(passphrase_text + "\n", encoding="utf-8")
    return path
