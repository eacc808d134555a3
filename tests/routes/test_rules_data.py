"""The route data itself: every route of cli.md, every legal statement cited,
nothing the research left unconfirmed stated as law."""
from __future__ import annotations

import datetime as dt

import re
import tomllib
from pathlib import Path

import pytest

from advocate_app.resources import read_toml, resource_path
from advocate_app.routes import rules as rules_mod
from advocate_app.routes.rules import RuleError, load_rules
from tests.contract import harm_contract, route_ids

ROUTE_FILES = sorted(p for p in resource_path("routes").glob("*.toml") if not p.name.startswith("_"))
STATEMENT_KEYS = ("basis", "duty", "next_step", "note")


CLI_IDS = list(route_ids())


def _raw(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _statements(raw: dict) -> list[tuple[str, dict]]:
    out = []
    for key in STATEMENT_KEYS:
        value = raw.get(key)
        items = value if isinstance(value, list) else ([value] if value else [])
        out += [(key, item) for item in items]
    return out


def test_every_route_of_cli_md_has_a_rule_and_no_other():
    assert len(CLI_IDS) == 16
    assert sorted(load_rules().routes) == sorted(CLI_IDS)


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_every_legal_statement_cites_a_registered_source(path: Path):
    raw = _raw(path)
    sources = read_toml("legal_sources.toml")["sources"]
    for key, statement in _statements(raw):
        cites = statement.get("cite", [])
        assert cites or statement.get("practical") is True, f"{path.name} {key}: {statement['text'][:60]}"
        for c in cites:
            assert c in sources, f"{path.name} cites unknown source {c}"
    for d in raw.get("deadline", []):
        assert d.get("cite") and all(c in sources for c in d["cite"]), f"{path.name} deadline {d['kind']}"


@pytest.mark.parametrize("path", ROUTE_FILES, ids=lambda p: p.stem)
def test_every_route_has_what_a_letter_needs(path: Path):
    raw = _raw(path)
    assert raw["last_checked"] == "2026-11-26"
    assert raw["title"] and raw["recipient"]
    assert raw.get("basis"), "legal basis"
    assert raw.get("duty"), "what the recipient must do"
    assert raw.get("next_step"), "what to do if the answer is unsatisfactory"
    for clause in raw["when"]:
        assert clause["because"].endswith(".")


def test_practical_tips_state_no_law():
    """A tip without a citation must not slip in a legal rule ("must", "duty", a section number)."""
    for path in ROUTE_FILES:
        for key, statement in _statements(_raw(path)):
            if statement.get("practical"):
                text = statement["text"]
                assert not re.search(r"\b(must|duty|section \d|s\d+|reg(ulation)? \d)\b", text), f"{path.name}: {text}"


def test_section42_statements_are_cited():
    raw = read_toml("section42.toml")
    sources = read_toml("legal_sources.toml")["sources"]
    cited = [raw["statute"], raw["threshold"], raw["categories_source"], raw["msp"], raw["msp_refusal"],
             raw["without_consent_record"], raw["advocacy"], *raw["criteria"], *raw["without_consent"]]
    for item in cited:
        assert item["cite"] and all(c in sources for c in item["cite"]), item["text"][:60]
    assert raw["last_checked"] == "2026-11-26"


def test_section42_categories_are_the_ten_of_the_guidance():
    ids = [c["id"] for c in read_toml("section42.toml")["categories"]]
    assert ids == ["physical", "domestic", "sexual", "psychological", "financial-or-material", "modern-slavery",
                   "discriminatory", "organisational", "neglect-and-acts-of-omission", "self-neglect"]


def test_sources_are_dated_and_secondary_ones_say_what_to_check():
    for sid, s in read_toml("legal_sources.toml")["sources"].items():
        checked = dt.date.fromisoformat(s["checked"])
        assert dt.date(2026, 11, 1) <= checked <= dt.date.today(), sid
        assert s["level"] in ("primary", "secondary"), sid
        assert s.get("seen"), sid
        if s["level"] == "secondary":
            assert s.get("note"), sid


def test_every_registered_source_is_used():
    used: set[str] = set()
    for path in ROUTE_FILES:
        raw = _raw(path)
        used |= {c for _, s in _statements(raw) for c in s.get("cite", [])}
        used |= {c for d in raw.get("deadline", []) for c in d["cite"]}
    s42 = read_toml("section42.toml")
    used |= {c for v in s42.values() for item in (v if isinstance(v, list) else [v])
             if isinstance(item, dict) for c in item.get("cite", [])}
    assert set(read_toml("legal_sources.toml")["sources"]) - used == set()


# What the brief marks "unconfirmed" and this research could not check must not appear as law.
UNCHECKED = [
    (r"\b14\.(?!2\b)\d+\b", "a CSSG chapter 14 paragraph number other than 14.2"),
    (r"2014/2670|2015/313", "an unconfirmed SI number"),
    (r"\bs?130[BD]\b", "an unconfirmed IMHA section"),
    (r"\bCPR 54\.5\b|promptly and in any event within 3 months", "judicial review time limit"),
    (r"Article 8|Article 14|Art 8|Art 14", "unconfirmed HRA article wording"),
    (r"Art(icle)? 77|Art(icle)? 82", "unconfirmed UK GDPR articles"),
    (r"\bs149\b|\bs4\b", "unconfirmed Equality Act section numbers"),
    (r"\bs34\(3\)", "unconfirmed LGA 1974 merits provision"),
    (r"five-year rule.*(NMC|HCPC)|HCPC.*five", "unconfirmed HCPC or NMC time limits"),
]


def _all_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in ROUTE_FILES]
    parts.append(resource_path("section42.toml").read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.mark.parametrize("pattern, what", UNCHECKED)
def test_unconfirmed_points_are_left_out(pattern: str, what: str):
    assert not re.search(pattern, _all_text()), what


def test_factor_labels_use_harm_model_identifiers():
    labels = read_toml("routes", "_labels.toml")
    contract = harm_contract()
    assert set(labels["sources"]) == set(contract.sources)
    assert contract.unknown_ids(set(labels["factors"])) == set()


@pytest.mark.parametrize("bad", ["staff-misconduct.9", "stigma.0", "stigma.7", "no-such-source.1", "bureaucracy.13"])
def test_the_id_check_rejects_factor_numbers_the_model_does_not_have(bad: str):
    labels = read_toml("routes", "_labels.toml")
    assert harm_contract().unknown_ids({*labels["factors"], bad}) == {bad}


def test_rule_ids_and_facts_in_rules_are_known():
    rules = load_rules()
    referenced = {"any_factors": set(), "categories": set()}
    for rule in rules.routes.values():
        for clause in (*rule.when, *rule.unless, *rule.demote):
            referenced["any_factors"] |= set(clause.conditions.get("any_factors", []))
            referenced["categories"] |= set(clause.conditions.get("categories", []))
            for r in clause.conditions.get("routes", []):
                assert r in rules.routes
    assert referenced["any_factors"] <= set(rules.labels)
    cat_ids = {c["id"] for c in read_toml("section42.toml")["categories"]}
    assert referenced["categories"] <= cat_ids


# ---------------------------------------------------------------- the loader refuses bad data

def _good_route() -> dict:
    return {"id": "x", "title": "T", "recipient": "R", "last_checked": "2026-11-26",
            "when": [{"any_harm": True, "strength": "consider", "because": "B."}],
            "basis": [{"text": "A rule.", "cite": ["care-act-s42-1"]}]}


@pytest.mark.parametrize("change, message", [
    (lambda r: r["basis"][0].pop("cite"), "must cite a source"),
    (lambda r: r["basis"][0].update(cite=["no-such-source"]), "not in legal_sources.toml"),
    (lambda r: r["when"][0].update(strength="maybe"), "strength"),
    (lambda r: r["when"][0].update(any_harms=True), "unknown keys"),
    (lambda r: r["when"][0].update(facts={"no_such_fact": True}), "not described"),
    (lambda r: r["when"][0].update(facts={"others_at_risk": "yes"}), "true or false"),
    (lambda r: r.update(deadline=[{"kind": "someday", "cite": ["care-act-s42-1"]}]), "unknown kind"),
    (lambda r: r.update(deadline=[{"kind": "acknowledgement"}]), "must cite"),
    (lambda r: r.pop("when"), "when"),
    (lambda r: r["when"][0].pop("because"), "because"),
])
def test_loader_rejects_mistakes_in_rule_files(change, message):
    raw = _good_route()
    change(raw)
    rules = load_rules()
    with pytest.raises(RuleError, match=message):
        rules_mod._route(raw, "x.toml", rules.sources, rules.facts)
