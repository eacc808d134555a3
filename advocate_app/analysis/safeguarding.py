"""Which statutory categories of abuse or neglect an account may describe, and by whom.

Why here, with the same engine: a Section 42 concern (Care Act 2014 s42) must
name the kind of abuse or neglect and who may be responsible, and the advocate
needs to see the person's own words behind each suggestion. The categories are
those of the Care and Support Statutory Guidance (chapter 14); the phrases
live in `resources/lexicon/safeguarding.toml` for reviewers. These are
suggestions only: the guidance says not to limit what counts as abuse.
"""
from __future__ import annotations

from advocate_app.analysis.agents import PARTY_PREFIX, agents, parties_among
from advocate_app.analysis.lexicon import PARTIES, load_safeguarding_lexicon
from advocate_app.analysis.matcher import Hit
from advocate_app.analysis.normalise import normalised_view
from advocate_app.analysis.scoring import SUGGEST_AT, _merge, evidence_score
from advocate_app.gc_pause import paused_for
from advocate_app.model.abuse import AbuseCategory
from advocate_app.model.evidence import Evidence

__all__ = ["CATEGORY_IDS", "PARTIES", "detect_abuse_categories"]

CATEGORY_IDS: tuple[str, ...] = (
    "physical", "domestic", "sexual", "psychological", "financial-or-material",
    "modern-slavery", "discriminatory", "organisational", "neglect-and-acts-of-omission",
    "self-neglect",
)

# Categories whose nature already says who is involved.
_IMPLIED_BY = {"self-neglect": ["self"]}
_DOMESTIC_PARTIES = {"family", "partner"}


def _add(found: list[str], parties: list[str]) -> None:
    for party in parties:
        if party not in found:
            found.append(party)


def _who(view: str, evidence: list[tuple[int, int]], party_hits: list[Hit], category: str) -> list[str]:
    if category in _IMPLIED_BY:
        return list(_IMPLIED_BY[category])
    found: list[str] = []
    for start, end in evidence:
        _add(found, agents(view, party_hits, start, end))
    if category == "domestic":
        found = [p for p in found if p in _DOMESTIC_PARTIES] or found
    if category == "organisational" and not found:
        found = ["staff"]   # abuse by a service's regime: the provider and its staff are responsible
    return found or ["unknown"]


def detect_abuse_categories(text: str) -> list[AbuseCategory]:
    """Safeguarding categories this account may show, in the guidance's order, with evidence and who."""
    if not text or not text.strip():
        return []
    with paused_for(text):
        return _detect(text)


def _detect(text: str) -> list[AbuseCategory]:
    lexicon = load_safeguarding_lexicon()
    labels: dict[str, str] = lexicon.extra["labels"]
    view = normalised_view(text)
    hits = lexicon.matcher.find(text, view)
    party_hits = parties_among(hits)
    by_category: dict[str, list[Hit]] = {}
    for hit in hits:
        if not hit.rule.target.startswith(PARTY_PREFIX):
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
