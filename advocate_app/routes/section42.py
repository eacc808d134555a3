"""Section 42 of the Care Act 2014: the three criteria, one by one, and the
person's wishes first.

Why this shape: the council's duty turns on reasonable cause to suspect all
three limbs of s42(1), so the advocate needs each limb answered separately,
with the evidence or the question still to ask. Making Safeguarding Personal
puts the person's wishes before any referral: a concern letter stays blocked
until they are recorded, and, if the person does not want a referral, until a
reason for going ahead anyway is recorded too.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advocate_app.model.case import pronoun_forms
from advocate_app.resources import read_toml
from advocate_app.routes.deadlines import uk_date
from advocate_app.routes.rules import RuleError, RuleSet
from advocate_app.routes.types import Criterion, Section42
from advocate_app.routes.view import FUNDING_PHRASES, CaseView


@dataclass(frozen=True)
class Section42Config:
    raw: dict[str, Any]

    @property
    def factor_categories(self) -> dict[str, list[str]]:
        return dict(self.raw.get("factor_categories", {}))

    @property
    def category_labels(self) -> dict[str, str]:
        return {c["id"]: c["label"] for c in self.raw["categories"]}

    def statement(self, key: str) -> dict[str, Any]:
        return self.raw[key]


@lru_cache(maxsize=1)
def load_section42() -> Section42Config:
    raw = read_toml("section42.toml")
    if [c["id"] for c in raw["criteria"]] != ["care-and-support-needs", "experiencing-abuse-or-neglect", "unable-to-protect-self"]:
        raise RuleError("section42.toml: the three criteria must be (a), (b), (c) in order")
    return Section42Config(raw)


def _cited(rules: RuleSet, item: dict[str, Any]) -> str:
    return f"{item['text']} ({'; '.join(rules.cite(item['cite']))})"


def _join(words: list[str]) -> str:
    """'a, b and c'; with a comma before the last 'and' when an item has its own 'and'
    ('physical abuse, and neglect and acts of omission')."""
    if len(words) <= 1:
        return "".join(words)
    last = ", and " if any(" and " in w for w in words) else " and "
    return ", ".join(words[:-1]) + last + words[-1]


def _name(view: CaseView) -> str:
    p = view.case.person
    return p.name or p.preferred_name or "the person"


def _criterion_a(cfg: dict, view: CaseView, cite: str) -> Criterion:
    value = view.facts.get("has_care_and_support_needs")
    base = dict(id=cfg["id"], text=cfg["text"], citation=cite, limb=cfg["limb"])
    if value is True:
        return Criterion(met=True, reason="Recorded in the case: the person has needs for care and support.", **base)
    if value is False:
        return Criterion(met=False, reason="Recorded in the case: the person does not have needs for care and support.", **base)
    if view.funding:
        how = _join([FUNDING_PHRASES[f] for f in sorted(view.funding) if f in FUNDING_PHRASES])
        return Criterion(met=True, reason=f"The person receives care or support ({how}), so they have needs for care and support. Please confirm.", **base)
    return Criterion(met=None, question=cfg["question"], **base)


def _criterion_b(cfg: dict, view: CaseView, cite: str) -> Criterion:
    base = dict(id=cfg["id"], text=cfg["text"], citation=cite, limb=cfg["limb"])
    confirmed = [c for c in view.categories.values() if c.id in view.confirmed_categories]
    suggested = [c for c in view.categories.values() if c.id not in view.confirmed_categories]
    recorded = view.facts.get("abuse_or_neglect_suspected")
    if recorded is False:
        return Criterion(met=False, reason="Recorded in the case: no abuse or neglect is suspected.", **base)
    if recorded is True and not confirmed:
        return Criterion(met=True, reason="Recorded in the case: there is reasonable cause to suspect abuse or neglect "
                         "(by anyone: staff, family, a partner, another resident, or the person themself).", **base)
    if confirmed:
        evidence = [e for c in confirmed for e in c.evidence]
        return Criterion(met=True, evidence=evidence,
                         reason=f"The person confirmed findings that amount to {_join([c.label for c in confirmed])}.", **base)
    if suggested:
        evidence = [e for c in suggested for e in c.evidence]
        labels = _join([c.label for c in suggested])
        return Criterion(met=None, evidence=evidence,
                         question=f"The account may describe {labels} (see the highlighted words). Does that fit? {cfg['question']}", **base)
    return Criterion(met=None, question=cfg["question"], **base)


def _criterion_c(cfg: dict, view: CaseView, cite: str) -> Criterion:
    value = view.facts.get("able_to_protect_self")
    base = dict(id=cfg["id"], text=cfg["text"], citation=cite, limb=cfg["limb"])
    if value is False:
        return Criterion(met=True, reason="Recorded in the case: because of their needs, the person cannot protect themselves from this.", **base)
    if value is True:
        return Criterion(met=False, reason="Recorded in the case: the person is able to protect themselves from this.", **base)
    return Criterion(met=None, question=cfg["question"], **base)


LETTER_FUNDING = {
    "council-funded": "care and support arranged and paid for by the council",
    "self-funded": "care and support that is paid for privately",
    "s117": "section 117 aftercare under the Mental Health Act 1983",
    "nhs-chc": "NHS continuing healthcare",
}


def _words(view: CaseView) -> dict[str, str]:
    """How the wording refers to the person after naming them: their pronouns if recorded, else their name."""
    p = view.case.person
    name = (p.preferred_name or "").strip() or (p.name or "").strip() or "the person"
    forms = pronoun_forms(p.pronouns)
    if forms is None:
        return {"name": name, "they": name, "them": name, "themself": "themselves", "s": "s", "has": "has"}
    plural = forms["plural"]
    return {"name": name, "they": forms["they"], "them": forms["them"], "themself": forms["themself"],
            "s": "" if plural else "s", "has": "have" if plural else "has"}


def _wording(rules: RuleSet, cfg: Section42Config, view: CaseView, criteria: list[Criterion]) -> str:
    """The paragraph a concern letter opens with: s42(1)(a)-(c), the categories, the request.

    The person is named in full once, then by the name they use, then by their pronouns when
    recorded: a letter that repeats someone's full name in every line reads as a file, not a person.
    """
    full = _name(view)
    w = _words(view)
    a, b, c = criteria
    todo = f"still to be confirmed with {w['them']}"
    if a.met is True:
        funded = [LETTER_FUNDING[f] for f in sorted(view.funding) if f in LETTER_FUNDING]
        a_text = f"{w['they']} receive{w['s']} {_join(funded)}" if funded else f"{w['they']} {w['has']} care and support needs"
    else:
        a_text = "recorded as not met" if a.met is False else todo
    # Only categories confirmed with the person are named: a suggestion never becomes a statement in a letter.
    cats = [cat.label for cat in view.categories.values() if cat.id in view.confirmed_categories]
    if b.met is True and cats:
        b_text = (f"what {w['they']} {w['has']} told me describes {_join(cats)}, types of abuse and neglect named in "
                  "chapter 14 of the Care and Support Statutory Guidance")
    elif b.met is True:
        b_text = "what I have been told gives reasonable cause to suspect abuse or neglect"
    else:
        b_text = "recorded as not met" if b.met is False else todo
    c_text = (f"because of those needs, {w['they']} cannot protect {w['themself']} from this" if c.met is True
              else "recorded as not met" if c.met is False else todo)
    return (
        f"I am raising an adult safeguarding concern about {full} under section 42 of the Care Act 2014. "
        f"I believe there is reasonable cause to suspect that {w['name']}:\n"
        f"(a) has needs for care and support (section 42(1)(a)): {a_text};\n"
        f"(b) is experiencing, or is at risk of, abuse or neglect (section 42(1)(b)): {b_text};\n"
        f"(c) as a result of those needs is unable to protect themselves against the abuse or neglect or the risk of it (section 42(1)(c)): {c_text}.\n"
        f"I ask the council to decide whether it will make enquiries under section 42(2), to consider whether {w['they']} need{w['s']} an independent advocate, "
        f"and to tell {w['them']} and me what it decides and why."
    )


def _wishes(view: CaseView) -> str:
    sg = view.case.safeguarding
    name = _name(view)
    forms = pronoun_forms(view.case.person.pronouns)
    their = forms["their"] if forms else "their"
    when = f" (recorded {uk_date(sg.recorded)})" if sg.recorded else ""
    words = f" In {their} words: \"{sg.views.strip()}\"" if sg.views and sg.views.strip() else ""
    if sg.wants_referral is True:
        return f"{name} wants a safeguarding referral{when}.{words}"
    if sg.wants_referral is False:
        return f"{name} does not want a safeguarding referral{when}.{words}"
    return (f"Not recorded yet. Start by asking {name} what they want to happen and what outcomes they want, "
            "and record it in their own words before anything else.")


def _without_consent(rules: RuleSet, cfg: Section42Config, view: CaseView) -> str:
    name = _name(view)
    grounds = "; ".join(g["text"] for g in cfg.raw["without_consent"])
    cites = sorted({c for g in cfg.raw["without_consent"] for c in g["cite"]})
    lines = [
        _cited(rules, cfg.statement("msp_refusal")),
        f"A concern may still be raised without {name}'s agreement when: {grounds} ({'; '.join(rules.cite(cites))}).",
    ]
    pointers = []
    if view.facts.get("others_at_risk"):
        why = (view.case.facts.others_at_risk_reason or "").strip().rstrip(".")
        pointers.append(f"other people may be at risk ({why})" if why else "other people may be at risk")
    if view.facts.get("immediate_danger"):
        pointers.append("someone is in immediate danger")
    if view.facts.get("person_lacks_capacity"):
        pointers.append("the person has been assessed as lacking capacity for this decision")
    if pointers:
        lines.append(f"Recorded in this case: {_join(pointers)}. Talk this through with {name} first.")
    lines.append(_cited(rules, cfg.statement("without_consent_record")))
    reason = (view.case.safeguarding.raise_without_consent_reason or "").strip()
    if reason:
        lines.append(f"Reason recorded for going ahead: {reason}")
    elif view.facts.get("raise_without_consent_reason_recorded"):
        lines.append("Reason recorded for going ahead: other people may be at risk ("
                     f"{(view.case.facts.others_at_risk_reason or '').strip().rstrip('.')}).")
    return " ".join(lines)


def assess_section42(view: CaseView, rules: RuleSet) -> Section42:
    cfg = load_section42()
    cite = "; ".join(rules.cite(cfg.raw["statute"]["cite"]))
    by_id = {c["id"]: c for c in cfg.raw["criteria"]}
    criteria = [
        _criterion_a(by_id["care-and-support-needs"], view, cite.replace("s42(1)", "s42(1)(a)")),
        _criterion_b(by_id["experiencing-abuse-or-neglect"], view, cite.replace("s42(1)", "s42(1)(b)")),
        _criterion_c(by_id["unable-to-protect-self"], view, cite.replace("s42(1)", "s42(1)(c)")),
    ]
    sg = view.case.safeguarding
    reason_recorded = bool(view.facts.get("raise_without_consent_reason_recorded"))
    blocked = None
    not_met = [c for c in criteria if c.met is False]
    if sg.wants_referral is None:
        blocked = "Ask the person what they want to happen, and record their wishes, before a concern letter is written (Making Safeguarding Personal)."
    elif sg.wants_referral is False and not reason_recorded:
        blocked = ("The person does not want a referral. A concern can only be written without their agreement "
                   "if the reason for going ahead is recorded in the case (see when this may apply).")
    elif not_met:
        which = _join([f"{c.limb}" for c in not_met])
        blocked = (f"The case records that {which} is not met, so the council's Section 42 duty may not apply. "
                   "Check those answers with the person, or consider the police, a complaint or a regulator instead.")
    notes = [_cited(rules, cfg.statement("threshold")), _cited(rules, cfg.statement("msp")),
             _cited(rules, cfg.statement("categories_source")), _cited(rules, cfg.statement("advocacy"))]
    return Section42(
        criteria=criteria,
        categories=list(view.categories.values()),
        wording=_wording(rules, cfg, view, criteria),
        person_wishes=_wishes(view),
        without_consent=_without_consent(rules, cfg, view) if sg.wants_referral is False else None,
        can_produce_letter=blocked is None,
        blocked_reason=blocked,
        notes=notes,
    )
