"""A one-time notice while the classifier's compiled cache is being built.

Why: the first run after installing or updating compiles the lexicon (several
seconds, up to about a quarter of a minute on a slow laptop; compiled_cache.py).
Silence that long reads as a hang, so the command line says once what is
happening. Kept apart from compiled_cache so the command line can set the
notice without importing the classifier.
"""
from __future__ import annotations

from typing import Callable

#: Called at most once per process, just before the first cache entry is built; None says nothing.
notice: Callable[[], None] | None = None
_given = False


def building() -> None:
    """A cache entry is about to be built: give the notice, once."""
    global _given
    if notice is not None and not _given:
        _given = True
        notice()
