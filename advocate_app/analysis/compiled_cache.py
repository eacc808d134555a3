"""Everything the classifier compiles from the lexicon, kept on disk so a new process starts fast.

Why: turning about 1,500 reviewable patterns and 1,000 cue terms into regular
expressions takes a second or more in pure Python (Python's own regex parser
and compiler are written in Python), which every start of the command line or
the wizard would pay. What is compiled depends only on the lexicon files, on
the compiler's own source and on the Python version, so it is stored under the
app's cache folder (no personal data: patterns only), keyed by a hash of all
three. That includes each regular expression's compiled program, handed back
to the C regex engine without parsing again. A missing, stale, corrupt or
unreadable cache is simply rebuilt; it can never change what the lexicon says.

Format: a short header, a CRC-32 of the body, the lengths of the body and of
a tail, the body in `marshal` form (the fastest loader in the standard library,
and version-bound, which the key already is), then the tail. The checksum is
checked before the body is read. It is there to catch a file cut short or
damaged on disk, not tampering (whoever can write the cache folder can write
the app's own files too), so CRC-32 is enough; it checks the 15 MB harm cache in
half the time SHA-256 took.

The tail holds regular-expression programs that are read one at a time, when a
pattern is first used (`LazyPrograms`): the harm lexicon's programs are 13 of
its cache's 16 MB, and a 10,000-word account uses about a third of them, so a
new process no longer reads, checks and unpacks the rest (about 20 ms). Each
program carries its own CRC-32; one that fails it is compiled from its source
instead and the file is removed, so the next start rebuilds it.
"""
from __future__ import annotations

import _sre
import hashlib
import marshal
import mmap
import os
import re
import sys
import zlib
from array import array
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]

from advocate_app import first_use, paths

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

# Bump when the meaning of a cached value changes without the files changing.
FORMAT = "advocate-compiled/4"
_HEADER = b"ADVC4\n"
_DIGEST = 4
_LENGTHS = 16   # body length and tail length, 8 bytes each
_FRONT = len(_HEADER) + _DIGEST + _LENGTHS
_COMPILER_FILES = ("patterns.py", "pattern_regex.py", "pattern_anchor.py", "anchor_shape.py", "matcher.py",
                   "lexicon.py", "compiled_cache.py", "cues.py", "sections.py")

# A regular expression's compiled program: (flags, code as uint32 bytes, groups, groupindex, indexgroup).
RegexCode = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]


