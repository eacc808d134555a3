"""Render a Document to PDF bytes with reportlab, in memory.

Why in memory: the encrypted store and the wizard's print preview work from
bytes, so no plaintext copy of a letter ever lands in a temporary file. The
page numbers ("Page 1 of 3") are drawn after the last page is known, by
keeping each page's drawing state until `save` (one layout pass).

Every text run is the person's or the advocate's words, never markup: it is
XML-escaped for reportlab's paragraph mini-language, so `<b>` and `&` print
as written.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Frame, KeepTogether, PageTemplate, Paragraph as RLParagraph,
    Spacer, Table as RLTable, TableStyle,
)

from advocate_app import __version__
from advocate_app.documents import fonts
from advocate_app.documents.model import BulletList, Document, Heading, Paragraph, Quote, Table

MARGIN_LEFT = MARGIN_RIGHT = 25 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 25 * mm
CELL_PIECE = 1500   # characters of a table cell laid out as one piece (see _table)


@dataclass(frozen=True)
class Sizes:
    body: float
    leading: float
    heading: float
    footer: float


def sizes_for(doc: Document) -> Sizes:
    if doc.kind == "easy-read-summary":
        return Sizes(body=18, leading=26, heading=22, footer=16)
    if doc.large_print:
        return Sizes(body=16, leading=22, heading=19, footer=16)
    return Sizes(body=11, leading=15.5, heading=13, footer=8.5)


def markup(text: str) -> str:
    """Plain text as reportlab paragraph text: printable, escaped, line breaks kept."""
    return xml_escape(fonts.printable(text)).replace("\n", "<br/>")


class _Styles:
    def __init__(self, sizes: Sizes) -> None:
        base = dict(fontName=fonts.REGULAR, fontSize=sizes.body, leading=sizes.leading, alignment=TA_LEFT)
        self.body = ParagraphStyle("body", spaceAfter=sizes.body * 0.7, **base)
        self.bold = ParagraphStyle("bold", parent=self.body, fontName=fonts.BOLD)
        self.block = ParagraphStyle("block", spaceAfter=0, **base)
        self.right = ParagraphStyle("right", parent=self.block, alignment=TA_RIGHT)
        self.subject = ParagraphStyle("subject", parent=self.body, fontName=fonts.BOLD, spaceBefore=sizes.body * 0.2)
        self.title = ParagraphStyle("title", parent=self.body, fontName=fonts.BOLD, fontSize=sizes.heading * 1.35,
                                    leading=sizes.heading * 1.8, spaceAfter=sizes.body)
        self.h1 = ParagraphStyle("h1", parent=self.body, fontName=fonts.BOLD, fontSize=sizes.heading * 1.15,
                                 leading=sizes.heading * 1.55, spaceBefore=sizes.body * 0.9, spaceAfter=sizes.body * 0.4)
        self.h2 = ParagraphStyle("h2", parent=self.body, fontName=fonts.BOLD, fontSize=sizes.heading,
                                 leading=sizes.heading * 1.4, spaceBefore=sizes.body * 0.7, spaceAfter=sizes.body * 0.35)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=sizes.body * 1.6,
                                     bulletIndent=sizes.body * 0.4, spaceAfter=sizes.body * 0.3,
                                     bulletFontName=fonts.REGULAR, bulletFontSize=sizes.body)
        # Large print and easy read avoid italics, which are harder to read.
        self.quote = ParagraphStyle("quote", parent=self.body, leftIndent=sizes.body * 1.8,
                                    rightIndent=sizes.body * 1.2,
                                    fontName=fonts.ITALIC if sizes.body < 16 else fonts.REGULAR)
        self.cell = ParagraphStyle("cell", parent=self.block, leading=sizes.leading * 0.95)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, fontName=fonts.BOLD)

    def shaped(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        if not fonts.needs_shaping(text):
            return style
        return ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)


def _para(text: str, style: ParagraphStyle, styles: _Styles, **kwargs) -> RLParagraph:
    return RLParagraph(markup(text), styles.shaped(style, text), **kwargs)


def _lines(lines: list[str], style: ParagraphStyle, styles: _Styles) -> RLParagraph:
    text = "\n".join(line for line in lines if line)
    return _para(text, style, styles)


def cell_pieces(text: str, size: int = CELL_PIECE) -> list[str]:
    """`text` cut into pieces of at most about `size` characters, after a line or a sentence where
    possible, else at a space, so that nothing is lost and each piece is cheap to lay out."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n")
        if cut < size // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= size // 2 else window.rfind(" ")
        if cut < size // 2:
            cut = size
        pieces.append(window[:cut].rstrip())
        start += cut
        while start < len(text) and text[start] in " \n":
            start += 1
    pieces.append(text[start:])
    return pieces


