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


# The view of the last long text. One plan asks for the view of the same account
# several times (the harm suggestions, the safeguarding categories); on a 5 MB
# account with curly quotes each costs a third of a second. The entry holds its
# text, so an equal text (the same account read again) finds it too.
_KEEP_FROM = 100_000    # characters
_last: tuple[str, str] | None = None
# At most this many distinct characters to change are changed one by one (a C-level
# replace each); more, and one translate over the text is quicker.
_REPLACE_AT_MOST = 16


def normalised_view(text: str) -> str:
    """Lower-cased, apostrophes and dashes unified; always exactly `len(text)` characters."""
    last = _last
    if last is not None and (last[0] is text or last[0] == text):
        return last[1]
    view = _view(text)
    if len(text) >= _KEEP_FROM:
        _keep(text, view)
    return view


def _keep(text: str, view: str) -> None:
    global _last
    _last = (text, view)


def _view(text: str) -> str:
    view = text.lower()
    if len(view) != len(text):
        return text.translate(_table(set(text))).replace("`", "'")
    if not view.isascii():
        table = _table({c for c in set(view) if not c.isascii()})
        if len(table) <= _REPLACE_AT_MOST and not any(ord(v) in table for v in table.values()):
            # the same as translate: no character is changed into one that is changed too
            for code, folded in table.items():
                view = view.replace(chr(code), folded)
        else:
            view = view.translate(table)
    if "`" in view:
        view = view.replace("`", "'")
    return view
