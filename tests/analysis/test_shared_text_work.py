"""Work shared between the matcher runs over one text must never change what they find.

Why these checks: a plan runs the harm and safeguarding lexicons over the same
account, sharing one word index, one set of negation answers and the last
answer of each matcher; the learned tier counts features per distinct word.
Each shortcut must give exactly what the plain computation gives.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from advocate_app.analysis import negation
from advocate_app.analysis.agents import PARTY_PREFIX, party_hits
from advocate_app.analysis.learned import feature_counts, features
from advocate_app.analysis.lexicon import load_safeguarding_lexicon
from advocate_app.analysis.matcher import Matcher
from advocate_app.analysis.normalise import normalised_view

ACCOUNTS = sorted((Path(__file__).resolve().parents[1] / "data" / "accounts").glob("*.txt"))[:40]
TEXTS = [p.read_text(encoding="utf-8") for p in ACCOUNTS] + [
    "My son took her pension. He shouted at me. The carer never hit me, but my partner did.",
    "They didn't believe me and didn\u2019t ring back.",
]


def _key(hits):
    return sorted((h.rule.target, h.rule.pattern, h.start, h.end) for h in hits)


def test_feature_counts_are_the_counted_features_in_the_same_order():
    for text in TEXTS:
        counted = Counter(features(text))
        assert feature_counts(text) == dict(counted)
        assert list(feature_counts(text)) == list(counted)


def test_party_words_from_the_safeguarding_pass_are_those_a_party_matcher_finds():
    lexicon = load_safeguarding_lexicon()
    parties_only = Matcher([r for r in lexicon.matcher.rules if r.target.startswith(PARTY_PREFIX)],
                           lexicon.matcher.codes)
    for text in TEXTS:
        view = normalised_view(text)
        assert _key(party_hits(text, view)) == _key(parties_only.find(text, view))


def test_a_matcher_asked_again_about_the_same_text_answers_the_same_and_its_answer_cannot_be_changed():
    matcher = load_safeguarding_lexicon().matcher
    text = TEXTS[-2]
    first = matcher.find(text)
    first.clear()
    again = matcher.find(text[:])
    fresh = Matcher(matcher.rules, matcher.codes).find(text)
    assert again and _key(again) == _key(fresh)


def test_remembered_negation_answers_are_the_computed_ones():
    negation._memo.clear()
    for text in TEXTS:
        view = normalised_view(text)
        for start in range(0, len(view), 7):
            assert negation.is_cancelled(view, start) == negation._is_cancelled(view, start)
            assert negation.is_cancelled(view, start) == negation._is_cancelled(view, start)
