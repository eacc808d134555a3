"""A suggestion resting on sentence cues alone needs the learned tier's backing on an account it can read.

Why: a cue (a topic word and a problem word in one sentence) is the lexicon's
loosest evidence, right less than half the time on real training accounts. On
an account of 50 words or more the learned tier reads the whole account; when
it sees no harm there, a cue-only suggestion is set aside. A phrase is never
set aside, nor anything in an account too short for the tier to read. Misconduct
by staff resting on cues alone follows the same rule, and a possible abuse
still reaches the advocate through the safeguarding categories.
"""
from __future__ import annotations

from advocate_app.analysis import classify, find_evidence
from advocate_app.analysis.classifier import _cues_without_support, factor_spans
from advocate_app.analysis.learned import MIN_WORDS, load_learned_model
from advocate_app.analysis.safeguarding import detect_abuse_categories
from advocate_app.analysis.scoring import Span

CUE = "When I first came into the hospital I was scared and could not feel anything."
PHRASE = "Once a doctor threatened to section me if I did not take my tablets."
ASSAULT_BY_A_PARTNER = "Before I was admitted, my ex-partner dragged me across the kitchen while the carers were away."
GOOD_CARE = (" The nurses sat with me every evening and explained each step of my care. My named nurse"
             " helped me plan my discharge with my family, and the team arranged my flat and a support"
             " worker before I left. I felt listened to and I still go to the recovery college every week.")


def _sources(text: str) -> set[str]:
    return {s.id for s in classify(text).sources}


def test_the_cue_alone_is_only_a_cue():
    spans = factor_spans(CUE + GOOD_CARE)
    assert {f: {s.kind for s in e} for f, e in spans.items()} == {"oppressive-culture.10": {"cue"}}


def test_a_short_account_keeps_its_cue_suggestion():
    assert len(CUE.split()) < MIN_WORDS
    assert load_learned_model().supports_cues(CUE) is None
    assert "oppressive-culture" in _sources(CUE)
    assert [f for f, _ in find_evidence(CUE)] == ["oppressive-culture.10"]


def test_a_long_account_of_good_care_sets_the_unbacked_cue_aside_everywhere():
    text = CUE + GOOD_CARE
    assert len(text.split()) >= MIN_WORDS
    assert _sources(text) == set()
    assert find_evidence(text) == []                       # the highlighter agrees with the suggestions
    assert [f for f, _ in find_evidence(text, include_hints=True)] == ["oppressive-culture.10"]


def test_a_phrase_is_never_set_aside():
    text = PHRASE + GOOD_CARE
    assert "oppressive-culture" in _sources(text)


def test_misconduct_by_staff_resting_on_a_cue_needs_the_same_backing():
    text = CUE + GOOD_CARE
    spans = {"staff-misconduct.2": [Span(0, 20, 0.55, "cue")],
             "oppressive-culture.10": [Span(21, 40, 0.55, "cue")]}
    assert _cues_without_support(text, spans, set(spans)) == {"staff-misconduct.2", "oppressive-culture.10"}


def test_an_assault_by_a_partner_is_not_suggested_as_misconduct_by_staff_but_is_still_raised_for_safeguarding():
    text = ASSAULT_BY_A_PARTNER + GOOD_CARE
    assert {f: {s.kind for s in e} for f, e in factor_spans(text).items()} == {"staff-misconduct.2": {"cue"}}
    assert "staff-misconduct" not in _sources(text)
    assert "physical" in {c.id for c in detect_abuse_categories(text)}


def test_one_phrase_keeps_every_factor_of_its_source():
    text = CUE + GOOD_CARE
    spans = {"oppressive-culture.10": [Span(0, 20, 0.55, "cue")],
             "oppressive-culture.9": [Span(21, 40, 0.75, "phrase")]}
    assert _cues_without_support(text, spans, set(spans)) == set()
