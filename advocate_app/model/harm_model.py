"""The harm model (Carr et al. 2025) loaded from `resources/harm_model.toml`.

Why data plus a strict loader: the model's identifiers are a contract shared by
case files, JSON output and outside tools (docs/harm-model.md), while
its wording belongs to people who are not programmers. The file may be reworded
freely; the loader refuses any file whose identifiers drift from the contract,
so a typo can never silently rename a harm in someone's case.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from advocate_app.resources import read_toml
from advocate_app.validate import Entry, new_id

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

MODEL_FILE = "harm_model.toml"

# The identifier contract of harm-model.md for model "carr-2025/1": each source
# and how many numbered factors it has. Identifiers are never renamed or
# removed; a new factor takes the next free number (update this with the spec).
SPEC_FACTOR_COUNTS: dict[str, int] = {
    "bureaucracy": 12,
    "stigma": 6,
    "fragmentation": 6,
    "lack-of-support": 13,
    "oppressive-culture": 17,
    "staff-misconduct": 8,
    "frontline-practice": 3,
}

SPEC_RECOMMENDATION_IDS: tuple[str, ...] = (
    "restorative-practice", "assessment-and-care-planning", "frontline-practice",
    "practice-principles", "recruitment-education-training", "monitoring-and-regulation",
    "complaints-processes", "independent-advocacy", "understanding-of-risk",
)

_FACTOR_ID = re.compile(r"^(?P<source>[a-z]+(?:-[a-z]+)*)\.(?P<n>[1-9][0-9]*)$")


class HarmModelError(ValueError):
    """The harm model file breaks the identifier contract or misses required text."""


@dataclass(frozen=True)
class Citation:
    """The paper the harm model comes from, cited wherever the model's words are shown."""

    authors: tuple[str, ...]
    year: int
    title: str
    journal: str
    doi: str
    url: str
    licence: str
    licence_url: str
    text: str
    changes: str = ""


@dataclass(frozen=True)
class Factor:
    """A specific factor within a source; a retired one stays readable so older cases still open."""

    id: str
    source_id: str
    label: str
    description: str
    retired: bool = False
    paper: str = ""

    @property
    def number(self) -> int:
        return int(self.id.rsplit(".", 1)[1])


@dataclass(frozen=True)
class Source:
    """One of the seven sources of avoidable harm, with its factors and how the research ranked it."""

    id: str
    label: str
    description: str
    prevalence: int
    factors: list[Factor] = field(default_factory=list)
    urgency_rank: int | None = None
    urgency_average: float | None = None
    paper: str = ""

    def active_factors(self) -> list[Factor]:
        return [f for f in self.factors if not f.retired]


@dataclass(frozen=True)
class Recommendation:
    """A change the research recommends, offered as ideas for what the person may want."""

    id: str
    label: str
    rank: int
    description: str
    ask_for: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    table3_rank: int | None = None
    paper: str = ""


@dataclass(frozen=True)
class HarmModel:
    """The versioned harm model (resources/harm_model.toml): identifiers every case and lexicon refers to."""

    version: str
    citation: Citation
    sources: list[Source]
    recommendations: list[Recommendation]

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def factor(self, factor_id: str) -> Factor:
        index = self.__dict__.get("_factor_index")
        if index is None:
            index = {f.id: f for s in self.sources for f in s.factors}
            object.__setattr__(self, "_factor_index", index)
        try:
            return index[factor_id]
        except KeyError:
            raise KeyError(factor_id) from None

    def recommendation(self, recommendation_id: str) -> Recommendation:
        for rec in self.recommendations:
            if rec.id == recommendation_id:
                return rec
        raise KeyError(recommendation_id)

    def source_ids(self) -> list[str]:
        return [s.id for s in self.sources]

    def all_factor_ids(self, include_retired: bool = True) -> list[str]:
        return [f.id for s in self.sources for f in s.factors if include_retired or not f.retired]

    def is_known(self, any_id: str) -> bool:
        """True for a source id or a factor id of this model."""
        return any_id in self._labels

    def label(self, any_id: str) -> str:
        """The plain-English label of a source or factor id."""
        try:
            return self._labels[any_id]
        except KeyError:
            raise KeyError(any_id) from None

    def source_of(self, factor_id: str) -> Source:
        return self.source(self.factor(factor_id).source_id)

    @property
    def _labels(self) -> dict[str, str]:
        cached = self.__dict__.get("_label_cache")
        if cached is None:
            cached = {}
            for source in self.sources:
                cached[source.id] = source.label
                for factor in source.factors:
                    cached[factor.id] = factor.label
            object.__setattr__(self, "_label_cache", cached)
        return cached


