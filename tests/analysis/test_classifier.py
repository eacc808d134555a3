"""Suggestions a person would recognise: their own words, the right harm, nothing invented."""
from __future__ import annotations

import pytest

from advocate_app.analysis import classify, find_evidence
from advocate_app.model.harm_model import load_harm_model


def factors(text: str) -> set[str]:
    return classify(text).factor_ids()


def assert_finds(text: str, factor_id: str) -> None:
    result = classify(text)
    assert factor_id in result.factor_ids(), f"{factor_id} not found in {text!r}: {sorted(result.factor_ids())}"
    for source in result.sources:
        for factor in source.factors:
            for ev in factor.evidence:
                assert text[ev.start:ev.end] == ev.text


# How people say it (first person, everyday words) -> the factor an advocate would name.
EVERYDAY = [
    ("They didn't believe me.", "oppressive-culture.12"),
    ("My care coordinator keeps changing.", "lack-of-support.7"),
    ("I had to tell my story again.", "fragmentation.6"),
    ("Nobody listened.", "frontline-practice.3"),
    ("They lost my paperwork.", "bureaucracy.9"),
    ("I was passed from pillar to post.", "fragmentation.1"),
    ("They cut my hours.", "lack-of-support.2"),
    ("He touched me.", "staff-misconduct.1"),
    ("They threatened to section me.", "oppressive-culture.10"),
    ("I never got a reply to my complaint.", "oppressive-culture.9"),
    ("No one told me.", "frontline-practice.3"),
    ("I was discharged from hospital with no support.", "fragmentation.5"),
    ("They said I was not ill enough for the team.", "lack-of-support.11"),
    ("I've had five different social workers in two years.", "lack-of-support.7"),
    ("I have never seen my care plan.", "bureaucracy.6"),
    ("They charged me a top-up fee for the care home.", "lack-of-support.8"),
    ("She shouted at me in front of everyone.", "staff-misconduct.7"),
    ("The carer stole money from my purse.", "staff-misconduct.6"),
    ("They told my landlord about my diagnosis without my consent.", "staff-misconduct.8"),
    ("They treated me like a criminal because of my schizophrenia.", "stigma.1"),
    ("It felt like a tick-box exercise.", "oppressive-culture.7"),
    ("Nobody took responsibility and I never got an apology.", "oppressive-culture.13"),
]


@pytest.mark.parametrize("text, factor_id", EVERYDAY)
def test_everyday_first_person_phrasing(text, factor_id):
    assert_finds(text, factor_id)


# How officials and reporters write it (third person).
OFFICIAL = [
    ("Mrs X complains the Council failed to assess her needs.", "lack-of-support.5"),
    ("The Council delayed in assessing Mr Y's needs for eleven months.", "lack-of-support.4"),
    ("The Ombudsman found fault causing injustice.", "oppressive-culture.17"),
    ("The care provider did not give Mr Y his medication.", "frontline-practice.3"),
    ("The Council failed to liaise with the Trust about Mr Y's discharge.", "fragmentation.1"),
    ("The Council did not give adequate reasons for its decision.", "oppressive-culture.8"),
    ("There was a delay in responding to Mrs X's complaint.", "oppressive-culture.9"),
    ("The Council failed to produce a care and support plan.", "bureaucracy.6"),
    ("The Trust failed to put in place a care package before Mr Y was discharged.", "fragmentation.5"),
    ("A care worker was struck off after stealing from a vulnerable resident.", "staff-misconduct.6"),
    ("A care worker was struck off after stealing from a vulnerable resident.", "staff-misconduct.3"),
    ("The trust admitted failings in her care.", "oppressive-culture.16"),
    ("A nurse was jailed for assaulting a patient.", "staff-misconduct.2"),
    ("Her social worker did not believe her.", "oppressive-culture.12"),
    ("Mr Y's care coordinator kept changing.", "lack-of-support.7"),
    ("The Council did not presume capacity.", "stigma.2"),
    ("The Council failed to consider whether Mr Y needed an independent advocate.", "oppressive-culture.11"),
]


