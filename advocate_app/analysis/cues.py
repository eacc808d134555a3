"""A second, looser signal: sentences that combine a topic with a problem.

Why: the phrase lexicon finds the exact ways people in our corpus put things,
but real accounts (ombudsman decisions, news reports, testimony) say the same
harm in words nobody listed. A sentence that mentions *records* and says they
are *untrue*, or names *two services* and says *neither would help*, shows a
harm whatever its exact wording. Each factor's cue groups live in
resources/lexicon/cues/*.toml; a factor fires on a sentence that has a cue
from every required group, where the problem cue is not denied or imagined
("they never lied", "if the notes had been wrong"). The topic group may also
be met by the sentence just before ("I read my notes. Half of it was lies.").

A cue sentence is weaker evidence than a curated phrase, so its weight is
lower and only the first cue sentence of a factor counts fully: a factor found
only by cues is still suggested, but strong phrase matches order first.

Speed: one pass of a word regex over the account, a dictionary look-up per
word, and work per cue hit only; linear in the length of the account.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

from advocate_app.analysis.negation import is_cancelled
from advocate_app.analysis.normalise import normalised_view
from advocate_app.resources import read_toml, resource_path

FIRST_WEIGHT = 0.55     # one cue sentence: just enough to suggest a factor (the lexicon's phrases are 0.75)
WINDOW_WEIGHT = 0.52    # the topic was in the sentence before
EXTRA_WEIGHT = 0.1      # each further cue sentence for the same factor adds a little
MAX_CUE_SPANS = 3       # evidence shown per factor from cues
STEM_KEY = 4            # a stem ("falsif*") is looked up by its first letters
PROBLEM = "problem"     # the group whose cue must not be negated or hypothetical

_WORD = re.compile(r"[\w']+")
# A sentence ends at . ! ? (then a space or the end), at a line break, or at a semicolon.
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n|;")

S = TypeVar("S")


@dataclass(frozen=True)
class CueRule:
    """One factor's cue groups: every group in `groups` must be met."""

    factor: str
    groups: tuple[str, ...]
    weight: float = FIRST_WEIGHT


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]           # normalised words; a trailing "*" marks a stem
    targets: tuple[tuple[int, str], ...]  # (rule index, group name)


@dataclass
class CueSet:
    rules: list[CueRule] = field(default_factory=list)
    exact: dict[str, list[_Term]] = field(default_factory=dict)
    stems: dict[str, list[_Term]] = field(default_factory=dict)


def _norm_word(word: str) -> str:
    """'weren't' and 'werent', 'patient's' and 'patients' are the same word here."""
    return word.replace("'", "")


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _parse_term(term: str) -> tuple[str, ...]:
    words = tuple(_norm_word(w) for w in term.lower().replace("-", " ").split())
    if not words or any(not w.rstrip("*") for w in words):
        raise ValueError(f"empty cue term {term!r}")
    for w in words:
        if w.endswith("*") and len(w) - 1 < STEM_KEY:
            raise ValueError(f"cue stem {term!r} is too short: use at least {STEM_KEY} letters")
        if not re.fullmatch(r"\w+\*?", w):
            raise ValueError(f"cue term {term!r}: words only, with an optional * ending")
    return words


def _index(cues: CueSet, term_targets: dict[tuple[str, ...], list[tuple[int, str]]]) -> None:
    for words, targets in term_targets.items():
        term = _Term(words, tuple(targets))
        first = words[0]
        if first.endswith("*"):
            cues.stems.setdefault(first[:STEM_KEY], []).append(term)
        else:
            cues.exact.setdefault(first, []).append(term)


def build_cue_set(tables: Iterable[dict]) -> CueSet:
    """Compile cue tables (the parsed TOML files) into look-up dictionaries."""
    cues = CueSet()
    term_targets: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for table in tables:
        shared: dict[str, list[str]] = table.get("groups", {})
        for factor_id, spec in table.get("factor", {}).items():
            required = tuple(spec.get("require", ["topic", PROBLEM]))
            rule_index = len(cues.rules)
            cues.rules.append(CueRule(factor_id, required, float(spec.get("weight", FIRST_WEIGHT))))
            for group in required:
                terms = list(spec.get(group, []))
                for ref in spec.get(f"{group}_from", []):
                    if ref not in shared:
                        raise ValueError(f"{factor_id}: unknown shared cue group {ref!r}")
                    terms.extend(shared[ref])
                if not terms:
                    raise ValueError(f"{factor_id}: cue group {group!r} has no terms")
                for term in terms:
                    term_targets.setdefault(_parse_term(term), []).append((rule_index, group))
    _index(cues, term_targets)
    return cues


