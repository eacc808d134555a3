"""Dataclasses' generated methods, compiled once on this computer instead of in every new process.

Why: `@dataclass` writes each class's methods (`__init__`, `__repr__`, `__eq__`,
and for a frozen class `__hash__`, `__setattr__` and `__delattr__`) as source
text and compiles that text with `exec` (CPython 3.11 and 3.12 one method at a
time). The 22 classes a fresh `classify` imports make 108 compilations: about
19 ms of the 300 ms a new process has for 10,000 words (issue 12).

The text is all that decides what it compiles to, on one version of Python.
So while a command's modules are imported, `dataclasses` is given an `exec`
that looks the text up in a cache entry (keyed by the Python version) and runs
the code compiled from it before, exactly as `exec` would have run the text;
a text not seen before is compiled as usual and kept. Nothing else changes:
no cache, a damaged entry, another Python, or a `dataclasses` that no longer
calls `exec` all simply compile, as without this module. The entry is
checksummed and kept with the app's other caches, in the user's own folder,
trusted as Python trusts the compiled files in its own `__pycache__` folders.
"""
from __future__ import annotations

import builtins
import hashlib
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import CodeType

from advocate_app import paths
from advocate_app.resources import read_cache_entry, write_cache_entry

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

FORMAT = "advocate-dataclass-code/1"
#: The app has about 150 dataclasses; an entry this large holds many updates' worth, then starts afresh.
MAX_ENTRIES = 4000
_compile = compile   # a name of its own, so a test can count the compilations


def entry_path() -> Path:
    key = hashlib.sha256(f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{marshal.version}".encode())
    return paths.cache_dir() / f"dataclass-code@{key.hexdigest()[:32]}.bin"


def _read(path: Path) -> dict[str, CodeType]:
    body = read_cache_entry(path)
    if body is None:
        return {}
    try:
        memo = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(memo, dict) or not all(type(k) is str and type(v) is CodeType for k, v in memo.items()):
        return {}
    return memo


@contextmanager
def compiled_once() -> Iterator[None]:
    """Within this block, dataclasses are made from code compiled by an earlier process where there is some."""
    import dataclasses

    if sys.implementation.name != "cpython" or "exec" in vars(dataclasses):
        yield   # another interpreter, or a block already open: leave dataclasses as it is
        return
    path = entry_path()
    memo = _read(path)
    known = len(memo)
    module_globals = vars(dataclasses)

    def exec_(source: Any, globals: dict | None = None, locals: Any = None, /) -> None:
        if type(source) is str:
            code = memo.get(source)
            if code is None:
                code = memo[source] = _compile(source, "<string>", "exec")
            source = code
        # called from dataclasses' own functions, so their globals are what exec would have used
        builtins.exec(source, module_globals if globals is None else globals, locals)

    dataclasses.exec = exec_   # type: ignore[attr-defined]  # found before the built-in by dataclasses' code
    try:
        yield
    finally:
        del dataclasses.exec   # type: ignore[attr-defined]
        if len(memo) != known:
            if len(memo) > MAX_ENTRIES:
                memo = dict(list(memo.items())[known:])   # only this process's: the old ones are likely stale
            write_cache_entry(path, marshal.dumps(memo))
