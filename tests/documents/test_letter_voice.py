"""Letters as the complaints officer and the person read them: built from the real plan of each sample
case, checked on the text a reader sees (names, pronouns, lateness, law, dates, the reply)."""
from __future__ import annotations

import datetime as dt

import dataclasses
import io
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import BulletList, Heading, Paragraph
from advocate_app.documents.pdf import render_pdf
from advocate_app.routes import plan_case
from tests.documents.helpers import CASES, TODAY, load_sample, pdf_text


def letter(case, route_id: str):
    return letter_for_route(case, route_id, plan=plan_case(case, TODAY), today=TODAY)


def body(doc) -> str:
    """What the reader reads between 'Dear ...' and the sign-off."""
    runs = []
    for block in doc.blocks:
        runs += block.items if isinstance(block, BulletList) else [getattr(block, "text", "")]
    return "\n".join(runs)


def law_points(doc) -> list[str]:
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.text == "The law this letter relies on":
            return blocks[i + 1].items
    return []


# ---------------------------------------------------------------- names and pronouns

def test_with_pronouns_the_full_name_is_not_repeated_through_the_letter():
    doc = letter(load_sample("sexual-misconduct"), "complaint-provider")
    text = body(doc)
    assert text.count("Amira Haddad") == 1, "named in full once, in the opening"
    assert len(re.findall(r"\bAmira\b", text)) <= 6
    assert "and a copy to her." in text
    assert "If you contact her directly, please follow her preferences:" in text
    assert "In her own words:" in text and "Her account shows:" in text
    assert "She has also asked me to raise a safeguarding concern" in text


def test_without_pronouns_no_pronoun_is_guessed_and_the_name_is_not_everywhere():
    doc = letter(load_sample("council-complaint-unsatisfied"), "ombudsman-lgsco")
    text = body(doc)
    assert not re.search(r"\b(she|her|he|him|his)\b", text, re.IGNORECASE)
    assert "a copy to Lee Kowalski" in text
    assert "If you contact Lee Kowalski directly, please follow these preferences:" in text
    assert "The person I support first knew about these events on 9 March 2026" in text
    assert "The person I support has already given a full account of what happened" in text
    assert text.count("Lee Kowalski") <= 8, text.count("Lee Kowalski")


def test_they_them_agree_with_their_verbs():
    text = body(letter(load_sample("late-complaint"), "safeguarding-concern"))
    assert "of what they have told me" in text
    assert "They want this concern to be raised and have given consent." in text
    assert "there is no assessment showing that they lack capacity" in text.lower()
    assert "they cannot protect themselves from this" in text


@pytest.mark.parametrize("pronouns", ["xe/xem", "", "  "])
def test_pronouns_the_letters_do_not_know_fall_back_to_the_name(pronouns):
    case = load_sample("records")
    case.person = dataclasses.replace(case.person, pronouns=pronouns)
    text = body(letter(case, "subject-access")).replace(case.person.reasonable_adjustments, "")
    assert not re.search(r"\b(he|him|his|xe|xem)\b", text)
    assert "all the personal data you hold about Daniel Okafor" in text


def test_the_person_writing_for_themself_says_i():
    case = load_sample("records")
    case.advocate = dataclasses.replace(case.advocate, name=None)
    text = body(letter(case, "rectification")).replace(case.person.reasonable_adjustments, "")
    assert "personal data about me in your records" in text
    assert "add my own statement to the record" in text
    assert not re.search(r"\b(he|him|his)\b", text)


# ---------------------------------------------------------------- a late complaint

def test_a_late_complaint_explains_why_now_and_asks_for_discretion():
    doc = letter(load_sample("late-complaint"), "complaint-nhs")
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == "Why this complaint is made now", "the threshold question comes before the facts"
    text = body(doc)
    assert "more than 12 months after the events it describes, the latest of which was on 15 August 2025" in text
    assert "regulation 12 of the 2009 Regulations does not apply if the person complaining had good reasons" in text
    assert "They did not complain sooner: they were still detained on the ward" in text
    assert ("I believe it is still possible to investigate the complaint effectively and fairly: the ward keeps "
            "restraint and incident records") in text
    assert "I ask you to use your discretion to consider this complaint." in text
    assert any("regulation 12" in c for c in doc.checks), "the rule rests on a secondary source: the advocate is told"


