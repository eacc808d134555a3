"""The sentence cue layer: finds harms said in words no phrase lists, and not denied ones."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.analysis import classify
from advocate_app.analysis.cues import build_cue_set, cue_hits

RECORDS = ("When I got my discharge letter I saw that the notes say I was aggressive to staff. "
           "That is not true. A nurse told me the entries were copied forward from another "
           "patient's notes. Now the crisis team said I am a risk.")


def _factors(text: str) -> set[str]:
    return {h.factor for h in cue_hits(text)}


@pytest.mark.parametrize("text, factor", [
    ("They wrote things in my file that weren't true.", "lack-of-support.6"),
    ("Mr X says the assessment recorded information that was inaccurate.", "lack-of-support.6"),
    ("I read my records. Half of it was made up.", "lack-of-support.6"),
    ("The nurse falsified the observation records after the patient died.", "staff-misconduct.4"),
    ("I was passed between the council and the trust for months.", "fragmentation.1"),
    ("My son fell through the gaps between services.", "fragmentation.1"),
    ("She was discharged from hospital with no support in place.", "fragmentation.5"),
    ("The Council delayed completing her reassessment by eleven months.", "bureaucracy.8"),
    ("The Council's decision making about his charges was not recorded anywhere.", "bureaucracy.9"),
    ("I have never seen the care plan they wrote for me.", "bureaucracy.6"),
    ("The care worker slapped my mother.", "staff-misconduct.2"),
    ("A mental health nurse was struck off after mocking patients.", "staff-misconduct.3"),
    ("My worker was rude and dismissive when I asked for help.", "frontline-practice.1"),
    ("Nobody rang me back, the staff just never returned my calls.", "frontline-practice.2"),
    ("The social worker did not listen to anything I said.", "frontline-practice.3"),
    ("They decided I was dangerous because of my diagnosis.", "stigma.1"),
])
def test_cues_find_harm_in_new_wordings(text: str, factor: str) -> None:
    assert factor in _factors(text)


@pytest.mark.parametrize("text, factor", [
    ("The notes were never wrong about me.", "lack-of-support.6"),
    ("If the records had been inaccurate I would have complained.", "lack-of-support.6"),
    ("My care plan is clear and I have a copy.", "lack-of-support.6"),
    ("My care plan is clear and I have a copy.", "bureaucracy.6"),
    ("The care worker never slapped anyone.", "staff-misconduct.2"),
    ("The council and the trust work well together.", "fragmentation.1"),
    ("The staff were kind and always rang me back.", "frontline-practice.2"),
    # the opposite of the harm, a praising sentence, a sanction on a worker, a person's lie
    ("She had read my notes so I didn't have to explain everything again.", "fragmentation.6"),
    ("My social worker was really helpful and sorted it the same day, nobody rang me twice.",
     "frontline-practice.2"),
    ("A care home manager has been banned from working with vulnerable adults.", "frontline-practice.2"),
    ("She forged signatures on the records and lied to inspectors.", "lack-of-support.6"),
])
def test_cues_ignore_denied_imagined_or_neutral(text: str, factor: str) -> None:
    assert factor not in _factors(text)


@pytest.mark.parametrize("text, factor", [
    ("I had to explain everything again to someone new.", "fragmentation.6"),
    ("My worker is lovely but nobody rang me back for a month.", "frontline-practice.2"),
    ("The nurse banned me from using the phone.", "frontline-practice.2"),
    ("My notes are full of lies.", "lack-of-support.6"),
])
def test_exclusions_leave_the_harm_itself(text: str, factor: str) -> None:
    assert factor in _factors(text)


def test_words_the_phrase_lexicon_explained_are_not_a_second_cue() -> None:
    # "shouted at me" is the lexicon's intimidation phrase: the cue layer must not add another factor
    text = "She shouted at me."
    assert "frontline-practice.2" in _factors(text)
    assert classify(text).factor_ids() == {"staff-misconduct.7"}
    assert cue_hits(text, covered=[(4, 17)]) == []


def test_records_case_is_suggested_with_checkable_evidence() -> None:
    result = classify(RECORDS)
    assert {"lack-of-support.6", "staff-misconduct.4", "stigma.1"} <= result.factor_ids()
    for source in result.sources:
        for factor in source.factors:
            for ev in factor.evidence:
                assert ev.text == RECORDS[ev.start:ev.end] and ev.text == ev.text.strip()


def test_cue_only_suggestion_ranks_below_a_phrase() -> None:
    hits = cue_hits(RECORDS)
    assert hits and all(h.weight < 0.75 for h in hits)


def test_no_fault_decision_gets_no_cue_suggestion() -> None:
    text = ("Mrs X complains the Council delayed her reassessment. "
            "We found no fault by the Council.")
    assert "bureaucracy.8" not in classify(text).factor_ids()


def test_bad_cue_data_is_refused() -> None:
    with pytest.raises(ValueError):
        build_cue_set([{"factor": {"x.1": {"topic": ["ab*"], "problem": ["wrong"]}}}])
    with pytest.raises(ValueError):
        build_cue_set([{"factor": {"x.1": {"topic": ["notes"]}}}])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode_keeps_offsets(text: str) -> None:
    for hit in cue_hits(text + " " + RECORDS):
        full = text + " " + RECORDS
        assert 0 <= hit.start < hit.end <= len(full)
        assert full[hit.start:hit.end].strip() == full[hit.start:hit.end]


def test_cost_grows_linearly() -> None:
    """Not a wall-clock limit: the per-word cost at 10x the length stays within 3x."""
    def per_word(n: int) -> float:
        text = (RECORDS + " I went to the shops on Monday with my sister. ") * n
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            cue_hits(text)
            best = min(best, time.perf_counter() - t0)
        return best / len(text.split())
    per_word(5)
    assert per_word(2000) < 3 * per_word(200)


def test_cue_terms_compiled_from_the_cache_or_on_first_use_are_the_terms_python_compiles() -> None:
    """Terms compile lazily from cached programs; the wizard's warm-up compiles them all ahead."""
    import re

    from advocate_app.analysis.cues import load_cue_set

    cues = load_cue_set()
    cues.compile_all()
    terms = cues.terms()
    assert len(terms) > 1000
    text = " they wouldn't listen to me and the waiting list was closed "
    for term in terms:
        fresh = re.compile(term.view_source)
        assert term.in_view.pattern == fresh.pattern
        assert [m.span() for m in term.in_view.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        assert (term.pattern is None) == (term.pattern_source is None)


def test_the_cue_set_kept_in_the_cache_is_the_one_its_files_give() -> None:
    """A new process builds its cue set from the cache's plain data, not from the files: they must agree."""
    from advocate_app.analysis.cues import load_cue_set
    from advocate_app.resources import read_toml, resource_path

    files = sorted(resource_path("lexicon", "cues").glob("*.toml"))
    built = build_cue_set([read_toml("lexicon", "cues", p.name) for p in files])
    load_cue_set.cache_clear()
    load_cue_set()                      # stored in the cache, if it was not there yet
    load_cue_set.cache_clear()
    cached = load_cue_set()             # read back from it
    assert cached == built
    assert len(cached.rules) > 30 and len(cached.terms()) > 1000
    assert cue_hits("The social worker wrote things in my records that were untrue.")
