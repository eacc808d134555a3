"""Learned suggestions are kept apart from the lexicon's: weaker, and never more than a suggestion."""
from __future__ import annotations

from advocate_app.analysis.types import LEARNED, Classification, FactorSuggestion, SourceSuggestion
from advocate_app.model.case import Finding
from advocate_app.model.evidence import Evidence
from advocate_app.model.findings import TIER, is_learned, merge_suggestions

ACCOUNT = "Nobody rang me back. The council took four months to decide anything about my support."


def _classification() -> Classification:
    rang = ACCOUNT.index("Nobody rang me back")
    sentence = ACCOUNT.index("The council took")
    return Classification("test/1", [
        SourceSuggestion("frontline-practice", "x", 0.8, [FactorSuggestion(
            "frontline-practice.3", "x", 0.8, [Evidence(rang, rang + 19, "Nobody rang me back")])]),
        SourceSuggestion("bureaucracy", "x", 0.3, [FactorSuggestion(
            "bureaucracy.8", "x", 0.3, [Evidence(sentence, len(ACCOUNT), ACCOUNT[sentence:])], tier=LEARNED)],
            tier=LEARNED),
    ])


def test_a_learned_suggestion_is_marked_weaker_and_a_lexicon_one_is_not():
    findings = {f.id: f for f in merge_suggestions([], _classification(), ACCOUNT)}
    assert is_learned(findings["bureaucracy.8"]) and findings["bureaucracy.8"].extra[TIER] == "learned"
    assert not is_learned(findings["frontline-practice.3"])
    assert findings["bureaucracy.8"].evidence[0].text == ACCOUNT[ACCOUNT.index("The council took"):]


def test_once_the_person_confirms_it_it_is_their_finding_not_a_weaker_suggestion():
    confirmed = Finding("bureaucracy.8", "confirmed", extra={TIER: "learned"})
    out = {f.id: f for f in merge_suggestions([confirmed], _classification(), ACCOUNT)}
    assert not is_learned(out["bureaucracy.8"])
