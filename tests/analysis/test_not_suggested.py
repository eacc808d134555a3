"""Words borrowed by an account of good care are noticed, not suggested; the one real harm in it still is.

Why: real accounts of care that went well use the words complaints use ("my
consultant is always aware of the power imbalance"). When the learned tier
reads the whole account as good or ordinary care, and the sentence holding
the words does not read as harm on its own either, the lexicon's suggestion is
not offered. It is kept in `not_suggested`, so the wizard can show it and the
advocate can still add it: nothing the person said is hidden.
"""
from __future__ import annotations

import json

from advocate_app.analysis import classify, find_evidence
from advocate_app.analysis.classifier import _reads_as_no_harm
from advocate_app.analysis.command import format_human
from advocate_app.analysis.learned import MIN_WORDS, load_learned_model
from advocate_app.analysis.scoring import Span

GOOD_CARE = (" The nurses sat with me every evening and explained each step of my care. My named nurse"
             " helped me plan my discharge with my family, and the team arranged my flat and a support"
             " worker before I left. I felt listened to and I still go to the recovery college every week.")
BORROWED = "My consultant is always aware of the power imbalance between us, and he asks what I think."
THREAT = "Once a doctor threatened to section me if I did not take my tablets."


def test_a_borrowed_phrase_in_an_account_of_good_care_is_noticed_not_suggested():
    text = BORROWED + GOOD_CARE
    result = classify(text)
    assert result.sources == []
    [source] = result.not_suggested
    assert source.id == "oppressive-culture"
    assert [e.text for f in source.factors for e in f.evidence] == ["power imbalance"]
    assert find_evidence(text) == []                              # the underlining agrees
    assert [f for f, _ in find_evidence(text, include_hints=True)] == ["oppressive-culture.2"]


def test_the_same_words_in_an_account_of_harm_are_suggested():
    text = BORROWED.replace("and he asks what I think", "and he never asks what I think") + (
        " On the ward the staff shouted at me, locked me in my room and told me I was attention seeking."
        " Nobody explained my rights and my discharge was cancelled twice without telling my mum.")
    result = classify(text)
    assert "oppressive-culture" in {s.id for s in result.sources}
    assert result.not_suggested == []


def test_the_one_harm_in_an_account_of_good_care_is_still_suggested():
    text = THREAT + GOOD_CARE
    assert load_learned_model().reads_as_no_harm(text)           # the account as a whole reads as good care
    result = classify(text)
    assert "oppressive-culture" in {s.id for s in result.sources}  # ... but the threat's sentence reads as harm
    assert result.not_suggested == []


def test_an_account_too_short_to_read_as_a_whole_keeps_its_suggestion():
    assert len(BORROWED.split()) < MIN_WORDS
    result = classify(BORROWED)
    assert "oppressive-culture" in {s.id for s in result.sources}
    assert result.not_suggested == []


def test_a_possible_abuse_by_staff_is_never_withheld():
    text = BORROWED + GOOD_CARE
    spans = {"staff-misconduct.2": [Span(0, 20, 0.75, "phrase")],
             "oppressive-culture.2": [Span(text.index("power"), text.index("power") + 15, 0.75, "phrase")]}
    assert _reads_as_no_harm(text, spans, set(spans)) == {"oppressive-culture.2"}


def test_the_json_and_the_plain_text_say_what_was_noticed_and_why():
    text = BORROWED + GOOD_CARE
    result = classify(text)
    data = json.loads(json.dumps(result.to_json()))
    assert data["sources"] == []
    assert data["not_suggested"][0]["factors"][0]["evidence"][0]["text"] == "power imbalance"
    human = format_human(result)
    assert "No sources of harm were suggested" in human
    assert "Noticed but not suggested" in human and "\u201cpower imbalance\u201d" in human


def test_an_account_far_longer_than_any_it_was_checked_on_is_not_read_as_a_whole():
    from advocate_app.analysis.learned import NO_HARM_UP_TO_WORDS

    text = (BORROWED + GOOD_CARE) * (2 * NO_HARM_UP_TO_WORDS // len((BORROWED + GOOD_CARE).split()))
    assert len(text.split()) > 1.5 * NO_HARM_UP_TO_WORDS
    assert not load_learned_model().reads_as_no_harm(text)
    assert "oppressive-culture" in {s.id for s in classify(text).sources}
