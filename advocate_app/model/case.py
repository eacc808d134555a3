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
import functools
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable

from advocate_app.errors import UserError
from advocate_app.model.evidence import Evidence

FORMAT = "advocate-case/1"

ORGANISATION_KINDS = ("council", "nhs-trust", "integrated-team", "provider", "other")
FUNDING_KINDS = ("council-funded", "self-funded", "s117", "nhs-chc")
FINDING_STATUSES = ("suggested", "confirmed", "rejected", "added")
COMPLAINT_OUTCOMES = ("awaiting", "upheld", "partly-upheld", "not-upheld", "no-response")
# What an organisation's contact is for: each route writes to its own purpose, never borrowing another's.
CONTACT_PURPOSES = ("complaints", "safeguarding", "data-protection", "general")
# Who was involved in a harm, as Section 42(1)(b) counts them: abuse or neglect by anyone.
INVOLVED_RELATIONSHIPS = ("staff", "family", "partner", "another-resident", "self", "unknown")


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
    role: str | None = None          # the role (or name) of the person involved, e.g. "staff nurse"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Contact:
    """One of an organisation's contacts, for one purpose (CONTACT_PURPOSES).

    Why per purpose: a complaint sent to a safeguarding inbox, or a subject access
    request opened "Dear Complaints Team", is delayed or lost. `team` is who to
    address ("Complaints Team", "Data Protection Officer").
    """

    purpose: str | None = None
    team: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Organisation:
    """A body involved. `kind` is one of ORGANISATION_KINDS.

    `address` and `email` are its general contact (older case files hold only
    these); `contacts` holds the ones for a purpose (complaints, safeguarding,
    data protection).
    """

    name: str | None = None
    kind: str | None = None
    address: str | None = None
    email: str | None = None
    contacts: list[Contact] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def contact_value(self, purpose: str, name: str) -> str | None:
        """One answer (team, address, email, phone) of the contact for `purpose`, if recorded."""
        contact = next((c for c in self.contacts if c.purpose == purpose), None)
        return getattr(contact, name) if contact is not None else None

    def set_contact_value(self, purpose: str, name: str, value: str | None) -> None:
        """Set one answer of the contact for `purpose`; a contact left with no answers is removed."""
        contact = next((c for c in self.contacts if c.purpose == purpose), None)
        if contact is None:
            if not value:
                return
            contact = Contact(purpose=purpose)
            self.contacts.append(contact)
        setattr(contact, name, value)
        if not any(getattr(contact, f) for f in ("team", "address", "email", "phone")) and not contact.extra:
            self.contacts.remove(contact)


