"""Section 42 categories: the statutory ids, the person's words, and who may be responsible."""
from __future__ import annotations

import pytest

from advocate_app.analysis.safeguarding import CATEGORY_IDS, PARTIES, detect_abuse_categories
from advocate_app.model.abuse import AbuseCategory


def found(text: str) -> dict[str, AbuseCategory]:
    return {c.id: c for c in detect_abuse_categories(text)}


def test_the_ids_are_exactly_the_statutory_guidance_categories():
    assert CATEGORY_IDS == ("physical", "domestic", "sexual", "psychological", "financial-or-material",
                            "modern-slavery", "discriminatory", "organisational",
                            "neglect-and-acts-of-omission", "self-neglect")
    assert PARTIES == ("staff", "family", "partner", "another-resident", "self", "unknown")


@pytest.mark.parametrize("text, category, by", [
    ("The carer slapped my mother.", "physical", ["staff"]),
    ("She was hit by a member of staff.", "physical", ["staff"]),
    ("Another resident pushed her against the wardrobe.", "physical", ["another-resident"]),
    ("My mother was assaulted by another resident.", "physical", ["another-resident"]),
    ("My mother was hit.", "physical", ["unknown"]),
    ("My husband hits me when he has been drinking.", "domestic", ["partner"]),
    ("My son takes my pension and my bank card.", "financial-or-material", ["family"]),
    ("He touched me. He is my support worker.", "sexual", ["staff"]),
    ("The night staff left her in soiled pads until morning.", "neglect-and-acts-of-omission", ["staff"]),
    ("I stopped eating and washing when I was low.", "self-neglect", ["self"]),
    ("He was made to work at a car wash for no pay and they kept his passport.", "modern-slavery", ["unknown"]),
    ("Neighbours racially abused him in the street.", "discriminatory", ["unknown"]),
    ("All the residents were put to bed at 6pm to suit the staff.", "organisational", ["staff"]),
    ("The manager bullied me and humiliated me in front of others.", "psychological", ["staff"]),
])
def test_category_and_who(text, category, by):
    result = found(text)
    assert category in result, f"{text!r}: {sorted(result)}"
    assert result[category].by == by
    assert result[category].label
    for ev in result[category].evidence:
        assert text[ev.start:ev.end] == ev.text


def test_the_person_harmed_is_not_named_as_responsible():
    result = found("The carer slapped my mother.")
    assert "family" not in result["physical"].by


@pytest.mark.parametrize("text", [
    "No one ever touched me.",
    "My husband never hit me.",
    "Staff did not neglect her; they came every day.",
    "If anyone had stolen from me I would have said.",
    "",
    "   ",
])
def test_denied_or_imagined_abuse_is_not_a_category(text):
    assert detect_abuse_categories(text) == []


def test_several_categories_in_one_account_in_guidance_order():
    text = ("My partner hits me and takes my money. The agency carers often didn't turn up and "
            "she went without her insulin.")
    ids = [c.id for c in detect_abuse_categories(text)]
    assert ids == [c for c in CATEGORY_IDS if c in ids]
    assert {"physical", "domestic", "financial-or-material", "neglect-and-acts-of-omission"} <= set(ids)
    by = {c.id: c.by for c in detect_abuse_categories(text)}
    assert by["domestic"] == ["partner"]
    assert by["neglect-and-acts-of-omission"] == ["staff"]


def test_json_form_for_the_route_planner():
    category = detect_abuse_categories("The carer slapped my mother.")[0]
    data = category.to_json()
    assert data["id"] == "physical" and data["by"] == ["staff"]
    assert data["evidence"][0]["text"] == "slapped my mother"


# ---- misreadings that once drove a safeguarding route (issue 11) ----------------

@pytest.mark.parametrize("text, absent", [
    ("I did not complain then, and after I left in March 2026 I was too unwell to write anything.",
     "neglect-and-acts-of-omission"),
    ("Since my care coordinator left in the spring nobody from the mental health team has rung me back.",
     "neglect-and-acts-of-omission"),
    ("I cannot manage washing, so the home care comes every morning.", "self-neglect"),
    ("The ward notes say I assaulted a nurse, which never happened.", "physical"),
    ("They wrote that I was violent towards staff, but I was not on the ward that day.", "physical"),
    ("Her son took her pension and kept her bank card.", "modern-slavery"),
])
def test_words_that_only_look_like_abuse_are_not_a_category(text, absent):
    assert absent not in found(text)


