"""From lexicon matches to suggested sources and factors, strongest first.

Why this scoring: a suggestion must be explainable to the person ("these
words of yours"), so a score is only ever built from evidence spans. Each
factor combines its distinct evidence like independent witnesses,
1 - prod(1 - weight): one clear phrase (0.75) is enough to suggest a factor,
a weaker hint (0.35) needs a second piece of evidence. A source's score
combines its suggested factors the same way, so more independent evidence
means a stronger, never an over-certain, suggestion (scores stay below 1).

After the lexicon, the learned tier (learned.py) may add weaker suggestions
for sources the lexicon did not find, marked `tier = "learned"` and always
scored below any lexicon suggestion, so the two can never be confused. On an
account long enough for it to read, the tier must also back a source the
lexicon found by sentence cues alone (learned.CUE_SUPPORT); a source with a
phrase stands on its own.
"""
from __future__ import annotations

import re

from advocate_app.analysis.agents import PARTY_PREFIX, agents, party_hits, starts_with_pronoun
from advocate_app.analysis.cues import with_cues
from advocate_app.analysis.learned import load_learned_model
from advocate_app.analysis.lexicon import DOCUMENT_PREFIX, load_harm_lexicon
from advocate_app.analysis.matcher import Hit
from advocate_app.analysis.normalise import normalised_view
from advocate_app.analysis.scoring import SUGGEST_AT, Span, _combine, _merge, evidence_score
from advocate_app.analysis.sections import law_sections
from advocate_app.analysis.types import LEARNED, LEXICON, Classification, FactorSuggestion, SourceSuggestion
from advocate_app.gc_pause import paused_for
from advocate_app.model.evidence import Evidence
from advocate_app.model.harm_model import HarmModel, load_harm_model
from advocate_app.model.spans import SpanIndex

# A learned suggestion's score is its probability scaled down, so it always reads
# weaker than the lexicon's (whose suggestions start at SUGGEST_AT).
LEARNED_SCALE = 0.45


def factor_spans(text: str, view: str | None = None) -> dict[str, list[Span]]:
    """All evidence for every factor with any match (suggested or not), merged per factor.

    A text that states a finding of no fault, and no finding of fault, shows no
    harm however it describes what was complained about (see common.toml [document]).
    """
    return _lexicon_spans(text, view)[0]


def _lexicon_spans(text: str, view: str | None) -> tuple[dict[str, list[Span]], bool]:
    """The lexicon's evidence per factor, and whether the text finds no fault (and none)."""
    model = load_harm_model()
    by_factor: dict[str, list[Hit]] = {}
    document: dict[str, list[tuple[int, int]]] = {}
    law = SpanIndex(list(law_sections(text)))
    for hit in load_harm_lexicon().matcher.find(text, view):
        if law and law.holds(hit.start, hit.start + 1):
            continue
        target = hit.rule.target
        if target.startswith(DOCUMENT_PREFIX):
            kind = target[len(DOCUMENT_PREFIX):]
            if kind == "finding" and _asks_whether(view if view is not None else text, hit.start):
                continue
            document.setdefault(kind, []).append((hit.start, hit.end))
            continue
        if model.factor(target).retired:
            continue
        by_factor.setdefault(target, []).append(hit)
    if _finds_no_fault(document):
        return {}, True
    merged = {factor_id: _merge(hits) for factor_id, hits in by_factor.items()}
    if view is None:
        view = normalised_view(text)
    spans = with_cues(text, view, merged, Span)  # weaker sentence cues (cues.py) for unseen wordings
    if law:
        spans = {f: kept for f, evidence in spans.items()
                 if (kept := [s for s in evidence if not law.holds(s.start, s.start + 1)])}
    return _only_by_whom_the_factor_names(text, view, spans), False


# "We consider whether there was fault in the way an organisation made its decision": every
# LGSCO decision explains its role in these words, which ask a question and find nothing.
_WHETHER_BEFORE = re.compile(r"\b(?:whether|if)\s+(?:there\s+)?$", re.IGNORECASE)