@pytest.mark.parametrize("text, factor_id", OFFICIAL)
def test_official_and_news_third_person_phrasing(text, factor_id):
    assert_finds(text, factor_id)


@pytest.mark.parametrize("text", [
    "The council refused to assess me.",
    "The council keeps refusing to assess me.",
    "The council refuses to assess me.",
])
def test_inflections(text):
    assert_finds(text, "lack-of-support.11")


@pytest.mark.parametrize("text, factor_id", [
    ("The social worker was judgemental.", "frontline-practice.1"),
    ("The social worker was judgmental.", "frontline-practice.1"),
    ("His behaviour towards me was intimidating.", "staff-misconduct.7"),
    ("His behavior toward me was intimidating.", "staff-misconduct.7"),
    ("It is a discriminatory organisation.", "oppressive-culture.3"),
    ("It is a discriminatory organization.", "oppressive-culture.3"),
    ("I felt stigmatised.", "stigma.1"),
    ("I felt stigmatized.", "stigma.1"),
    ("They were so risk-averse.", "oppressive-culture.1"),
    ("The ward was very risk averse.", "oppressive-culture.1"),
    ("My care co-ordinator keeps changing.", "lack-of-support.7"),
    ("My care coordinator keeps changing.", "lack-of-support.7"),
])
def test_british_and_american_spellings(text, factor_id):
    assert_finds(text, factor_id)


@pytest.mark.parametrize("text, factor_id", [
    ("I didn't recieve any support.", "lack-of-support.5"),
    ("They didn't beleive me.", "oppressive-culture.12"),
    ("My concerns were dissmissed.", "frontline-practice.3"),
    ("My apointment was cancelled again and again.", "lack-of-support.4"),
    ("I was scared of being sectioned again.", "oppressive-culture.10"),
    ("They didnt believe me", "oppressive-culture.12"),
    ("nobody listend", "frontline-practice.3"),
    ("the phsychiatrist was judgemental", "frontline-practice.1"),
])
def test_misspellings_and_missing_apostrophes(text, factor_id):
    assert_finds(text, factor_id)


@pytest.mark.parametrize("text, factor_id", [
    ("My social worker shouted at me.", "staff-misconduct.7"),
    ("The CPN shouted at me.", "staff-misconduct.7"),
    ("The AMHP threatened to section me.", "oppressive-culture.10"),
    ("The duty team never called back.", "frontline-practice.2"),
    ("My key worker keeps changing.", "lack-of-support.7"),
    ("The trust lied to us.", "staff-misconduct.6"),
    ("The support worker kept touching me.", "staff-misconduct.1"),
    ("The psychiatrist did not believe me.", "oppressive-culture.12"),
    ("The council cut my care package.", "lack-of-support.2"),
    ("The provider did not give her her insulin.", "frontline-practice.3"),
    ("The nurse hit me.", "staff-misconduct.2"),
    ("The carer slapped her.", "staff-misconduct.2"),
    ("The care worker stole from my mother.", "staff-misconduct.6"),
    ("Staff laughed at me.", "frontline-practice.2"),
])
def test_role_words(text, factor_id):
    assert_finds(text, factor_id)


@pytest.mark.parametrize("first, third, factor_id", [
    ("They didn't believe me.", "They did not believe her.", "oppressive-culture.12"),
    ("I was never offered an advocate.", "Mr Y was never offered an advocate.", "oppressive-culture.11"),
    ("My support was cut.", "Her support was cut.", "lack-of-support.2"),
    ("I had to repeat my story again and again.", "He had to repeat his story again and again.",
     "fragmentation.6"),
    ("They took my phone away.", "They took his phone away.", "frontline-practice.2"),
])
def test_first_and_third_person(first, third, factor_id):
    assert_finds(first, factor_id)
    assert_finds(third, factor_id)