@lru_cache(maxsize=1)
def _compiler_fingerprint() -> str:
    """The compiler's own source, when it can be read (it cannot inside some frozen bundles)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _COMPILER_FILES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def cache_key(parts: list[bytes]) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(_compiler_fingerprint().encode())
    digest.update(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{marshal.version}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:32]


def cached(name: str, parts: list[bytes], build: Callable[[], Any], lazy: str | None = None) -> Any:
    """The value built from these inputs: from the cache when it matches, else built and stored.

    `build` must return plain data (str, int, float, bytes, tuples, lists, dicts, sets).
    With `lazy`, `build` returns a dict whose `lazy` entry is {source: RegexCode}; read
    back from the cache, that entry is a `LazyPrograms` reading each program on first use.
    """
    key = cache_key(parts)
    path = paths.cache_dir() / f"{name}-{key}.bin"
    found = _load(path, lazy)
    if found is None:   # not in the user's cache: perhaps the installed app shipped it
        from advocate_app.resources import shipped_cache_entry

        found = _load(shipped_cache_entry(path.name), lazy)
    if found is not None:
        return found
    with first_use.building():
        value = build()
    if lazy is None:
        body, tail = marshal.dumps(value), b""
    else:
        index, tail = _tail(value[lazy])
        body = marshal.dumps({**value, lazy: index})
    _store(path, body, tail)
    return value


def _load(path: Path, lazy: str | None) -> Any:
    """The value stored at `path` (always a dict), or None when it is missing, damaged or unreadable."""
    try:
        with open(path, "rb") as handle:
            front = handle.read(_FRONT)
            body_length = int.from_bytes(front[-_LENGTHS:-8], "big")
            tail_length = int.from_bytes(front[-8:], "big")
            body = handle.read(body_length)
            whole = _FRONT + body_length + tail_length
            if (front.startswith(_HEADER) and len(body) == body_length and os.fstat(handle.fileno()).st_size == whole
                    and _checksum(body) == front[len(_HEADER):len(_HEADER) + _DIGEST]):
                value = marshal.loads(body)
                if lazy is not None:
                    value[lazy] = LazyPrograms(path, handle.fileno(), _FRONT + body_length, value[lazy])
                return value
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    return None


ProgramIndex = dict[str, tuple[int, int, int]]   # source -> (offset in the tail, length, CRC-32)


def _tail(codes: dict[str, RegexCode]) -> tuple[ProgramIndex, bytes]:
    index: ProgramIndex = {}
    chunks: list[bytes] = []
    offset = 0
    for source, code in codes.items():
        chunk = marshal.dumps(code)
        index[source] = (offset, len(chunk), zlib.crc32(chunk))
        chunks.append(chunk)
        offset += len(chunk)
    return index, b"".join(chunks)


class LazyPrograms:
    """{source: RegexCode} read from the cache file's tail when a pattern is first compiled.

    The file is mapped, not read: a new process touches only the pages of the
    programs its account needs. A replaced cache file leaves this mapping intact
    (the old file lives on until it is unmapped). Anything unreadable answers
    None, which compiles the pattern from its source, always correctly.
    """

    def __init__(self, path: Path, fileno: int, start: int, index: ProgramIndex) -> None:
        self._path = path
        self._start = start
        self._index = index
        self._map: mmap.mmap | bytes | None = None
        if index:
            try:
                self._map = mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):   # a file system that cannot map files: read it whole instead
                with open(fileno, "rb", closefd=False) as whole:
                    whole.seek(0)
                    self._map = whole.read()

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, source: object) -> bool:
        return source in self._index

    def get(self, source: str, default: RegexCode | None = None) -> RegexCode | None:
        where = self._index.get(source)
        if where is None or self._map is None:
            return default
        offset, length, crc = where
        start = self._start + offset
        chunk = self._map[start:start + length]
        if len(chunk) == length and zlib.crc32(chunk) == crc:
            try:
                return marshal.loads(chunk)
            except (ValueError, EOFError, TypeError):
                pass
        self._forget_damaged_file()
        return default

    def _forget_damaged_file(self) -> None:
        """A damaged program: the next process rebuilds the cache instead of meeting it again."""
        self._index = {}
        try:
            self._path.unlink(missing_ok=True)
        except OSError:
            pass


def _checksum(body: bytes | memoryview) -> bytes:
    return zlib.crc32(body).to_bytes(_DIGEST, "big")


def regex_code(source: str, flags: int = 0) -> RegexCode:
    """Parse and compile a regular expression once, as data the C engine can load directly."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    state = parsed.state
    groupindex = dict(state.groupdict)
    indexgroup: list[Any] = [None] * state.groups
    for group_name, index in groupindex.items():
        indexgroup[index] = group_name
    return (int(state.flags), array("I", [int(c) for c in code]).tobytes(), state.groups - 1,
            groupindex, tuple(indexgroup))


def regex_codes(sources: list[str]) -> dict[str, RegexCode]:
    return {source: regex_code(source) for source in dict.fromkeys(sources)}


def cached_regexes(name: str, specs: dict[str, tuple[str, int]]) -> dict[str, re.Pattern[str]]:
    """{key: compiled expression} for {key: (source, flags)}, their programs kept in the cache.

    For a module's own fixed expressions that every account needs (negation.py):
    Python's regex parser is written in Python, and a few long expressions cost
    a new process several milliseconds to parse.
    """
    items = sorted(specs.items())
    codes = cached(name, [f"{key}\0{flags}\0{source}".encode() for key, (source, flags) in items],
                   lambda: {key: regex_code(source, flags) for key, (source, flags) in items})
    return {key: compile_regex(source, codes.get(key), flags) for key, (source, flags) in items}


def compile_regex(source: str, code: RegexCode | None = None, flags: int = 0) -> re.Pattern[str]:
    """The compiled expression, from its cached program when there is one (the C engine checks it)."""
    if code is not None and array("I").itemsize == _sre.CODESIZE:
        try:
            flags, program, groups, groupindex, indexgroup = code
            return _sre.compile(source, flags, array("I", program).tolist(), groups, groupindex, indexgroup)
        except (TypeError, ValueError, RuntimeError):
            pass
    return re.compile(source, flags)


def _store(path: Path, body: bytes, tail: bytes = b"") -> None:
    """Write atomically and privately; a cache that cannot be written is not an error."""
    import tempfile   # only when writing: a start that finds its cache never needs it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(prefix + "*"):
            if old != path and old.name[len(prefix):].split(".")[0].isalnum():
                try:
                    old.unlink(missing_ok=True)
                except OSError:
                    pass   # still mapped by a running app on Windows: the new entry is written all the same
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".compiled-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_HEADER + _checksum(body) + len(body).to_bytes(8, "big") + len(tail).to_bytes(8, "big"))
                out.write(body)
                out.write(tail)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass
