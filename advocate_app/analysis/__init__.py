"""Account -> suggested harms with evidence. No Qt.

Public entry point: `classify(text) -> Classification` (see `types.py`).
"""
