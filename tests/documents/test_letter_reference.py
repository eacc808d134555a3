"""The reference a letter quotes is one a person can read out on the phone."""
from __future__ import annotations

import json
from pathlib import Path

from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import Document
from advocate_app.model.case import case_from_dict
from advocate_app.routes import plan_case

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def _reference(doc: Document) -> str | None:
    return doc.reference


def _case():
    return case_from_dict(json.loads((CASES / "sexual-misconduct.json").read_text(encoding="utf-8")))


def test_a_case_files_own_reference_is_quoted():
    case = _case()
    doc = letter_for_route(case, "complaint-provider", plan=plan_case(case))
    assert doc.reference == f"Our reference: {case.id}"


def test_a_store_id_is_shortened_and_the_earlier_reference_kept():
    case = _case()
    original = case.id
    case.id = "2159c38146a54ac691699deedcd40efc"
    doc = letter_for_route(case, "complaint-provider", plan=plan_case(case))
    assert doc.reference == "Our reference: 2159C381"
    case.extra["previous_id"] = original
    doc = letter_for_route(case, "complaint-provider", plan=plan_case(case))
    assert doc.reference == f"Our reference: {original}"
