"""The harm model file holds exactly the identifiers of harm-model.md, and a broken copy fails loudly."""
from __future__ import annotations

import copy
import tomllib

import pytest

from advocate_app.model.harm_model import (
    SPEC_FACTOR_COUNTS,
    SPEC_RECOMMENDATION_IDS,
    HarmModelError,
    load_harm_model,
    parse_harm_model,
)
from advocate_app.resources import resource_path
from tests.contract import harm_contract

# The contract is read from docs/harm-model.md, the one written copy of it.
CONTRACT = harm_contract()
EXPECTED_SOURCES = list(CONTRACT.sources)
EXPECTED_FACTORS = list(CONTRACT.factor_ids)
EXPECTED_PREVALENCE = CONTRACT.prevalence
EXPECTED_RECOMMENDATION_RANKS = CONTRACT.recommendation_ranks


def test_the_loader_s_own_copy_of_the_contract_matches_the_docs():
    """harm_model.py keeps the counts it needs to refuse a drifting file; they must be the page's."""
    assert list(SPEC_FACTOR_COUNTS) == EXPECTED_SOURCES
    assert {s: tuple(range(1, n + 1)) for s, n in SPEC_FACTOR_COUNTS.items()} == CONTRACT.factor_numbers
    assert sorted(SPEC_RECOMMENDATION_IDS) == sorted(EXPECTED_RECOMMENDATION_RANKS)


def test_the_contract_reader_sees_the_whole_page():
    assert len(EXPECTED_FACTORS) == 65 and len(EXPECTED_SOURCES) == 7
    assert CONTRACT.unknown_ids({"staff-misconduct.8", "stigma", "staff-misconduct.9", "stigma.0"}) == {
        "staff-misconduct.9", "stigma.0"}


