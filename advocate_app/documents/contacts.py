"""Which address a letter goes to: the organisation's contact for the letter's purpose.

Why per purpose: a complaint that lands in a safeguarding inbox, or a records
request opened "Dear Complaints Team", waits in the wrong queue. A letter uses
the contact recorded for its own purpose; without one it may use the
organisation's general contact (and tells the advocate), but it never borrows
the contact of another purpose. Older case files hold a single address and
email: the words in them ("Information Governance Team", "safeguarding@...")
say which purpose they serve, using the word lists in `letters.toml`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from advocate_app.documents.text import clean, has_phrase
from advocate_app.model.case import Contact, Organisation
from advocate_app.resources import read_toml

PURPOSE_WORDS = {"complaints": "complaints", "safeguarding": "safeguarding",
                 "data-protection": "data protection", "general": "general"}


@dataclass
class Recipient:
    """What the letter prints above the salutation, and what the advocate is told about it."""

    name: str
    kind: str
    team: str = ""
    address_lines: list[str] = field(default_factory=list)
    email: str = ""
    checks: list[str] = field(default_factory=list)

    def as_context(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "team": self.team,
                "address_lines": list(self.address_lines), "email": self.email}


def address_lines(address: str | None) -> list[str]:
    """A stored address as letter lines: its own line breaks, or else its commas."""
    text = clean(address).strip()
    if not text:
        return []
    parts = text.split("\n") if "\n" in text else text.split(",")
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1)
def _purpose_words() -> dict[str, list[str]]:
    return {k: [w.casefold() for w in v] for k, v in read_toml("templates", "letters.toml")["contact_words"].items()}


@lru_cache(maxsize=1)
def standard_contacts() -> dict[str, dict[str, Any]]:
    """The regulators', ombudsmen's and police's own published contacts (resources/contacts.toml)."""
    return dict(read_toml("contacts.toml")["bodies"])


def purpose_of_legacy(org: Organisation) -> str | None:
    """The purpose an old single address or email serves, from its words; None when it reads as general."""
    lines = address_lines(org.address)
    first_line = lines[0].casefold() if lines else ""
    local = clean(org.email).strip().casefold().split("@", 1)[0]
    for purpose, words in _purpose_words().items():
        for word in words:
            joined = word.replace(" ", "")
            if has_phrase(first_line, word) or has_phrase(local, word) or (len(joined) >= 6 and joined in local):
                return purpose
    return None


def _from_contact(org: Organisation, contact: Contact) -> Recipient:
    return Recipient(name=clean(org.name).strip(), kind=org.kind or "other", team=clean(contact.team).strip(),
                     address_lines=address_lines(contact.address), email=clean(contact.email).strip())


def recipient_for(org: Organisation, purpose: str) -> Recipient:
    """The organisation's contact for `purpose`, or its general one, never another purpose's."""
    name = clean(org.name).strip()
    wanted = PURPOSE_WORDS.get(purpose, purpose)
    for contact in org.contacts:
        if contact.purpose == purpose and (clean(contact.address).strip() or clean(contact.email).strip()):
            return _from_contact(org, contact)
    for contact in org.contacts:
        if contact.purpose in (None, "general") and (clean(contact.address).strip() or clean(contact.email).strip()):
            out = _from_contact(org, contact)
            out.checks.append(f"Check: this letter uses {name}'s general contact. If it has a {wanted} contact, "
                              f"add it to the organisation's contacts so the letter reaches the right team.")
            return out
    legacy = purpose_of_legacy(org)
    has_legacy = bool(clean(org.address).strip() or clean(org.email).strip())
    out = Recipient(name=name, kind=org.kind or "other")
    if has_legacy and legacy in (purpose, None):
        out.address_lines = address_lines(org.address)
        out.email = clean(org.email).strip()
        if legacy is None and purpose != "general":
            out.checks.append(f"Check: this letter uses {name}'s general address. If it has a {wanted} contact, "
                              f"add it to the organisation's contacts so the letter reaches the right team.")
        return out
    if has_legacy:
        out.checks.append(f"Add: {name}'s {wanted} contact. The only address recorded is for "
                          f"{PURPOSE_WORDS.get(legacy or '', legacy)}, so it is not used for this letter.")
    else:
        out.checks.append(f"Add: {name}'s {wanted} contact (address or email); the letter has no address yet.")
    return out


def standard_recipient(key: str, team: str = "") -> Recipient | None:
    """A body's published contact from resources/contacts.toml, with what the advocate should check."""
    body = standard_contacts().get(key)
    if body is None:
        return None
    out = Recipient(name=body["name"], kind="fixed", team=team, address_lines=list(body.get("lines", [])),
                    email=body.get("email", ""))
    weaker = [k.removesuffix("_level") for k, v in body.items() if k.endswith("_level") and v == "secondary"]
    if body.get("level") == "secondary" or weaker:
        where = f" on {body['web']}" if body.get("web") else ""
        out.checks.append(f"Check: {body['name']}'s {' and '.join(weaker) or 'contact details'} came from pages that "
                          f"quote it, not its own site (checked {body['checked']}); confirm{where} before posting.")
    if body.get("web"):
        out.checks.append(f"Check: how {body['name']} asks to be contacted: {body['web']}.")
    return out
