"""Load the reviewable lexicon files under `resources/lexicon/` and compile them once.

Why files a non-programmer can edit: the words people and officials use for
harm change, and the people who know them best are advocates and people with
lived experience. Each file explains its own syntax at the top; each factor
lists `phrases` (enough on their own to suggest it), `hints` (only together
with other evidence), and `examples` / `not_examples` that the test suite
checks, so every edit is tested.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Iterable

from advocate_app.analysis.matcher import Matcher, Rule, index_tables, rules_from_data, rules_to_data
from advocate_app.analysis.compiled_cache import cached, regex_codes
from advocate_app.resources import resource_path

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any

    from advocate_app.analysis.patterns import Choice, Spelling

LEXICON_DIR = "lexicon"
COMMON_FILE = "common.toml"
SPELLINGS_FILE = "spellings.toml"
SAFEGUARDING_FILE = "safeguarding.toml"
HARM_MODEL_FILE = "harm_model.toml"
SECTIONS_FILE = "sections.toml"     # headings of the parts that state the law (sections.py)
SUPPORT_FILES = {COMMON_FILE, SPELLINGS_FILE, SAFEGUARDING_FILE, SECTIONS_FILE}

# Who may be responsible for a harm (safeguarding.toml [responsible.*], and a harm
# file's optional `done_by`, e.g. staff-misconduct.toml: "misconduct by staff").
PARTIES: tuple[str, ...] = ("staff", "family", "partner", "another-resident", "self", "unknown")

PHRASE_WEIGHT = 0.75
HINT_WEIGHT = 0.35


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and entry."""


@dataclass
class Entry:
    """The patterns and test sentences for one factor or category."""

    target: str
    file: str
    phrases: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    not_examples: list[str] = field(default_factory=list)


@dataclass
class CompiledLexicon:
    """A lexicon ready to match: its entries by target, their matcher, and what the loader adds (`extra`)."""

    entries: dict[str, Entry]
    matcher: Matcher
    extra: dict[str, Any] = field(default_factory=dict)


def _read(name: str) -> dict[str, Any]:
    import tomllib  # only when the cache is built: a new process reads the compiled lexicon

    try:
        return tomllib.loads(_raw(name).decode("utf-8"))
    except UnicodeDecodeError:
        raise LexiconError(f"lexicon file {name} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"lexicon file {name} is not valid TOML: {error}") from None


def _raw(name: str) -> bytes:
    try:
        return resource_path(LEXICON_DIR, name).read_bytes()
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {name} is missing") from None


def _cache_parts(names: list[str]) -> list[bytes]:
    """Everything compiled rules depend on: the named files and the shared lists and spellings."""
    return [name.encode() + b"\0" + _raw(name) for name in sorted(set(names) | {COMMON_FILE, SPELLINGS_FILE})]


def _string_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where} must be a list of quoted phrases")
    return [v.strip() for v in value]


@lru_cache(maxsize=1)
def spelling() -> Spelling:
    from advocate_app.analysis.patterns import Spelling

    data = _read(SPELLINGS_FILE).get("variants", {})
    if not isinstance(data, dict):
        raise LexiconError(f"{SPELLINGS_FILE}: [variants] must be a table")
    variants: dict[str, list[str]] = {}
    for canonical, others in data.items():
        variants[canonical.lower()] = [o.lower() for o in _string_list(others, f"{SPELLINGS_FILE}: {canonical}")]
    return Spelling(variants)


class _Lists:
    """Named phrase lists (@name), parsed on first use; a list may use other lists."""

    def __init__(self, raw: dict[str, list[str]], spell: Spelling) -> None:
        self.raw = raw
        self.spell = spell
        self.done: dict[str, Choice] = {}
        self.active: list[str] = []

    def __call__(self, name: str) -> Choice:
        from advocate_app.analysis.patterns import Choice, PatternError, Seq, parse

        if name in self.done:
            return self.done[name]
        if name not in self.raw:
            raise PatternError(f"there is no list called @{name} in {COMMON_FILE}")
        if name in self.active:
            raise PatternError(f"the list @{name} uses itself")
        self.active.append(name)
        try:
            options = tuple(parse(entry, self, self.spell) for entry in self.raw[name])
        finally:
            self.active.pop()
        if not options:
            raise PatternError(f"the list @{name} is empty")
        choice = Choice(tuple(Seq(o.items) for o in options))
        self.done[name] = choice
        return choice


