"""The case: everything the advocate records once and every letter reuses.

Why dataclasses with an `extra` dict on each: the portable case file
(`advocate-case/1`) must survive a load/save round trip in any version of the
app, so fields this version does not know are kept, not dropped. Only `format`
and `account` are required; every other field may be missing, which means
"not known yet". Dates are `datetime.date`; approximate dates are text.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from advocate_app.errors import UserError
from advocate_app.model.evidence import Evidence

FORMAT = "advocate-case/1"

ORGANISATION_KINDS = ("council", "nhs-trust", "integrated-team", "provider", "other")
FUNDING_KINDS = ("council-funded", "self-funded", "s117", "nhs-chc")
FINDING_STATUSES = ("suggested", "confirmed", "rejected", "added")
COMPLAINT_OUTCOMES = ("awaiting", "upheld", "partly-upheld", "not-upheld", "no-response")


# The pronoun sets letters know how to use; any other set is respected by using the person's name.
PRONOUN_FORMS = {
    "she": {"they": "she", "them": "her", "their": "her", "themself": "herself", "plural": False},
    "he": {"they": "he", "them": "him", "their": "his", "themself": "himself", "plural": False},
    "they": {"they": "they", "them": "them", "their": "their", "themself": "themselves", "plural": True},
}
_PRONOUN_WORDS = {
    **{w: "she" for w in ("she", "her", "hers", "herself")},
    **{w: "he" for w in ("he", "him", "his", "himself")},
    **{w: "they" for w in ("they", "them", "their", "theirs", "themself", "themselves")},
}


def pronoun_forms(pronouns: str | None) -> dict[str, Any] | None:
    """'she/her' -> the she/her forms; 'He / him' -> he/him; 'they/them' -> they/them.

    The first word decides ('she/they' -> she). Any other set, or none, gives None:
    the caller then uses the person's name, never a guess.
    """
    word = "".join(ch if ch.isalpha() else " " for ch in (pronouns or "").lower()).split()
    key = _PRONOUN_WORDS.get(word[0]) if word else None
    return dict(PRONOUN_FORMS[key]) if key else None


class CaseFormatError(UserError):
    """A case file that is not a valid advocate-case/1 document; names the field path."""


@dataclass
class Person:
    name: str | None = None
    preferred_name: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    date_of_birth: _dt.date | None = None
    contact_preferences: str | None = None
    communication_needs: str | None = None
    reasonable_adjustments: str | None = None
    pronouns: str | None = None          # as the person gives them, e.g. "she/her"; letters use them when known
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Advocate:
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Consent:
    """Consent to act: when and how the person gave it."""

    given: bool | None = None
    date: _dt.date | None = None
    how_given: str | None = None
    scope: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Incident:
    """One entry of the timeline. `date` when known; `date_text` for "around March 2024"."""

    what: str | None = None
    date: _dt.date | None = None
    date_text: str | None = None
    organisation: str | None = None
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Organisation:
    """A body involved. `kind` is one of ORGANISATION_KINDS."""

    name: str | None = None
    kind: str | None = None
    address: str | None = None
    email: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    """A source or factor the advocate and the person considered.

    `id` is a harm-model identifier (a source like "stigma" or a factor like
    "stigma.1"); `status` is suggested, confirmed, rejected or added. `quote`
    marks evidence the person chose to have quoted in letters.
    """

    id: str
    status: str = "confirmed"
    evidence: list[Evidence] = field(default_factory=list)
    note: str | None = None
    priority: int | None = None
    quote: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """Something the person wants; `recommendation` is a Table 5 id when it draws on one."""

    text: str
    recommendation: str | None = None
    achieved: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SafeguardingWishes:
    """Making Safeguarding Personal: the person's view, recorded first."""

    wants_referral: bool | None = None
    views: str | None = None
    recorded: _dt.date | None = None
    raise_without_consent_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ComplaintRecord:
    """A complaint already made, for escalation and ombudsman time limits."""

    organisation: str | None = None
    route: str | None = None
    made: _dt.date | None = None
    response: _dt.date | None = None
    outcome: str | None = None
    satisfied: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LetterRecord:
    """A letter produced for this case, and when it was sent."""

    route: str
    title: str | None = None
    produced: _dt.date | None = None
    sent: _dt.date | None = None
    response_received: _dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Facts:
    """Circumstances that decide routes and deadlines; None means not known yet."""

    first_event: _dt.date | None = None
    latest_event: _dt.date | None = None
    became_aware: _dt.date | None = None
    person_lacks_capacity: bool | None = None
    immediate_danger: bool | None = None
    others_at_risk: bool | None = None
    has_care_and_support_needs: bool | None = None
    able_to_protect_self: bool | None = None
    top_up_charges: bool | None = None
    charged_for_care: bool | None = None
    has_had_assessment: bool | None = None
    detained_under_mha: bool | None = None
    has_advocate: bool | None = None
    registered_professional: bool | None = None   # the worker involved is on a professional register
    late_reason: str | None = None                # why the complaint was not made within the time limit
    late_fair_investigation: str | None = None    # why it can still be investigated fairly despite the delay
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Professional:
    """The registered professional a fitness-to-practise concern is about.

    `employer_told` is true/false, or words saying when and how the employer was told.
    """

    name: str | None = None
    registration_number: str | int | None = None
    role: str | None = None
    employer: str | None = None
    regulator: str | None = None
    employer_told: bool | str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    account: str
    format: str = FORMAT
    id: str | None = None
    created: _dt.date | None = None
    first_contact: _dt.date | None = None
    closed: _dt.date | None = None
    person: Person = field(default_factory=Person)
    advocate: Advocate = field(default_factory=Advocate)
    consent: Consent = field(default_factory=Consent)
    timeline: list[Incident] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    safeguarding: SafeguardingWishes = field(default_factory=SafeguardingWishes)
    facts: Facts = field(default_factory=Facts)
    professional: Professional = field(default_factory=Professional)
    complaints: list[ComplaintRecord] = field(default_factory=list)
    letters: list[LetterRecord] = field(default_factory=list)
    chosen_routes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def findings_with_status(self, *statuses: str) -> list[Finding]:
        return [f for f in self.findings if f.status in statuses]

    def accepted_finding_ids(self) -> set[str]:
        """Confirmed and added findings: what the person agreed the account shows."""
        return {f.id for f in self.findings if f.status in ("confirmed", "added")}

    def organisation_kinds(self) -> set[str]:
        return {o.kind for o in self.organisations if o.kind}


