"""The portable case file: what a colleague's tool, or a user's hand edit, can rely on."""
from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from pathlib import Path

import jsonschema
import pytest

from advocate_app.errors import UserError
from advocate_app.model import case as case_model
from advocate_app.model.case import Case, CaseFormatError, case_from_dict, case_to_dict
from advocate_app.model.case_file import load_case_file, save_case_file
from advocate_app.resources import resource_path

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"
SAMPLES = sorted(CASES.glob("*.json"))
SAMPLE_NAMES = {p.stem for p in SAMPLES}


def _schema() -> dict:
    return json.loads(resource_path("case.schema.json").read_text(encoding="utf-8"))


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_schema(), format_checker=jsonschema.FormatChecker())


# ---------------------------------------------------------------- sample files

def test_the_five_shared_sample_cases_exist():
    assert {"minimal", "sexual-misconduct", "records", "s117-topup", "council-complaint-unsatisfied"} <= SAMPLE_NAMES


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_loads_and_survives_a_round_trip_unchanged(path: Path, tmp_path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    case = load_case_file(path)
    assert case_to_dict(case) == data
    out = tmp_path / "again.json"
    save_case_file(case, out)
    assert json.loads(out.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_evidence_quotes_the_account_exactly(path: Path):
    case = load_case_file(path)
    for finding in case.findings:
        for ev in finding.evidence:
            assert case.account[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_validates_against_the_published_schema(path: Path):
    errors = [e.message for e in _validator().iter_errors(json.loads(path.read_text(encoding="utf-8")))]
    assert errors == []


def test_rich_samples_fill_in_what_letters_need():
    case = load_case_file(CASES / "sexual-misconduct.json")
    assert case.person.name and case.person.address and case.person.communication_needs
    assert case.advocate.organisation and case.advocate.address
    assert case.consent.given is True and case.consent.date
    assert {o.kind for o in case.organisations} == {"council", "provider"}
    assert all(o.address for o in case.organisations)
    assert case.safeguarding.wants_referral is True and case.safeguarding.views
    assert case.outcomes and case.timeline


# ---------------------------------------------------------------- schema == dataclasses

def _dataclass_fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls) if f.name != "extra"}


def _nested_dataclasses(cls: type, seen: dict[str, type]) -> dict[str, type]:
    seen[cls.__name__] = cls
    for tp in typing.get_type_hints(cls).values():
        stack = [tp]
        while stack:
            t = stack.pop()
            if typing.get_origin(t) in (typing.Union, types.UnionType, list, dict):
                stack.extend(typing.get_args(t))
            elif dataclasses.is_dataclass(t) and t.__name__ not in seen:
                _nested_dataclasses(t, seen)
    return seen


def test_schema_documents_exactly_the_fields_of_the_dataclasses():
    schema = _schema()
    classes = _nested_dataclasses(Case, {})
    assert set(schema["properties"]) == _dataclass_fields(Case)
    for name, cls in classes.items():
        if name == "Case":
            continue
        assert name in schema["$defs"], f"schema lacks {name}"
        assert set(schema["$defs"][name]["properties"]) == _dataclass_fields(cls), name
    assert set(schema["$defs"]) == set(classes) - {"Case"}


def test_every_schema_field_has_a_description():
    schema = _schema()
    tables = [schema] + list(schema["$defs"].values())
    for table in tables:
        assert table.get("description")
        for name, prop in table["properties"].items():
            assert prop.get("description"), name


def test_schema_enums_match_the_model_constants():
    d = _schema()["$defs"]
    assert [k for k in d["Organisation"]["properties"]["kind"]["enum"] if k] == list(case_model.ORGANISATION_KINDS)
    assert d["Finding"]["properties"]["status"]["enum"] == list(case_model.FINDING_STATUSES)
    assert _schema()["properties"]["funding"]["items"]["enum"] == list(case_model.FUNDING_KINDS)


def test_schema_requires_only_format_and_account():
    assert _schema()["required"] == ["format", "account"]
    assert list(_validator().iter_errors({"format": "advocate-case/1", "account": ""})) == []
    assert list(_validator().iter_errors({"format": "advocate-case/1"}))


# ---------------------------------------------------------------- malformed input

@pytest.mark.parametrize("data, path_in_message", [
    ({"account": "x"}, "format"),
    ({"format": "advocate-case/9", "account": "x"}, "format"),
    ({"format": "advocate-case/1"}, "account"),
    ({"format": "advocate-case/1", "account": 5}, "account"),
    ({"format": "advocate-case/1", "account": "x", "person": "Sam"}, "person"),
    ({"format": "advocate-case/1", "account": "x", "person": {"date_of_birth": "1990-13-45"}}, "person.date_of_birth"),
    ({"format": "advocate-case/1", "account": "x", "facts": {"others_at_risk": "yes"}}, "facts.others_at_risk"),
    ({"format": "advocate-case/1", "account": "x", "timeline": [{"what": "a"}, {"date": "yesterday"}]}, "timeline[1].date"),
    ({"format": "advocate-case/1", "account": "x", "findings": [{"status": "confirmed"}]}, "findings[0].id"),
    ({"format": "advocate-case/1", "account": "x", "findings": [{"id": "stigma.1", "evidence": [{"start": "0"}]}]}, "findings[0].evidence[0]"),
    ({"format": "advocate-case/1", "account": "x", "funding": "s117"}, "funding"),
    ({"format": "advocate-case/1", "account": "x", "complaints": [{"made": 20260101}]}, "complaints[0].made"),
    ({"format": "advocate-case/1", "account": "x", "findings": [{"id": "x", "priority": True}]}, "findings[0].priority"),
    (["not", "an", "object"], "the case file"),
])
def test_malformed_case_is_rejected_with_one_line_naming_the_field(data, path_in_message):
    with pytest.raises(CaseFormatError) as info:
        case_from_dict(data)
    message = str(info.value)
    assert path_in_message in message
    assert "\n" not in message
    assert isinstance(info.value, UserError)


def test_unknown_fields_survive_a_round_trip_at_every_level(tmp_path: Path):
    data = {
        "format": "advocate-case/1", "account": "What happened.",
        "from_a_future_version": {"nested": [1, 2, 3]},
        "person": {"name": "A", "star_sign": "Leo"},
        "timeline": [{"what": "x", "photo_ref": "p-1"}],
        "organisations": [{"name": "Council", "kind": "council", "ods_code": "ABC"}],
        "findings": [{"id": "stigma.1", "status": "confirmed", "reviewer": "advocate"}],
        "facts": {"others_at_risk": False, "pets_at_home": True},
        "safeguarding": {"wants_referral": True, "second_opinion": "asked"},
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    save_case_file(load_case_file(path), tmp_path / "out.json")
    again = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert again["from_a_future_version"] == {"nested": [1, 2, 3]}
    assert again["person"]["star_sign"] == "Leo"
    assert again["timeline"][0]["photo_ref"] == "p-1"
    assert again["organisations"][0]["ods_code"] == "ABC"
    assert again["findings"][0]["reviewer"] == "advocate"
    assert again["facts"]["pets_at_home"] is True
    assert again["safeguarding"]["second_opinion"] == "asked"


def test_pronouns_late_reason_and_professional_are_read_and_written_back(tmp_path: Path):
    data = {
        "format": "advocate-case/1", "account": "What happened.",
        "person": {"name": "Amira Haddad", "pronouns": "she/her"},
        "facts": {"late_reason": "She was in hospital until May.", "late_fair_investigation": "The notes still exist."},
        "professional": {"name": "Dean Smith", "registration_number": "SW123456", "role": "social worker",
                         "employer": "Brightside Support Ltd", "regulator": "Social Work England",
                         "employer_told": True, "note_to_self": "kept"},
    }
    case = case_from_dict(data)
    assert case.person.pronouns == "she/her"
    assert case.facts.late_reason == "She was in hospital until May."
    assert case.facts.late_fair_investigation == "The notes still exist."
    assert case.professional.name == "Dean Smith" and case.professional.regulator == "Social Work England"
    assert case.professional.employer_told is True and "professional" not in case.extra
    assert case_to_dict(case) == data
    assert list(_validator().iter_errors(data)) == []


@pytest.mark.parametrize("professional", [
    {"name": "Dean Smith", "registration_number": 123456, "employer_told": "Yes, the manager on 16 October 2026"},
    {"name": "Dean Smith", "employer_told": False},
])
def test_older_professional_entries_still_open_unchanged(professional: dict):
    """Files written when `professional` was an untyped extra entry keep opening and round-trip exactly."""
    data = {"format": "advocate-case/1", "account": "x", "professional": professional}
    case = case_from_dict(data)
    assert case.professional.name == "Dean Smith"
    assert case_to_dict(case) == data


def test_a_professional_entry_of_another_shape_is_kept_not_refused():
    data = {"format": "advocate-case/1", "account": "x", "professional": "Dean, support worker"}
    case = case_from_dict(data)
    assert case.professional.name is None
    assert case_to_dict(case) == data


def test_a_malformed_professional_field_names_its_path():
    with pytest.raises(CaseFormatError, match="professional.name"):
        case_from_dict({"format": "advocate-case/1", "account": "x", "professional": {"name": 5}})
    with pytest.raises(CaseFormatError, match="person.pronouns"):
        case_from_dict({"format": "advocate-case/1", "account": "x", "person": {"pronouns": ["she"]}})


def test_missing_fields_mean_not_known_yet():
    case = case_from_dict({"format": "advocate-case/1", "account": "x"})
    assert case.facts.others_at_risk is None
    assert case.safeguarding.wants_referral is None
    assert case.funding == [] and case.organisations == []


# ---------------------------------------------------------------- the loader

def _write(tmp_path: Path, content: bytes, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_missing_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="cannot find case file 'nope.json'"):
        load_case_file(tmp_path / "nope.json")


def test_folder_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="is a folder"):
        load_case_file(tmp_path)


def test_empty_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="is empty"):
        load_case_file(_write(tmp_path, b"  \n"))