@lru_cache(maxsize=1)
def named_lists() -> _Lists:
    raw = _read(COMMON_FILE).get("lists", {})
    if not isinstance(raw, dict):
        raise LexiconError(f"{COMMON_FILE}: [lists] must be a table")
    lists = {name: _string_list(value, f"{COMMON_FILE}: list {name}") for name, value in raw.items()}
    return _Lists(lists, spelling())


def compile_rules(entries: Iterable[Entry]) -> list[Rule]:
    """Every phrase and hint as a rule with its regular expression and anchor.

    Only when the compiled cache is built: the pattern compiler is imported here,
    not by a process that reads the cache.
    """
    from advocate_app.analysis.pattern_anchor import choose_anchor
    from advocate_app.analysis.pattern_regex import pattern_source
    from advocate_app.analysis.patterns import PatternError, parse

    lists = named_lists()
    spell = spelling()
    rules: list[Rule] = []
    for entry in entries:
        for kind, patterns, weight in (("phrase", entry.phrases, PHRASE_WEIGHT),
                                       ("hint", entry.hints, HINT_WEIGHT)):
            for text in patterns:
                where = f"{entry.file} [{entry.target}]"
                try:
                    seq = parse(text, lists, spell)
                    rules.append(Rule(target=entry.target, kind=kind, weight=weight, pattern=text,
                                      where=where, source=pattern_source(seq),
                                      anchor_source=choose_anchor(seq)))
                except PatternError as error:
                    raise LexiconError(f"{where}: {error}") from None
    return rules


def _entry(target: str, table: Any, file: str) -> Entry:
    if not isinstance(table, dict):
        raise LexiconError(f"{file}: [{target}] must be a table")
    unknown = set(table) - {"phrases", "hints", "examples", "not_examples", "note"}
    if unknown:
        raise LexiconError(f"{file} [{target}]: unknown key(s) {', '.join(sorted(unknown))}")
    where = f"{file} [{target}]"
    return Entry(target=target, file=file,
                 phrases=_string_list(table.get("phrases"), f"{where} phrases"),
                 hints=_string_list(table.get("hints"), f"{where} hints"),
                 examples=_string_list(table.get("examples"), f"{where} examples"),
                 not_examples=_string_list(table.get("not_examples"), f"{where} not_examples"))


DOCUMENT_PREFIX = "doc:"


def _document_entries() -> list[Entry]:
    """Whole-document findings (common.toml [document.*]), e.g. an ombudsman's "no fault"."""
    tables = _read(COMMON_FILE).get("document", {})
    if not isinstance(tables, dict):
        raise LexiconError(f"{COMMON_FILE}: [document.\"...\"] tables expected")
    return [_entry(DOCUMENT_PREFIX + name, table, COMMON_FILE) for name, table in tables.items()]


def harm_lexicon_files() -> list[str]:
    folder = resource_path(LEXICON_DIR)
    return sorted(p.name for p in folder.glob("*.toml") if p.name not in SUPPORT_FILES)


def _entry_data(entry: Entry) -> tuple:
    return (entry.target, entry.file, entry.phrases, entry.hints, entry.examples, entry.not_examples)


def _compiled(entries: dict[str, Entry], extra_entries: list[Entry], extra: dict[str, Any]) -> dict[str, Any]:
    """What a loader keeps in the compiled cache: its entries, rules, regex programs and extras."""
    rules = compile_rules(list(entries.values()) + extra_entries)
    return {"entries": [_entry_data(e) for e in entries.values()],
            "rules": rules_to_data(rules),
            "codes": regex_codes([r.source for r in rules]),
            "tables": index_tables(rules),
            "extra": extra}


def _from_compiled(data: dict[str, Any]) -> CompiledLexicon:
    entries = {e[0]: Entry(*e) for e in data["entries"]}
    rules = rules_from_data(*data["rules"])
    return CompiledLexicon(entries=entries, matcher=Matcher(rules, data["codes"], data["tables"]),
                           extra=data["extra"])


