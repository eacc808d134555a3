"""Fixtures for the documents tests."""
from __future__ import annotations

import pytest

from advocate_app.routes.types import Plan
from tests.documents.helpers import make_plan


@pytest.fixture
def plan() -> Plan:
    return make_plan()
