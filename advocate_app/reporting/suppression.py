"""Small-number suppression, with complementary cells, for one report.

Why this exists: a report read by a commissioner must not let anyone work out
how many people (1 to 4) had a given experience, because with small services a
small count can point at a person. Hiding the small count is not enough when
the table also publishes a total: the hidden count is then the total minus the
others. So every additive relation the report publishes is checked, and more
counts are hidden until no hidden count can be worked out exactly.

The rules (also in the README section and printed in every PDF):

* Primary suppression: a count of 1, 2, 3 or 4 is shown as "<5". Zero is
  shown as 0 (it says nobody had it, which points at no one).
* Complementary suppression: the report is a set of *relations*, each saying
  that some counts add up to a total (the sources of harm against "cases
  without" that source; letters by route against all letters sent; ...). Some
  members are *virtual*: never printed, but derivable (a source's "cases
  without" is the number of cases minus the source's count). Virtual members
  follow the same 1-4 rule, so a count whose complement is 1-4 is hidden too.
* The check: a reader is assumed to know every printed number exactly, that a
  "<5" count is 1-4, and that a hidden ("complement") count is 0 or at least
  5 (because a 1-4 count would have been shown as "<5"). For every hidden
  member of every relation the set of values still possible is computed
  exactly (integer interval arithmetic, propagated across relations until
  nothing changes). Whenever a hidden member has only one possible value, one
  more member of that relation is hidden: a virtual member first (it costs the
  reader nothing), then the smallest non-zero count, then a zero, then the
  total. This repeats until every "<5" has at least two possible values.
* Last resort: when hiding more cannot help (four "<5" counts that add up to
  a "<5" total must each be 1), those "<5" counts are withheld ("not shown",
  any number) instead.

Known limits (documented, not hidden): a reader who reverse-engineers which
further count this program would choose can sometimes narrow a range; and two
reports over overlapping periods can be subtracted from each other. Neither can
be solved inside one report; the README says how to avoid the second.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Sequence

THRESHOLD = 5  # counts 1..THRESHOLD-1 are suppressed

SMALL = "small"            # primary: shown as "<5"
COMPLEMENT = "complement"  # secondary: hidden so a small count cannot be worked out
WITHHELD = "withheld"      # last resort: a group of "<5" counts that would give each other away

INF = math.inf

Interval = tuple[float, float]   # closed integer interval; ends may be +-inf
Domain = tuple[Interval, ...]    # sorted, disjoint, non-adjacent union of intervals


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


# ------------------------------------------------------------ integer sets

def _normalise(intervals: Iterable[Interval]) -> Domain:
    items = sorted((lo, hi) for lo, hi in intervals if lo <= hi)
    out: list[Interval] = []
    for lo, hi in items:
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def point(value: float) -> Domain:
    return ((value, value),)


def add(a: Domain, b: Domain) -> Domain:
    return _normalise((x0 + y0, x1 + y1) for x0, x1 in a for y0, y1 in b)


def negate(a: Domain) -> Domain:
    return _normalise((-hi, -lo) for lo, hi in a)


def intersect(a: Domain, b: Domain) -> Domain:
    out = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if lo <= hi:
                out.append((lo, hi))
    return _normalise(out)


def is_single_value(a: Domain) -> bool:
    return len(a) == 1 and a[0][0] == a[0][1]


SMALL_DOMAIN: Domain = ((1, THRESHOLD - 1),)
COMPLEMENT_DOMAIN: Domain = ((0, 0), (THRESHOLD, INF))
VIRTUAL_DOMAIN: Domain = ((0, INF),)   # never printed, so the reader has no marker to go on


# ------------------------------------------------------------ cells and relations

@dataclass
class Cell:
    """One count the report publishes (or, if `virtual`, could be derived from it)."""

    key: str
    value: int
    virtual: bool = False
    slack: bool = False         # the unpublished gap of an "at most" fact; unknown to the reader
    sensitive: bool = True      # False: a derivable count about data entry, not about people's harm
    is_total: bool = False      # the total of some relation: hidden only as a last resort
    status: str | None = None   # None (published), SMALL or COMPLEMENT

    @property
    def suppressed(self) -> bool:
        return self.status is not None

    def reader_domain(self) -> Domain:
        """What a reader who knows the rules can tell about this cell's value."""
        if self.status is None:
            return point(self.value)
        if self.virtual or self.status == WITHHELD:
            return VIRTUAL_DOMAIN
        return SMALL_DOMAIN if self.status == SMALL else COMPLEMENT_DOMAIN