def _build_harm() -> dict[str, Any]:
    from advocate_app.model.harm_model import load_harm_model

    model = load_harm_model()
    entries: dict[str, Entry] = {}
    done_by_of: dict[str, str] = {}
    for name in harm_lexicon_files():
        data = _read(name)
        source_id = data.get("source")
        if not isinstance(source_id, str) or source_id not in model.source_ids():
            raise LexiconError(f"{name}: 'source' must name a source of the harm model")
        done_by = data.get("done_by")
        if done_by is not None and done_by not in PARTIES:
            raise LexiconError(f"{name}: 'done_by' must be one of {', '.join(PARTIES)}")
        factors = data.get("factor", {})
        if not isinstance(factors, dict):
            raise LexiconError(f"{name}: [factor.\"...\"] tables expected")
        for factor_id, table in factors.items():
            if not model.is_known(factor_id) or "." not in factor_id:
                raise LexiconError(f"{name}: [factor.\"{factor_id}\"] is not a factor of the harm model")
            if model.factor(factor_id).source_id != source_id:
                raise LexiconError(f"{name}: factor {factor_id} belongs in the file for its own source")
            if factor_id in entries:
                raise LexiconError(f"{name}: factor {factor_id} appears twice in the lexicon")
            entries[factor_id] = _entry(factor_id, table, name)
            if done_by:
                done_by_of[factor_id] = done_by
    return _compiled(entries, _document_entries(), {"done_by": done_by_of})


@lru_cache(maxsize=1)
def load_harm_lexicon() -> CompiledLexicon:
    """The harm lexicon, checked against the harm model and compiled; read once (see compiled_cache.py)."""
    parts = _cache_parts(harm_lexicon_files()) + [resource_path(HARM_MODEL_FILE).read_bytes()]
    return _from_compiled(cached("harm", parts, _build_harm, lazy="codes"))


def _build_safeguarding() -> dict[str, Any]:
    data = _read(SAFEGUARDING_FILE)
    categories = data.get("category", {})
    if not isinstance(categories, dict) or not categories:
        raise LexiconError(f"{SAFEGUARDING_FILE}: [category.\"...\"] tables expected")
    entries: dict[str, Entry] = {}
    labels: dict[str, str] = {}
    for cat_id, table in categories.items():
        if not isinstance(table, dict):
            raise LexiconError(f"{SAFEGUARDING_FILE}: [category.\"{cat_id}\"] must be a table")
        table = dict(table)
        label = table.pop("label", None)
        if not isinstance(label, str) or not label.strip():
            raise LexiconError(f"{SAFEGUARDING_FILE} [{cat_id}]: 'label' is missing")
        labels[cat_id] = label.strip()
        entries[cat_id] = _entry(cat_id, table, SAFEGUARDING_FILE)
    parties = data.get("responsible", {})
    if not isinstance(parties, dict) or not parties:
        raise LexiconError(f"{SAFEGUARDING_FILE}: [responsible.\"...\"] tables expected")
    party_entries: list[Entry] = []
    for party, table in parties.items():
        if not isinstance(table, dict):
            raise LexiconError(f"{SAFEGUARDING_FILE}: [responsible.\"{party}\"] must be a table")
        party_entries.append(_entry("by:" + party, table, SAFEGUARDING_FILE))
    return _compiled(entries, party_entries,
                     {"labels": labels, "parties": [e.target[3:] for e in party_entries],
                      "party_entries": {e.target[3:]: _entry_data(e) for e in party_entries}})


@lru_cache(maxsize=1)
def load_safeguarding_lexicon() -> CompiledLexicon:
    """Abuse categories of the statutory guidance and words naming who was responsible."""
    lexicon = _from_compiled(cached("safeguarding", _cache_parts([SAFEGUARDING_FILE]), _build_safeguarding,
                                     lazy="codes"))
    lexicon.extra["party_entries"] = {k: Entry(*v) for k, v in lexicon.extra["party_entries"].items()}
    return lexicon