# ---------------------------------------------------------------- conversion

def _fail(path: str, message: str) -> CaseFormatError:
    return CaseFormatError(f"{path or 'the case file'}: {message}")


def _type_name(tp: Any) -> str:
    return {str: "text", int: "a whole number", bool: "true or false", _dt.date: "a date (YYYY-MM-DD)"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _convert(value: Any, tp: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        # `bool | str`: keep whichever the file holds; a bool is never taken for an int.
        for arg in args:
            if arg in (bool, str) and isinstance(value, arg):
                return value
            if arg is int and isinstance(value, int) and not isinstance(value, bool):
                return value
        return _convert(value, args[0], path)
    if origin is list:
        if not isinstance(value, list):
            raise _fail(path, "should be a list")
        (item_tp,) = typing.get_args(tp)
        return [_convert(item, item_tp, f"{path}[{i}]") for i, item in enumerate(value)]
    if origin is dict or tp is dict:
        if not isinstance(value, dict):
            raise _fail(path, "should be an object")
        return value
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise _fail(path, "should be an object")
        return _from_dict(tp, value, path)
    if tp is _dt.date:
        if not isinstance(value, str):
            raise _fail(path, "should be a date written YYYY-MM-DD")
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise _fail(path, f"'{value[:20]}' is not a date written YYYY-MM-DD") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise _fail(path, "should be true or false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, "should be a whole number")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise _fail(path, "should be text")
        return value
    raise _fail(path, f"should be {_type_name(tp)}")


def _from_dict(cls: type, data: dict[str, Any], path: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if f.name != "extra"}
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in known:
            kwargs[key] = _convert(value, hints[key], f"{path}.{key}" if path else key)
        else:
            extra[key] = value
    for name, f in known.items():
        if name not in kwargs and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _fail(f"{path}.{name}" if path else name, "is required but missing")
    obj = cls(**kwargs)
    if "extra" in {f.name for f in dataclasses.fields(cls)}:
        obj.extra = extra
    return obj


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.name == "extra":
                continue
            item = getattr(value, f.name)
            if item is None or item == [] or (dataclasses.is_dataclass(item) and _is_empty(item)):
                continue
            out[f.name] = _to_json(item)
        for key, item in getattr(value, "extra", {}).items():
            out.setdefault(key, item)
        return out
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _is_empty(obj: Any) -> bool:
    return not _to_json(obj)


def _refuse_broken_text(data: Any) -> None:
    """Text that cannot be written as UTF-8 (a lone surrogate such as \\ud800) would fail much later,
    when the case is saved or a letter written; say so now, with where it is."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, path = stack.pop()
        items: Any = ()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _fail(path, "holds a character that is not valid text (a lone surrogate)") from None
        elif isinstance(value, dict):
            items = ((v, f"{path}.{k}" if path else str(k)) for k, v in value.items())
            for key in value:
                stack.append((key, path))
        elif isinstance(value, list):
            items = ((v, f"{path}[{i}]") for i, v in enumerate(value))
        stack.extend(items)


def case_from_dict(data: Any) -> Case:
    """Build a Case from parsed JSON; raise CaseFormatError naming the field path."""
    if not isinstance(data, dict):
        raise _fail("", "should be a JSON object with \"format\" and \"account\"")
    fmt = data.get("format")
    if fmt is None:
        raise _fail("format", "is required but missing (expected \"advocate-case/1\")")
    if fmt != FORMAT:
        raise _fail("format", f"'{str(fmt)[:40]}' is not a format this version reads (expected \"{FORMAT}\")")
    if "account" not in data:
        raise _fail("account", "is required but missing")
    _refuse_broken_text(data)
    findings = data.get("findings")
    for i, f in enumerate(findings if isinstance(findings, list) else []):
        if isinstance(f, dict) and isinstance(f.get("evidence"), list):
            for j, ev in enumerate(f["evidence"]):
                if not (isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int)):
                    raise _fail(f"findings[{i}].evidence[{j}]", "should have whole-number start and end")
    professional = data.get("professional")
    if professional is not None and not isinstance(professional, dict):
        # Before `professional` was a field it lived untyped among the unknown fields; an old file
        # with some other shape still opens, its value kept as it was.
        data = {k: v for k, v in data.items() if k != "professional"}
        case = _from_dict(Case, data, "")
        case.extra["professional"] = professional
        return case
    return _from_dict(Case, data, "")


def case_to_dict(case: Case) -> dict[str, Any]:
    """The portable JSON form; unknown fields read earlier are written back."""
    out = _to_json(case)
    out["format"] = case.format
    out["account"] = case.account
    return out
