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
