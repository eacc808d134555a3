"""No cyclic garbage collection while a long account is analysed.

Why: on a 5 MB account the analysis builds a word index of about a million
entries, then makes many small objects (matches, negation answers, sentence
terms). Python's cycle collector runs every few thousand new objects and, every
so often, walks every live container, the index included: on the 5 MB benchmark
account that was about a second of a four-second plan, and more on varied text
(`benchmarks/cold.py account`). Nothing the analysis keeps depends on a cycle
being collected during it: reference counting frees its objects as usual, and
any cyclic garbage is collected once the collector runs again.

So the collector is paused while one text of at least `LONG_TEXT` characters is
analysed; a short account (the live highlighter, the wizard) is not affected.
Pauses may nest and may come from several threads: they are counted, and the
collector is turned back on by the last one out, only if it was on when the
first came in.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

LONG_TEXT = 200_000     # characters: below this the collector's share of the time is small

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_for(text: str) -> Iterator[None]:
    """Pause the cycle collector while `text` is analysed, when it is long."""
    if len(text) < LONG_TEXT:
        yield
        return
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