def test_not_utf8_says_where(tmp_path: Path):
    with pytest.raises(UserError, match=r"not UTF-8 text \(unreadable byte at position 31\)"):
        load_case_file(_write(tmp_path, b'{"format": "advocate-case/1", "\xff": 1}'))


def test_not_json_gives_line_and_column(tmp_path: Path):
    with pytest.raises(UserError, match=r"not valid JSON: .* line 3, column 3"):
        load_case_file(_write(tmp_path, b'{\n  "format": "advocate-case/1",\n  account: "x"\n}'))


def test_deeply_nested_json_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError):
        load_case_file(_write(tmp_path, b"[" * 100_000 + b"]" * 100_000))


def test_wrong_format_names_the_field_and_the_file(tmp_path: Path):
    path = _write(tmp_path, json.dumps({"format": "other/2", "account": "x"}).encode())
    with pytest.raises(UserError) as info:
        load_case_file(path)
    assert "case file 'case.json'" in str(info.value) and "format" in str(info.value)


def test_byte_order_mark_and_any_unicode_are_fine(tmp_path: Path):
    account = "Zażółć gęślą jaźń — 我不被相信 — <b>&amp;</b> 🙂"
    path = _write(tmp_path, "\ufeff".encode() + json.dumps({"format": "advocate-case/1", "account": account}, ensure_ascii=False).encode())
    assert load_case_file(path).account == account


