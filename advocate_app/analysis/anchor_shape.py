"""The shape of a pattern's anchor: the words the matcher looks a pattern up by.

Why a module of its own: the compiler (pattern_anchor.py) makes anchors, and
the compiled cache keeps the matcher's look-up tables built from them, so a new
process that classifies never reads an anchor (matcher.CachedAnchors decodes
them only when asked). Defining the class cost such a process about 2 ms.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Anchor:
    keys: frozenset[tuple[str, str]]
    tokens_before: int          # how many word runs a match may start before the anchor word
    start_keys: frozenset[tuple[str, str]] | None = None   # words a match can begin with, if known
    # Another word every match must contain, checked cheaply before the regex is tried,
    # and how many word runs a whole match can span.
    second_keys: frozenset[tuple[str, str]] | None = None
    tokens_span: int = 0
    # For each required part of the pattern, the words one of which must occur in the text.
    required: tuple[frozenset[tuple[str, str]], ...] = ()
