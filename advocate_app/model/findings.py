"""Keeping the advocate's answers about harms when the account changes, and the person's order.

Why in the model: going back to the account and editing it must never blank
a later answer, whichever screen or tool changes the account, so this is case
logic, not GUI code. Decisions the advocate and the person made (confirmed, rejected,
added, "not sure yet") are kept, their quotes re-found in the edited text;
only suggestions nobody has looked at yet are refreshed from the new text.
"""
from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from advocate_app.model.case import Finding
from advocate_app.model.evidence import Evidence
from advocate_app.model.quotes import whole_clauses

NOT_SURE = "not_sure"


class _Suggested(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def evidence(self) -> Sequence[Evidence]: ...


class _SuggestedSource(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def factors(self) -> Sequence[_Suggested]: ...


class Suggestions(Protocol):
    """What the classifier returns (analysis.Classification), as far as findings need it:
    the model layer reads it without importing the analysis."""

    @property
    def sources(self) -> Sequence[_SuggestedSource]: ...


def is_decided(finding: Finding) -> bool:
    """True once a person has answered: anything but an untouched suggestion."""
    return finding.status != "suggested" or bool(finding.extra.get(NOT_SURE))


def reanchor(evidence: Iterable[Evidence], account: str) -> list[Evidence]:
    """The same quotes at their place in the edited account; quotes no longer in it are dropped."""
    out: list[Evidence] = []
    for ev in evidence:
        if 0 <= ev.start <= ev.end <= len(account) and account[ev.start:ev.end] == ev.text:
            out.append(ev)
            continue
        best = _nearest_occurrence(account, ev.text, ev.start)
        if best is not None:
            out.append(Evidence(best, best + len(ev.text), ev.text))
    return out


def _nearest_occurrence(text: str, needle: str, near: int) -> int | None:
    if not needle:
        return None
    best: int | None = None
    pos = text.find(needle)
    while pos != -1:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(needle, pos + 1)
    return best


def _union(kept: Iterable[Evidence], new: Iterable[Evidence]) -> list[Evidence]:
    """The quotes already agreed, plus new ones that do not overlap them.

    A quote the person agreed to is never replaced by a shorter or longer
    version of the same words; new words typed into the account can add one.
    """
    out = list(kept)
    for ev in new:
        if all(ev.end <= k.start or ev.start >= k.end for k in out):
            out.append(ev)
    return sorted(out, key=lambda e: e.start)


def suggested_evidence(classification: Suggestions) -> dict[str, list[Evidence]]:
    """Finding id -> evidence for everything the classifier suggests (factors; a bare source)."""
    out: dict[str, list[Evidence]] = {}
    for source in classification.sources:
        if source.factors:
            for factor in source.factors:
                out[factor.id] = list(factor.evidence)
        else:
            out[source.id] = []
    return out


TIER = "tier"          # Finding.extra key: "learned" for the weaker, learned suggestions (analysis.types.LEARNED)


def suggested_tiers(classification: Suggestions) -> dict[str, str]:
    """Finding id -> the tier that suggested it ("lexicon", or the weaker "learned")."""
    out: dict[str, str] = {}
    for source in classification.sources:
        for item in (source.factors or [source]):
            out[item.id] = str(getattr(item, "tier", "lexicon") or "lexicon")
    return out


def merge_suggestions(findings: list[Finding], classification: Suggestions, account: str) -> list[Finding]:
    """The findings list after (re)reading the account; decided findings are never lost.

    A suggestion from the learned tier is marked (extra "tier": "learned") so it is
    shown as weaker: its evidence is a sentence it may relate to, not the person's
    words matching a reviewed phrase.
    """
    tiers = suggested_tiers(classification)
    # Quotes end where the person's phrase ends, not where the matched words stop.
    fresh = {fid: (evs if tiers.get(fid) == "learned" else whole_clauses(account, evs))
             for fid, evs in suggested_evidence(classification).items()}
    out: list[Finding] = []
    known: set[str] = set()
    for finding in findings:
        known.add(finding.id)
        new_ev = fresh.get(finding.id)
        if is_decided(finding):
            finding.evidence = _union(reanchor(finding.evidence, account), new_ev or [])
            out.append(finding)
        elif new_ev is not None:
            finding.evidence = list(new_ev)
            _mark_tier(finding, tiers.get(finding.id))
            out.append(finding)
    for finding_id, evidence in fresh.items():
        if finding_id not in known:
            finding = Finding(id=finding_id, status="suggested", evidence=list(evidence))
            _mark_tier(finding, tiers.get(finding_id))
            out.append(finding)
    return out


def _mark_tier(finding: Finding, tier: str | None) -> None:
    if tier == "learned":
        finding.extra[TIER] = "learned"
    else:
        finding.extra.pop(TIER, None)


def is_learned(finding: Finding) -> bool:
    """A suggestion of the weaker, learned tier that nobody has decided on yet."""
    return finding.status == "suggested" and finding.extra.get(TIER) == "learned"


def reanchor_all(findings: list[Finding], account: str) -> None:
    """Re-find every finding's quotes after an edit, without asking the classifier."""
    for finding in findings:
        finding.evidence = reanchor(finding.evidence, account)


def accepted(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status in ("confirmed", "added")]


def renumber_priorities(findings: list[Finding]) -> list[Finding]:
    """Accepted findings in the person's order (priority 1 matters most); others get none.

    Newly accepted findings without a priority go to the end, in list order.
    """
    chosen = accepted(findings)
    ranked = sorted(chosen, key=lambda f: (f.priority is None, f.priority or 0))
    for i, finding in enumerate(ranked, start=1):
        finding.priority = i
    for finding in findings:
        if finding.status not in ("confirmed", "added"):
            finding.priority = None
    return ranked


def move_priority(findings: list[Finding], finding_id: str, step: int) -> bool:
    """Move one accepted finding up (step -1) or down (+1) the person's order."""
    ranked = renumber_priorities(findings)
    ids = [f.id for f in ranked]
    if finding_id not in ids:
        return False
    i = ids.index(finding_id)
    j = i + step
    if not 0 <= j < len(ranked):
        return False
    ranked[i].priority, ranked[j].priority = ranked[j].priority, ranked[i].priority
    return True
