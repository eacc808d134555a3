"""Any text at all: no crash, evidence always points at the person's own characters, same answer twice."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocate_app.analysis import classify, find_evidence
from advocate_app.analysis.normalise import normalised_view
from advocate_app.analysis.safeguarding import detect_abuse_categories

HARM_WORDS = ["they", "didn't", "didn\u2019t", "believe", "me", "nobody", "listened", "cut", "my", "hours",
              "touched", "never", "not", "if", "had", "section", "threatened", "to", "care", "coordinator",
              "keeps", "changing", "the", "council", "failed", "assess", "her", "needs", "and", "but",
              ".", ",", "\n", "\r\n", "  ", "\u00a0", "\u200f", "\u0301", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd",
              "\u0645\u0631\u062d\u0628\u0627", "\u0130", "\u00df", "\ufb01", "STAFF", "Mrs", "X"]

# Arbitrary Unicode (no lone surrogates, which cannot come from a UTF-8 file), plus text
# built from the words the lexicon reacts to, so matches and odd characters meet.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
wordy_text = st.lists(st.sampled_from(HARM_WORDS), max_size=60).map(" ".join)
mixed = st.one_of(any_text, wordy_text,
                  st.tuples(wordy_text, any_text, wordy_text).map(lambda t: "".join(t)))

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans(result):
    for source in result.sources:
        for factor in source.factors:
            yield from factor.evidence


@FAST
@given(mixed)
def test_classify_never_fails_and_evidence_is_the_input_slice(text):
    result = classify(text)
    for ev in _spans(result):
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text
    assert all(0 < s.score < 1 for s in result.sources)
    assert [s.score for s in result.sources] == sorted((s.score for s in result.sources), reverse=True)


@FAST
@given(mixed)
def test_same_text_same_answer(text):
    assert classify(text).to_json() == classify(text).to_json()


@FAST
@given(mixed)
def test_find_evidence_spans_are_slices_in_order(text):
    pairs = find_evidence(text, include_hints=True)
    assert [p[1].start for p in pairs] == sorted(p[1].start for p in pairs)
    for _, ev in pairs:
        assert text[ev.start:ev.end] == ev.text


@FAST
@given(mixed)
def test_safeguarding_never_fails_and_points_at_the_text(text):
    for category in detect_abuse_categories(text):
        assert category.by
        for ev in category.evidence:
            assert text[ev.start:ev.end] == ev.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_normalised_view_has_the_same_length(text):
    assert len(normalised_view(text)) == len(text)


@FAST
@given(wordy_text, st.sampled_from(["\u2019", "'", "`"]), st.sampled_from([" ", "  ", "\n", "\r\n", "\u00a0"]))
def test_apostrophes_and_spacing_do_not_change_the_findings(words, apostrophe, space):
    base = "They didn't believe me and they cut my hours. " + words
    variant = base.replace("'", apostrophe).replace(" ", space)
    assert classify(variant).factor_ids() >= {"oppressive-culture.12", "lack-of-support.2"}


def test_evidence_after_characters_that_fold_to_two_letters():
    text = "\u00df\u0130\ufb01 " * 50 + "They cut my hours."
    ev = next(_spans(classify(text)))
    assert text[ev.start:ev.end] == "cut my hours"
