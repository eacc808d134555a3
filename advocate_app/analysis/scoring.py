"""Scores built from evidence spans, shared by the classifier and the safeguarding categories.

Why a module of its own: the safeguarding categories (safeguarding.py) score
their evidence the same way as the harm factors, and a plan for a case whose
findings are already confirmed needs only those categories; importing the
classifier for these few lines also loaded the sentence cues and the learned
tier, a share of a fresh letter's start-up time. See classifier.py for why
the scores combine as they do.
"""
from __future__ import annotations

from dataclasses import dataclass

from advocate_app.analysis.matcher import Hit

SUGGEST_AT = 0.5        # a factor is suggested from this score
MAX_SCORE = 0.99        # never claim certainty


@dataclass(frozen=True)
class Span:
    """A stretch of evidence for one factor: overlapping matches merged, so the same words count once."""

    start: int
    end: int
    weight: float
    kind: str


def _merge(hits: list[Hit]) -> list[Span]:
    """Overlapping matches for one factor become one span carrying the strongest weight."""
    spans: list[Span] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if spans and hit.start < spans[-1].end:
            last = spans[-1]
            stronger = hit.rule.weight > last.weight
            spans[-1] = Span(last.start, max(last.end, hit.end), max(last.weight, hit.rule.weight),
                             hit.rule.kind if stronger else last.kind)
        else:
            spans.append(Span(hit.start, hit.end, hit.rule.weight, hit.rule.kind))
    return spans


def evidence_score(text: str, spans: list[Span]) -> float:
    """Distinct pieces of evidence only: the same words repeated are one piece, not several."""
    strongest: dict[str, float] = {}
    for span in spans:
        key = " ".join(text[span.start:span.end].casefold().split())
        strongest[key] = max(strongest.get(key, 0.0), span.weight)
    return _combine(list(strongest.values()))


def _combine(weights: list[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return min(MAX_SCORE, 1.0 - remaining)
