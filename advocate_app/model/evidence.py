"""A span of the person's own words that supports a suggestion."""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable


@dataclass(frozen=True)
class Evidence:
    """Character offsets into the account (Python str indices): text == account[start:end]."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def distinct_quotes(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Each different wording once, in order: the first of spans that say the same words.

    Why: an account that says "lack of support" twice gives two spans (the
    highlighter marks both), but a question or a letter that quotes
    "lack of support" … "lack of support" reads as a mistake.
    """
    seen: set[str] = set()
    out = []
    for item in evidence:
        key = " ".join(item.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
