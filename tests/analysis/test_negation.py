"""Denied or imagined harms are not suggested; harms whose words include a 'not' still are."""
from __future__ import annotations

import pytest

from advocate_app.analysis import classify, find_evidence
from advocate_app.analysis.negation import clause_before, is_cancelled


def factors(text: str) -> set[str]:
    return classify(text).factor_ids()


def matched_texts(text: str) -> list[str]:
    return [ev.text for _, ev in find_evidence(text, include_hints=True)]


# Each sentence would produce the factor without its negation or hypothetical.
@pytest.mark.parametrize("text, factor_id, without", [
    ("She never shouted at me.", "staff-misconduct.7", "She shouted at me."),
    ("I was not discriminated against.", "stigma.6", "I was discriminated against because of my autism."),
    ("No one ever touched me.", "staff-misconduct.1", "He touched me."),
    ("They didn't fail to assess my needs.", "lack-of-support.5", "They failed to assess my needs."),
    ("I would have complained if I had known how.", "bureaucracy.5",
     "I was too scared to complain."),
    ("The nurse never hit me.", "staff-misconduct.2", "The nurse hit me."),
    ("They did not cut my hours.", "lack-of-support.2", "They cut my hours."),
    ("My care coordinator has not changed.", "lack-of-support.7", "My care coordinator keeps changing."),
    ("I was never threatened with being sectioned.", "oppressive-culture.10",
     "I was threatened with being sectioned."),
    ("Nobody lost my paperwork.", "bureaucracy.9", "They lost my paperwork."),
    ("If they cut my hours I will complain.", "lack-of-support.2", "They cut my hours."),
    ("Unless they cut my hours, I will be fine.", "lack-of-support.2", "They cut my hours."),
    ("I hope they never cut my hours.", "lack-of-support.2", "They cut my hours."),
    ("They would have sectioned me if I had refused.", "oppressive-culture.10",
     "They threatened to section me."),
    ("She didn't really shout at me.", "staff-misconduct.7", "She shouted at me."),
    ("I wasn't ever stigmatised.", "stigma.1", "I felt stigmatised."),
    ("If, after a review, they cut my hours, the council must give reasons.", "lack-of-support.2",
     "After a review they cut my hours."),
    ("I expected to be treated like a criminal, but the nurse was lovely.", "stigma.1",
     "I was treated like a criminal."),
    ("I was scared I'd be seen as attention seeking, but the doctor was kind.", "stigma.6",
     "I was seen as attention seeking."),
    ("I was worried they would cut my hours at the review, but they kept them.", "lack-of-support.2",
     "They cut my hours at the review."),
    ("I was nervous they wouldn't listen, but they did.", "frontline-practice.3",
     "They wouldn't listen."),
    ("I thought they would treat me like a criminal, but the officers were gentle.", "stigma.1",
     "They treated me like a criminal."),
    ("Partners will work together to avoid people falling through the gaps between services.",
     "fragmentation.1", "People are falling through the gaps between services."),
    ("The Ombudsman found no evidence the trust had failed to respond to her.", "frontline-practice.2",
     "The trust failed to respond to her."),
    ("The nurse was cleared of sexually assaulting a patient.", "staff-misconduct.1",
     "The nurse sexually assaulted a patient."),
    ("The staff were non-judgemental and kind.", "frontline-practice.1", "The staff were judgemental."),
    ("Staff were very non judgemental.", "frontline-practice.1", "Staff were very judgemental."),
])
def test_negated_or_hypothetical_phrase_is_not_a_finding(text, factor_id, without):
    assert factor_id in factors(without), f"control sentence must find {factor_id}"
    assert factor_id not in factors(text)


@pytest.mark.parametrize("text", [
    "If they had listened, none of this would have happened.",
    "Had they listened, things would be different.",
    "If they had listened",
    "had they listened",
])
def test_hypothetical_listening_is_no_finding(text):
    assert "frontline-practice.3" not in factors(text)
    assert "oppressive-culture.12" not in factors(text)


