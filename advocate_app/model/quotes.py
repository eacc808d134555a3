"""Quotes from the account that end where the person's phrase ends.

Why: the matcher marks the words that show a harm ("did not ask about my bad"),
which can stop in the middle of what the person said. Read back in a letter or
to the person, a quote cut there sounds wrong and can change its meaning. A
quote is carried on to the end of its clause when that is near, and never ends
inside a word. Pure functions over the account's text (no Qt, no I/O); the
invariant of Evidence (text == account[start:end]) always holds.
"""
from __future__ import annotations

import re

from advocate_app.model.evidence import Evidence

MAX_EXTRA_WORDS = 8
# Where a clause ends: punctuation, a line break, or a word that starts a new clause.
_CLAUSE_END = re.compile(
    r"[.,;:!?()\[\]\"“”‘’\n]|\s(?:while|because|but|so|when|whenever|who|which|after|before|until|"
    r"although|though|then|if|unless|whereas|"
    r"and (?:I|he|she|they|we|it|nobody|no one))\b",
    re.IGNORECASE)
_WORD_CHAR = re.compile(r"[\w'’-]")


def _word_end(account: str, end: int) -> int:
    """`end` moved forward out of the middle of a word."""
    while 0 < end < len(account) and _WORD_CHAR.match(account[end]) and _WORD_CHAR.match(account[end - 1]):
        end += 1
    return end


def clause_end(account: str, end: int, max_words: int = MAX_EXTRA_WORDS) -> int:
    """Where a quote ending at `end` should end: the clause's end if it is at most
    `max_words` words on, otherwise the end of the word it stops in."""
    end = _word_end(account, end)
    boundary = _CLAUSE_END.search(account, end)
    stop = boundary.start() if boundary else len(account)
    if len(account[end:stop].split()) <= max_words:
        return len(account[:stop].rstrip())
    return end


def whole_clause(account: str, evidence: Evidence, max_words: int = MAX_EXTRA_WORDS) -> Evidence:
    """The same quote, carried on to the end of its clause (see `clause_end`)."""
    if not (0 <= evidence.start <= evidence.end <= len(account)) or account[evidence.start:evidence.end] != evidence.text:
        return evidence  # not (or no longer) this account's words: leave it alone
    end = max(evidence.end, clause_end(account, evidence.end, max_words))
    if end == evidence.end:
        return evidence
    return Evidence(evidence.start, end, account[evidence.start:end])


def whole_clauses(account: str, evidence: list[Evidence]) -> list[Evidence]:
    """Each quote carried to its clause's end; quotes that then say the same thing are kept once."""
    out: list[Evidence] = []
    for ev in sorted((whole_clause(account, e) for e in evidence), key=lambda e: (e.start, -e.end)):
        if out and out[-1].start <= ev.start and ev.end <= out[-1].end:
            continue  # inside the previous quote
        out.append(ev)
    return out


def evidence_from_selection(account: str, start: int, end: int) -> Evidence | None:
    """The words the advocate selected in the account (Python offsets), without the spaces
    around them and never starting or ending inside a word; None if nothing was selected."""
    start, end = max(0, min(start, end)), min(len(account), max(start, end))
    while start < end and account[start].isspace():
        start += 1
    while end > start and account[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    while start > 0 and _WORD_CHAR.match(account[start - 1]) and _WORD_CHAR.match(account[start]):
        start -= 1
    end = _word_end(account, end)
    return Evidence(start, end, account[start:end])
