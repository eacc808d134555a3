"""Fixtures shared by the fault suite: an app folder of its own and a passphrase file."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.faults.helpers import PASSPHRASE


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "app"


@pytest.fixture
def pw(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