def _table(block: Table, styles: _Styles, width: float, sizes: Sizes) -> RLTable:
    """The table; a long cell continues in rows of its own below, without a rule between them.

    Why: reportlab lays out a cell that runs over a page again for every page
    it spans, so one 200 KB cell took half a minute; pieces of bounded size
    keep the layout time in step with the length of the text.
    """
    columns = max(len(block.headers), 1)
    if block.kind == "chronology" and columns in (2, 3):
        first = max(32 * mm, sizes.body * 9.5)
        widths = [first, width - first] if columns == 2 else [first, (width - first) * 0.64, (width - first) * 0.36]
    else:
        widths = [width / columns] * columns
    data = [[_para(h, styles.cell_head, styles) for h in block.headers]]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]
    for row in block.rows:
        pieces = [cell_pieces(cell) for cell in row]
        for depth in range(max((len(p) for p in pieces), default=1)):
            if depth:
                commands += [("BOTTOMPADDING", (0, len(data) - 1), (-1, len(data) - 1), 0),
                             ("TOPPADDING", (0, len(data)), (-1, len(data)), 0)]
            data.append([_para(p[depth] if depth < len(p) else "", styles.cell, styles) for p in pieces])
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.3, colors.HexColor("#8a8a8a")))
    table = RLTable(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def story(doc: Document, styles: _Styles, sizes: Sizes, width: float) -> list:
    flow: list = []
    if doc.kind == "letter":
        if doc.sender:
            flow.append(_lines(doc.sender, styles.right, styles))
        if doc.date:
            flow += [Spacer(1, sizes.body * 0.8), _para(doc.date, styles.right, styles)]
        flow.append(Spacer(1, sizes.body * 1.2))
        if doc.recipient:
            flow.append(_lines(doc.recipient, styles.block, styles))
        flow.append(Spacer(1, sizes.body * 1.2))
        if doc.reference:
            flow.append(_para(doc.reference, styles.body, styles))
        if doc.salutation:
            flow.append(_para(doc.salutation, styles.body, styles))
        if doc.subject_line:
            flow.append(_para(doc.subject_line, styles.subject, styles))
    else:
        flow.append(_para(doc.title, styles.title, styles))
        if doc.date:
            flow.append(_para(doc.date, styles.body, styles))
    for block in doc.blocks:
        if isinstance(block, Heading):
            style = styles.h1 if block.level <= 1 else styles.h2
            flow.append(CondPageBreak(sizes.leading * 4))
            flow.append(_para(block.text, style, styles))
        elif isinstance(block, Paragraph):
            flow.append(_para(block.text, styles.bold if block.emphasis else styles.body, styles))
        elif isinstance(block, BulletList):
            for item in block.items:
                flow.append(RLParagraph(markup(item), styles.shaped(styles.bullet, item), bulletText="\u2022"))
            flow.append(Spacer(1, sizes.body * 0.4))
        elif isinstance(block, Quote):
            flow.append(_para(block.text, styles.quote, styles))
        elif isinstance(block, Table):
            flow += [_table(block, styles, width, sizes), Spacer(1, sizes.body * 0.8)]
    ending: list = []  # the sign-off and the enclosures stay together on one page
    if doc.signature and flow and isinstance(doc.blocks[-1:] and doc.blocks[-1], Paragraph):
        # ... with the letter's last paragraph, so "Yours sincerely" never starts a page on its own.
        ending.append(flow.pop())
    if doc.signature:
        sig = doc.signature
        ending += [Spacer(1, sizes.body * 0.5), _para(sig.closing, styles.body, styles), Spacer(1, sizes.body * 2.6)]
        if sig.name:
            ending.append(_para(sig.name, styles.cell_head, styles))
        if sig.lines:
            ending.append(_lines(sig.lines, styles.block, styles))
    if doc.enclosures:
        ending.append(Spacer(1, sizes.body))
        ending.append(_para("Enclosures:" if len(doc.enclosures) > 1 else "Enclosure:", styles.cell_head, styles))
        ending += [RLParagraph(markup(e), styles.shaped(styles.bullet, e), bulletText="\u2022") for e in doc.enclosures]
    if ending:
        flow.append(KeepTogether(ending))
    return flow


def _canvas_class(footer: str, sizes: Sizes):
    footer_text = fonts.printable(footer)

    class NumberedCanvas(Canvas):
        """Keeps each page until the end, then writes "Page n of N" on every one."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            y = 12 * mm
            self.saveState()
            self.setFont(fonts.REGULAR, sizes.footer)
            self.setFillColor(colors.HexColor("#333333"))
            label = f"Page {number} of {total}"
            self.drawRightString(width - MARGIN_RIGHT, y, label)
            if footer_text:
                room = width - MARGIN_LEFT - MARGIN_RIGHT - self.stringWidth(label, fonts.REGULAR, sizes.footer) - 6 * mm
                if self.stringWidth(footer_text, fonts.REGULAR, sizes.footer) <= room:
                    self.drawString(MARGIN_LEFT, y, footer_text)
                else:  # large print: the footer wraps onto lines above the page number
                    lines = simpleSplit(footer_text, fonts.REGULAR, sizes.footer, width - MARGIN_LEFT - MARGIN_RIGHT)
                    for index, line in enumerate(reversed(lines), start=1):
                        self.drawString(MARGIN_LEFT, y + sizes.footer * 1.25 * index, line)
            self.restoreState()

    return NumberedCanvas


def _faces(doc: Document, sizes: Sizes) -> list[str]:
    """The faces this document's styles use: the oblique one only for quotations in ordinary print (see _Styles)."""
    faces = [fonts.REGULAR, fonts.BOLD]
    if sizes.body < 16 and any(isinstance(block, Quote) for block in doc.blocks):
        faces.append(fonts.ITALIC)
    return faces


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes: A4, 25 mm side margins, page numbers, metadata, en-GB."""
    sizes = sizes_for(doc)
    fonts.register_fonts(_faces(doc, sizes))
    styles = _Styles(sizes)
    buffer = io.BytesIO()
    bottom = MARGIN_BOTTOM if sizes.footer < 14 else MARGIN_BOTTOM + 15 * mm  # room for a wrapped footer
    template = BaseDocTemplate(
        buffer, pagesize=A4,
        leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP, bottomMargin=bottom,
        title=fonts.printable(doc.title), author=fonts.printable(doc.author),
        subject=fonts.printable(doc.subject), creator=f"advocate_app {__version__}",
        producer=f"advocate_app {__version__}", lang=doc.language,
    )
    frame = Frame(template.leftMargin, template.bottomMargin, template.width, template.height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story(doc, styles, sizes, template.width), canvasmaker=_canvas_class(doc.footer, sizes))
    return buffer.getvalue()
