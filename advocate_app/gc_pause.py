"""No cyclic garbage collection while one long piece of work makes many objects.

Why: Python's cycle collector runs every few thousand new objects and, every so
often, walks every live container. Two paths pay for that heavily
(`benchmarks/cold.py`): analysing a 5 MB account, which builds a word index of
about a million entries and then many small objects (matches, negation answers,
sentence terms), lost about a second of a four-second plan to it; a report over
5,000 cases, which builds a hundred thousand small records, about 0.2 s of 1.3 s.
Neither keeps anything that needs a cycle collected while it runs: reference
counting frees their objects as usual, and any cyclic garbage is collected once
the collector runs again.

Pauses may nest and may come from several threads: they are counted, and the
collector is turned back on by the last one out, only if it was on when the
first came in. The analysis pauses only for a text of at least `LONG_TEXT`
characters, so a short account (the live highlighter, the wizard) is not affected.
"""
from __future__ import annotations

import gc
import _thread   # threading.Lock is this; importing threading would cost every start a millisecond
from contextlib import contextmanager
from collections.abc import Iterator

LONG_TEXT = 200_000     # characters: below this the collector's share of the time is small

_lock = _thread.allocate_lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_for(text: str) -> Iterator[None]:
    """Pause the cycle collector while `text` is analysed, when it is long."""
    if len(text) < LONG_TEXT:
        yield
        return
    with paused():
        yield


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the work inside (counted; see the module's docstring)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