@dataclass
class Finding:
    """A source or factor the advocate and the person considered.

    `id` is a harm-model identifier (a source like "stigma" or a factor like
    "stigma.1"); `status` is suggested, confirmed, rejected or added. `quote`
    marks evidence the person chose to have quoted in letters. `organisation`
    and `role` say who was involved, so a letter to one body speaks only of its
    own matters and never names a professional beside a harm that is not theirs.
    """

    id: str
    status: str = "confirmed"
    evidence: list[Evidence] = field(default_factory=list)
    note: str | None = None
    priority: int | None = None
    quote: bool = False
    organisation: str | None = None
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """Something the person wants; `recommendation` is a Table 5 id when it draws on one."""

    text: str
    recommendation: str | None = None
    achieved: bool | None = None
    organisation: str | None = None    # the body that can deliver it; letters to other bodies leave it out
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SafeguardingWishes:
    """Making Safeguarding Personal: the person's view, recorded first."""

    wants_referral: bool | None = None
    views: str | None = None
    recorded: _dt.date | None = None
    raise_without_consent_reason: str | None = None
    categories: list[str] = field(default_factory=list)   # categories of abuse or neglect confirmed with the person
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
    abuse_or_neglect_suspected: bool | None = None  # the advocate records Section 42(1)(b) as met (abuse or neglect by anyone)
    suspected_crime: bool | None = None           # e.g. theft, threats, criminal damage, assault
    others_at_risk_reason: str | None = None      # why others are at risk (the concern may then go ahead without consent)
    adjustment_refused: bool | None = None        # a reasonable adjustment was asked for and refused
    assessment_refused: bool | None = None        # the person refused an assessment (s11(2)(b) may still require one)
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
class InvolvedPerson:
    """The person a police report or safeguarding concern is about, as far as the case records them.

    `relationship` is one of INVOLVED_RELATIONSHIPS; `contact_now` says, in the
    person's words, whether they are still in contact ("still on my rota").
    """

    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    relationship: str | None = None
    contact_now: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class RecordCorrection:
    """An entry in a record that the person says is wrong, for a rectification request."""

    record: str | None = None          # which record, e.g. "care record", "risk assessment"
    date: _dt.date | None = None       # the date of the entry
    says: str | None = None            # what the entry says now
    should_say: str | None = None      # the correct version, in the person's words
    evidence: str | None = None        # what shows it is wrong
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LetterEdit:
    """The advocate's own wording of a letter's body, and the drafted body it was based on.

    Why keep the draft: when new answers change the drafted letter later, the
    app can say so, while still printing the advocate's words.
    """

    text: str
    draft: str | None = None
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
    involved: InvolvedPerson = field(default_factory=InvolvedPerson)
    record_corrections: list[RecordCorrection] = field(default_factory=list)
    impact: str | None = None          # the effect on the person, in their words, as they agreed to share it
    complaints: list[ComplaintRecord] = field(default_factory=list)
    letters: list[LetterRecord] = field(default_factory=list)
    chosen_routes: list[str] = field(default_factory=list)
    letter_edits: dict[str, LetterEdit] = field(default_factory=dict)   # by route id
    extra: dict[str, Any] = field(default_factory=dict)

    def findings_with_status(self, *statuses: str) -> list[Finding]:
        return [f for f in self.findings if f.status in statuses]

    def accepted_finding_ids(self) -> set[str]:
        """Confirmed and added findings: what the person agreed the account shows."""
        return {f.id for f in self.findings if f.status in ("confirmed", "added")}

    def organisation_kinds(self) -> set[str]:
        return {o.kind for o in self.organisations if o.kind}

    def organisation_named(self, name: str | None) -> Organisation | None:
        """The case's organisation a finding, timeline entry or outcome names.

        Names are matched loosely ("Westerby Borough Council" finds "Westerby Borough
        Council Adult Social Care"): the advocate types them more than once.
        """
        wanted = _name_key(name)
        if not wanted:
            return None
        orgs = [o for o in self.organisations if _name_key(o.name)]
        for org in orgs:
            if _name_key(org.name) == wanted:
                return org
        for org in orgs:
            key = _name_key(org.name)
            if key.startswith(wanted + " ") or f" {key} " in f" {wanted} ":
                return org      # "Westerby Borough Council", or "Elmwood Unit, Southam ... NHS Foundation Trust"
        return None


def _name_key(name: str | None) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in (name or "").casefold()).split())


# ---------------------------------------------------------------- conversion

# Where a value sits in the file ("timeline[2].date"). Spelled out only for an error
# message: until then a path is (parent path, key, how it joins), since a report
# converts thousands of cases and formatting every field's path took a third of that.
FieldPath = Any
_FIELD, _KEY, _INDEX = "field", "key", "index"


def _path_text(path: FieldPath) -> str:
    if isinstance(path, str):
        return path
    parent, key, join = path
    base = _path_text(parent)
    if join == _INDEX:
        return f"{base}[{key}]"
    if join == _KEY:
        return f"{base}.{key}"
    return f"{base}.{key}" if base else key


def _fail(path: FieldPath, message: str) -> CaseFormatError:
    return CaseFormatError(f"{_path_text(path) or 'the case file'}: {message}")