def _parse_citation(data: Mapping[str, Any]) -> Citation:
    entry = data.get("citation")
    if not isinstance(entry, dict):
        raise HarmModelError("the [citation] table is missing")
    fields = Entry(entry, "citation", HarmModelError)
    authors = fields.text_list("authors")
    if not authors:
        raise fields.fail("'authors' is empty")
    year = fields.whole_number("year")
    return Citation(
        authors=tuple(authors), year=year or 0,
        title=fields.text("title"), journal=fields.text("journal"),
        doi=fields.text("doi"), url=fields.text("url"),
        licence=fields.text("licence"), licence_url=fields.text("licence_url"),
        text=fields.text("text"), changes=fields.optional_text("changes"),
    )


def _parse_factor(entry: Any, source_id: str, seen: set[str]) -> Factor:
    if not isinstance(entry, dict):
        raise HarmModelError(f"source '{source_id}': each factor must be a table")
    factor_id = entry.get("id")
    if not isinstance(factor_id, str):
        raise HarmModelError(f"source '{source_id}': a factor has no 'id'")
    match = _FACTOR_ID.match(factor_id)
    if not match:
        raise HarmModelError(f"factor '{factor_id}': an id must look like '<source>.<number>'")
    if match["source"] != source_id:
        raise HarmModelError(f"factor '{factor_id}' is listed under source '{source_id}'")
    if factor_id in seen:
        raise HarmModelError(f"factor '{factor_id}' appears more than once")
    seen.add(factor_id)
    retired = entry.get("retired", False)
    if not isinstance(retired, bool):
        raise HarmModelError(f"factor '{factor_id}': 'retired' must be true or false")
    fields = Entry(entry, f"factor '{factor_id}'", HarmModelError)
    return Factor(id=factor_id, source_id=source_id, label=fields.text("label"),
                  description=fields.text("description"), retired=retired,
                  paper=fields.optional_text("paper"))


def _parse_source(entry: Any, seen: set[str]) -> Source:
    source_id = new_id(entry, "sources", "source", seen, HarmModelError)
    fields = Entry(entry, f"source '{source_id}'", HarmModelError)
    prevalence = fields.whole_number("prevalence")
    if not 0 <= (prevalence or 0) <= 100:
        raise fields.fail("'prevalence' must be a percentage (0 to 100)")
    urgency_average = entry.get("urgency_average")
    if urgency_average is not None and not isinstance(urgency_average, (int, float)):
        raise fields.fail("'urgency_average' must be a number")
    factors_raw = entry.get("factors")
    if not isinstance(factors_raw, list) or not factors_raw:
        raise fields.fail("it has no factors")
    factors = [_parse_factor(f, source_id, seen) for f in factors_raw]
    return Source(id=source_id, label=fields.text("label"),
                  description=fields.text("description"), prevalence=prevalence or 0,
                  factors=factors, urgency_rank=fields.whole_number("urgency_rank", required=False),
                  urgency_average=float(urgency_average) if urgency_average is not None else None,
                  paper=fields.optional_text("paper"))


