"""Compile a parsed lexicon pattern (patterns.py) to one regular expression.

Why a compiler of our own: the pattern language promises things a plain
regular expression does not (British and American spellings, contractions,
gaps that never skip a "not"), and the expressions must stay small enough to
compile and match fast: literal words are merged into tries.
"""
from __future__ import annotations

import re
from typing import Iterable

from advocate_app.analysis.patterns import (
    AnyWord, Choice, End, Gap, Item, Number, PatternError, Seq, Stem, Word, is_optional, memo,
)


# Between two words of a phrase: spaces or line breaks, hyphens, slashes,
# quotes or brackets. Never sentence punctuation, which ends a phrase.
SEP = r"[^\w.,;:!?]+"
# Inside a gap (~n) a comma may also be skipped: "they cut, from Monday, my hours".
GAP_SEP = r"[^\w.;:!?]+"

GAP_WORD = r"\w+(?:'\w+)*"
ANY_WORD = r"\w+(?:'\w+)*"
CLAUSE_END = r"(?=\s*(?:[.,;:!?)\]\"]|$|\n|(?:and|but|so|because|until|when|then|though|although)\b))"
NUMBER = (r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
          r"fifty|sixty|seventy|eighty|ninety|hundred|a\s+few|a\s+couple\s+of|several|many)")
POSSESSIVE = r"(?:'s)?"


def _alternation(pieces: Iterable[str]) -> str:
    unique = sorted(set(pieces), key=lambda p: (-len(p), p))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


_SPACE = " "


def trie_regex(forms: Iterable[str]) -> str:
    """One compact regular expression for many literal forms, sharing their common beginnings.

    Why: the lexicon expands each word into its spellings and inflections, and
    the cue layer looks for many word beginnings at once; a trie keeps the
    compiled expressions small, so they compile and match fast. A space in a
    form matches any separator between words (SEP).
    """
    trie: dict = {}
    for form in set(forms):
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    ends = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        head = SEP if char == _SPACE else re.escape(char)
        branches.append(head + _emit(node[char]))
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    if all(len(b) == 1 for b in branches) and len(branches) > 1:
        body = "[" + "".join(branches) + "]"
    elif len(branches) == 1:
        body = branches[0] if len(branches[0]) == 1 else "(?:" + branches[0] + ")"
    else:
        body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


_MAX_PHRASE_FORMS = 96


@memo
def _word_forms(node: Item | Seq) -> list[str] | None:
    """The literal forms of an item made only of plain words (a phrase or a choice of phrases).

    "(no one|nobody) ever" becomes the forms "no one ever", "nobody ever": one
    trie instead of nested groups. None when the item has stems, gaps or lists
    of other kinds, or would expand to too many forms.
    """
    if isinstance(node, Word):
        return list(node.forms)
    if isinstance(node, Seq):
        forms = [""]
        for item in node.items:
            sub = _word_forms(item)
            if sub is None or len(forms) * len(sub) > _MAX_PHRASE_FORMS:
                return None
            forms = [f"{a} {b}" if a else b for a in forms for b in sub]
        return forms
    if isinstance(node, Choice) and not node.optional:
        forms = []
        for option in node.options:
            sub = _word_forms(option)
            if sub is None:
                return None
            forms.extend(sub)
        return forms if len(forms) <= _MAX_PHRASE_FORMS * 4 else None
    return None


def _atom(regex: str) -> str:
    """Wrap in a group only when the expression has a top-level alternative."""
    depth = 0
    escaped = False
    in_class = False
    for char in regex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return "(?:" + regex + ")"
    return regex


@memo
def to_regex(node: Item | Seq) -> str:
    forms = _word_forms(node) if not isinstance(node, Seq) or len(node.items) > 1 else None
    if forms is not None:
        return _atom(trie_regex(forms)) + POSSESSIVE
    if isinstance(node, Word):
        return _atom(trie_regex(node.forms)) + POSSESSIVE
    if isinstance(node, Stem):
        return _atom(trie_regex(node.prefixes)) + r"\w*" + POSSESSIVE
    if isinstance(node, AnyWord):
        return ANY_WORD
    if isinstance(node, Number):
        return NUMBER
    if isinstance(node, End):
        return CLAUSE_END
    if isinstance(node, Choice):
        plain: list[str] = []
        others: list[str] = []
        for option in node.options:
            if len(option.items) == 1 and isinstance(option.items[0], Choice):
                others.append(to_regex(option.items[0]))   # a shared list: its regex is cached
                continue
            option_forms = _word_forms(option)
            if option_forms is not None:
                plain.extend(option_forms)
            else:
                others.append(_atom(to_regex(option)))
        if plain:
            others.append(_atom(trie_regex(plain)) + POSSESSIVE)
        return _alternation(others)
    if isinstance(node, Seq):
        if len(node.items) == 1:
            return to_regex(node.items[0])
        return _seq_regex(node)
    raise TypeError(node)


def _seq_regex(seq: Seq) -> str:
    return _rest_regex(seq.items, 0, True)


def _gap_lead(gap: int) -> str:
    return SEP if gap == 0 else f"{GAP_SEP}((?:{GAP_WORD}{GAP_SEP}){{0,{gap}}}?)"


def _rest_regex(items: tuple[Item, ...] | list[Item], gap: int, at_start: bool) -> str:
    """The regex for `items`, with `gap` words already allowed before the first of them.

    Why the alternation for an optional word after a gap: "~3 [my|his] ~1 care"
    promises up to three words, then maybe "my" or "his", then up to one more.
    When the optional word is absent, the gaps on both sides of it join (up to
    four words); a single optional group holding the first gap would drop it.
    """
    out: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, End):
            out.append(CLAUSE_END)
            continue
        if isinstance(item, Gap):
            if at_start:
                raise PatternError("a gap (~n) must follow a word that is not optional")
            gap += item.n
            continue
        frag = to_regex(item)
        if at_start:
            if is_optional(item):
                out.append(f"(?:{frag}{SEP})?")
            else:
                out.append(frag)
                at_start = False
            gap = 0
            continue
        if is_optional(item) and gap:
            rest = items[index + 1:]
            present = _gap_lead(gap) + frag + _rest_regex(rest, 0, False)
            absent = _rest_regex(rest, gap, False)
            out.append(f"(?:{present}|{absent})")
            return "".join(out)
        lead = _gap_lead(gap)
        gap = 0
        out.append(f"(?:{lead}{frag})?" if is_optional(item) else lead + frag)
    return "".join(out)


def pattern_source(seq: Seq) -> str:
    """The regular expression for a parsed pattern (compiled lazily by the matcher)."""
    return r"(?<!\w)(?:" + _seq_regex(seq) + r")(?!\w)"


def compile_pattern(seq: Seq) -> re.Pattern[str]:
    return re.compile(pattern_source(seq))