def _type_name(tp: Any) -> str:
    return {str: "text", int: "a whole number", bool: "true or false", _dt.date: "a date (YYYY-MM-DD)"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


Converter = Callable[[Any, FieldPath], Any]


def _check(kind: type, message: str) -> Converter:
    def convert(value: Any, path: FieldPath) -> Any:
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _fail(path, message)
        return value
    return convert


def _to_date(value: Any, path: FieldPath) -> _dt.date:
    if not isinstance(value, str):
        raise _fail(path, "should be a date written YYYY-MM-DD")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(path, f"'{value[:20]}' is not a date written YYYY-MM-DD") from None


@functools.cache
def _converter(tp: Any) -> Converter:
    """One function per field type, worked out once (a report converts thousands of cases)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        # `bool | str`: keep whichever the file holds; a bool is never taken for an int.
        kept = tuple(a for a in args if a in (bool, str))
        takes_int = int in args
        first = _converter(args[0])

        def optional(value: Any, path: FieldPath) -> Any:
            if value is None:
                return None
            if kept and isinstance(value, kept):
                return value
            if takes_int and isinstance(value, int) and not isinstance(value, bool):
                return value
            return first(value, path)
        return optional
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        item = _converter(item_tp)

        def as_list(value: Any, path: FieldPath) -> list[Any]:
            if not isinstance(value, list):
                raise _fail(path, "should be a list")
            return [item(v, (path, i, _INDEX)) for i, v in enumerate(value)]
        return as_list
    if origin is dict or tp is dict:
        value_conv = _converter(typing.get_args(tp)[1] if typing.get_args(tp) else Any)

        def as_dict(value: Any, path: FieldPath) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise _fail(path, "should be an object")
            return {key: value_conv(item, (path, key, _KEY)) for key, item in value.items()}
        return as_dict
    if tp is Any:
        return lambda value, path: value
    if dataclasses.is_dataclass(tp):
        def as_dataclass(value: Any, path: FieldPath) -> Any:
            if not isinstance(value, dict):
                raise _fail(path, "should be an object")
            return _from_dict(tp, value, path)
        return as_dataclass
    if tp is _dt.date:
        return _to_date
    if tp is bool:
        return _check(bool, "should be true or false")
    if tp is int:
        return _check(int, "should be a whole number")
    if tp is str:
        return _check(str, "should be text")

    def unknown(value: Any, path: FieldPath) -> Any:
        raise _fail(path, f"should be {_type_name(tp)}")
    return unknown


@functools.cache
def _shape(cls: type) -> tuple[dict[str, Converter], tuple[str, ...], bool]:
    """A dataclass's field types, its required fields and whether it keeps unknown fields.

    Why cached: resolving the type hints is far slower than converting a
    field, and a report reads thousands of cases of the same few classes.
    """
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    known = {f.name: _converter(hints[f.name]) for f in fields if f.name != "extra"}
    required = tuple(f.name for f in fields if f.name != "extra"
                     and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    return known, required, any(f.name == "extra" for f in fields)


def _from_dict(cls: type, data: dict[str, Any], path: FieldPath) -> Any:
    known, required, keeps_extra = _shape(cls)
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in known:
            kwargs[key] = known[key](value, (path, key, _FIELD))
        else:
            extra[key] = value
    for name in required:
        if name not in kwargs:
            raise _fail((path, name, _FIELD), "is required but missing")
    obj = cls(**kwargs)
    if keeps_extra:
        obj.extra = extra
    return obj


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.name == "extra":
                continue
            item = getattr(value, f.name)
            if item is None or item == [] or item == {} or (dataclasses.is_dataclass(item) and _is_empty(item)):
                continue
            out[f.name] = _to_json(item)
        for key, item in getattr(value, "extra", {}).items():
            out.setdefault(key, item)
        return out
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _is_empty(obj: Any) -> bool:
    return not _to_json(obj)


_AS_TEXT = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _refuse_broken_text(data: Any) -> None:
    """Text that cannot be written as UTF-8 (a lone surrogate such as \\ud800) would fail much later,
    when the case is saved or a letter written; say so now, with where it is.

    Almost every case has none: one C-level JSON encoding of the whole case, written
    as UTF-8, shows that for all its keys and text at once (a report reads thousands
    of cases). Only when it fails is the case walked to find where.
    """
    try:
        _AS_TEXT.encode(data).encode("utf-8")
        return
    except (UnicodeEncodeError, TypeError, ValueError, RecursionError):
        pass
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
