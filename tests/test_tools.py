"""A test whose tool is missing fails in CI and is skipped, with the reason, on a developer's machine."""
from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.tools import require_tool

MISSING = "no-such-tool-for-advocate-app"


def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="no-such-tool-for-advocate-app is not installed .*CI must install it"):
        require_tool(MISSING, "some-package")


@pytest.mark.parametrize("value", ["", "false", "0"])
def test_missing_tool_is_skipped_locally_with_the_package_to_install(monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.setenv("CI", value)
    with pytest.raises(Skipped, match=r"\(Debian package: some-package\)"):
        require_tool(MISSING, "some-package")


def test_present_tool_is_found(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CI", "true")
    assert require_tool("sh", "dash").endswith("sh")
