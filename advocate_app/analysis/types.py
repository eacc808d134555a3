"""What the classifier returns. The JSON form is the contract of `cli.md`."""
from __future__ import annotations

from dataclasses import dataclass, field

from advocate_app.model.evidence import Evidence


@dataclass
class FactorSuggestion:
    id: str
    label: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 2),
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass
class SourceSuggestion:
    id: str
    label: str
    score: float
    factors: list[FactorSuggestion] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 2),
                "factors": [f.to_json() for f in self.factors]}


@dataclass
class Classification:
    """Suggested sources, strongest first; only sources suggested for this account."""

    model: str
    sources: list[SourceSuggestion] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"model": self.model, "sources": [s.to_json() for s in self.sources]}

    def factor_ids(self) -> set[str]:
        return {f.id for s in self.sources for f in s.factors}

    def source_ids(self) -> set[str]:
        return {s.id for s in self.sources}