def _asks_whether(view: str, start: int) -> bool:
    """True when a finding phrase is the object of "whether" or "if": a question, not a finding."""
    return bool(_WHETHER_BEFORE.search(view[max(0, start - 20):start]))


def _finds_no_fault(document: dict[str, list[tuple[int, int]]]) -> bool:
    """A "no fault" finding and no finding of fault ("unlikely we would find fault" is not one).

    A finding inside a no-finding phrase does not count.
    """
    no_fault = SpanIndex(document.get("no-finding", []))
    return bool(no_fault) and all(no_fault.holds(a, b) for a, b in document.get("finding", []))


def _only_by_whom_the_factor_names(text: str, view: str, spans: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """Drop evidence the account attributes to someone else than the factor's own party.

    "Misconduct by staff" is not shown by "my son took her pension" or "my partner
    hit me": those are abuse by family or a partner (safeguarding categories),
    nor by "I took money out of my account", which the person did themself.
    Evidence with nobody named stays, since the account may mean staff.
    """
    done_by = load_harm_lexicon().extra.get("done_by", {})
    checked = [f for f in spans if f in done_by]
    if not checked:
        return spans
    parties = party_hits(text, view)
    out = dict(spans)
    for factor_id in checked:
        party = done_by[factor_id]
        kept = [s for s in spans[factor_id] if not _done_by_the_person(view, s)
                and (not parties or (who := _attributed_to(view, parties, s)) == [] or party in who)]
        if kept:
            out[factor_id] = kept
        else:
            del out[factor_id]
    return out


# "I took money out of my account": a phrase whose verb has "I" or "we" right before it.
_BY_THE_PERSON = re.compile(r"\b(?:i|we)\s+$")


def _done_by_the_person(view: str, span: Span) -> bool:
    """True when a phrase's own subject is the person telling it ("I", "we"); a cue is a whole sentence."""
    return span.kind != "cue" and bool(_BY_THE_PERSON.search(view, max(0, span.start - 8), span.start))


def _attributed_to(view: str, parties: list[Hit], span: Span) -> list[str]:
    """Who the account says did what a span describes; [] when it does not say.

    A cue span is a whole sentence, so the parties it names are the ones it is
    about. A phrase looks to the sentence before only when it starts with
    "he"/"she" and the sentence before opens with the party ("My husband came
    home. He hit me."), not when it merely names the person harmed ("I visited
    my mother. She hit her.").
    """
    if span.kind == "cue":
        named = {h.rule.target[len(PARTY_PREFIX):] for h in parties if span.start <= h.start < span.end}
        return sorted(named - {"self"})
    return agents(view, parties, span.start, span.end,
                  previous="subject" if starts_with_pronoun(view, span.start) else "none")


def _suggested_scores(text: str, spans: dict[str, list[Span]]) -> dict[str, float]:
    """Each factor's evidence score, for the factors that reach SUGGEST_AT (worked out once per text)."""
    scores = {factor_id: evidence_score(text, evidence) for factor_id, evidence in spans.items()}
    return {factor_id: score for factor_id, score in scores.items() if score >= SUGGEST_AT}


def _cues_without_support(text: str, spans: dict[str, list[Span]], suggested: set[str]) -> set[str]:
    """Of the `suggested` factors, those to set aside: on sentence cues alone, for a source the learned tier does not back.

    A source counts as cue-only when every factor of it that would be suggested
    rests on cue spans only; one phrase for any of its factors keeps them all.
    Misconduct by staff follows the same rule (it was exempt until December
    2026): on the real training split and the hold-out its cue-only suggestions
    were right 9 times in 29, the wrong ones mostly about what someone else did
    ("service users who assault staff", strangers who beat the person), and a
    possible abuse is still raised through the safeguarding categories, which
    do not depend on this rule.
    """
    by_source: dict[str, list[tuple[str, bool]]] = {}
    for factor_id in suggested:
        cue_only = all(span.kind == "cue" for span in spans[factor_id])
        by_source.setdefault(factor_id.split(".", 1)[0], []).append((factor_id, cue_only))
    cue_only = {source: [f for f, _ in factors] for source, factors in by_source.items()
                if all(only for _, only in factors)}
    if not cue_only:
        return set()
    learned = load_learned_model()
    backed = learned.supports_cues(text) if learned is not None else None
    if backed is None:
        return set()
    return {factor for source, factors in cue_only.items() if source not in backed for factor in factors}


def _build(text: str, spans: dict[str, list[Span]], model: HarmModel, learned: bool = True) -> Classification:
    sources: list[SourceSuggestion] = []
    order = {s.id: i for i, s in enumerate(model.sources)}
    scores = _suggested_scores(text, spans)
    if learned:
        for factor_id in _cues_without_support(text, spans, set(scores)):
            del scores[factor_id]
    for source in model.sources:
        factors: list[FactorSuggestion] = []
        for factor in source.factors:
            score = scores.get(factor.id)
            if score is None:
                continue
            factor_evidence = spans[factor.id]
            factors.append(FactorSuggestion(
                id=factor.id, label=factor.label, score=score,
                evidence=[Evidence(s.start, s.end, text[s.start:s.end]) for s in factor_evidence]))
        if factors:
            factors.sort(key=lambda f: (-f.score, f.evidence[0].start))
            sources.append(SourceSuggestion(id=source.id, label=source.label,
                                            score=_combine([f.score for f in factors]),
                                            factors=factors))
    if learned:
        sources += _learned(text, {s.id for s in sources}, model)
    sources.sort(key=lambda s: (s.tier != LEXICON, -round(s.score, 6), order[s.id]))
    return Classification(model=model.version, sources=sources)


def _learned(text: str, found: set[str], model: HarmModel) -> list[SourceSuggestion]:
    """Sources only the learned tier sees: weaker, one factor, the sentence they may relate to."""
    learned = load_learned_model()
    if learned is None:
        return []
    out = []
    for hit in learned.suggest(text, skip=found, harm_found=bool(found), quote_outside=law_sections(text)):
        score = round(hit.probability * LEARNED_SCALE, 6)
        factor = model.factor(hit.factor)
        evidence = [Evidence(hit.start, hit.end, text[hit.start:hit.end])]
        out.append(SourceSuggestion(
            id=hit.source, label=model.source(hit.source).label, score=score, tier=LEARNED,
            factors=[FactorSuggestion(id=factor.id, label=factor.label, score=score, evidence=evidence,
                                      tier=LEARNED)]))
    return out


def classify(text: str) -> Classification:
    """Suggested sources of harm in an account, with the person's own words as evidence.

    Lexicon suggestions come first; after them, weaker ones from the learned tier
    (`tier == "learned"`) for sources the lexicon did not find.
    """
    if not isinstance(text, str):
        raise TypeError("classify() takes the account as text (str)")
    with paused_for(text):
        view = normalised_view(text)
        spans, no_fault = _lexicon_spans(text, view)
        return _build(text, spans, load_harm_model(), learned=not no_fault)


def find_evidence(text: str, include_hints: bool = False) -> list[tuple[str, Evidence]]:
    """(factor id, evidence) pairs in text order, for a live highlighter.

    By default only evidence of factors that `classify` would suggest (cue-only
    factors the learned tier does not back are left out, as there); with
    `include_hints`, every match, including lone hints.
    """
    with paused_for(text):
        spans = factor_spans(text)
        if not include_hints:
            shown = set(_suggested_scores(text, spans))
            shown -= _cues_without_support(text, spans, shown)
    out: list[tuple[str, Evidence]] = []
    for factor_id, factor_evidence in spans.items():
        if not include_hints and factor_id not in shown:
            continue
        out.extend((factor_id, Evidence(s.start, s.end, text[s.start:s.end])) for s in factor_evidence)
    out.sort(key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    return out