@pytest.mark.parametrize("text, category, by", [
    ("She was left in soiled sheets all night.", "neglect-and-acts-of-omission", ["unknown"]),
    ("I stopped washing and eating when I was low.", "self-neglect", ["self"]),
    ("The nurse assaulted me on the ward.", "physical", ["staff"]),
    ("My partner assaulted me last week.", "domestic", ["partner"]),
    ("My partner assaulted me last week.", "physical", ["partner"]),
    ("Her son took her pension and kept her bank card.", "financial-or-material", ["family"]),
    ("A support worker grabbed my arm and it bruised.", "physical", ["staff"]),
    ("The support worker grabbed me and bruised my wrist.", "physical", ["staff"]),
    ("A nurse pinned me face down on the floor and knelt on my back.", "physical", ["staff"]),
    # a place named after "on", "in", "at" ... is where it happened, not who did it
    ("A patient on the ward punched me in the face while staff watched.", "physical", ["another-resident"]),
    ("On the ward, the nurse slapped me.", "physical", ["staff"]),
    ("The staff on the ward hit me.", "physical", ["staff"]),
    # the police are someone else, though "officer" alone is a housing or reviewing officer
    ("The police officers pinned me down and hurt my wrist.", "physical", ["unknown"]),
    ("The housing officer pushed me against the door.", "physical", ["staff"]),
    ("The carer took money from my mum's purse.", "financial-or-material", ["staff"]),
])
def test_the_same_kind_of_words_when_they_are_abuse(text, category, by):
    result = found(text)
    assert category in result, f"{text!r}: {sorted(result)}"
    assert result[category].by == by


def _harms(text: str) -> set[str]:
    from advocate_app.analysis import classify
    return classify(text).factor_ids()


@pytest.mark.parametrize("text, staff_factor", [
    ("My son has been taking my mum's pension every week.", "staff-misconduct.6"),
    ("Her son took her pension and kept her bank card.", "staff-misconduct.6"),
    ("My husband came home drunk. He punched me and pushed me down the stairs.", "staff-misconduct.2"),
    ("My ex-partner kept shouting at me.", "staff-misconduct.7"),
    ("A patient on the ward punched me in the face while staff watched.", "staff-misconduct.2"),
    ("Another resident in the care home hit my dad.", "staff-misconduct.2"),
    ("The police officers pinned me down and hurt my wrist.", "staff-misconduct.2"),
    # what the person did themself
    ("I took money out of my account to pay the carer.", "staff-misconduct.6"),
    ("I lied to the nurse about my drinking.", "staff-misconduct.6"),
])
def test_harm_by_family_a_partner_or_someone_else_is_not_misconduct_by_staff(text, staff_factor):
    assert staff_factor not in _harms(text)


@pytest.mark.parametrize("text, staff_factor", [
    ("The carer has been taking her pension every week.", "staff-misconduct.6"),
    ("A support worker grabbed my arm and left a bruise.", "staff-misconduct.2"),
    ("The support worker grabbed me and bruised my wrist.", "staff-misconduct.2"),
    ("He punched me. He is my support worker.", "staff-misconduct.2"),
    ("On the ward, the nurse slapped me.", "staff-misconduct.2"),
    ("The carer took money from my mum's purse.", "staff-misconduct.6"),
    ("The nurse lied to me about my medication.", "staff-misconduct.6"),
])
def test_the_same_acts_by_staff_are_misconduct_by_staff(text, staff_factor):
    assert staff_factor in _harms(text)


def test_a_grab_that_bruised_is_physical_abuse_not_only_intimidation():
    harms = _harms("A support worker grabbed my arm and left a bruise.")
    assert "staff-misconduct.2" in harms and "staff-misconduct.7" not in harms


def test_a_false_record_of_an_assault_by_the_person_is_a_records_harm_not_abuse_of_them():
    text = "The ward notes say I assaulted a nurse, which never happened."
    assert found(text) == {}
    assert {"staff-misconduct.4", "staff-misconduct.5"} & _harms(text)   # falsification or false accusation


def test_a_care_home_that_neglected_someone_is_named_as_responsible_first():
    by = found("My mum has dementia and the care home left her in a wet bed all night.")["neglect-and-acts-of-omission"].by
    assert by[0] == "staff", by
