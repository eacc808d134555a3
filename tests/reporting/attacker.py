"""What a reader can work out from a published report: an independent brute-force check.

Written without the suppression module's interval arithmetic: it enumerates
values with a subset-sum table, so a bug in one cannot hide a bug in the other.
A reader knows the rules: "<5" is 1-4, "hidden" is 0 or 5 and over, other
numbers are exact.
"""
from __future__ import annotations


def domain(shown: str, bound: int) -> list[int]:
    if shown == "<5":
        return [1, 2, 3, 4]
    if shown == "unknown":          # never printed (a "cases without" count)
        return list(range(0, bound + 1))
    if shown == "hidden":
        return [0] + list(range(5, bound + 1))
    return [int(shown)]


def possible_values_of_parts(parts: list[str], total: str, bound: int | None = None) -> list[set[int]]:
    """For `sum(parts) == total` as shown, each part's values that some assignment allows."""
    if bound is None:
        bound = int(total) if total.isdigit() else 400
    totals = domain(total, bound)
    doms = [domain(p, bound) for p in parts]
    out: list[set[int]] = []
    for k, dk in enumerate(doms):
        reachable = {0}
        for j, dj in enumerate(doms):
            if j != k:
                reachable = {a + b for a in reachable for b in dj if a + b <= bound}
        out.append({v for v in dk if any(t - v in reachable for t in totals)})
    return out