def raw_model() -> dict:
    with resource_path("harm_model.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_real_file_holds_exactly_the_spec_identifiers_in_table_4_order():
    model = load_harm_model()
    assert model.version == "carr-2025/1"
    assert [s.id for s in model.sources] == EXPECTED_SOURCES
    assert model.all_factor_ids() == EXPECTED_FACTORS
    assert len(set(model.all_factor_ids())) == 65


def test_every_source_and_factor_has_plain_label_and_one_sentence_description():
    model = load_harm_model()
    for source in model.sources:
        assert source.label and source.description.endswith(".")
        for factor in source.factors:
            assert factor.source_id == source.id
            assert factor.label, factor.id
            assert factor.description.endswith("."), factor.id
            assert factor.description.count(". ") == 0, f"{factor.id}: one sentence only"
            assert factor.paper, f"{factor.id} keeps the paper's wording for checking"
            assert not factor.retired


def test_prevalence_and_recommendation_ranks_follow_the_spec():
    model = load_harm_model()
    assert {s.id: s.prevalence for s in model.sources} == EXPECTED_PREVALENCE
    assert {r.id: r.rank for r in model.recommendations} == EXPECTED_RECOMMENDATION_RANKS
    assert [r.rank for r in model.recommendations] == sorted(r.rank for r in model.recommendations)
    for rec in model.recommendations:
        assert rec.ask_for, f"{rec.id} says what a person could ask for"
    assert "an apology and a conversation about putting things right" in \
        model.recommendation("restorative-practice").ask_for
    assert model.recommendation("independent-advocacy").table3_rank == 8


def test_citation_names_the_paper_doi_and_licence():
    citation = load_harm_model().citation
    assert citation.doi == "10.1093/bjsw/bcaf094"
    assert citation.licence == "CC BY 4.0"
    assert citation.year == 2025
    assert citation.authors[0] == "Sarah Carr" and citation.authors[-1] == "Angela Sweeney"
    assert "British Journal of Social Work" in citation.text
    assert citation.changes, "CC BY asks us to say what we changed"


def test_lookups_by_id():
    model = load_harm_model()
    assert model.is_known("stigma") and model.is_known("stigma.1")
    assert model.is_known("staff-misconduct.8")
    assert not model.is_known("stigma.7") and not model.is_known("restorative-practice")
    assert model.label("staff-misconduct") == "Serious misconduct or sexual abuse by staff"
    assert model.factor("fragmentation.6").source_id == "fragmentation"
    assert model.source("lack-of-support").factors[6].id == "lack-of-support.7"
    assert model.source_of("frontline-practice.3").id == "frontline-practice"
    with pytest.raises(KeyError):
        model.label("nope")
    with pytest.raises(KeyError):
        model.factor("stigma.99")


def test_loading_is_cached():
    assert load_harm_model() is load_harm_model()


def test_the_parser_accepts_the_real_data():
    assert parse_harm_model(raw_model()).all_factor_ids() == EXPECTED_FACTORS


def test_retired_factor_is_kept_with_its_number():
    data = raw_model()
    data["sources"][1]["factors"][5]["retired"] = True
    model = parse_harm_model(data)
    assert model.factor("stigma.6").retired
    assert "stigma.6" in model.all_factor_ids()
    assert "stigma.6" not in model.all_factor_ids(include_retired=False)
    assert [f.id for f in model.source("stigma").active_factors()][-1] == "stigma.5"


def _broken(mutate) -> dict:
    data = copy.deepcopy(raw_model())
    mutate(data)
    return data


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["sources"][0]["factors"].append(dict(d["sources"][0]["factors"][0])),
     "bureaucracy.1' appears more than once"),
    (lambda d: d["sources"][1]["factors"].append(
        {"id": "stigma.7", "label": "x", "description": "x."}), "unknown factor id(s) in 'stigma': stigma.7"),
    (lambda d: d["sources"][1]["factors"].pop(), "missing factor id(s) in 'stigma': stigma.6"),
    (lambda d: d["sources"][1]["factors"][0].pop("label"), "factor 'stigma.1': 'label' is missing"),
    (lambda d: d["sources"][1]["factors"][0].__setitem__("description", "  "),
     "factor 'stigma.1': 'description' is missing"),
    (lambda d: d["sources"][1]["factors"][0].__setitem__("id", "bureaucracy.13"),
     "factor 'bureaucracy.13' is listed under source 'stigma'"),
    (lambda d: d["sources"][1]["factors"][0].__setitem__("id", "stigma-1"), "must look like"),
    (lambda d: d["sources"][2].__setitem__("id", "stigma"), "source 'stigma' appears more than once"),
    (lambda d: d["sources"].append({"id": "pets", "label": "Pets", "description": "x.", "prevalence": 1,
                                    "factors": [{"id": "pets.1", "label": "x", "description": "x."}]}),
     "unknown source id(s): pets"),
    (lambda d: d["sources"].pop(), "missing source id(s): frontline-practice"),
    (lambda d: d["sources"][0].pop("label"), "source 'bureaucracy': 'label' is missing"),
    (lambda d: d["sources"][0].__setitem__("prevalence", 161), "percentage"),
    (lambda d: d.pop("version"), "'version' is missing"),
    (lambda d: d["citation"].pop("doi"), "citation: 'doi' is missing"),
    (lambda d: d["recommendations"].pop(), "recommendation ids differ"),
    (lambda d: d["recommendations"][0]["addresses"].append("stigma.42"), "unknown id 'stigma.42'"),
    (lambda d: d["sources"][3]["factors"][0].__setitem__("retired", "yes"), "'retired' must be true or false"),
])
def test_malformed_copy_fails_loudly_naming_the_entry(mutate, message):
    with pytest.raises(HarmModelError) as caught:
        parse_harm_model(_broken(mutate))
    assert message in str(caught.value)


def test_a_broken_file_on_disk_fails_with_the_file_name(tmp_path, monkeypatch):
    from advocate_app.model import harm_model as module

    bad = tmp_path / "resources"
    bad.mkdir()
    text = resource_path("harm_model.toml").read_text(encoding="utf-8")
    (bad / "harm_model.toml").write_text(text.replace('id = "stigma.3"', 'id = "stigma.2"'),
                                          encoding="utf-8")
    monkeypatch.setattr(module, "read_toml", lambda *parts: tomllib.loads(
        (bad / parts[-1]).read_text(encoding="utf-8")))
    module.load_harm_model.cache_clear()
    try:
        with pytest.raises(HarmModelError, match=r"harm_model\.toml: factor 'stigma\.2' appears more than once"):
            module.load_harm_model()
    finally:
        module.load_harm_model.cache_clear()
