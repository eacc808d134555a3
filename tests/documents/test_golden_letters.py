"""Golden letters: two per route, read and approved by a person, so any change in wording is seen.

Each file under `tests/documents/golden/` is the letter's text as a reader gets it
(what `pdftotext` or a screen reader would give, in reading order), then the checks
the advocate sees beside it. When a change to a template or the planner is
intended, regenerate with `ADVOCATE_UPDATE_GOLDEN=1`, then read every changed file
as its recipient would before committing it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from advocate_app.documents.letters import letter_for_route, letter_routes
from advocate_app.routes import plan_case
from tests.documents.helpers import TODAY, load_sample, make_plan

GOLDEN = Path(__file__).resolve().parent / "golden"

# (route, example case). Where the example's own plan proposes the route, its real plan writes the
# letter; otherwise (marked *) a plan proposing every route stands in, to show the template's wording.
CHOSEN = [
    ("complaint-council", "s117-topup"), ("complaint-council", "sexual-misconduct"),
    ("complaint-nhs", "late-complaint"), ("complaint-nhs", "records"),
    ("complaint-provider", "sexual-misconduct"), ("complaint-provider", "family-money"),
    ("complaint-joint", "s117-topup"), ("complaint-joint", "late-complaint"),
    ("ombudsman-lgsco", "council-complaint-unsatisfied"), ("ombudsman-lgsco", "family-money"),
    ("ombudsman-phso", "nhs-complaint-unanswered"), ("ombudsman-phso", "late-complaint"),
    ("safeguarding-concern", "sexual-misconduct"), ("safeguarding-concern", "family-money"),
    ("police-report", "sexual-misconduct"), ("police-report", "family-money"),
    ("regulator-cqc", "late-complaint"), ("regulator-cqc", "sexual-misconduct"),
    ("regulator-professional", "late-complaint"), ("regulator-professional", "records"),
    ("subject-access", "records"), ("subject-access", "nhs-complaint-unanswered"),
    ("rectification", "records"), ("rectification", "late-complaint"),
    ("equality-challenge", "records"), ("equality-challenge", "nhs-complaint-unanswered"),
    ("charging-challenge", "s117-topup"), ("charging-challenge", "council-complaint-unsatisfied"),
    ("assessment-request", "council-complaint-unsatisfied"), ("assessment-request", "s117-topup"),
    ("advocacy-referral", "nhs-complaint-unanswered"), ("advocacy-referral", "late-complaint"),
]


def _render(route_id: str, name: str) -> str:
    case = load_sample(name)
    if route_id == "regulator-professional" and not case.professional.name:
        case.professional = type(case.professional)(name="Alex Example", role="mental health nurse",
                                                    regulator="Nursing and Midwifery Council")
    plan = plan_case(case, TODAY)
    source = "the case's own plan"
    if plan.route(route_id) is None:
        plan, source = make_plan(), "a stand-in plan proposing every route (*)"
    doc = letter_for_route(case, route_id, plan=plan, today=TODAY)
    checks = "\n".join(f"- {c}" for c in doc.checks) or "- none"
    return (f"# {route_id} for {name}, written from {source}\n# PDF title: {doc.title} | subject: {doc.subject}\n\n"
            f"{doc.plain_text()}\n\n# Shown to the advocate, never printed:\n{checks}\n")


def test_two_golden_letters_for_every_route():
    counts = {r: sum(1 for route, _ in CHOSEN if route == r) for r in letter_routes()}
    assert all(n == 2 for n in counts.values()), counts


@pytest.mark.parametrize("route_id, name", CHOSEN, ids=[f"{r}--{n}" for r, n in CHOSEN])
def test_letter_matches_its_approved_text(route_id: str, name: str):
    path = GOLDEN / f"{route_id}--{name}.txt"
    text = _render(route_id, name)
    if os.environ.get("ADVOCATE_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no approved text yet: run with ADVOCATE_UPDATE_GOLDEN=1 and read {path.name}"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: read the new letter, then regenerate"
