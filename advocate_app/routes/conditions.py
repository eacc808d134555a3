"""The interpreter for the small rule language of `resources/routes/*.toml`.

A clause is a set of conditions that must all hold:

  any_factors   at least one of these factor ids counts (confirmed, or suggested)
  any_sources   at least one counted finding belongs to one of these sources
  any_harm      at least one finding counts at all
  categories    at least one of these categories of abuse or neglect is found
  confirmed_categories  at least one of these categories is confirmed with the person
  org_kinds     an organisation of one of these kinds is listed in the case
  listed_kinds  the same, but false (not "not known") while no organisation is listed at all
  matters_with  a matter (a confirmed finding or a timeline entry) names an organisation of one
                of these kinds; not known while no matter names any organisation
  all_org_groups  for every group, an organisation of one of its kinds is involved
  funding       the care is funded in one of these ways
  facts         each named fact has the given value (true/false)
  routes        one of these routes is proposed (evaluated in a second pass)

Each condition is True, False or None ("not known yet": no organisations,
no funding or an unknown fact recorded). A clause holds when all are True,
fails when one is False, and is undecided otherwise; undecided clauses turn
into the questions that would settle them (a route's `needs`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advocate_app.routes.rules import Clause, FactInfo
from advocate_app.routes.view import FUNDING_PHRASES, CaseView

ORG_QUESTION = "which organisations are involved (council adult social care, NHS trust, integrated team, care provider)"
MATTER_QUESTION = ("which organisation each part of what happened involves (add it to the timeline entries "
                   "or the confirmed harms), so each complaint goes to the body responsible")
OTHER_ORG_QUESTION = "which other bodies are involved, so the complaint can name them (for example both the council and the NHS trust)"
FUNDING_QUESTION = "how the care is funded (council-funded, self-funded, section 117 aftercare or NHS continuing healthcare)"


@dataclass
class Outcome:
    status: bool | None
    harms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    facts: list[tuple[str, bool]] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)   # questions that would decide the clause
    any_true: bool = False


def _combine(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def evaluate(clause: Clause, view: CaseView, facts_info: dict[str, FactInfo], *, second_pass: bool = False) -> Outcome:
    out = Outcome(status=None)
    results: list[bool | None] = []
    c: dict[str, Any] = clause.conditions

    if "any_factors" in c:
        hit = [h for h in view.harms if h in c["any_factors"]]
        out.harms += hit
        results.append(bool(hit))
    if "any_sources" in c:
        hit = [h.id for h in view.harms.values() if h.source in c["any_sources"]]
        out.harms += [h for h in hit if h not in out.harms]
        results.append(bool(hit))
    if c.get("any_harm"):
        hit = list(view.harms)
        out.harms += [h for h in hit if h not in out.harms]
        results.append(bool(hit))
    if "categories" in c:
        hit = [cat for cat in view.categories if cat in c["categories"]]
        out.categories += hit
        results.append(bool(hit))
    if "listed_kinds" in c:
        hit = sorted(view.org_kinds & set(c["listed_kinds"]))
        out.orgs += [o for o in hit if o not in out.orgs]
        results.append(bool(hit))
    if "confirmed_categories" in c:
        hit = [cat for cat in view.categories if cat in c["confirmed_categories"] and cat in view.confirmed_categories]
        out.categories += [h for h in hit if h not in out.categories]
        results.append(bool(hit))
    if "org_kinds" in c:
        if not view.org_kinds:
            out.unknown.append(ORG_QUESTION)
            results.append(None)
        else:
            hit = sorted(view.org_kinds & set(c["org_kinds"]))
            out.orgs += hit
            results.append(bool(hit))
    if "matters_with" in c:
        if not view.matters_named:
            out.unknown.append(MATTER_QUESTION)
            results.append(None)
        else:
            hit = sorted(view.matter_kinds & set(c["matters_with"]))
            out.orgs += [o for o in hit if o not in out.orgs]
            results.append(bool(hit))
    if "all_org_groups" in c:
        groups = [set(g) for g in c["all_org_groups"]]
        present = [bool(view.org_kinds & g) for g in groups]
        if all(present):
            out.orgs += sorted(view.org_kinds & set().union(*groups))
            results.append(True)
        else:
            out.unknown.append(OTHER_ORG_QUESTION if view.org_kinds else ORG_QUESTION)
            results.append(None)
    if "funding" in c:
        if not view.funding:
            out.unknown.append(FUNDING_QUESTION)
            results.append(None)
        else:
            hit = sorted(view.funding & set(c["funding"]))
            out.funding += hit
            results.append(bool(hit))
    for name, wanted in c.get("facts", {}).items():
        value = view.facts.get(name)
        if value is None:
            out.unknown.append(facts_info[name].question)
            results.append(None)
        else:
            results.append(value == wanted)
            if value == wanted:
                out.facts.append((name, value))
    if "routes" in c:
        hit = [r for r in c["routes"] if r in view.proposed] if second_pass else []
        out.routes += hit
        results.append(bool(hit))

    out.any_true = any(r is True for r in results)
    out.status = _combine(results)
    return out


def fact_phrases(outcome: Outcome, facts_info: dict[str, FactInfo]) -> list[str]:
    """The recorded facts that made a clause hold, in plain words."""
    phrases = []
    for name, value in outcome.facts:
        info = facts_info[name]
        phrase = info.yes if value else info.no
        if phrase:
            phrases.append(phrase)
    phrases += [FUNDING_PHRASES[f] for f in outcome.funding if f in FUNDING_PHRASES]
    return phrases
