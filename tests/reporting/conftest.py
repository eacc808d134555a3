"""Shared fixtures: the real harm model and one seeded set of hundreds of cases."""
from __future__ import annotations

import pytest

from advocate_app.model.harm_model import load_harm_model
from tests.reporting.casegen import generate_cases


@pytest.fixture(scope="session")
def model():
    return load_harm_model()


@pytest.fixture(scope="session")
def many_cases(model):
    return generate_cases(model, n=600)