def test_a_late_complaint_without_a_reason_still_asks_and_tells_the_advocate_what_to_add():
    case = load_sample("late-complaint")
    case.facts = dataclasses.replace(case.facts, late_reason=None, late_fair_investigation=None)
    doc = letter(case, "complaint-nhs")
    text = body(doc)
    assert "I can explain the reasons for the delay if that would help." in text
    assert "should be recorded in your own files" in text
    assert any(c.startswith("Add:") and "late_reason" in c for c in doc.checks)


def test_late_from_first_knowledge_says_so():
    case = load_sample("late-complaint")
    case.facts = dataclasses.replace(case.facts, latest_event=None, first_event=None,
                                     became_aware=TODAY.replace(year=2025, month=9, day=1))
    text = body(letter(case, "complaint-nhs"))
    assert "more than 12 months after 1 September 2025, when Jordan Price first knew about these events" in text


def test_only_the_older_events_being_late_is_said_as_such():
    case = load_sample("late-complaint")
    case.facts = dataclasses.replace(case.facts, latest_event=TODAY.replace(month=10, day=1))
    text = body(letter(case, "complaint-nhs"))
    assert "Some of the events in this complaint, from 14 August 2025, happened more than 12 months ago." in text
    assert "I ask you to use your discretion to consider these earlier events as part of it." in text


