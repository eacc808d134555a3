"""The case summary holds the whole case; the easy-read version is short and plain."""
from __future__ import annotations

import re

from advocate_app.documents.model import BulletList, Heading, Quote, Table
from advocate_app.documents.pdf import render_pdf
from advocate_app.documents.summary import summary_for_case
from tests.documents.helpers import TODAY, load_sample, make_plan, pdf_text, qpdf_ok, squash


def sample():
    return load_sample("sexual-misconduct", letters=[
        {"route": "complaint-provider", "produced": "2026-10-21", "sent": "2026-10-22"},
        {"route": "safeguarding-concern", "produced": "2026-10-20"},
    ])


def test_summary_has_every_part_of_the_case():
    doc = summary_for_case(sample(), plan=make_plan(["safeguarding-concern", "complaint-provider"]), today=TODAY)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    for expected in ("The people", "Consent", "The account", "Chronology", "What the account shows",
                     "What Amira wants", "Safeguarding: Amira's wishes", "Section 42 check", "Routes and deadlines",
                     "Letters produced and sent", "About the harm model"):
        assert expected in headings, expected
    text = doc.plain_text()
    assert "Another woman who lives in the building told me he does the same to her." in text
    assert "Consent to act was given on 19 October 2026 (signed authority form)." in text
    quotes = [b.text for b in doc.blocks if isinstance(b, Quote)]
    assert "“he said nobody would believe someone like me”" in quotes, "the file keeps every evidence quote"
    assert "(not to be quoted in letters)" in text
    assert "Considered and set aside:" in text
    routes = next(b for b in doc.blocks if isinstance(b, Table) and b.kind == "routes")
    assert len(routes.rows) == 2 and "12 January 2027" in routes.rows[0][2]
    letters = next(b for b in doc.blocks if isinstance(b, Table) and b.kind == "letters")
    assert letters.rows[0][1:] == ["21 October 2026", "22 October 2026", "-"]
    assert letters.rows[1][2] == "not sent"
    assert "doi.org/10.1093/bjsw/bcaf094" in text and "CC BY 4.0" in text
    data = render_pdf(doc)
    qpdf_ok(data)
    assert "bjsw/bcaf094" in squash(pdf_text(data))


def test_summary_of_a_bare_case_says_what_is_missing():
    doc = summary_for_case(load_sample("minimal"), plan=make_plan([]), today=TODAY)
    text = doc.plain_text()
    assert doc.title == "Case summary"
    assert "Consent to act is not recorded yet." in text
    assert "No harms have been confirmed yet." in text
    assert "No routes have been planned yet." in text
    assert "nobody from the mental health team has rung me back" in text


def test_easy_read_is_short_plain_and_large():
    doc = summary_for_case(sample(), plan=make_plan(["safeguarding-concern"]), easy_read=True, today=TODAY)
    assert doc.kind == "easy-read-summary" and doc.large_print
    assert doc.title == "About your case, Amira"
    items = [i for b in doc.blocks if isinstance(b, BulletList) for i in b.items]
    plain = [i for i in items if "doi" not in i and "Carr" not in i]
    for item in plain:
        # one idea per line: a single short sentence
        assert len(item.split()) <= 16, item
        assert len(re.findall(r"[.!?](\s|$)", item)) <= 1, item
    text = doc.plain_text()
    assert "You will not have to tell it again for each letter." in text
    assert "he said nobody would believe someone like me" not in text, "only words the person chose to share"
    assert "Carr" in text
    data = render_pdf(doc)
    qpdf_ok(data)


def test_easy_read_speaks_to_the_person_lists_only_chosen_routes_and_cites_in_one_line():
    from advocate_app.routes import plan_case

    case = load_sample("late-complaint")
    plan = plan_case(case, TODAY)
    assert len(plan.routes) > len(case.chosen_routes)
    doc = summary_for_case(case, plan=plan, easy_read=True, today=TODAY)
    start = next(i for i, b in enumerate(doc.blocks)
                 if isinstance(b, Heading) and b.text == "What you chose to do next")
    chosen = doc.blocks[start + 1].items
    lists = [b for b in doc.blocks if isinstance(b, BulletList)]
    assert "Complain to the NHS trust." in chosen
    assert "Tell the police, if you want to." not in chosen
    text = doc.plain_text()
    for third_person in ("the person", "their ", "What we can do"):
        assert third_person not in text, third_person
    citation = [i for b in lists for i in b.items if "Carr" in i]
    assert len(citation) == 1 and len(citation[0].split()) <= 20, citation
    assert "doi" not in text and "Hudson" not in text
    assert "The full reference is in your case summary." in text
    full = summary_for_case(case, plan=plan, today=TODAY).plain_text()
    assert "doi.org/10.1093/bjsw/bcaf094" in full and "Hudson" in full


def test_easy_read_with_nothing_chosen_yet_says_so():
    case = load_sample("late-complaint")
    case.chosen_routes = []
    doc = summary_for_case(case, easy_read=True, today=TODAY)
    assert "You have not chosen what to do next yet." in doc.plain_text()
