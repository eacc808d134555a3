"""Route rules as data: load and check `resources/routes/*.toml`.

Why a loader that validates: the rules are edited by people who know the law,
not Python, so a misspelt key or a citation missing from the register must fail
loudly in the tests (and never silently drop a condition at run time).
The rule language is deliberately small; `conditions.py` interprets it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from advocate_app.resources import read_toml, resource_path

STRENGTHS = ("recommended", "consider")

# Keys a [[when]] / [[unless]] / [[demote]] clause may use.
CONDITION_KEYS = {
    "any_factors", "any_sources", "any_harm", "categories", "confirmed_categories", "org_kinds", "listed_kinds", "matters_with",
    "all_org_groups", "funding", "facts", "routes",
}
CLAUSE_KEYS = CONDITION_KEYS | {"strength", "because", "because_unknown", "when_unknown"}

DEADLINE_KINDS = {
    "complaint-time-limit", "acknowledgement", "complaint-response", "provider-12-weeks",
    "lgsco-time-limit", "phso-time-limit", "records-response", "ico-complaint", "equality-claim",
}


class RuleError(ValueError):
    """A mistake in the route data itself (a bug for the maintainers, not the user)."""


@dataclass(frozen=True)
class LegalSource:
    id: str
    cite: str
    level: str                      # "primary" or "secondary"
    checked: str
    note: str | None = None


@dataclass(frozen=True)
class Statement:
    """One legal statement, or a practical tip (`practical`) that states no law.

    `letter` is how a letter to the recipient puts the same point (it may be more
    careful, e.g. "may amount to an offence"); only statements with one are printed
    in letters, and only when `letter_when` (a condition like a [[when]] clause)
    holds for the case, so a letter never cites law that does not fit the facts.
    """

    text: str
    cite: tuple[str, ...] = ()
    practical: bool = False
    letter: str | None = None
    letter_when: "Clause | None" = None
    letter_cite: tuple[str, ...] = ()   # the sources the letter cites, when fewer than `cite` apply to it


@dataclass(frozen=True)
class Clause:
    conditions: dict[str, Any]
    strength: str | None = None
    because: str = ""
    because_unknown: str | None = None
    when_unknown: str | None = None


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    cite: tuple[str, ...]
    route_record: str | None = None
    letter_route: str | None = None


@dataclass(frozen=True)
class RouteRule:
    id: str
    order: int
    title: str
    recipient: str
    recipient_fallback: str
    recipient_org_kinds: tuple[str, ...]
    last_checked: str
    when: tuple[Clause, ...]
    unless: tuple[Clause, ...] = ()
    demote: tuple[Clause, ...] = ()
    needs: tuple[str, ...] = ()     # fact names asked about whenever the route is proposed
    basis: tuple[Statement, ...] = ()
    duty: Statement | None = None
    next_step: Statement | None = None
    deadlines: tuple[DeadlineRule, ...] = ()
    notes: tuple[Statement, ...] = ()

    def statements(self) -> list[Statement]:
        out = list(self.basis) + list(self.notes)
        out += [s for s in (self.duty, self.next_step) if s is not None]
        return out


@dataclass(frozen=True)
class FactInfo:
    name: str
    question: str
    yes: str | None = None
    no: str | None = None
    derived: bool = False


@dataclass
class RuleSet:
    routes: dict[str, RouteRule]
    sources: dict[str, LegalSource]
    facts: dict[str, FactInfo]
    labels: dict[str, str] = field(default_factory=dict)

    def cite(self, ids: tuple[str, ...] | list[str]) -> list[str]:
        return [self.sources[i].cite for i in ids]


def _statement(raw: Any, where: str, sources: dict[str, LegalSource],
               facts: dict[str, FactInfo] | None = None) -> Statement:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise RuleError(f"{where}: needs a non-empty text")
    cite = tuple(raw.get("cite", ()))
    practical = bool(raw.get("practical", False))
    if not cite and not practical:
        raise RuleError(f"{where}: a legal statement must cite a source (or be marked practical = true)")
    for c in cite:
        if c not in sources:
            raise RuleError(f"{where}: cites '{c}', which is not in legal_sources.toml")
    unknown = set(raw) - {"text", "cite", "practical", "letter", "letter_when", "letter_cite"}
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    letter = raw.get("letter")
    if letter is not None and (not isinstance(letter, str) or not letter.strip()):
        raise RuleError(f"{where}: letter must be non-empty text")
    if letter is not None and not cite:
        raise RuleError(f"{where}: a statement printed in letters must cite a source")
    letter_when = None
    if "letter_when" in raw:
        if letter is None:
            raise RuleError(f"{where}: letter_when needs a letter wording")
        letter_when = _clause(raw["letter_when"], f"{where} letter_when", facts or {}, False)
    letter_cite = tuple(raw.get("letter_cite", ()))
    if letter_cite and (letter is None or not set(letter_cite) <= set(cite)):
        raise RuleError(f"{where}: letter_cite must be some of the statement's own cite, with a letter wording")
    return Statement(raw["text"].strip(), cite, practical, letter.strip() if letter else None, letter_when,
                     letter_cite or cite)


def _clause(raw: Any, where: str, facts: dict[str, FactInfo], needs_strength: bool) -> Clause:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: should be a table")
    unknown = set(raw) - CLAUSE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    conditions = {k: v for k, v in raw.items() if k in CONDITION_KEYS}
    if not conditions:
        raise RuleError(f"{where}: has no condition")
    for name, value in conditions.get("facts", {}).items():
        if name not in facts:
            raise RuleError(f"{where}: fact '{name}' is not described in _facts.toml")
        if not isinstance(value, bool):
            raise RuleError(f"{where}: fact '{name}' must be true or false")
    strength = raw.get("strength")
    if needs_strength and strength not in STRENGTHS:
        raise RuleError(f"{where}: strength must be one of {STRENGTHS}")
    if raw.get("when_unknown") not in (None, *STRENGTHS):
        raise RuleError(f"{where}: when_unknown must be one of {STRENGTHS}")
    if needs_strength and not raw.get("because"):
        raise RuleError(f"{where}: needs a plain-English 'because'")
    return Clause(conditions, strength, raw.get("because", ""), raw.get("because_unknown"), raw.get("when_unknown"))


def _route(raw: dict[str, Any], name: str, sources: dict[str, LegalSource], facts: dict[str, FactInfo]) -> RouteRule:
    where = f"routes/{name}"
    for key in ("id", "title", "recipient", "last_checked"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RuleError(f"{where}: needs '{key}'")
    if not raw.get("when"):
        raise RuleError(f"{where}: needs at least one [[when]] clause")
    for need in raw.get("need", []):
        if need.get("fact") not in facts:
            raise RuleError(f"{where}: need names unknown fact {need.get('fact')!r}")
    deadlines = []
    for i, d in enumerate(raw.get("deadline", [])):
        if d.get("kind") not in DEADLINE_KINDS:
            raise RuleError(f"{where}: deadline[{i}] has unknown kind {d.get('kind')!r}")
        cite = tuple(d.get("cite", ()))
        if not cite or any(c not in sources for c in cite):
            raise RuleError(f"{where}: deadline[{i}] must cite sources from legal_sources.toml")
        deadlines.append(DeadlineRule(d["kind"], cite, d.get("route_record"), d.get("letter_route")))
    return RouteRule(
        id=raw["id"],
        order=int(raw.get("order", 100)),
        title=raw["title"],
        recipient=raw["recipient"],
        recipient_fallback=raw.get("recipient_fallback", raw["recipient"].replace("{org}", "the organisation")),
        recipient_org_kinds=tuple(raw.get("recipient_org_kinds", ())),
        last_checked=raw["last_checked"],
        when=tuple(_clause(c, f"{where} when[{i}]", facts, True) for i, c in enumerate(raw["when"])),
        unless=tuple(_clause(c, f"{where} unless[{i}]", facts, False) for i, c in enumerate(raw.get("unless", []))),
        demote=tuple(_clause(c, f"{where} demote[{i}]", facts, False) for i, c in enumerate(raw.get("demote", []))),
        needs=tuple(n["fact"] for n in raw.get("need", [])),
        basis=tuple(_statement(s, f"{where} basis[{i}]", sources, facts) for i, s in enumerate(raw.get("basis", []))),
        duty=_statement(raw["duty"], f"{where} duty", sources, facts) if "duty" in raw else None,
        next_step=_statement(raw["next_step"], f"{where} next_step", sources, facts) if "next_step" in raw else None,
        deadlines=tuple(deadlines),
        notes=tuple(_statement(s, f"{where} note[{i}]", sources, facts) for i, s in enumerate(raw.get("note", []))),
    )


def load_sources() -> dict[str, LegalSource]:
    raw = read_toml("legal_sources.toml")["sources"]
    out = {}
    for sid, s in raw.items():
        if s.get("level") not in ("primary", "secondary"):
            raise RuleError(f"legal_sources.toml: {sid} needs level primary or secondary")
        if s.get("level") == "secondary" and not s.get("note"):
            raise RuleError(f"legal_sources.toml: secondary source {sid} needs a note saying what to check")
        out[sid] = LegalSource(sid, s["cite"], s["level"], s["checked"], s.get("note"))
    return out


def load_facts() -> dict[str, FactInfo]:
    raw = read_toml("routes", "_facts.toml")["facts"]
    return {name: FactInfo(name, f["question"], f.get("yes"), f.get("no"), bool(f.get("derived", False)))
            for name, f in raw.items()}


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """Every route rule, the citation register and the fact descriptions, checked."""
    sources = load_sources()
    facts = load_facts()
    routes: dict[str, RouteRule] = {}
    for path in sorted(resource_path("routes").glob("*.toml")):
        if path.name.startswith("_"):
            continue
        rule = _route(read_toml("routes", path.name), path.name, sources, facts)
        if rule.id != path.stem:
            raise RuleError(f"routes/{path.name}: id '{rule.id}' should match the file name")
        routes[rule.id] = rule
    labels_raw = read_toml("routes", "_labels.toml")
    labels = {**labels_raw.get("sources", {}), **labels_raw.get("factors", {})}
    return RuleSet(routes, sources, facts, labels)