def _parse_recommendation(entry: Any, seen: set[str], known: set[str]) -> Recommendation:
    rec_id = new_id(entry, "recommendations", "recommendation", seen, HarmModelError)
    fields = Entry(entry, f"recommendation '{rec_id}'", HarmModelError)
    addresses = fields.text_list("addresses")
    for target in addresses:
        if target not in known:
            raise fields.fail(f"'addresses' names unknown id '{target}'")
    return Recommendation(id=rec_id, label=fields.text("label"),
                          rank=fields.whole_number("rank") or 0,
                          description=fields.text("description"),
                          ask_for=fields.text_list("ask_for"), addresses=addresses,
                          table3_rank=fields.whole_number("table3_rank", required=False),
                          paper=fields.optional_text("paper"))


def _check_source_contract(sources: list[Source]) -> None:
    expected = {sid: {f"{sid}.{n}" for n in range(1, count + 1)}
                for sid, count in SPEC_FACTOR_COUNTS.items()}
    found_sources = [s.id for s in sources]
    unknown = sorted(set(found_sources) - set(expected))
    if unknown:
        raise HarmModelError(f"unknown source id(s): {', '.join(unknown)}")
    missing = [sid for sid in expected if sid not in found_sources]
    if missing:
        raise HarmModelError(f"missing source id(s): {', '.join(missing)}")
    for source in sources:
        ids = {f.id for f in source.factors}
        extra = sorted(ids - expected[source.id], key=_natural)
        if extra:
            raise HarmModelError(f"unknown factor id(s) in '{source.id}': {', '.join(extra)}")
        lacking = sorted(expected[source.id] - ids, key=_natural)
        if lacking:
            raise HarmModelError(f"missing factor id(s) in '{source.id}': {', '.join(lacking)}")


def _check_recommendation_contract(recommendations: list[Recommendation]) -> None:
    rec_ids = [r.id for r in recommendations]
    if sorted(rec_ids) != sorted(SPEC_RECOMMENDATION_IDS):
        diff = sorted(set(rec_ids) ^ set(SPEC_RECOMMENDATION_IDS))
        raise HarmModelError(f"recommendation ids differ from the spec: {', '.join(diff)}")


def _natural(factor_id: str) -> tuple[str, int]:
    source, _, number = factor_id.rpartition(".")
    return source, int(number) if number.isdigit() else 0


def parse_harm_model(data: Mapping[str, Any]) -> HarmModel:
    """Build and validate a model from parsed TOML; raise HarmModelError naming the problem."""
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise HarmModelError("'version' is missing")
    citation = _parse_citation(data)
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list) or not raw_sources:
        raise HarmModelError("there are no [[sources]]")
    seen: set[str] = set()
    sources = [_parse_source(entry, seen) for entry in raw_sources]
    _check_source_contract(sources)
    raw_recs = data.get("recommendations", [])
    if not isinstance(raw_recs, list):
        raise HarmModelError("'recommendations' must be a list of tables")
    rec_seen: set[str] = set()
    recommendations = [_parse_recommendation(entry, rec_seen, seen) for entry in raw_recs]
    _check_recommendation_contract(recommendations)
    return HarmModel(version=version.strip(), citation=citation, sources=sources,
                     recommendations=sorted(recommendations, key=lambda r: (r.rank, _rec_order(r.id))))


def _rec_order(rec_id: str) -> int:
    try:
        return SPEC_RECOMMENDATION_IDS.index(rec_id)
    except ValueError:
        return len(SPEC_RECOMMENDATION_IDS)


@lru_cache(maxsize=1)
def load_harm_model() -> HarmModel:
    """The app's harm model, read once. A broken file raises HarmModelError naming the entry."""
    try:
        data = read_toml(MODEL_FILE)
    except FileNotFoundError as error:
        raise HarmModelError(f"the harm model file {MODEL_FILE} is missing") from error
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise HarmModelError(f"{MODEL_FILE} is not valid TOML: {error}") from error
    try:
        return parse_harm_model(data)
    except HarmModelError as error:
        raise HarmModelError(f"{MODEL_FILE}: {error}") from None
