"""What a letter to one body may speak of: its own matters, its own outcomes, its own people.

Why: a letter is read as a statement of fact by the body that receives it. A
council must not be told about events on an NHS ward as if they were its own;
an NHS trust cannot restore council direct payments; a nurse's regulator must
not read a harm beside her name that the case does not attribute to her. A
matter or outcome that names no organisation stays in (the case does not say
it is someone else's); one that names another body is left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from advocate_app.documents.text import clean
from advocate_app.model.case import Case, Finding, Incident, Organisation, Outcome
from advocate_app.resources import read_toml

COMMISSIONED_FUNDING = {"council-funded", "s117"}
HEALTH_AND_CARE = ("council", "nhs-trust", "integrated-team", "provider")


@dataclass
class LetterScope:
    everything: bool = False
    orgs: list[Organisation] = field(default_factory=list)
    recipient: Organisation | None = None   # the case's organisation the letter goes to, if any
    person_name: str = ""          # a person the letter names: only harms attributed to them are listed
    person_role: str = ""

    @property
    def names_person(self) -> bool:
        return bool(self.person_name or self.person_role)


def scope_for(case: Case, kind: str, recipient: Organisation | None, person: tuple[str, str] | None = None) -> LetterScope:
    """The scope a letter's `scope` setting asks for: "all", "recipient", "service" or "joint"."""
    name, role = person or ("", "")
    if kind == "all" or (recipient is None and kind != "joint"):
        return LetterScope(everything=True, recipient=recipient, person_name=name, person_role=role)
    if kind == "joint":
        orgs = [o for o in case.organisations if o.kind in HEALTH_AND_CARE]
        return LetterScope(orgs=orgs, recipient=recipient, person_name=name, person_role=role)
    orgs = [recipient] if recipient is not None else []
    if recipient is not None and recipient.kind == "council" and COMMISSIONED_FUNDING & set(case.funding):
        # The council answers for the care providers it arranges and pays for.
        orgs += [o for o in case.organisations if o.kind == "provider"]
    return LetterScope(orgs=orgs, recipient=recipient, person_name=name, person_role=role)


def involves(case: Case, scope: LetterScope, organisation: str | None) -> bool:
    """Whether a matter naming `organisation` belongs in a letter with this scope."""
    if scope.everything or not clean(organisation).strip():
        return True
    named = case.organisation_named(organisation)
    if named is None:
        return True     # a name the case does not list: nothing says it is another body's
    return any(named is org for org in scope.orgs)


def incident_in_scope(case: Case, incident: Incident, scope: LetterScope) -> bool:
    """A timeline entry a letter may show: its recipient's, and where it names a person, theirs or nobody's."""
    if scope.names_person and clean(incident.role).strip() and not _names(incident.role, scope):
        return False
    return involves(case, scope, incident.organisation)


def attributed(finding: Finding, scope: LetterScope) -> bool:
    """Whether the case attributes this finding to the person the letter names."""
    return _names(finding.role, scope)


def _names(role: str | None, scope: LetterScope) -> bool:
    who = _words(role)
    if not who:
        return False
    first = _first(scope.person_name)
    if first and first in who:
        return True     # "Gary", "Gary Holt" or "Gary (staff nurse)"
    role_words = _words(scope.person_role)
    return bool(role_words) and role_words == who


def finding_in_scope(case: Case, finding: Finding, scope: LetterScope) -> bool:
    if scope.names_person and not attributed(finding, scope):
        return False
    return involves(case, scope, finding.organisation)


@lru_cache(maxsize=1)
def _outcome_bodies() -> dict[str, list[str]]:
    return {kind: [w.casefold() for w in words]
            for kind, words in read_toml("templates", "letters.toml")["outcome_bodies"].items()}


def outcome_body_kinds(text: str) -> set[str]:
    """Kinds of body that alone can deliver an outcome, from its words ("direct payments" -> council)."""
    low = " ".join(clean(text).casefold().split())
    return {kind for kind, words in _outcome_bodies().items() if any(w in low for w in words)}


def outcome_in_scope(case: Case, outcome: Outcome, scope: LetterScope) -> bool:
    """An outcome the recipient can deliver: tied to it (or to no body), or, for a body outside the
    case (an ombudsman, the police, a regulator), any of the person's outcomes."""
    if scope.everything:
        if scope.recipient is None or not clean(outcome.organisation).strip():
            return True
        return case.organisation_named(outcome.organisation) is scope.recipient
    if clean(outcome.organisation).strip():
        return involves(case, scope, outcome.organisation)
    kinds = outcome_body_kinds(outcome.text)
    return not kinds or any(o.kind in kinds for o in scope.orgs)


def _words(text: str | None) -> set[str]:
    return set("".join(ch if ch.isalnum() else " " for ch in clean(text).casefold()).split())


def _first(name: str) -> str:
    parts = clean(name).casefold().split()
    return parts[0] if parts else ""
