"""Account -> suggested harms with evidence. No Qt.

Public entry points:
- `classify(text) -> Classification` (see `types.py`): the sources and factors
  of the harm model this account may show, strongest first, each with the
  person's own words as evidence (`text == account[start:end]`).
- `find_evidence(text) -> list[(factor_id, Evidence)]`: the same evidence in
  text order, for the live highlighter.
- `detect_abuse_categories(text)` in `safeguarding.py`: statutory safeguarding
  categories for a Section 42 concern.
Everything is deterministic and offline; the lexicon is compiled once.

The names above are loaded on first use, not with the package: a plan whose
findings are confirmed needs only the safeguarding categories, and importing
`advocate_app.analysis.safeguarding` runs this file first.
"""
from __future__ import annotations

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

    from advocate_app.analysis.classifier import classify, find_evidence
    from advocate_app.analysis.types import Classification, FactorSuggestion, SourceSuggestion

__all__ = ["classify", "find_evidence", "Classification", "FactorSuggestion", "SourceSuggestion"]


def __getattr__(name: str) -> Any:
    if name in ("classify", "find_evidence"):
        from advocate_app.analysis import classifier

        return getattr(classifier, name)
    if name in ("Classification", "FactorSuggestion", "SourceSuggestion"):
        from advocate_app.analysis import types

        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
