"""Where the app keeps its cache: the same folder platformdirs names, found without importing it.

Why it matters: a different folder would leave the compiled patterns of earlier
runs unused (a slow first run again after an update) and a stray folder behind.
"""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from advocate_app import paths

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the quick answer is for Linux; elsewhere platformdirs answers")


@pytest.fixture
def default_home(monkeypatch):
    """No test folder and no ADVOCATE_APP_HOME: the folder a real user gets."""
    monkeypatch.delenv("ADVOCATE_APP_HOME", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    paths.init(None)
    yield monkeypatch
    paths.init(None)


def expected() -> Path:
    return Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR))


@linux_only
@pytest.mark.parametrize("xdg, home", [
    (None, "/home/sam"),
    ("", "/home/sam"),
    ("/var/tmp/sam cache", "/home/sam"),
    ("/var/tmp/cache/", "/home/sam/"),
    ("relative/cache", "/home/sam"),
    (None, "/home/sam/"),
    ("/srv/cache", None),
])
def test_the_cache_folder_is_the_one_platformdirs_names(default_home, xdg, home):
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            default_home.delenv(name, raising=False)
        else:
            default_home.setenv(name, value)
    assert paths.cache_dir() == expected()


@linux_only
def test_an_unusual_home_is_left_to_platformdirs(default_home):
    default_home.delenv("XDG_CACHE_HOME", raising=False)
    default_home.setenv("HOME", "not/absolute")
    assert paths._xdg_cache_dir() is None
    try:
        wanted = expected()
    except RuntimeError:            # platformdirs cannot name one either: the app says the same
        with pytest.raises(RuntimeError):
            paths.cache_dir()
    else:
        assert paths.cache_dir() == wanted


def test_a_chosen_home_is_used_for_everything(tmp_path):
    paths.init(tmp_path)
    try:
        assert paths.cache_dir() == tmp_path / "cache"
        assert paths.data_dir() == tmp_path / "data"
        assert paths.config_dir() == tmp_path / "config"
    finally:
        paths.init(None)
