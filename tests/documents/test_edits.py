"""The advocate's edited wording is part of the case, and every way of printing the letter uses it."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from advocate_app.documents import command
from advocate_app.documents.edits import apply_edits, blocks_to_text, set_edits, text_to_blocks
from advocate_app.documents.letters import letter_for_route
from advocate_app.errors import UserError
from advocate_app.model.case import LetterEdit, case_from_dict, case_to_dict
from advocate_app.model.case_file import load_case_file, save_case_file
from tests.documents.helpers import CASES, TODAY, load_sample, pdf_text, squash

ROUTE = "safeguarding-concern"
ADDED = "I also want it recorded that I asked twice for a different worker."


def test_unedited_text_turns_back_into_the_same_blocks():
    doc = letter_for_route(load_sample("sexual-misconduct"), ROUTE, today=TODAY)
    assert text_to_blocks(blocks_to_text(doc.blocks), doc.blocks) == doc.blocks


def test_edits_survive_the_case_file_round_trip_beside_unknown_fields(tmp_path: Path):
    data = json.loads((CASES / "sexual-misconduct.json").read_text(encoding="utf-8"))
    data["letter_edits"] = {ROUTE: {"text": "My words.", "draft": "Drafted.", "by_a_later_version": 1}}
    data["a_field_from_a_later_version"] = {"kept": True}
    case = case_from_dict(data)
    assert case.letter_edits[ROUTE] == LetterEdit("My words.", "Drafted.", {"by_a_later_version": 1})
    save_case_file(case, tmp_path / "case.json")
    again = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert again["letter_edits"] == data["letter_edits"]
    assert again["a_field_from_a_later_version"] == {"kept": True}
    assert "letter_edits" not in case_to_dict(load_sample("sexual-misconduct")), "no edits, no field"


def test_a_malformed_edit_is_refused_with_its_path():
    data = json.loads((CASES / "sexual-misconduct.json").read_text(encoding="utf-8"))
    data["letter_edits"] = {ROUTE: {"text": 3}}
    with pytest.raises(UserError, match=f"letter_edits.{ROUTE}.text: should be text"):
        case_from_dict(data)


def test_edits_apply_and_say_when_the_draft_moved_on():
    case = load_sample("sexual-misconduct")
    doc = letter_for_route(case, ROUTE, today=TODAY)
    draft = blocks_to_text(doc.blocks)
    set_edits(case, ROUTE, draft + "\n\n" + ADDED, draft)
    edited, stale = apply_edits(doc, case, ROUTE)
    assert ADDED in edited.plain_text() and ADDED not in doc.plain_text() and not stale
    case.letter_edits[ROUTE].draft = "an older draft"
    assert apply_edits(doc, case, ROUTE)[1] is True
    set_edits(case, ROUTE, draft, draft)
    assert case.letter_edits == {}


def test_the_command_line_prints_the_letter_the_wizard_edited(tmp_path: Path, capsys):
    case = load_case_file(CASES / "sexual-misconduct.json")
    draft = blocks_to_text(letter_for_route(case, ROUTE).blocks)
    set_edits(case, ROUTE, draft + "\n\n" + ADDED, draft)
    save_case_file(case, tmp_path / "case.json")
    out = tmp_path / "letter.pdf"
    args = argparse.Namespace(case=str(tmp_path / "case.json"), route=ROUTE, output=str(out), large_print=False)
    assert command.run_letter(args) == 0
    assert ADDED in squash(pdf_text(out.read_bytes()))
    assert "edited wording" in capsys.readouterr().out