def test_a_complaint_in_time_says_nothing_about_lateness():
    doc = letter(load_sample("sexual-misconduct"), "complaint-council")
    assert "Why this complaint is made now" not in [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert not any("regulation 12" in c for c in doc.checks)


def test_an_ombudsman_complaint_out_of_time_asks_the_ombudsman_to_accept_it():
    case = load_sample("council-complaint-unsatisfied")
    case.facts = dataclasses.replace(case.facts, became_aware=TODAY.replace(year=2025, month=6, day=2))
    case.facts.late_reason = "they were waiting for the council's final response"
    text = body(letter(case, "ombudsman-lgsco"))
    assert "more than 12 months after 2 June 2025, when Lee Kowalski first knew about the matter" in text
    assert "The Ombudsman may still accept it if there is good reason." in text
    assert "first knew about these events on" not in text, "no claim that it is in time"


# ---------------------------------------------------------------- the law a letter states

@pytest.mark.parametrize("name, route_id", [
    ("sexual-misconduct", "complaint-council"), ("sexual-misconduct", "complaint-provider"),
    ("sexual-misconduct", "police-report"), ("records", "subject-access"), ("records", "rectification"),
    ("s117-topup", "charging-challenge"), ("council-complaint-unsatisfied", "ombudsman-lgsco"),
    ("council-complaint-unsatisfied", "assessment-request"), ("late-complaint", "complaint-nhs"),
])
def test_the_law_section_names_duties_in_sentences_each_with_its_citation(name, route_id):
    points = law_points(letter(load_sample(name), route_id))
    assert points, "a letter names the duty it relies on"
    for point in points:
        assert re.search(r"\b(must|right|offence|no power|may)\b", point), point
        assert re.search(r"\((.+ (Act|Regulations|GDPR|UKHL).*)\)\.$", point), point


def test_police_letter_about_sexual_touching_cites_the_sexual_offence():
    doc = letter(load_sample("sexual-misconduct"), "police-report")
    points = law_points(doc)
    assert len(points) == 1 and "may amount to this offence" in points[0] and "Sexual Offences Act 2003 s3" in points[0]
    text = doc.plain_text()
    assert "Mental Capacity Act" not in text and "s127" not in text
    assert "What Amira would like to happen" not in [b.text for b in doc.blocks if isinstance(b, Heading)], \
        "outcomes meant for the provider and the council are not put to the police"


def test_cqc_letter_does_not_cite_the_mental_health_act_for_someone_not_detained():
    doc = letter(load_sample("sexual-misconduct"), "regulator-cqc")
    assert "Mental Health Act" not in doc.plain_text()


# ---------------------------------------------------------------- asking for a reply by a date

# Written Thursday 26 November 2026, a letter is expected to arrive two working days later, Monday 30
# November; 5 working days from then is Monday 7 December, 10 is Monday 14 December.
@pytest.mark.parametrize("route_id, date", [("safeguarding-concern", "7 December 2026"), ("police-report", "14 December 2026")])
def test_letters_without_a_legal_reply_date_ask_for_one(route_id, date):
    text = body(letter(load_sample("sexual-misconduct"), route_id))
    assert f"Please respond in writing by {date}" in text


def test_a_letter_dated_on_a_sunday_never_counts_from_the_sunday():
    # Sunday 29 November 2026: it arrives Tuesday 1 December; 5 working days later is Tuesday 8 December.
    doc = letter_for_route(load_sample("sexual-misconduct"), "safeguarding-concern", today=dt.date(2026, 11, 29))
    assert "Please respond in writing by 8 December 2026" in body(doc)


def test_charging_challenge_asks_for_the_response_within_the_complaint_period():
    # Six months from the day it arrives (Monday 30 November 2026) is Sunday 30 May 2027; Monday 31 May
    # is the spring bank holiday, so the reply is asked for by Tuesday 1 June 2027.
    text = body(letter(load_sample("s117-topup"), "charging-challenge"))
    assert "to respond in writing by 1 June 2027" in text and "Please respond in writing by 1 June 2027" in text
    assert "Please acknowledge this letter within 3 working days of receiving it" in text


# ---------------------------------------------------------------- the fitness-to-practise letter

def test_fitness_to_practise_letter_reads_the_professional_from_the_case():
    doc = letter(load_sample("late-complaint"), "regulator-professional")
    assert doc.recipient[:2] == ["Fitness to practise", "Nursing and Midwifery Council"]
    assert "W1B 1PZ" in doc.recipient   # the NMC's published address (resources/contacts.toml)
    assert doc.subject_line == "Fitness to practise concern about Gary Holt (registration number 12A3456E)"
    assert doc.salutation == "Dear Sir or Madam"
    text = body(doc)
    assert "the fitness to practise of Gary Holt, staff nurse at Ashford and District NHS Foundation Trust" in text
    assert "Whether the employer has been told: Jordan told the ward manager on 15 August 2025." in text
    assert doc.checks == [] or all(not c.startswith("Add:") for c in doc.checks)


@pytest.mark.parametrize("told, words", [(True, "has been told about this concern."),
                                          (False, "has not yet been told about this concern.")])
def test_employer_told_yes_or_no_reads_as_a_sentence(told, words):
    case = load_sample("late-complaint")
    case.professional = dataclasses.replace(case.professional, employer_told=told)
    assert f"Ashford and District NHS Foundation Trust {words}" in body(letter(case, "regulator-professional"))


def test_a_case_built_in_code_with_the_old_extra_entry_still_gets_its_letter():
    case = load_sample("late-complaint")
    old = {"name": "Gary Holt", "regulator": "Nursing and Midwifery Council", "role": "staff nurse"}
    case.professional = type(case.professional)()
    case.extra["professional"] = old
    doc = letter(case, "regulator-professional")
    assert "Nursing and Midwifery Council" in doc.recipient and "Gary Holt" in doc.subject_line
    assert any("registration number" in c for c in doc.checks)


# ---------------------------------------------------------------- the reply and the page

def test_the_address_block_does_not_repeat_the_team_it_is_addressed_to():
    doc = letter(load_sample("late-complaint"), "complaint-nhs")
    assert doc.recipient[:3] == ["Complaints Team", "Ashford and District NHS Foundation Trust", "Trust Headquarters"]


def test_typed_preferences_end_as_sentences_and_outcomes_are_not_called_the_persons_own_words():
    text = body(letter(load_sample("s117-topup"), "complaint-council"))
    assert "Through her daughter, Claire Ellis (07700 900789), or a visit in person." in text
    assert "own words" not in text.split("What Peggy would like to happen")[1].split("\n")[0]
    assert "in Peggy's own words" not in text


@pytest.mark.parametrize("name, route_id", [("sexual-misconduct", "safeguarding-concern"),
                                             ("sexual-misconduct", "police-report"),
                                             ("late-complaint", "police-report")])
def test_the_sign_off_never_starts_a_page_alone(name, route_id):
    data = render_pdf(letter(load_sample(name), route_id))
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]
    signed = next(p for p in pages if "Yours " in p)
    assert "Thank you for your help with this." in signed


