"""What the app says while the classifier's compiled cache is being built.

Why: the first run after installing or updating compiles the lexicon (several
seconds, up to about a quarter of a minute on a slow laptop; compiled_cache.py).
Silence, or "Reading the account", for that long reads as a hang, so the
command line says once what is happening and the wizard says it instead of its
usual status. Kept apart from compiled_cache so either can ask without
importing the classifier.
"""
from __future__ import annotations

import _thread   # threading.Lock is this; importing threading would cost every start a millisecond
from contextlib import contextmanager
from collections.abc import Callable, Iterator

MESSAGE = ("Getting the suggestions ready for first use on this computer. This happens once "
           "after installing or updating the app, and can take up to a minute.")

#: Called at most once per process, just before the first cache entry is built; None says nothing.
notice: Callable[[], None] | None = None
_given = False
_building = 0
_lock = _thread.allocate_lock()


@contextmanager
def building() -> Iterator[None]:
    """A cache entry is being built: give the notice (once per process) and say so meanwhile."""
    global _given, _building
    with _lock:
        _building += 1
        tell = notice is not None and not _given
        _given = _given or tell
    try:
        if tell and notice is not None:
            notice()
        yield
    finally:
        with _lock:
            _building -= 1


def preparing() -> bool:
    """Whether a cache entry is being built right now (on any thread)."""
    return _building > 0