@lru_cache(maxsize=1)
def load_cue_set() -> CueSet:
    folder = resource_path("lexicon", "cues")
    tables = [read_toml("lexicon", "cues", p.name) for p in sorted(folder.glob("*.toml"))]
    return build_cue_set(tables)


def _sentence_bounds(view: str) -> list[int]:
    """Start offsets of sentences (the first is 0)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(view)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-*\u2022"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class CueHit:
    factor: str
    start: int      # evidence span: the sentence(s), offsets into the original text
    end: int
    weight: float


def _term_hits(view: str, cues: CueSet):
    """(term, start, end) for every cue term in the account, in text order."""
    tokens = [(m.start(), m.end(), _norm_word(m.group())) for m in _WORD.finditer(view)]
    for i, (start, _, word) in enumerate(tokens):
        candidates = cues.exact.get(word, ())
        stemmed = cues.stems.get(word[:STEM_KEY], ()) if len(word) >= STEM_KEY else ()
        for term in (*candidates, *stemmed):
            n = len(term.words)
            if i + n > len(tokens):
                continue
            if all(_word_matches(p, tokens[i + k][2]) for k, p in enumerate(term.words)):
                last_end = tokens[i + n - 1][1]
                # a multi-word cue must not run across a sentence end
                if n > 1 and _SENTENCE_END.search(view, start, last_end):
                    continue
                yield term, start, last_end


def cue_hits(text: str, view: str | None = None) -> list[CueHit]:
    """Factor cue evidence in an account, in text order (sentence spans of the original text)."""
    if view is None:
        view = normalised_view(text)
    cues = load_cue_set()
    if not cues.rules or not view.strip():
        return []
    starts = _sentence_bounds(view)
    # (rule index, group) -> set of sentence numbers with an (un-negated, for problems) cue
    seen: dict[tuple[int, str], set[int]] = {}
    for term, start, _end in _term_hits(view, cues):
        sentence = bisect_right(starts, start) - 1
        cancelled: bool | None = None
        for rule_index, group in term.targets:
            if group == PROBLEM:
                if cancelled is None:
                    cancelled = is_cancelled(view, start)
                if cancelled:
                    continue
            seen.setdefault((rule_index, group), set()).add(sentence)
    out: list[CueHit] = []
    for rule_index, rule in enumerate(cues.rules):
        anchor_group = PROBLEM if PROBLEM in rule.groups else rule.groups[0]
        anchors = seen.get((rule_index, anchor_group), set())
        others = [seen.get((rule_index, g), set()) for g in rule.groups if g != anchor_group]
        for sentence in sorted(anchors):
            if all(sentence in group for group in others):
                first = sentence
            elif sentence > 0 and all(sentence in g or sentence - 1 in g for g in others):
                first = sentence - 1
            else:
                continue
            lo = starts[first]
            hi = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
            lo, hi = _trimmed(text, lo, hi)
            if hi <= lo:
                continue
            weight = rule.weight if first == sentence else min(rule.weight, WINDOW_WEIGHT)
            out.append(CueHit(rule.factor, lo, hi, weight))
    out.sort(key=lambda h: (h.start, h.end, h.factor))
    return out


def with_cues(text: str, view: str | None, spans: dict[str, list[S]],
              make_span: Callable[[int, int, float, str], S]) -> dict[str, list[S]]:
    """Add cue evidence to the lexicon's evidence per factor, without repeating words already found.

    A cue sentence that overlaps the factor's phrase evidence adds nothing new
    (the phrase already explains it), so it is left out. Call it after the
    lexicon's document rule (a decision finding no fault shows no harm), so
    that rule holds for cues too.
    """
    added: dict[str, int] = {}
    for hit in sorted(cue_hits(text, view), key=lambda h: -h.weight):
        existing = spans.setdefault(hit.factor, [])
        count = added.get(hit.factor, 0)
        if count >= MAX_CUE_SPANS or any(s.start < hit.end and hit.start < s.end
                                         for s in existing):  # type: ignore[attr-defined]
            continue
        added[hit.factor] = count + 1
        existing.append(make_span(hit.start, hit.end, hit.weight if count == 0 else EXTRA_WEIGHT, "cue"))
        existing.sort(key=lambda s: s.start)  # type: ignore[attr-defined]
    return {k: v for k, v in spans.items() if v}
