"""The one place that decides where the app keeps files.

Why: cases are sensitive, so every folder the app writes to is listed here and
nowhere else, created private to the user, and can be pointed at a temporary
folder by tests (`init(base)`) or by the `ADVOCATE_APP_HOME` environment variable.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "advocate_app"
APP_AUTHOR = "advocate_app"

_base: Path | None = None


def init(base: str | os.PathLike[str] | None = None) -> None:
    """Send every path under `base` (tests, portable installs); None restores defaults."""
    global _base
    _base = Path(base) if base is not None else None


def _root() -> Path | None:
    if _base is not None:
        return _base
    env = os.environ.get("ADVOCATE_APP_HOME")
    return Path(env) if env else None


def data_dir() -> Path:
    root = _root()
    if root:
        return root / "data"
    import platformdirs
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    root = _root()
    if root:
        return root / "config"
    import platformdirs
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    root = _root()
    if root:
        return root / "cache"
    known = _xdg_cache_dir()
    if known is not None:
        return known
    import platformdirs
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def _xdg_cache_dir() -> Path | None:
    """platformdirs' answer on Linux in the two plain cases, without importing it.

    Why: every `classify` reads its compiled patterns from the cache folder, and
    importing platformdirs (which imports tempfile, shutil, random, bz2 and lzma)
    costs a new process about 14 ms of its 300 ms budget. The plain cases are an
    absolute $XDG_CACHE_HOME, or else an absolute $HOME; anything else (or another
    system) is platformdirs' to answer. tests/test_paths.py checks the two agree.
    """
    if sys.platform != "linux" or os.environ.get("ANDROID_DATA"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg, APP_NAME)
    if os.path.isabs(os.environ.get("HOME", "")):
        return Path(os.path.expanduser("~/.cache"), APP_NAME)
    return None


def documents_dir() -> Path:
    """Where an export is offered first: the user's Documents folder (not the program's folder).

    Under `init(base)` (tests) it is `base/documents`, so no test writes to a real one.
    """
    if _base is not None:
        return _base / "documents"
    import platformdirs
    return Path(platformdirs.user_documents_dir())


def store_path() -> Path:
    """The encrypted case store."""
    return data_dir() / "cases.sqlite3"


def backup_dir() -> Path:
    return data_dir() / "backups"


def settings_file() -> Path:
    return config_dir() / "settings.ini"


def log_file() -> Path:
    return cache_dir() / "advocate.log"


def ensure_dirs() -> None:
    """Create the app's folders, readable only by this user (0700 on POSIX).

    A folder on a read-only disk is left as it is: the store then opens for
    reading only instead of failing here.
    """
    for folder in (data_dir(), config_dir(), cache_dir(), backup_dir()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix" and folder.stat().st_mode & 0o077:
                os.chmod(folder, 0o700)
        except OSError:
            if not folder.is_dir():
                raise


def private_file(path: Path) -> None:
    """Make `path` exist as a file only this user can read (0600), before anything writes to it.

    Why: Qt's settings writer and Python's log handler create files with the
    default permissions (0644); both keep the permissions of a file that is
    already there, so creating it first keeps settings and logs private.
    """
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except OSError:
        pass  # read-only disk: nothing will be written there either
