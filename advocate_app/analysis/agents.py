"""Who did what an account describes: staff, family, a partner, another resident, or unknown.

Why a module of its own: both the Section 42 categories (`safeguarding.py`)
and the harm suggestions need it. A safeguarding concern must say who may be
responsible, and a harm of the source "misconduct by staff" must not be
suggested when the account says a son or a partner did it ("my son took her
pension" is financial abuse by family, not staff dishonesty). The words that
name each party live in `resources/lexicon/safeguarding.toml` [responsible.*].
"""
from __future__ import annotations

import re
from bisect import bisect_left

from advocate_app.analysis.lexicon import load_safeguarding_lexicon
from advocate_app.analysis.matcher import Hit

PARTY_PREFIX = "by:"

_BY_BEFORE = re.compile(r"\bby\s+(?:(?:a|an|the|my|his|her|their|one of the|another|one)\s+)?$")
# "was hit", "were pushed", "got beaten": the one named before is the one harmed.
_PASSIVE = re.compile(r"\b(?:was|were|got|been|being|is|are|get|gets)\s+(?:\w+ly\s+)?\w+(?:ed|en|t)\b")
# "A patient on the ward punched me": a party named after a preposition is a place or a
# companion, not the one who did it.
_PLACE_BEFORE = re.compile(
    r"\b(?:on|in|at|into|onto|to|outside|inside|near|around|across|through|off|within|towards?)\s+"
    r"(?:(?:a|an|the|my|his|her|their|our|this|that)\s+)?$")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
# "He touched me. He is my support worker."
_PRONOUN = re.compile(r"(?:he|she)\b")
_PRONOUN_IS = re.compile(r"\s*(?:he|she|they|it)\s+(?:is|was|are|were|'s)\b")


def starts_with_pronoun(view: str, start: int) -> bool:
    """True for words that begin with "he" or "she" (one person named earlier; "they" is usually a service)."""
    return bool(_PRONOUN.match(view, start))


def party_hits(text: str, view: str) -> list[Hit]:
    """Every word in the account that names a party ("my son", "the carer"), in text order.

    Taken from the whole safeguarding lexicon's matches, not from a matcher of
    its party words alone: the safeguarding categories need that pass over the
    same account anyway, and the matcher keeps its answer for the last text.
    """
    return parties_among(load_safeguarding_lexicon().matcher.find(text, view))


def parties_among(hits: list[Hit]) -> list[Hit]:
    """The party hits among a safeguarding match, less any named by words inside another party's longer name.

    "officers" is staff (a housing or reviewing officer), but in "the police
    officers" it is part of the police, who are someone else.
    """
    kept: list[Hit] = []
    widest: Hit | None = None
    for hit in sorted((h for h in hits if h.rule.target.startswith(PARTY_PREFIX)), key=lambda h: (h.start, -h.end)):
        if widest is not None and hit.end <= widest.end and hit.rule.target != widest.rule.target:
            continue
        kept.append(hit)
        if widest is None or hit.end > widest.end:
            widest = hit
    return kept


def _sentence_bounds(view: str, start: int, end: int) -> tuple[int, int, int]:
    """Start and end of the sentence holding [start, end), and the start of the one before it."""
    lo = max(0, start - 400)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(view, lo, start)]
    sentence_start = ends_before[-1] if ends_before else lo
    previous_start = ends_before[-2] if len(ends_before) >= 2 else lo
    after = _SENTENCE_END.search(view, end, min(len(view), end + 400))
    sentence_end = after.end() if after else min(len(view), end + 400)
    return sentence_start, sentence_end, previous_start


def _after_preposition(view: str, hit: Hit) -> bool:
    return bool(_PLACE_BEFORE.search(view, max(0, hit.start - 30), hit.start))


def _start(hit: Hit) -> int:
    return hit.start


def _party(hit: Hit) -> str:
    return hit.rule.target[len(PARTY_PREFIX):]


def _ordered(scored: list[tuple[int, str]]) -> list[str]:
    """Nearest first, each party once; "self" is never the one responsible for harm to the person."""
    out: list[str] = []
    for _, party in sorted(scored):
        if party != "self" and party not in out:
            out.append(party)
    return out


def agents(view: str, parties: list[Hit], start: int, end: int, previous: str = "any") -> list[str]:
    """Who did it, by position: named before the words, at their start, or after "by" (passive).

    A person named after the verb ("slapped my mother") is the one harmed, not the one responsible.
    A sentence naming nobody takes a party of the sentence before: with `previous`
    "any", any party named there; with "subject", only one that opens it ("My
    husband came home. He hit me.", not "I visited my wife. He pushed her.");
    with "none", none. Empty when the account does not say.
    """
    s_lo, s_hi, prev_lo = _sentence_bounds(view, start, end)
    # only the parties near these words (hits are in text order): linear in a long account
    parties = parties[bisect_left(parties, prev_lo, key=_start):bisect_left(parties, s_hi + 400, key=_start)]
    passive = bool(_PASSIVE.search(view, start, end))
    scored: list[tuple[int, str]] = []
    for hit in parties:
        if s_lo <= hit.start <= start and not passive and not _after_preposition(view, hit):
            scored.append((start - hit.start, _party(hit)))
        elif end <= hit.start < s_hi and _BY_BEFORE.search(view, max(0, hit.start - 20), hit.start):
            scored.append((hit.start - end, _party(hit)))
    if passive:
        return _ordered(scored)
    if not scored and previous != "none":
        opening = len(view) - len(view[prev_lo:].lstrip()) if previous == "subject" else None
        scored = [(start - h.start, _party(h)) for h in parties
                  if prev_lo <= h.start < s_lo and (opening is None or h.start == opening)]
    if not scored and previous == "any" and _PRONOUN_IS.match(view, s_hi):
        next_end = _SENTENCE_END.search(view, s_hi, min(len(view), s_hi + 200))
        limit = next_end.end() if next_end else s_hi + 200
        scored = [(h.start - s_hi, _party(h)) for h in parties if s_hi <= h.start < limit]
    return _ordered(scored)
