"""A statutory category of abuse or neglect an account may describe, with its evidence.

Why in the model: the analysis finds categories in the person's words and the
route planner puts them in a Section 42 concern. A result both sides use lives
below both of them, so the arrows run routes -> analysis -> model and never back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from advocate_app.model.evidence import Evidence


@dataclass
class AbuseCategory:
    """One of the ten categories of the Care and Support Statutory Guidance (chapter 14)."""

    id: str                           # e.g. "sexual", "neglect-and-acts-of-omission", "financial-or-material"
    label: str
    evidence: list[Evidence] = field(default_factory=list)
    by: list[str] = field(default_factory=list)   # staff, family, partner, another-resident, self, unknown
    confirmed: bool = False                       # confirmed with the person (else only suggested from the words)

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "evidence": [e.to_json() for e in self.evidence], "by": self.by,
                "confirmed": self.confirmed}