@dataclass
class Relation:
    """`sum(coefficient * cell) == 0` over `terms`: a fact a reader can use."""

    name: str
    terms: list[tuple[str, int]]


class SuppressionTable:
    """All cells and relations of one report; `apply()` decides what is shown."""

    def __init__(self) -> None:
        self.cells: dict[str, Cell] = {}
        self.relations: list[Relation] = []

    def add_cell(self, key: str, value: int, *, virtual: bool = False) -> Cell:
        if key in self.cells:
            raise ValueError(f"duplicate cell {key}")
        if value < 0:
            raise ValueError(f"negative count for {key}")
        cell = Cell(key, int(value), virtual=virtual)
        self.cells[key] = cell
        return cell

    def _add(self, name: str, terms: list[tuple[str, int]]) -> None:
        missing = [k for k, _ in terms if k not in self.cells]
        if missing:
            raise ValueError(f"relation {name} names unknown cells {missing}")
        if sum(self.cells[k].value * a for k, a in terms) != 0:
            raise ValueError(f"relation {name} does not add up")
        self.relations.append(Relation(name, terms))

    def add_relation(self, name: str, parts: Sequence[str], total: str) -> None:
        """`sum(parts) == total`, for instance letters by route and all letters sent."""
        self.cells[total].is_total = True
        self._add(name, [(k, 1) for k in parts] + [(total, -1)])

    def add_complement(self, key: str, total: str, *, sensitive: bool = True) -> str:
        """`key` + (virtual "without") == `total`; returns the virtual cell's key.

        `sensitive=False` for a difference that says nothing about anyone's
        experience (cases with a letter but no first contact date recorded):
        it still constrains the reader, but is never hidden for being small.
        """
        virtual_key = f"{key}~without"
        cell = self.add_cell(virtual_key, self.cells[total].value - self.cells[key].value, virtual=True)
        cell.sensitive = sensitive
        self.add_relation(f"{key} and cases without", [key, virtual_key], total)
        return virtual_key

    def add_at_most(self, name: str, smaller: Sequence[str], larger: Sequence[str]) -> None:
        """`sum(smaller) <= sum(larger)`, a fact a reader knows (a factor implies its source).

        Written as an equation with an unpublished gap that the reader knows
        only to be 0 or more, so the propagation below uses it as a bound.
        """
        gap = sum(self.cells[k].value for k in larger) - sum(self.cells[k].value for k in smaller)
        if gap < 0:
            raise ValueError(f"relation {name} does not hold")
        gap_key = f"~gap{len(self.relations)}"
        cell = self.add_cell(gap_key, gap, virtual=True)
        cell.slack = True
        cell.status = COMPLEMENT
        self._add(name, [(k, 1) for k in larger] + [(k, -1) for k in smaller] + [(gap_key, -1)])

    # -------------------------------------------------------- the algorithm

    def apply(self) -> None:
        """Mark every cell published, SMALL ("<5") or COMPLEMENT ("hidden")."""
        for cell in self.cells.values():
            if is_small(cell.value) and cell.sensitive and not cell.slack:
                cell.status = SMALL
        # shortcut, same result as the search below would reach: a "<5" beside an unprinted
        # "cases without" is pinned by it, and hiding an unprinted count costs the reader nothing
        for relation in self.relations:
            cells = [self.cells[k] for k, _ in relation.terms]
            if any(c.status == SMALL and not c.virtual for c in cells):
                for c in cells:
                    if c.virtual and not c.slack and c.status is None:
                        c.status = COMPLEMENT
        for _ in range(len(self.cells) + 1):
            score, pinned = self._score()
            if score[0] == 0:
                return
            self._hide_one_more(score, pinned)
        raise RuntimeError("suppression did not settle")  # pragma: no cover - one cell per round

    def possible_values(self) -> dict[str, Domain]:
        """For each suppressed cell, the values a reader can still not rule out.

        Each relation narrows the range of each of its hidden members from the
        ranges of the others; a relation is looked at again whenever one of its
        members narrows, until nothing changes (bounds propagation), so facts
        combine across relations. Ranges only ever shrink and stay within what
        the published totals allow, so this ends.
        """
        domains = {k: c.reader_domain() for k, c in self.cells.items() if c.suppressed}
        members: dict[str, list[int]] = {}
        for index, relation in enumerate(self.relations):
            for key, _ in relation.terms:
                if key in domains:
                    members.setdefault(key, []).append(index)
        queue = [i for i, r in enumerate(self.relations) if any(k in domains for k, _ in r.terms)]
        queued = set(queue)
        while queue:
            index = queue.pop()
            queued.discard(index)
            relation = self.relations[index]
            hidden = [(k, a) for k, a in relation.terms if k in domains]
            known = sum(self.cells[k].value * a for k, a in relation.terms if k not in domains)
            signed = [domains[k] if a == 1 else negate(domains[k]) for k, a in hidden]
            # prefix[i] + suffix[i] is the sum of every hidden term but the i-th
            prefix: list[Domain] = [point(known)]
            for term in signed[:-1]:
                prefix.append(add(prefix[-1], term))
            suffix: list[Domain] = [point(0)]
            for term in reversed(signed[1:]):
                suffix.append(add(suffix[-1], term))
            suffix.reverse()
            for i, (key, coeff) in enumerate(hidden):
                rest = add(prefix[i], suffix[i])
                # coeff * x + rest == 0  =>  x == -rest / coeff
                candidates = negate(rest) if coeff == 1 else rest
                narrowed = intersect(domains[key], candidates)
                if narrowed != domains[key]:
                    domains[key] = narrowed
                    for other in members[key]:
                        if other not in queued:
                            queue.append(other)
                            queued.add(other)
        return domains

    def exposed(self) -> set[str]:
        """The "<5" counts (real or virtual) a reader could work out exactly."""
        return self._score()[1] & {k for k, c in self.cells.items() if c.status == SMALL}

    def _score(self) -> tuple[tuple[int, int], set[str]]:
        """(exposed "<5" counts, pinned hidden counts) and the set of pinned keys."""
        domains = self.possible_values()
        pinned = {k for k, d in domains.items()
                  if not self.cells[k].slack and (is_single_value(d) or not d)}
        small = sum(1 for k in pinned if self.cells[k].status == SMALL)
        return (small, len(pinned)), pinned

    def _cost(self, cell: Cell) -> tuple[int, int]:
        if cell.virtual:
            return (0, cell.value)
        if cell.is_total:
            return (3, cell.value)
        if cell.value > 0:
            return (1, cell.value)
        return (2, 0)

    def _candidates(self, pinned: set[str]) -> list[Cell]:
        """Published cells near the exposed "<5" counts, cheapest first, nearest first on ties.

        Walks outwards from each exposed "<5" through relations and through the
        hidden counts that are pinned to one value, because the leak runs along them.
        """
        frontier = {k for k in pinned if self.cells[k].status == SMALL}
        seen_relations: set[int] = set()
        found: dict[str, tuple[int, int, int, int]] = {}
        order = {k: i for i, k in enumerate(self.cells)}
        depth = 0
        while frontier:
            layer = [i for i, r in enumerate(self.relations)
                     if i not in seen_relations and any(k in frontier for k, _ in r.terms)]
            if not layer:
                break
            seen_relations.update(layer)
            next_frontier: set[str] = set()
            for i in layer:
                for key, _ in self.relations[i].terms:
                    cell = self.cells[key]
                    if not cell.suppressed and key not in found:
                        found[key] = (*self._cost(cell), depth, order[key])
                    elif key in pinned:
                        next_frontier.add(key)
            frontier = next_frontier - frontier
            depth += 1
        return [self.cells[k] for k in sorted(found, key=found.__getitem__)]

    def _hide_one_more(self, score: tuple[int, int], pinned: set[str]) -> None:
        """Hide the cheapest nearby count that leaves fewer counts exposed or pinned."""
        candidates = self._candidates(pinned)
        if not candidates:
            # everything near is hidden already, yet the "<5"s still give each other away
            # (four "<5" adding up to a "<5" total must all be 1): withhold them outright
            exposed = {k for k in pinned if self.cells[k].status == SMALL}
            for relation in self.relations:
                if any(k in exposed for k, _ in relation.terms):
                    for key, _ in relation.terms:
                        if self.cells[key].status == SMALL:
                            self.cells[key].status = WITHHELD
            return
        for cell in candidates:
            cell.status = COMPLEMENT
            if self._score()[0] < score:
                return
            cell.status = None
        candidates[0].status = COMPLEMENT   # nothing helps alone: hide the cheapest and look again
