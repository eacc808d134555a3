"""System tools some tests need (qpdf, strace, appstreamcli): honest about their absence.

Why: a check that quietly passes when its tool is missing proves nothing. In CI
(the environment variable CI is set, as `.ci/run` and every CI service do) a
missing tool fails the test; on a developer's machine it is skipped with a
reason that names the package to install.
"""
from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    """True when running under CI, where every tool `.ci/run` installs must be present."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_tool(command: str, package: str) -> str:
    """The path of `command`; fails the test in CI and skips it locally when it is missing."""
    found = shutil.which(command)
    if found is not None:
        return found
    message = f"{command} is not installed (Debian package: {package})"
    if in_ci():
        pytest.fail(f"{message}; CI must install it (see .ci/run)", pytrace=False)
    pytest.skip(message)