def test_error_messages_never_contain_the_account(tmp_path: Path):
    secret = "my support worker touched me"
    path = _write(tmp_path, json.dumps({"format": "advocate-case/1", "account": secret, "facts": {"immediate_danger": "no"}}).encode())
    with pytest.raises(UserError) as info:
        load_case_file(path)
    assert secret not in str(info.value)


# ---------------------------------------------------------------- the saver

def test_save_is_private_and_leaves_no_temporary_files(tmp_path: Path):
    case = load_case_file(CASES / "sexual-misconduct.json")
    out = tmp_path / "saved.json"
    save_case_file(case, out)
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["saved.json"]


def test_failed_save_keeps_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "saved.json"
    out.write_text('{"format": "advocate-case/1", "account": "old"}', encoding="utf-8")
    case = case_from_dict({"format": "advocate-case/1", "account": "new"})

    def broken_replace(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(UserError, match="previous version was not changed"):
        save_case_file(case, out)
    assert json.loads(out.read_text(encoding="utf-8"))["account"] == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["saved.json"]


def test_save_into_missing_folder_is_a_user_error(tmp_path: Path):
    case = case_from_dict({"format": "advocate-case/1", "account": "x"})
    with pytest.raises(UserError, match="folder does not exist"):
        save_case_file(case, tmp_path / "no" / "such" / "case.json")