def test_the_command_tells_the_advocate_what_to_check_before_sending(tmp_path):
    out = tmp_path / "late.pdf"
    result = subprocess.run([sys.executable, "-m", "advocate_app", "letter", str(CASES / "late-complaint.json"),
                             "--route", "complaint-nhs", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Before you send it:" in result.stdout
    assert "regulation 12" in result.stdout
    assert "Check:" not in pdf_text(out.read_bytes()), "checks are never printed in the letter"


def test_easy_read_names_each_route_in_plain_words_one_line_each():
    from advocate_app.documents.summary import summary_for_case

    case = load_sample("late-complaint")
    doc = summary_for_case(case, plan=plan_case(case, TODAY), easy_read=True, today=TODAY)
    blocks = doc.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "What you chose to do next")
    items = blocks[start + 1].items
    assert "Ask the council to check you are safe: a safeguarding concern." in items
    assert "Tell the police, if you want to." not in items, "only the routes the person chose"
    assert not any(re.search(r"\b(s\d+|section|Act|Regulations|GDPR)\b", i) for i in items), items
    assert len(items) == len(case.chosen_routes) + 1


def test_the_opening_names_the_person_once_then_uses_their_pronouns():
    first = next(b.text for b in letter(load_sample("records"), "subject-access").blocks if isinstance(b, Paragraph))
    assert "writing on behalf of Daniel Okafor (date of birth 30 November 1976)" in first
    assert "He has asked me to act for him and gave consent on 2 November 2026" in first
    assert first.count("Daniel Okafor") == 1
    preferred = next(b.text for b in letter(load_sample("s117-topup"), "charging-challenge").blocks
                     if isinstance(b, Paragraph))
    assert "Peggy has asked me to act for her" in preferred, "a preferred name is introduced before it is used"


def test_assessment_request_without_pronouns_does_not_repeat_the_name_in_every_line():
    doc = letter(load_sample("council-complaint-unsatisfied"), "assessment-request")
    bullets = next(b.items for i, b in enumerate(doc.blocks) if isinstance(b, BulletList)
                   and isinstance(doc.blocks[i - 1], Heading) and doc.blocks[i - 1].text.startswith("How to carry out"))
    assert sum(item.count("Lee Kowalski") for item in bullets) <= 3
    assert "Involve me as the advocate." in bullets


def test_a_person_raising_a_concern_about_themself_writes_in_the_first_person():
    case = load_sample("sexual-misconduct")
    case.advocate = dataclasses.replace(case.advocate, name=None)
    text = body(letter(case, "safeguarding-concern"))
    assert text.startswith("I am writing to raise an adult safeguarding concern about myself")
    assert not re.search(r"\b(she|her)\b", text.split("How to reply")[0].replace("she said I must", "")), \
        "no third person about the writer"
    assert "(Care Act 2014 s42(1)(b)): Yes. In my words:" in text


def test_words_the_person_did_not_agree_to_share_are_never_quoted_in_a_concern():
    case = load_sample("sexual-misconduct")
    case.advocate = dataclasses.replace(case.advocate, name=None)
    text = letter(case, "safeguarding-concern").plain_text()
    assert "nobody would believe someone like me" not in text
