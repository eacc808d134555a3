"""The matcher's pass over a very long text, with the work per place done on arrays.

Why: on a 5 MB account the plain pass (matcher.py) visits about 2.6 million
places where an anchor word occurs, checks each for the rule's second word and
lists the word starts before it in a Python loop; that loop was most of a
five-second plan. Here each rule's places, the check for its second word and
the word starts to try are sorted-array operations, and Python only tries the
regular expression at each distinct start. It finds exactly the matches the
plain pass finds (the tests run both over the corpora and compare); numpy is
imported only when a text this long arrives, so a normal account, the live
highlighter and a fresh process's start never load it.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from advocate_app.analysis.pattern_runtime import gap_is_clean

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from advocate_app.analysis.matcher import _TextIndex

_NONE = np.empty(0, dtype=np.int64)
_FAR = np.array([1 << 62], dtype=np.int64)   # after every place: "no second word further on"

KeySet = tuple[frozenset[str], tuple[str, ...]]


class _Arrays:
    """Sorted position arrays of one text's words and key sets, each built once."""

    def __init__(self, index: _TextIndex) -> None:
        self.index = index
        self._words: dict[str, np.ndarray] = {}
        self._keys: dict[KeySet, np.ndarray] = {}
        self._keys_far: dict[KeySet, np.ndarray] = {}

    def word(self, word: str) -> np.ndarray:
        found = self._words.get(word)
        if found is None:
            found = self._words[word] = np.array(self.index.positions[word], dtype=np.int64)
        return found

    def words(self, words: list[str]) -> np.ndarray:
        if len(words) == 1:
            return self.word(words[0])
        return np.sort(np.concatenate([self.word(w) for w in words]))

    def keys(self, keys: KeySet) -> np.ndarray:
        found = self._keys.get(keys)
        if found is None:
            hit = sorted(self.index.words_for(*keys))
            found = self._keys[keys] = self.words(hit) if hit else _NONE
        return found

    def keys_then_far(self, keys: KeySet) -> np.ndarray:
        """`keys`, with one place after all others, so a search past the end still reads a value."""
        found = self._keys_far.get(keys)
        if found is None:
            found = self._keys_far[keys] = np.concatenate([self.keys(keys), _FAR])
        return found


def _spread(first: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """first[i], first[i] + 1, ..., first[i] + counts[i] - 1 for every i, in one array."""
    total = int(counts.sum())
    if total == 0:
        return _NONE
    ends = np.cumsum(counts)
    shift = np.repeat(first - (ends - counts), counts)
    return shift + np.arange(total, dtype=np.int64)


def rule_starts(arrays: _Arrays, words: list[str], back: int, reach: int,
                second: KeySet | None, begin: KeySet | None) -> list[int]:
    """The distinct word numbers where one rule's match could begin, ascending.

    The same places the plain pass tries: where an anchor word occurs, its
    second word (if any) lies within `back` words before and `reach` after,
    and a match may begin up to `back` words before the anchor at a word that
    can begin it (any word, when `begin` is None).
    """
    places = arrays.words(words)
    low = places - back
    np.maximum(low, 0, out=low)
    if second is not None:
        seconds = arrays.keys_then_far(second)
        near = seconds[seconds.searchsorted(low)] <= places + reach
        places, low = places[near], low[near]
        if not len(places):
            return []
    if begin is None:
        starts = _spread(low, places - low + 1)
    else:
        can_begin = arrays.keys(begin)
        first = can_begin.searchsorted(low)
        starts = can_begin[_spread(first, can_begin.searchsorted(places, "right") - first)]
    return np.unique(starts).tolist()


def find_long(index: _TextIndex, triggers: dict[str, tuple[int, ...]], tables: tuple,
              regex_of: Callable[[int], re.Pattern[str]]) -> dict[tuple[int, int, int], None]:
    """Every (rule, start, end) the plain pass would find over `index`'s text (before negations)."""
    before, span, second_keys, start_keys = tables
    view = index.view
    token_starts = index.starts
    arrays = _Arrays(index)
    by_rule: dict[int, list[str]] = {}
    for word, ids in triggers.items():
        for rid in ids:
            by_rule.setdefault(rid, []).append(word)
    found: dict[tuple[int, int, int], None] = {}
    for rid, words in by_rule.items():
        starts = rule_starts(arrays, sorted(words), before[rid], span[rid], second_keys[rid], start_keys[rid])
        if not starts:
            continue
        match_at = regex_of(rid).match
        for j in starts:
            match = match_at(view, token_starts[j])
            if match and gap_is_clean(match):
                found[(rid, match.start(), match.end())] = None
    return found