@pytest.mark.parametrize("text, factor_id", [
    ("They didn't believe me.", "oppressive-culture.12"),
    ("Nobody listened.", "frontline-practice.3"),
    ("No one told me.", "frontline-practice.3"),
    ("I never got a reply to my complaint.", "oppressive-culture.9"),
    ("No one helped me.", "lack-of-support.5"),
    ("I have not seen my care plan.", "bureaucracy.6"),
    ("They didn't listen to a word I said.", "frontline-practice.3"),
    ("I wasn't believed.", "oppressive-culture.12"),
    ("They never returned my calls.", "frontline-practice.2"),
    ("I didn't know who to contact.", "bureaucracy.3"),
    ("They wouldn't let me see my family.", "frontline-practice.2"),
])
def test_a_phrase_that_contains_its_own_negation_is_still_a_finding(text, factor_id):
    assert factor_id in factors(text)


@pytest.mark.parametrize("text, factor_id", [
    ("I wasn't hit, but he shouted at me.", "staff-misconduct.7"),
    ("She was never rude, and then she shouted at me.", "staff-misconduct.7"),
    ("I don't drink. They said I had to sort out my drinking first anyway.", "bureaucracy.10"),
    ("Nothing was explained; they cut my hours.", "lack-of-support.2"),
    ("I was not told, because they cut my hours without a word.", "lack-of-support.2"),
    ("I had no idea that they had cut my hours.", "lack-of-support.2"),
    ("Not only did they cut my hours, they lost my paperwork.", "lack-of-support.2"),
])
def test_negation_stops_at_the_end_of_its_clause(text, factor_id):
    assert factor_id in factors(text)


def test_counterfactual_with_a_negation_states_a_fact():
    # "if they hadn't cut my hours" means they did cut them
    assert "lack-of-support.2" in factors("If they hadn't cut my hours I would still be coping.")
    assert "lack-of-support.2" in factors("Had they not cut my hours, I would still be coping.")


def test_a_gap_never_skips_a_negation():
    # "kept ... changing" may skip words, but never a "not"
    assert "lack-of-support.7" not in factors("My care coordinator kept not changing.")
    assert "fragmentation.1" not in factors("The council and the trust did not fail to talk to each other.")


def test_negation_far_before_in_the_same_long_clause_does_not_cancel():
    text = "I did not expect that after all these months of waiting the team would cut my hours"
    assert "lack-of-support.2" in factors(text)


def test_clause_before_stops_at_punctuation_and_joining_words():
    view = "i was not hit, but he shouted at me"
    assert clause_before(view, view.index("shouted")).strip() == "he"
    view = "she never shouted at me"
    assert clause_before(view, view.index("shouted")).strip() == "she never"


def test_is_cancelled_on_the_raw_view():
    view = "no one ever touched me"
    assert is_cancelled(view, view.index("touched"))
    view = "they didn't believe me"
    assert not is_cancelled(view, view.index("didn't"))
    assert not is_cancelled("", 0)


def test_negated_evidence_is_not_highlighted_either():
    assert matched_texts("She never shouted at me.") == []
    assert matched_texts("She shouted at me.") == ["She shouted at me"]


def test_the_negation_expressions_from_the_cache_are_the_ones_python_compiles():
    """A new process loads these expressions' programs from the compiled cache; they must behave as re.compile's."""
    import re

    from advocate_app.analysis import negation

    negation._rx.cache_clear()
    negation._rx()                       # stored in the cache, if it was not there yet
    negation._rx.cache_clear()
    cached = vars(negation._rx())        # read back from it
    clauses = ["she never", "if they had", "non-", "Non ", "nobody ever", "I was worried they would",
               "they didn't tell me or", "because", "What if the", "no evidence the council had", ""]
    for name, (source, flags) in {"negated": negation._NEGATED, "hypothetical": negation._HYPOTHETICAL,
                                  "non_prefix": negation._NON_PREFIX, "negated_or": negation._NEGATED_OR,
                                  "last_boundary": negation._LAST_BOUNDARY,
                                  "counterfactual_fact": negation._COUNTERFACTUAL_FACT,
                                  "condition_aside": negation._CONDITION_ASIDE,
                                  "starts_clause": negation._STARTS_CLAUSE}.items():
        fresh = re.compile(source, flags)
        assert cached[name].pattern == fresh.pattern and cached[name].flags == fresh.flags
        for clause in clauses:
            assert bool(cached[name].search(clause)) == bool(fresh.search(clause)), (name, clause)
    assert is_cancelled("she never shouted at me", len("she never "))
    assert is_cancelled("non-judgemental", len("non-"))
