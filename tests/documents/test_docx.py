"""The Word file: same words as the PDF, real styles, page fields, metadata, literal markup."""
from __future__ import annotations

import io

import docx
import pytest

from advocate_app.documents.docx import render_docx
from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import Document, Paragraph
from advocate_app.documents.summary import summary_for_case
from tests.documents.helpers import TODAY, load_sample, make_plan


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def letter(case=None, **kwargs):
    return letter_for_route(case or load_sample("sexual-misconduct"), "complaint-council", plan=make_plan(),
                            today=TODAY, **kwargs)


def test_letter_docx_content_styles_and_metadata():
    doc = letter()
    d = open_docx(render_docx(doc))
    props = d.core_properties
    assert props.title == doc.title and props.author == "Jo Whitfield"
    assert props.subject == doc.subject and props.language == "en-GB"
    text = all_text(d)
    for expected in ("26 November 2026", "Dear Complaints Manager", doc.subject_line, "What happened",
                     "14 October 2026", "Sexual harassment or assault", "Yours sincerely", "Enclosure:"):
        assert expected in text, expected
    styles = {p.style.name for p in d.paragraphs}
    assert {"Heading 2", "List Bullet", "Quote"} <= styles
    assert len(d.tables) == 1 and d.tables[0].rows[0].cells[0].text == "Date"
    assert round(d.tables[0].columns[0].width.mm) == 38, "the date column is narrow, the text column wide"
    normal = d.styles["Normal"]
    assert normal.font.size.pt == 11
    assert normal.element.rPr.find(docx.oxml.ns.qn("w:lang")).get(docx.oxml.ns.qn("w:val")) == "en-GB"
    section = d.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.left_margin.mm >= 20 and section.right_margin.mm >= 20


def test_footer_has_page_x_of_y_fields():
    d = open_docx(render_docx(letter()))
    footer = d.sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert "Private and confidential" in footer.text
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert "Page 1 of 1" in footer.text  # placeholders Word replaces when it lays out the pages


def test_markup_and_line_breaks_stay_literal():
    value = "<b>bold</b> & &amp; {{ x }} <w:t>"
    doc = Document(kind="summary", title="T & <T>", blocks=[Paragraph(value), Paragraph("one\ntwo")])
    d = open_docx(render_docx(doc))
    texts = [p.text for p in d.paragraphs]
    assert value in texts
    assert "one\ntwo" in texts
    assert d.core_properties.title == "T & <T>"


def test_any_unicode_is_kept():
    case = load_sample("sexual-misconduct")
    case.person.name = "فاطمة الزهراء"
    case.timeline[0].what = "Zoë Ångström and דוד כהן 😢👍🏽 王芳"
    text = all_text(open_docx(render_docx(letter(case))))
    assert "فاطمة الزهراء" in text and "Zoë Ångström and דוד כהן 😢👍🏽 王芳" in text


@pytest.mark.parametrize("kind", ["letter", "easy-read"])
def test_large_print_docx_is_at_least_16_pt(kind):
    doc = letter(large_print=True) if kind == "letter" else summary_for_case(
        load_sample("sexual-misconduct"), plan=make_plan(), easy_read=True, today=TODAY)
    d = open_docx(render_docx(doc))
    for name in ("Normal", "List Bullet", "Quote", "Heading 1", "Heading 2", "Footer", "No Spacing"):
        assert d.styles[name].font.size.pt >= 16, name
    assert not any(run.font.size and run.font.size.pt < 16 for p in d.paragraphs for run in p.runs)
