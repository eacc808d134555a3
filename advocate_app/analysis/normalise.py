"""A normalised view of an account that lines up character for character with the original.

Why one-to-one: evidence must point at the person's own words (`text ==
account[start:end]`), so every change made for matching (case, curly
apostrophes, dashes, odd spaces, full-width or "fancy" letters) maps one
character to exactly one character. A character whose folded form would be
longer (German sharp s, ligatures) is left as it is; whitespace runs and line
breaks are left too, because the patterns themselves accept any run of
whitespace between words. The offset map back to the original is therefore
the identity, which `tests/analysis` checks on arbitrary Unicode.
"""
from __future__ import annotations

import unicodedata

_FIXED: dict[str, str] = {
    # apostrophes and single quotes
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'", "\u2032": "'",
    "\u201b": "'", "\uff07": "'",
    # double quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    # spaces and line separators
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2028": "\n", "\u2029": "\n", "\u3000": " ",
    "\u0085": "\n",
    # an ellipsis character ends a phrase like a full stop
    "\u2026": ".",
}
_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 20000


def _fold_char(char: str) -> str:
    """One character in, one character out."""
    fixed = _FIXED.get(char)
    if fixed is not None:
        return fixed
    if char.isspace():
        return " "
    lowered = char.lower()
    if len(lowered) != 1:
        # e.g. "İ" -> "i" + combining dot: keep the base letter when the rest only decorates it.
        if lowered and all(unicodedata.combining(c) for c in lowered[1:]):
            lowered = lowered[0]
        else:
            return char
    compat = unicodedata.normalize("NFKC", lowered)
    if len(compat) == 1 and compat != lowered:
        compat = compat.lower()
        if len(compat) == 1:
            return _FIXED.get(compat, compat)
    return lowered


def _table(chars: set[str]) -> dict[int, str]:
    table: dict[int, str] = {}
    for char in chars:
        folded = _CACHE.get(char)
        if folded is None:
            folded = _fold_char(char)
            if len(_CACHE) < _CACHE_LIMIT:
                _CACHE[char] = folded
        if folded != char:
            table[ord(char)] = folded
    return table


def normalised_view(text: str) -> str:
    """Lower-cased, apostrophes and dashes unified; always exactly `len(text)` characters."""
    view = text.lower()
    if len(view) != len(text):
        return text.translate(_table(set(text))).replace("`", "'")
    if not view.isascii():
        view = view.translate(_table({c for c in set(view) if not c.isascii()}))
    if "`" in view:
        view = view.replace("`", "'")
    return view
