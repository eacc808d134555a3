"""Which word of a pattern the matcher looks it up by, and what else every match needs.

Why: the matcher (matcher.py) tries a pattern only where its anchor word
occurs in the account, so the anchor should be the required word expected
least often; the other required words let it skip patterns that cannot match.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from advocate_app.analysis.anchor_shape import Anchor
from advocate_app.analysis.patterns import (
    AnyWord, Choice, End, Gap, Item, Number, PatternError, Seq, Stem, Word, is_optional, memo,
)

_WORD_RUN = re.compile(r"\w+")

# Rough share of running text taken by a word, in tiers. Why: the matcher
# tries a pattern wherever its anchor word occurs, so the anchor should be the
# required word expected least often (per token), weighted by how many word
# starts before it must be tried.
_VERY_COMMON = set("""
the to a and of i in was it my me that for on is with he she they we you his her their
not but at be have had as so this there them him our us an are were been do did no
""".split())
_COMMON = set("""
mine myself your its these those here from by or then than too very being am does done has
never would could should will can may might must shall just also only all any some one ever
about up out into over after before again what when where which who why how didn don doesn
wasn weren wouldn couldn shouldn hasn haven hadn isn aren won said told got get go went come
came made make take took keep kept give gave people person someone anyone everyone nobody
thing things time day week like know knew back still even because if more now much really
going see saw felt feel want wanted asked ask think thought say way well good new other
care support social health mental staff team help just tell sent after
""".split())
_DOMAIN_COMMON = set("""
worker workers council assessment services service hospital nurse home family mum dad son
daughter trust needs need letter review money months years life medication diagnosis appointment
visit visits hours carer carers stopped explain discharged section went asked
""".split())
COMMON_WORDS = _VERY_COMMON | _COMMON


def word_frequency(kind: str, value: str) -> float:
    """Expected share of tokens that start with this key (a rough tiered estimate)."""
    if kind == "lit":
        if value in _VERY_COMMON:
            return 0.03
        if value in _COMMON or len(value) <= 2:
            return 0.004
        if value in _DOMAIN_COMMON:
            return 0.002
        return 0.0002
    if len(value) >= 6:
        return 0.0004
    if len(value) >= 4:
        return 0.0015
    return 0.006


@memo
def first_keys(node: Item | Seq) -> frozenset[tuple[str, str]] | None:
    """The words that can begin this item: ("lit", word) or ("stem", prefix); None if any word can."""
    if isinstance(node, Word):
        keys = set()
        for form in node.forms:
            run = _WORD_RUN.match(form)
            if not run:
                return None
            keys.add(("lit", run.group()))
        return frozenset(keys)
    if isinstance(node, Stem):
        keys = set()
        for prefix in node.prefixes:
            run = _WORD_RUN.match(prefix)
            if not run:
                return None
            if run.group() == prefix:
                if len(prefix) < 3:
                    return None
                keys.add(("stem", prefix))
            else:
                keys.add(("lit", run.group()))
        return frozenset(keys)
    if isinstance(node, Choice):
        if node.optional:
            return None
        return _union(node.options, first_keys)
    if isinstance(node, Seq):
        first = node.items[0]
        return None if is_optional(first) else first_keys(first)
    return None


@memo
def item_cost(node: Item | Seq) -> float:
    """Expected share of tokens where this item's first word occurs (main spellings; variants are rare)."""
    if isinstance(node, (Word, Stem)):
        keys = first_keys(node) or frozenset()
        main = node.forms[0] if isinstance(node, Word) else node.prefixes[0]
        run = _WORD_RUN.match(main)
        head = run.group() if run else main
        kind = "stem" if isinstance(node, Stem) and head == main else "lit"
        if isinstance(node, Word):
            # a word with inflections (refuse+) has several main forms: count each once
            heads = {(_WORD_RUN.match(f) or _WORD_RUN.match(main)).group() for f in node.forms[:6]}
            return sum(word_frequency("lit", h) for h in heads) + 0.00001 * max(0, len(keys) - len(heads))
        return word_frequency(kind, head) + 0.00001 * max(0, len(keys) - 1)
    if isinstance(node, Choice):
        return sum(item_cost(o) for o in node.options)
    if isinstance(node, Seq):
        return item_cost(node.items[0])
    return 1.0


