"""The identifier contracts, read from the project's own `docs/` pages.

Why one reader: the harm-model ids and the route ids are written once, in
`docs/harm-model.md` and `docs/cli.md`; every test that checks data or code
against them asks this module, so the contract is never copied by hand into
a test again (and a factor number the page does not list, such as
`staff-misconduct.9`, is unknown everywhere at once).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"

_SOURCE_ROW = re.compile(r"^\| `([a-z-]+)` \| [^|]+\| (\d+) \|$", re.M)
_FACTOR_PARAGRAPH = re.compile(r"^`([a-z-]+)`(?: \([^)]*\))?:\s*(.*?)(?=\n\n|\Z)", re.M | re.S)
_FACTOR_NUMBER = re.compile(r"(?:^|·)\s*(\d+) ")
_RECOMMENDATION = re.compile(r"`([a-z-]+)` (\d+)")


@dataclass(frozen=True)
class HarmContract:
    """The sources (Table 4 order), their prevalence, factor numbers and the recommendations."""

    sources: tuple[str, ...]
    prevalence: dict[str, int]
    factor_numbers: dict[str, tuple[int, ...]]
    recommendation_ranks: dict[str, int]

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f"{s}.{n}" for s in self.sources for n in self.factor_numbers[s])

    def unknown_ids(self, ids: set[str] | list[str] | tuple[str, ...]) -> set[str]:
        """The ids among `ids` that are neither a source nor a factor of the contract."""
        known = set(self.sources) | set(self.factor_ids)
        return {i for i in ids if i not in known}


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


@lru_cache(maxsize=1)
def harm_contract() -> HarmContract:
    text = (DOCS / "harm-model.md").read_text(encoding="utf-8")
    rows = _SOURCE_ROW.findall(_section(text, "## Sources"))
    sources = tuple(sid for sid, _ in rows)
    numbers: dict[str, tuple[int, ...]] = {}
    for sid, body in _FACTOR_PARAGRAPH.findall(_section(text, "## Specific factors")):
        numbers[sid] = tuple(int(n) for n in _FACTOR_NUMBER.findall(" ".join(body.split())))
    ranks = {rid: int(rank) for rid, rank in _RECOMMENDATION.findall(_section(text, "## Recommendations"))}
    return HarmContract(sources, {sid: int(p) for sid, p in rows}, numbers, ranks)


@lru_cache(maxsize=1)
def route_ids() -> tuple[str, ...]:
    """The route identifiers of `docs/cli.md`, in its order."""
    section = _section((DOCS / "cli.md").read_text(encoding="utf-8"), "## Route identifiers")
    return tuple(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.M))
