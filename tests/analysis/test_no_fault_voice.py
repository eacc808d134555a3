"""A person telling how a body turned down their complaint is not an ombudsman finding no fault."""
from __future__ import annotations

import json
from pathlib import Path

from advocate_app.analysis import classify

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"


def test_a_body_not_upholding_the_persons_complaint_still_shows_their_harm():
    account = json.loads((CASES / "council-complaint-unsatisfied.json").read_text(encoding="utf-8"))["account"]
    assert "did not uphold my complaint" in account
    sources = {s.id for s in classify(account).sources}
    assert {"lack-of-support", "bureaucracy"} & sources, sources


def test_the_ombudsmans_own_no_fault_finding_still_shows_no_harm():
    text = ("Mrs X complained the Council delayed her assessment. We did not uphold her complaint: "
            "we found no fault in how the Council assessed her needs.")
    assert classify(text).sources == []
