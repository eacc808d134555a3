"""Find files under `resources/`, from a checkout or inside a frozen bundle.

Why one helper: the same code must find the harm model, lexicon, route rules,
templates and fonts whether it runs from a git checkout, an editable install,
or a PyInstaller bundle (which unpacks data under `sys._MEIPASS`).
"""
from __future__ import annotations

import hashlib
import marshal
import sys
from functools import lru_cache
from pathlib import Path

from advocate_app import paths
from advocate_app.files import write_atomically

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


SHIPPED_CACHE = "compiled-cache"


def shipped_cache_entry(name: str) -> Path:
    """Where an installed app keeps a cache entry built when it was packaged (read-only).

    Why: the first start on a machine compiles the analysis lexicon (about 12 s
    here) before it can suggest anything. An installer's build runs the app it
    built once and ships the entries that run wrote (`packaging/ship_caches.py`), so
    the advocate's first run reads them instead. They are read exactly as the
    user's own cache is: the same name (which holds the key: Python version,
    inputs) and the same checksum, so one that does not fit is not used.
    """
    return resources_dir() / SHIPPED_CACHE / name


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_toml(*parts: str) -> dict[str, Any]:
    """A TOML resource, parsed; from the parsed-file cache when its bytes have not changed.

    Why a cache: a letter from the command line reads about twenty rule and
    settings files, and Python's TOML parser (pure Python) takes longer over
    them than drawing the letter. The entry is keyed on the file's bytes and
    the Python version; a missing, stale or damaged entry is parsed again, so
    it can never change what a file says.
    """
    path = resource_path(*parts)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw)
    digest.update(f"{_TOML_FORMAT}|{sys.version}|{marshal.version}".encode())
    name = ".".join(parts).removesuffix(".toml")
    entry = paths.cache_dir() / f"toml-{name}@{digest.hexdigest()[:32]}.bin"
    body = read_cache_entry(entry)
    if body is not None:
        try:
            has_dates, value = marshal.loads(body)
            return _undated(value) if has_dates else value
        except (ValueError, EOFError, TypeError, KeyError, IndexError):
            pass
    import tomllib  # only on a cache miss: the parser is a noticeable part of a new process's start

    parsed = tomllib.loads(raw.decode("utf-8"))
    found: list[bool] = []
    plain = _dated(parsed, found)
    write_cache_entry(entry, marshal.dumps((bool(found), plain)))
    return parsed


_TOML_FORMAT = "advocate-toml/1"
_CACHE_HEADER = b"ADVR1\n"


@lru_cache(maxsize=1)
def _date_types() -> dict[str, Any]:
    """TOML dates and times are kept as tagged tuples (TOML itself only ever gives lists), since marshal
    has no dates. datetime is imported only for a file that has them: no file the classifier reads does."""
    import datetime as dt
    return {"datetime": dt.datetime, "date": dt.date, "time": dt.time}


def _dated(value: Any, found: list[bool]) -> Any:
    """Plain data for marshal: dates and times as ("\0", kind, ISO text)."""
    if isinstance(value, dict):
        return {k: _dated(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, found) for v in value]
    for kind, type_ in _date_types().items():
        if isinstance(value, type_):
            found.append(True)
            return ("\0", kind, value.isoformat())
    return value


def _undated(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _undated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_undated(v) for v in value]
    if isinstance(value, tuple):
        return _date_types()[value[1]].fromisoformat(value[2])
    return value


def read_cache_entry(path: Path) -> bytes | None:
    """The body of a cache entry written by `write_cache_entry`, or None when missing or damaged (checksummed).

    An entry the user's cache does not hold is looked for among those shipped with the app.
    """
    body = _read_entry(path)
    if body is None:
        body = _read_entry(shipped_cache_entry(path.name))
    return body


def _read_entry(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_CACHE_HEADER) + 32
    body = data[start:]
    if not data.startswith(_CACHE_HEADER) or hashlib.sha256(body).digest() != data[len(_CACHE_HEADER):start]:
        return None
    return body


def write_cache_entry(path: Path, body: bytes) -> None:
    """Store a cache entry named `<kind>@<key>.bin`, replacing older keys of the same kind; failing is not an error.

    Why the checksum: a half-written or damaged entry must be rebuilt, never trusted.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = path.name.rsplit("@", 1)[0] + "@"
        for old in path.parent.glob(prefix + "*.bin"):
            if old != path:
                old.unlink(missing_ok=True)
        write_atomically(path, _CACHE_HEADER + hashlib.sha256(body).digest() + body)
    except OSError:
        pass