def test_curly_apostrophes_and_odd_spacing_do_not_break_phrases_or_offsets():
    text = "Intro line.\r\n\r\nThey   didn\u2019t\n  BELIEVE   me.\u00a0Then\u2026 nobody \u00a0listened."
    result = classify(text)
    assert {"oppressive-culture.12", "frontline-practice.3"} <= result.factor_ids()
    for source in result.sources:
        for factor in source.factors:
            for ev in factor.evidence:
                assert text[ev.start:ev.end] == ev.text


def test_fancy_and_full_width_letters_still_match():
    assert_finds("\U0001d413\U0001d421\U0001d41e\U0001d432 cut my hours", "lack-of-support.2")
    assert_finds("ｎｏｂｏｄｙ ｌｉｓｔｅｎｅｄ", "frontline-practice.3")


def test_characters_that_change_length_when_case_folded_keep_offsets():
    text = "Die Straße. İ ß ﬁ. They cut my hours. ẞ"
    result = classify(text)
    ev = result.sources[0].factors[0].evidence[0]
    assert text[ev.start:ev.end] == ev.text == "cut my hours"


def test_sources_strongest_first_scores_in_range_only_suggested():
    text = ("My support worker kept touching me. He touched me again and I was sexually assaulted. "
            "They cut my hours.")
    result = classify(text)
    scores = [s.score for s in result.sources]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s < 1 for s in scores)
    assert result.sources[0].id == "staff-misconduct"
    assert result.source_ids() == {"staff-misconduct", "lack-of-support"}
    for source in result.sources:
        assert source.factors, "a suggested source always says which factors"
        for factor in source.factors:
            assert 0.5 <= factor.score < 1
            assert factor.id.startswith(source.id + ".")


def test_model_version_and_labels_come_from_the_harm_model():
    model = load_harm_model()
    result = classify("Nobody listened.")
    assert result.model == model.version == "carr-2025/1"
    source = result.sources[0]
    assert source.label == model.label(source.id)
    assert source.factors[0].label == model.label(source.factors[0].id)


def test_one_hint_alone_is_not_a_suggestion_but_two_are():
    assert "lack-of-support.13" not in factors("It was during lockdown.")
    assert "lack-of-support.9" not in factors("I am lonely.")
    assert "lack-of-support.9" in factors("I am lonely. I feel isolated.")


def test_neutral_accounts_suggest_nothing():
    for text in [
        "My social worker visits every week and helps me with my shopping.",
        "The council assessed me quickly and explained everything. I am happy with my care.",
        "I went to the day centre on Tuesday and had lunch with friends.",
        "",
        "   \n\t ",
    ]:
        assert classify(text).sources == [], text


def test_more_evidence_means_a_stronger_factor():
    one = classify("They cut my hours.").sources[0].factors[0].score
    two = classify("They cut my hours. Then my care package was reduced.").sources[0].factors[0].score
    assert two > one


def test_deterministic():
    text = "They didn't believe me. Nobody listened. They cut my hours and lost my paperwork."
    first = classify(text).to_json()
    for _ in range(3):
        assert classify(text).to_json() == first


def test_find_evidence_matches_classify_and_is_in_text_order():
    text = "They lost my paperwork. Nobody listened. It was during lockdown."
    pairs = find_evidence(text)
    assert [p[0] for p in pairs] == ["bureaucracy.9", "frontline-practice.3"]
    starts = [ev.start for _, ev in pairs]
    assert starts == sorted(starts)
    for factor_id, ev in pairs:
        assert text[ev.start:ev.end] == ev.text
    with_hints = {fid for fid, _ in find_evidence(text, include_hints=True)}
    assert "lack-of-support.13" in with_hints


def test_overlapping_matches_become_one_evidence_span():
    result = classify("Nobody ever listened to me.")
    factor = next(f for s in result.sources for f in s.factors if f.id == "frontline-practice.3")
    assert len(factor.evidence) == 1


def test_non_text_argument_is_a_programming_error():
    with pytest.raises(TypeError):
        classify(b"bytes")  # type: ignore[arg-type]
