"""Fixtures of the fault suite: its own passphrase (the app folder and file come from tests/store/conftest.py)."""
from __future__ import annotations

import pytest

from tests.store.faults.helpers import PASSPHRASE


@pytest.fixture
def passphrase_text() -> str:
    return PASSPHRASE
