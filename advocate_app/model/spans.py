"""Character spans sorted once, for "does any of them hold / overlap this one?" asked many times.

Why a helper: on a long account a plan compares thousands of spans with
thousands of others (evidence already listed for a category, "no fault"
phrases holding a "fault" phrase); a scan per question made that quadratic.
Sorted starts with the furthest end reached so far answer each question by
one bisection.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections.abc import Iterable


class SpanIndex:
    """Half-open (start, end) character spans."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))   # furthest end among the first k

    def __bool__(self) -> bool:
        return bool(self._starts)

    def holds(self, start: int, end: int) -> bool:
        """Some span starts at or before `start` and ends at or after `end`."""
        k = bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Some span shares at least one character with [start, end)."""
        k = bisect_left(self._starts, end)       # the spans that start before this one ends
        return k > 0 and self._reach[k - 1] > start