@memo
def max_tokens(node: Item | Seq) -> int:
    """The most `\\w+` runs this item can span (a bound for where a match can start)."""
    if isinstance(node, Word):
        return max(len(_WORD_RUN.findall(f)) for f in node.forms)
    if isinstance(node, Stem):
        return max(len(_WORD_RUN.findall(p)) for p in node.prefixes)
    if isinstance(node, End):
        return 0
    if isinstance(node, (AnyWord, Number)):
        return 3
    if isinstance(node, Gap):
        return 2 * node.n
    if isinstance(node, Choice):
        return max(max_tokens(o) for o in node.options)
    if isinstance(node, Seq):
        return sum(max_tokens(i) for i in node.items)
    raise TypeError(node)


@memo
def _anchor_of(node: Item | Seq) -> tuple[frozenset[tuple[str, str]], int, float] | None:
    """(keys, word runs before them inside this item, expected frequency) of the best anchor inside an item.

    Why recursive: in "(very rude|so rude|abrupt)" the rare word is not the
    first one of every choice; anchoring each choice on its own rarest word
    keeps the matcher away from "so" and "very".
    """
    if isinstance(node, (Word, Stem)):
        keys = first_keys(node)
        return (keys, 0, item_cost(node)) if keys else None
    if isinstance(node, Choice):
        if node.optional:
            return None
        keys: set[tuple[str, str]] = set()
        before = 0
        freq = 0.0
        for option in node.options:
            found = _anchor_of(option)
            if found is None:
                return None
            keys |= found[0]
            before = max(before, found[1])
            freq += found[2]
        return frozenset(keys), before, freq
    if isinstance(node, Seq):
        best: tuple[float, tuple[frozenset[tuple[str, str]], int, float]] | None = None
        before = 0
        for item in node.items:
            if not (isinstance(item, (Gap, End)) or is_optional(item)):
                found = _anchor_of(item)
                if found is not None:
                    offset = before + found[1]
                    score = found[2] * (offset + 1)
                    if best is None or score < best[0]:
                        best = (score, (found[0], offset, found[2]))
            before += max_tokens(item)
        return best[1] if best else None
    return None


def _start_keys(seq: Seq) -> frozenset[tuple[str, str]] | None:
    """Every word a match of this sequence can begin with, or None when any word could."""
    keys: set[tuple[str, str]] = set()
    for item in seq.items:
        if isinstance(item, (Gap, End)):
            return None
        first = _first_keys_deep(item)
        if first is None:
            return None
        keys |= first
        if not is_optional(item):
            return frozenset(keys)
    return None


_NUMBER_KEYS = frozenset([("lit", w) for w in (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred a several many").split()] + [("stem", d) for d in "0123456789"])


def _first_keys_deep(node: Item | Seq) -> frozenset[tuple[str, str]] | None:
    if isinstance(node, Number):
        return _NUMBER_KEYS
    if isinstance(node, Choice):
        return _union(node.options, _start_keys)
    if isinstance(node, Seq):
        return _start_keys(node)
    return first_keys(node)


def choose_anchor(seq: Seq) -> Anchor:
    """Pick the required word expected least often (weighted by how far into the pattern it sits)."""
    found = _anchor_of(seq)
    if found is None:
        raise PatternError("the pattern needs a required word that is not '?' or a list starting "
                           "with an optional word")
    # +2: a possessive ('s) or a contraction inside the match adds a word run
    before = found[1] + 2 if found[1] else 0
    second = None
    best = None
    required: list[frozenset[tuple[str, str]]] = [found[0]]
    for item in seq.items:
        if isinstance(item, (Gap, End)) or is_optional(item):
            continue
        other = _anchor_of(item)
        if other is None or other[0] == found[0]:
            continue
        required.append(other[0])
        if best is None or other[2] < best:
            best, second = other[2], other[0]
    return Anchor(found[0], before, _start_keys(seq), second, max_tokens(seq) + 2, tuple(required))


def _union(options: tuple[Seq, ...], keys_of: Callable[[Any], frozenset | None]) -> frozenset | None:
    """The keys any of the choice's options can start with; None if one of them can start anywhere."""
    keys: set = set()
    for option in options:
        sub = keys_of(option)
        if sub is None:
            return None
        keys |= sub
    return frozenset(keys)
