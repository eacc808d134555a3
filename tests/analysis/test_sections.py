"""Parts of a decision that state the law or the ombudsman's powers give no evidence.

Why: every full ombudsman decision explains its powers and the law in the words
of the harms it is about; read as evidence, they added suggestions to decisions
about something else entirely (docs/suggestion-quality.md).
"""
from __future__ import annotations

from advocate_app.analysis import classify, find_evidence
from advocate_app.analysis import classifier
from advocate_app.analysis.sections import law_sections

SUMMARY = ("Summary: The Council delayed completing Mr B's care and support plan for eight months after "
           "his discharge from hospital. That was fault. The Council has agreed to apologise and pay Mr B £300.\n")
POWERS = ("The Ombudsman\u2019s role and powers\n"
          "- We investigate complaints of injustice caused by 'maladministration' and 'service failure'. "
          "Service failure can happen when an organisation fails to provide a service as it should have done. "
          "We do not need to show any blame, intent, flawed policy or process, or bad faith.\n"
          "How I considered this complaint\n"
          "- I considered evidence provided by the Council and Mr B, relevant law, policy and guidance.\n")
LAW = ("What I found\n"
       "Law, guidance and policies:\n"
       "Care Act 2014\n"
       "- Councils must carry out an assessment of anyone who appears to require care and support. "
       "A failure to carry out an assessment, or a delay in doing so, may be fault.\n"
       "- Councils must make safeguarding enquiries if they suspect an adult is at risk of abuse or neglect.\n")
HAPPENED = ("What happened\n"
            "- Mr B told his social worker he had no food. Nobody visited him for six weeks.\n")


def test_the_powers_and_law_parts_are_found_and_what_happened_is_not():
    text = SUMMARY + POWERS + LAW + HAPPENED
    parts = [text[a:b] for a, b in law_sections(text)]
    assert len(parts) == 2
    assert parts[0].startswith("The Ombudsman\u2019s role and powers") and parts[0].endswith("guidance.\n")
    assert parts[1].startswith("Law, guidance and policies:") and "Care Act 2014" in parts[1]
    assert "Nobody visited him" not in "".join(parts) and "Summary" not in "".join(parts)


def test_a_text_without_headings_has_no_law_parts():
    one_line = "The law says they must assess me. They never did, and nobody explained why."
    assert law_sections(one_line) == ()


def test_a_heading_that_names_no_law_ends_the_part():
    text = "The law\nCouncils must assess need.\nMental Health Act 1983\nAftercare is free.\nMy story\nNobody came.\n"
    (start, end), = law_sections(text)
    assert text[start:end] == "The law\nCouncils must assess need.\nMental Health Act 1983\nAftercare is free.\n"


def test_no_evidence_is_read_in_the_law_or_powers():
    text = SUMMARY + POWERS + LAW
    assert classify(SUMMARY).sources, "the summary alone shows a harm"
    lexicon = [s for s in classify(text).sources if s.tier == "lexicon"]
    assert lexicon and all(e.start < len(SUMMARY) for s in lexicon for f in s.factors for e in f.evidence)
    assert all(e.start < len(SUMMARY) for _, e in find_evidence(text, include_hints=True))
    assert [s.id for s in lexicon] == [s.id for s in classify(SUMMARY).sources if s.tier == "lexicon"]


def test_a_learned_suggestion_never_quotes_the_law(monkeypatch):
    """The tiny model's cue words ("purple giraffe") are in the law part and in what happened: it quotes what happened."""
    from tests.analysis.test_learned import tiny_model
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    law = "Law and guidance\nCare Act 2014\n- A purple giraffe duty applies to councils in general terms here.\n"
    happened = "What happened\n- Mr B was told his purple giraffe would go, and it went the next week.\n"
    text = SUMMARY + law + happened + "He lives alone in a flat near the park and likes to walk there on Sundays.\n"
    quoted = [e.text for s in classify(text).sources if s.id == "stigma" for f in s.factors for e in f.evidence]
    assert quoted == ["Mr B was told his purple giraffe would go, and it went the next week."]


def test_what_happened_after_the_law_is_still_read():
    text = SUMMARY + POWERS + LAW + HAPPENED
    evidence = [e.text for _, e in find_evidence(text, include_hints=True)]
    assert any("Nobody visited him" in t or "no food" in t for t in evidence), evidence


def test_a_persons_own_heading_about_what_should_have_happened_is_read():
    text = ("What should have happened\n"
            "My social worker should have told me about the meeting. Nobody told me and they decided without me.\n")
    assert law_sections(text) == ()
    assert classify(text).sources


def test_a_broken_sections_file_says_which_file(monkeypatch, tmp_path):
    import pytest

    from advocate_app.analysis import sections
    from advocate_app.analysis.lexicon import LexiconError
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "sections.toml").write_text("[law]\nstarts = [", encoding="utf-8")
    monkeypatch.setattr(sections, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    sections.section_rules.cache_clear()
    try:
        with pytest.raises(LexiconError, match="sections.toml"):
            sections.section_rules()
    finally:
        sections.section_rules.cache_clear()


def test_an_excerpt_that_stops_mid_sentence_stays_in_its_part():
    text = ("The Ombudsmen’s role and powers\n\n  1. The Ombudsmen have the power to consider complaints.\n"
            "  2. The Ombudsmen investigate complaints about maladministration and service failure. We u")
    assert law_sections(text) == ((0, len(text)),)


def test_the_persons_story_under_a_law_heading_is_still_read():
    """An advocate's notes may put the story under "The law": the first line about someone ends the part."""
    text = ("The law\nUnder the Care Act 2014 councils must assess anyone who appears to need care and support.\n"
            "My social worker never came. Nobody assessed me for six months and I was left without support.\n")
    (start, end), = law_sections(text)
    assert text[start:end].startswith("The law") and "My social worker" not in text[start:end]
    assert classify(text).sources
    notes = "Law and guidance\nCouncils must assess need.\nMr B was not assessed for six months.\n"
    (start, end), = law_sections(notes)
    assert "Mr B" not in notes[start:end]


def test_how_the_ombudsman_worked_names_people_and_stays_one_part():
    text = ("How I considered this complaint\n- I spoke to Mr B and read my notes of the call.\n"
            "- I considered the Council's comments on my draft decision.\nWhat happened\n- Nobody visited.\n")
    (start, end), = law_sections(text)
    assert text[start:end].endswith("my draft decision.\n")
