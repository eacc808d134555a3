"""Render a Document to an editable Word file (.docx bytes) with python-docx.

Why Word as well as PDF: advocates put drafts on their organisation's
letterhead and edit them before sending. So the file uses real styles
(Normal, Heading 1/2, List Bullet, Quote, a table style), so that restyling
it is one click, carries "Page X of Y" as fields Word updates itself, and
records title, author, subject and language (en-GB, also on the styles, so
the spell checker uses UK English).
"""
from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from advocate_app.documents.model import BulletList, Document, Heading, Paragraph, Quote, Table
from advocate_app.documents.pdf import sizes_for

FONT = "Arial"


def _set_lang(style_element, language: str) -> None:
    rpr = style_element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), "ar-SA")


def _style_font(style, size: float, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _add_text(paragraph, text: str, bold: bool = False) -> None:
    """Plain text into a paragraph; line breaks become Word line breaks, never markup."""
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        if bold:
            run.bold = True


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A field Word computes (PAGE, NUMPAGES), with a placeholder shown before the first update."""
    def element(tag: str, **attrs):
        el = OxmlElement(tag)
        for key, value in attrs.items():
            el.set(qn(key), value)
        return el

    for part in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        if part == "begin":
            run._r.append(element("w:fldChar", **{"w:fldCharType": "begin"}))
        elif part == "instr":
            instr = element("w:instrText", **{"xml:space": "preserve"})
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif part == "separate":
            run._r.append(element("w:fldChar", **{"w:fldCharType": "separate"}))
        elif part == "text":
            run.text = placeholder
        else:
            run._r.append(element("w:fldChar", **{"w:fldCharType": "end"}))


def _lines(document, lines: list[str], align=None, style: str = "No Spacing") -> None:
    paragraph = document.add_paragraph(style=style)
    _add_text(paragraph, "\n".join(line for line in lines if line))
    if align is not None:
        paragraph.alignment = align


def render_docx(doc: Document) -> bytes:
    """The document as .docx bytes, built in memory."""
    sizes = sizes_for(doc)
    out = new_docx()
    styles = out.styles
    _style_font(styles["Normal"], sizes.body)
    styles["Normal"].paragraph_format.space_after = Pt(sizes.body * 0.7)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    _set_lang(styles["Normal"].element, doc.language)
    for name, size in (("Title", sizes.heading * 1.35), ("Heading 1", sizes.heading * 1.15),
                       ("Heading 2", sizes.heading)):
        _style_font(styles[name], size, bold=True)
    _style_font(styles["Quote"], sizes.body, italic=sizes.body < 16)  # no italics in large print
    _style_font(styles["List Bullet"], sizes.body)
    _style_font(styles["No Spacing"], sizes.body)
    _style_font(styles["Footer"], sizes.footer)

    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(22), Mm(25)
    section.footer_distance = Mm(10)

    if doc.kind == "letter":
        if doc.sender:
            _lines(out, doc.sender, WD_ALIGN_PARAGRAPH.RIGHT)
        if doc.date:
            p = out.add_paragraph(doc.date)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.space_before = Pt(sizes.body)
        if doc.recipient:
            _lines(out, doc.recipient)
            out.add_paragraph()
        if doc.reference:
            out.add_paragraph(doc.reference)
        if doc.salutation:
            out.add_paragraph(doc.salutation)
        if doc.subject_line:
            _add_text(out.add_paragraph(), doc.subject_line, bold=True)
    else:
        _add_text(out.add_paragraph(style="Title"), doc.title)
        if doc.date:
            out.add_paragraph(doc.date)

    for block in doc.blocks:
        if isinstance(block, Heading):
            _add_text(out.add_paragraph(style="Heading 1" if block.level <= 1 else "Heading 2"), block.text)
        elif isinstance(block, Paragraph):
            _add_text(out.add_paragraph(), block.text, bold=block.emphasis)
        elif isinstance(block, BulletList):
            for item in block.items:
                _add_text(out.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Quote):
            _add_text(out.add_paragraph(style="Quote"), block.text)
        elif isinstance(block, Table):
            table = out.add_table(rows=1, cols=max(len(block.headers), 1))
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            for cell, header in zip(table.rows[0].cells, block.headers):
                _add_text(cell.paragraphs[0], header, bold=True)
            _repeat_header(table.rows[0])
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    _add_text(cell.paragraphs[0], text)
            _column_widths(table, _widths(block))
            out.add_paragraph()

    if doc.signature:
        sig = doc.signature
        out.add_paragraph(sig.closing)
        out.add_paragraph()
        if sig.name:
            _add_text(out.add_paragraph(style="No Spacing"), sig.name, bold=True)
        if sig.lines:
            _lines(out, sig.lines)
    if doc.enclosures:
        out.add_paragraph()
        _add_text(out.add_paragraph(), "Enclosures:" if len(doc.enclosures) > 1 else "Enclosure:", bold=True)
        for item in doc.enclosures:
            _add_text(out.add_paragraph(style="List Bullet"), item)

    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    if doc.footer:
        _add_text(footer, doc.footer + "    ")
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")

    props = out.core_properties
    props.title = _property_text(doc.title)
    props.author = _property_text(doc.author)
    props.subject = _property_text(doc.subject)
    props.language = _property_text(doc.language)
    props.comments = ""
    props.last_modified_by = _property_text(doc.author)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _widths(block: Table) -> list:
    """A chronology keeps its date column narrow; a third column says who was involved."""
    columns = max(len(block.headers), 1)
    if block.kind == "chronology" and columns == 2:
        return [Mm(38), Mm(122)]
    if block.kind == "chronology" and columns == 3:
        return [Mm(38), Mm(78), Mm(44)]
    return [Mm(160 / columns)] * columns


def _property_text(text: str | None) -> str:
    """DOCX file properties hold at most 255 characters; a long name in a title must not stop the letter."""
    text = text or ""
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _column_widths(table, widths) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
