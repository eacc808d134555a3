"""The plan arranged as a decision: what is chosen and recommended first, the rest folded.

Why: a plan can hold a dozen routes, many of them "recommended", and some of them
different ways of doing the same thing (a complaint to each body, or one joint
complaint). Shown as one long list, the advocate and the person cannot see the
choice in front of them. This module decides the arrangement (no Qt), so the
routes step only presents it and a test can check it without a window:

- "Chosen with the person": routes already ticked, in the plan's order;
- "Recommended": the plan's recommended routes not yet chosen;
- "Other routes you could consider": the rest, folded until opened.

Alternatives (resources/routes/_groups.toml) stay together: when any of them is
chosen or recommended, all of them that apply are shown as one group where the
first of them would be, with a line saying how they differ.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from advocate_app.resources import read_toml
from advocate_app.routes.types import Route


@dataclass(frozen=True)
class AlternativeSet:
    """Routes that are different ways of doing the same thing."""

    id: str
    routes: tuple[str, ...]
    heading: str
    text: str


@dataclass
class Entry:
    """One thing on the page: a single route, or a group of alternatives."""

    routes: list[Route]
    alternatives: AlternativeSet | None = None

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.routes]


@dataclass
class Section:
    key: str                    # "chosen", "recommended" or "other"
    heading: str
    entries: list[Entry] = field(default_factory=list)
    folded: bool = False

    @property
    def route_ids(self) -> list[str]:
        return [rid for entry in self.entries for rid in entry.ids]


@dataclass
class Arrangement:
    sections: list[Section]
    chosen_not_proposed: list[str] = field(default_factory=list)   # chosen earlier, not in the plan now

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class _Config:
    sections: tuple[tuple[str, str, bool], ...]
    alternatives: tuple[AlternativeSet, ...]
    skip_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def _config() -> _Config:
    raw = read_toml("routes", "_groups.toml")
    sections = tuple((s["key"], s["heading"], bool(s.get("folded", False))) for s in raw["sections"])
    alternatives = tuple(AlternativeSet(a["id"], tuple(a["routes"]), a["heading"], a["text"])
                         for a in raw.get("alternatives", []))
    return _Config(sections, alternatives, tuple(raw.get("why", {}).get("skip_prefixes", [])))


def arrange(routes: Sequence[Route], chosen: Iterable[str]) -> Arrangement:
    """Sections in page order; every route of the plan appears exactly once."""
    config = _config()
    chosen_ids = list(dict.fromkeys(chosen))
    by_id = {r.id: r for r in routes}

    def section_of(route: Route) -> str:
        if route.id in chosen_ids:
            return "chosen"
        return "recommended" if route.strength == "recommended" else "other"

    sections = {key: Section(key, heading, folded=folded) for key, heading, folded in config.sections}
    placed: set[str] = set()
    for route in _in_order(routes, chosen_ids):
        if route.id in placed:
            continue
        group = next((g for g in config.alternatives if route.id in g.routes), None)
        members = [by_id[rid] for rid in (group.routes if group else ()) if rid in by_id]
        if group is not None and len(members) > 1:
            # The group goes where its most decided member would be.
            rank = min(("chosen", "recommended", "other").index(section_of(m)) for m in members)
            key = ("chosen", "recommended", "other")[rank]
            members.sort(key=lambda m: (("chosen", "recommended", "other").index(section_of(m)),
                                        group.routes.index(m.id)))
            sections[key].entries.append(Entry(members, group))
            placed.update(m.id for m in members)
        else:
            sections[section_of(route)].entries.append(Entry([route]))
            placed.add(route.id)
    missing = [rid for rid in chosen_ids if rid not in by_id]
    return Arrangement([sections[key] for key, _, _ in config.sections], missing)


def _in_order(routes: Sequence[Route], chosen_ids: list[str]) -> list[Route]:
    """Chosen first (in the plan's order), then the rest as the plan lists them."""
    return [r for r in routes if r.id in chosen_ids] + [r for r in routes if r.id not in chosen_ids]


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"])")


def why_line(route: Route) -> str:
    """The one sentence that says why this route fits this case.

    The reason starts with the findings and kinds of abuse it rests on, which every
    card shares; the route's own "because" comes after them. Those general openings
    stay in the card's detail.
    """
    sentences = [s.strip() for s in _SENTENCE.split(route.reason or "") if s.strip()]
    skip = _config().skip_prefixes
    for sentence in sentences:
        if not sentence.startswith(skip):
            return sentence
    return sentences[0] if sentences else ""
