"""PDFs read back: content, page numbers, metadata, literal markup, any Unicode, large print."""
from __future__ import annotations

import io
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from advocate_app.documents import fonts
from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.model import Document, Paragraph, Quote
from advocate_app.documents.pdf import render_pdf
from advocate_app.documents.summary import summary_for_case
from tests.documents.helpers import TODAY, load_sample, make_plan, pdf_text, qpdf_ok, squash

MM = 72 / 25.4


def letter(case=None, route="complaint-council", **kwargs):
    case = case or load_sample("sexual-misconduct")
    return letter_for_route(case, route, plan=make_plan(), today=TODAY, **kwargs)


def page_numbers_ok(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in (page.extract_text() or ""), number
    return total


def font_sizes(data: bytes) -> set[float]:
    """The size of every piece of text actually drawn."""
    sizes: set[float] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.add(round(size * tm[3] * cm[3], 1))
        page.extract_text(visitor_text=visit)
    return sizes


def text_x_positions(data: bytes) -> list[float]:
    xs: list[float] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                xs.append(tm[4] * cm[0] + cm[4])
        page.extract_text(visitor_text=visit)
    return xs


def test_letter_pdf_content_numbering_and_metadata():
    doc = letter()
    data = render_pdf(doc)
    qpdf_ok(data)
    reader = PdfReader(io.BytesIO(data))
    assert page_numbers_ok(data) >= 2
    meta = reader.metadata
    # File lists and print queues show the title and subject: the route and reference, never a name.
    assert meta.title == "Complaint about adult social care (c-2026-0142)"
    assert meta.author == "Jo Whitfield"
    assert meta.subject == "Complaint about adult social care"
    assert "Amira" not in meta.title + meta.subject and "Haddad" not in meta.title + meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4"
    text = squash(pdf_text(data))
    for expected in ("26 November 2026", "Dear Complaints Manager", "What happened", "14 October 2026",
                     "Sexual harassment or assault", "he kept touching me on my legs and chest",
                     "Please respond in writing by 12 January 2027", "Yours sincerely", "Jo Whitfield",
                     "Enclosure:", "Private and confidential"):
        assert expected in text, expected


def test_margins_are_at_least_20_mm():
    xs = text_x_positions(render_pdf(letter()))
    assert xs and min(xs) >= 20 * MM
    assert max(xs) <= (210 - 20) * MM


def test_markup_characters_print_literally():
    case = load_sample("sexual-misconduct")
    case.timeline[0].what = "He wrote <b>bold</b> & <i>x</i> {{ name }} &amp; <br/> &lt;"
    case.person.communication_needs = "<font size=40>big</font> & more"
    data = render_pdf(letter(case))
    qpdf_ok(data)
    text = squash(pdf_text(data))
    assert "<b>bold</b> & <i>x</i> {{ name }} &amp; <br/> &lt;" in text
    assert "<font size=40>big</font> & more" in text


def test_long_account_flows_over_many_pages():
    words = ("I asked for help again and nobody came. I waited & wrote it all down <again>. " * 625).split()
    assert len(words) == 10_000
    case = load_sample("sexual-misconduct", account=" ".join(words[:5000]) + "\n\n" + " ".join(words[5000:]))
    case.findings = []
    data = render_pdf(summary_for_case(case, plan=make_plan(), today=TODAY))
    qpdf_ok(data)
    pages = page_numbers_ok(data)
    assert pages >= 15
    assert squash(pdf_text(data)).count("wrote it all down <again>") >= 620  # a page break may split one


def test_accented_and_right_to_left_names():
    names = ["Zoë Ångström-Ñúñez", "Łukasz Żółć", "Siobhán Ó Súilleabháin", "فاطمة الزهراء", "דוד כהן"]
    case = load_sample("sexual-misconduct")
    case.person.name = names[0]
    case.person.preferred_name = names[0]
    case.timeline[0].what = " and ".join(names[1:])
    data = render_pdf(letter(case))
    qpdf_ok(data)
    text = squash(pdf_text(data))
    for name in names[:3]:
        assert name in text
    for word in " ".join(names[3:]).split():
        if fonts.SHAPING:
            assert word in text or word[::-1] in text, word
        else:
            assert set(word) <= set(text), word


def test_emoji_are_described_not_dropped_or_crashing():
    case = load_sample("sexual-misconduct")
    case.timeline[0].what = "I felt 😢 and 👍🏽 then ❤ ✓ 𝐁𝐨𝐥𝐝"
    data = render_pdf(letter(case))
    qpdf_ok(data)
    text = squash(pdf_text(data))
    assert "[emoji: crying face]" in text
    assert "[emoji: thumbs up sign]" in text
    assert "❤ ✓ Bold" in text


@pytest.mark.parametrize("maker", ["letter", "easy-read"])
def test_large_print_is_at_least_16_pt(maker):
    doc = letter(large_print=True) if maker == "letter" else summary_for_case(
        load_sample("sexual-misconduct"), plan=make_plan(), easy_read=True, today=TODAY)
    data = render_pdf(doc)
    qpdf_ok(data)
    sizes = font_sizes(data)
    assert sizes and min(sizes) >= 16, sizes
    page_numbers_ok(data)


def test_normal_print_is_smaller_than_large_print():
    assert max(font_sizes(render_pdf(letter()))) < 16


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_renders_to_a_valid_pdf(value):
    doc = Document(kind="summary", title=value[:50] or "x", author=value[:20], subject="s",
                   blocks=[Paragraph(value), Quote(value)], footer=value[:30])
    data = render_pdf(doc)
    assert data.startswith(b"%PDF")
    PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_huge_table_cells_and_unbroken_words_split_across_pages():
    case = load_sample("sexual-misconduct")
    case.timeline[1].what = " ".join(["word"] * 6000)
    case.timeline[2].what = "x" * 4000
    data = render_pdf(letter(case))
    qpdf_ok(data)
    assert page_numbers_ok(data) > 5
    assert squash(pdf_text(data)).count("word") >= 5900
