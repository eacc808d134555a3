"""Which statutory categories of abuse or neglect an account may describe, and by whom.

Why here, with the same engine: a Section 42 concern (Care Act 2014 s42) must
name the kind of abuse or neglect and who may be responsible, and the advocate
needs to see the person's own words behind each suggestion. The categories are
those of the Care and Support Statutory Guidance (chapter 14); the phrases
live in `resources/lexicon/safeguarding.toml` for reviewers. These are
suggestions only: the guidance says not to limit what counts as abuse.
"""
from __future__ import annotations

import re

from advocate_app.analysis.classifier import SUGGEST_AT, _merge, evidence_score
from advocate_app.analysis.lexicon import load_safeguarding_lexicon
from advocate_app.analysis.matcher import Hit
from advocate_app.analysis.normalise import normalised_view
from advocate_app.model.abuse import AbuseCategory
from advocate_app.model.evidence import Evidence

CATEGORY_IDS: tuple[str, ...] = (
    "physical", "domestic", "sexual", "psychological", "financial-or-material",
    "modern-slavery", "discriminatory", "organisational", "neglect-and-acts-of-omission",
    "self-neglect",
)
PARTIES: tuple[str, ...] = ("staff", "family", "partner", "another-resident", "self", "unknown")

# Categories whose nature already says who is involved.
_IMPLIED_BY = {"self-neglect": ["self"]}
_DOMESTIC_PARTIES = {"family", "partner"}

_BY_BEFORE = re.compile(r"\bby\s+(?:(?:a|an|the|my|his|her|their|one of the|another|one)\s+)?$")
# "was hit", "were pushed", "got beaten": the one named before is the one harmed.
_PASSIVE = re.compile(r"\b(?:was|were|got|been|being|is|are|get|gets)\s+(?:\w+ly\s+)?\w+(?:ed|en|t)\b")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")


def _sentence_bounds(view: str, start: int, end: int) -> tuple[int, int, int]:
    """Start and end of the sentence holding [start, end), and the start of the one before it."""
    lo = max(0, start - 400)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(view, lo, start)]
    sentence_start = ends_before[-1] if ends_before else lo
    previous_start = ends_before[-2] if len(ends_before) >= 2 else lo
    after = _SENTENCE_END.search(view, end, min(len(view), end + 400))
    sentence_end = after.end() if after else min(len(view), end + 400)
    return sentence_start, sentence_end, previous_start


def _add(found: list[str], parties: list[str]) -> None:
    for party in parties:
        if party != "self" and party not in found:
            found.append(party)


def _agents(view: str, party_hits: list[Hit], start: int, end: int) -> list[str]:
    """Who did it, by position: named before the words, at their start, or after "by" (passive).

    A person named after the verb ("slapped my mother") is the one harmed, not the one responsible.
    """
    s_lo, s_hi, prev_lo = _sentence_bounds(view, start, end)
    passive = bool(_PASSIVE.search(view, start, end))
    scored: list[tuple[int, str]] = []
    for hit in party_hits:
        party = hit.rule.target[3:]
        if s_lo <= hit.start <= start and not passive:
            scored.append((start - hit.start, party))
        elif end <= hit.start < s_hi and _BY_BEFORE.search(view, max(0, hit.start - 20), hit.start):
            scored.append((hit.start - end, party))
    if passive:
        return _dedupe(scored)
    if not scored:
        for hit in party_hits:
            if prev_lo <= hit.start < s_lo:
                scored.append((start - hit.start, hit.rule.target[3:]))
    if not scored:
        # "He touched me. He is my support worker."
        following = view[s_hi:s_hi + 200]
        if re.match(r"\s*(?:he|she|they|it)\s+(?:is|was|are|were|'s)\b", following):
            next_end = _SENTENCE_END.search(view, s_hi, min(len(view), s_hi + 200))
            limit = next_end.end() if next_end else s_hi + 200
            scored = [(h.start - s_hi, h.rule.target[3:]) for h in party_hits if s_hi <= h.start < limit]
    return _dedupe(scored)


def _dedupe(scored: list[tuple[int, str]]) -> list[str]:
    ordered: list[str] = []
    _add(ordered, [party for _, party in sorted(scored)])
    return ordered


def _who(view: str, evidence: list[tuple[int, int]], party_hits: list[Hit], category: str) -> list[str]:
    if category in _IMPLIED_BY:
        return list(_IMPLIED_BY[category])
    found: list[str] = []
    for start, end in evidence:
        _add(found, _agents(view, party_hits, start, end))
    if category == "domestic":
        found = [p for p in found if p in _DOMESTIC_PARTIES] or found
    if category == "organisational" and not found:
        found = ["staff"]   # abuse by a service's regime: the provider and its staff are responsible
    return found or ["unknown"]


def detect_abuse_categories(text: str) -> list[AbuseCategory]:
    """Safeguarding categories this account may show, in the guidance's order, with evidence and who."""
    if not text or not text.strip():
        return []
    lexicon = load_safeguarding_lexicon()
    labels: dict[str, str] = lexicon.extra["labels"]
    view = normalised_view(text)
    hits = lexicon.matcher.find(text, view)
    party_hits = [h for h in hits if h.rule.target.startswith("by:")]
    by_category: dict[str, list[Hit]] = {}
    for hit in hits:
        if not hit.rule.target.startswith("by:"):
            by_category.setdefault(hit.rule.target, []).append(hit)
    out: list[AbuseCategory] = []
    for category in [c for c in CATEGORY_IDS if c in labels]:
        category_hits = by_category.get(category)
        if not category_hits:
            continue
        spans = _merge(category_hits)
        if evidence_score(text, spans) < SUGGEST_AT:
            continue
        by = _who(view, [(s.start, s.end) for s in spans], party_hits, category)
        out.append(AbuseCategory(
            id=category, label=labels[category],
            evidence=[Evidence(s.start, s.end, text[s.start:s.end]) for s in spans],
            by=by))
    return out
