"""Through the real route planner: every planned route of every sample case gives a letter or a clear message."""
from __future__ import annotations

import pytest

from advocate_app.documents.docx import render_docx
from advocate_app.documents.letters import letter_for_route, letter_routes
from advocate_app.documents.model import BulletList
from advocate_app.documents.pdf import render_pdf
from advocate_app.documents.summary import summary_for_case
from advocate_app.errors import UserError
from tests.documents.helpers import TODAY, load_sample, pdf_text, qpdf_ok, squash

routes = pytest.importorskip("advocate_app.routes")
SAMPLES = ["minimal", "sexual-misconduct", "records", "s117-topup", "council-complaint-unsatisfied"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_planned_route_gives_a_letter_or_a_plain_message(name):
    case = load_sample(name)
    plan = routes.plan_case(case, today=TODAY)
    written = 0
    for route in plan.routes:
        assert route.id in letter_routes()
        try:
            doc = letter_for_route(case, route.id, plan=plan, today=TODAY)
        except UserError as error:
            assert "\n" not in str(error) and len(str(error)) < 400
            continue
        written += 1
        data = render_pdf(doc)
        qpdf_ok(data)
        text = squash(pdf_text(data))
        assert case.person.name in text
        assert "Page 1 of" in text
        render_docx(doc)
    summary = render_pdf(summary_for_case(case, plan=plan, today=TODAY))
    qpdf_ok(summary)
    if name != "minimal":
        assert written >= 1


def test_planned_complaint_asks_for_the_planners_dates():
    case = load_sample("sexual-misconduct")
    plan = routes.plan_case(case, today=TODAY)
    route = plan.route("complaint-council")
    if route is None:
        pytest.skip("the planner no longer proposes a council complaint for this sample")
    text = letter_for_route(case, "complaint-council", plan=plan, today=TODAY).plain_text()
    # Nothing has been sent yet: the acknowledgement is asked for from when the letter arrives.
    assert any("cknowledg" in d.what for d in route.deadlines)
    assert "Please acknowledge this letter within 3 working days of receiving it" in text
    assert "Last day to complain" not in text


def test_safeguarding_letter_from_the_plan_is_refused_until_wishes_are_recorded():
    case = load_sample("council-complaint-unsatisfied")
    plan = routes.plan_case(case, today=TODAY)
    if plan.route("safeguarding-concern") is None or plan.section42.can_produce_letter:
        pytest.skip("the plan for this sample no longer blocks the safeguarding letter")
    with pytest.raises(UserError, match="cannot be written yet"):
        letter_for_route(case, "safeguarding-concern", plan=plan, today=TODAY)


def test_easy_read_summary_from_the_plan_stays_one_short_idea_per_line():
    case = load_sample("sexual-misconduct")
    doc = summary_for_case(case, plan=routes.plan_case(case, today=TODAY), easy_read=True, today=TODAY)
    items = [i for b in doc.blocks if isinstance(b, BulletList) for i in b.items if "Carr" not in i]
    assert items
    for item in items:
        assert len(item.split()) <= 16 and "(" not in item, item
