"""What the classifier returns. The JSON form is the contract of `cli.md`.

`tier` says which part of the classifier made a suggestion: "lexicon" (the
reviewable phrases and cues: the person's own words as evidence) or "learned"
(the learned model, learned.py: weaker, its evidence is only the sentence it
"may relate to"). Routes must never rise above "consider" on learned
suggestions alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from advocate_app.model.evidence import Evidence


LEXICON = "lexicon"
LEARNED = "learned"


@dataclass
class FactorSuggestion:
    """A suggested factor with the evidence for it; `tier` says whether a phrase or the learned model found it."""

    id: str
    label: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    tier: str = LEXICON

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 2), "tier": self.tier,
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass
class SourceSuggestion:
    """A suggested source of harm and its factors, strongest first; only ever a suggestion."""

    id: str
    label: str
    score: float
    factors: list[FactorSuggestion] = field(default_factory=list)
    tier: str = LEXICON

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 2), "tier": self.tier,
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
