"""The report as a printable PDF: charts a commissioner can read at a glance.

Why reportlab's own chart graphics: they are vector drawings inside the PDF,
sharp at any zoom, need no plotting library, and carry their numbers as real
text (a screen reader and `pdftotext` get the same figures as the eye).
Only what the `Report` holds is drawn: identifiers' labels, counts already
suppressed, percentages and the period as the advocate chose it.
"""
from __future__ import annotations

import io
import textwrap
from functools import lru_cache
from typing import Any, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)
from xml.sax.saxutils import escape

from advocate_app.reporting import report as rp
from advocate_app.reporting.report import Report, Row, settings
from advocate_app.resources import resource_path

OURS = colors.HexColor("#1f4e79")      # dark blue: our cases
SURVEY = colors.HexColor("#b9c7d6")    # pale grey-blue: the survey (differs in lightness too)
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef2f6")


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names: the bundled DejaVu Sans if present, else Helvetica.

    DejaVu covers every character a label could hold (curly quotes, accents,
    the "<" and "≥" signs); Helvetica is the safe built-in fallback.
    """
    folder = resource_path("fonts")
    files = {"AdvReport": "DejaVuSans.ttf", "AdvReport-Bold": "DejaVuSans-Bold.ttf",
             "AdvReport-Italic": "DejaVuSans-Oblique.ttf"}
    try:
        if all((folder / f).is_file() for f in files.values()):
            for name, file in files.items():
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(folder / file)))
            pdfmetrics.registerFontFamily("AdvReport", normal="AdvReport", bold="AdvReport-Bold",
                                          italic="AdvReport-Italic", boldItalic="AdvReport-Bold")
            return "AdvReport", "AdvReport-Bold", "AdvReport-Italic"
    except Exception:  # noqa: BLE001 - a damaged font file must not stop the report
        pass
    return "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.5, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=19, leading=23, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=15, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=13.5, leading=17,
                             spaceBefore=12, spaceAfter=5),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cellbold": ParagraphStyle("cellbold", parent=base, fontName=bold, fontSize=9, leading=11.5),
        "note": ParagraphStyle("note", parent=base, fontName=italic, fontSize=9, leading=12, spaceAfter=4),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _unbroken(day) -> str:  # noqa: ANN001 - a date
    """A date that never breaks across lines ("31 December 2026")."""
    return rp.format_day(day).replace(" ", "\u00a0")


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


# ------------------------------------------------------------ the chart

def _shown_percent(row: Row) -> str:
    if row.suppressed:
        return row.shown_count
    return row.shown_percent or "–"


def sources_chart(report: Report, width: float = 17 * cm) -> Drawing:
    """Our % of cases beside the survey's % of respondents, one pair of bars per source."""
    regular, bold, _ = fonts()
    sources = report.section(rp.SOURCE)
    n = len(sources)
    row_height = 34
    label_width = 6.2 * cm
    top, bottom = 44, 30
    height = top + bottom + n * row_height
    drawing = Drawing(width, height)

    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = bottom
    chart.width = width - label_width - 1.4 * cm
    chart.height = n * row_height
    # series 0 drawn nearest the category's top when categories are reversed
    ours = [r.percent if r.percent is not None else 0 for r in sources]
    survey = [r.survey_percent or 0 for r in sources]
    chart.data = [survey, ours]
    chart.categoryAxis.categoryNames = [_wrap(r.label, 34) for r in sources]
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.leading = 9.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.bars[0].fillColor = SURVEY
    chart.bars[0].strokeColor = colors.HexColor("#6f7f90")
    chart.bars[0].strokeWidth = 0.5
    chart.bars[1].fillColor = OURS
    chart.bars[1].strokeColor = OURS
    chart.barWidth = 10
    chart.groupSpacing = 10
    chart.barSpacing = 1
    chart.barLabels.fontName = regular
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = "values"
    chart.barLabelArray = [
        [f"{v}%" if r.survey_percent is not None else "" for r, v in zip(sources, survey)],
        [_shown_percent(r) for r in sources],
    ]
    drawing.add(chart)

    legend = Legend()
    legend.fontName = regular
    legend.fontSize = 8.5
    legend.x = label_width
    legend.y = height - 8
    legend.dx = 9
    legend.dy = 9
    legend.deltay = 13
    legend.columnMaximum = 2
    legend.alignment = "right"
    legend.colorNamePairs = [(OURS, "These cases (% of cases)"),
                             (SURVEY, "Survey, Carr et al. 2025 (% of 27 people)")]
    drawing.add(legend)
    drawing.add(String(label_width + chart.width / 2, 4, "Percentage", fontName=regular, fontSize=8,
                       textAnchor="middle"))
    return drawing


# ------------------------------------------------------------ tables

def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header_rows: int = 1,
           group_rows: Sequence[int] = ()) -> Table:
    _, bold, _ = fonts()
    table = Table(list(rows), colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, RULE),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, colors.HexColor("#d5d5d5")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for index in group_rows:
        style += [("BACKGROUND", (0, index), (-1, index), SHADE), ("SPAN", (0, index), (-1, index))]
    table.setStyle(TableStyle(style))
    return table


def _count_cell(row: Row, st: dict[str, ParagraphStyle]) -> Paragraph:
    return _p(row.shown_count, st["cell"])


def _overview(report: Report, st: dict[str, ParagraphStyle]) -> Table:
    def line(section: str, id_: str, label: str | None = None, *, value: bool = False) -> list[Any]:
        row = report.row(section, id_)
        if value:
            shown = row.shown_value if row.value is not None else "not shown"
            if row.count is not None and row.value is not None:
                basis = f"from {row.count} cases"
            elif row.suppressed == "small" or (row.count is not None and row.count < rp.MIN_VALUES_FOR_MEDIAN):
                basis = "too few cases"
            else:
                basis = ""
            return [_p(label or row.label, st["cell"]), _p(shown, st["cell"]), _p(basis, st["cell"])]
        return [_p(label or row.label, st["cell"]), _p(row.shown_count, st["cell"]),
                _p(row.shown_percent, st["cell"])]

    rows = [
        [_p("Measure", st["cellbold"]), _p("Number", st["cellbold"]), _p("% of cases", st["cellbold"])],
        line(rp.CASES, "total"),
        line(rp.CASES, "with-harm"),
        line(rp.CASES, "with-letter-sent"),
        line(rp.CASES, "with-response"),
        [_p("Letters sent", st["cell"]), _p(report.row(rp.LETTERS, "sent").shown_count, st["cell"]), ""],
        [_p("Letters sent that have had a reply", st["cell"]),
         _p(report.row(rp.LETTERS, "responded").shown_count, st["cell"]),
         _p(_of_letters(report.row(rp.LETTERS, "responded")), st["cell"])],
        line(rp.TIME, "first-letter", "Typical (median) days from first contact to the first letter", value=True),
        line(rp.TIME, "first-response", "Typical (median) days from first contact to the first reply", value=True),
    ]
    return _table(rows, [10.5 * cm, 3 * cm, 3.5 * cm])


def _of_letters(row: Row) -> str:
    return f"{row.shown_percent} of letters" if row.percent is not None else ""


def _sources_table(report: Report, st: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p("Source of harm", st["cellbold"]), _p("Cases", st["cellbold"]),
             _p("% of cases", st["cellbold"]), _p("Survey %", st["cellbold"])]]
    for row in report.section(rp.SOURCE):
        rows.append([_p(row.label, st["cell"]), _count_cell(row, st), _p(row.shown_percent, st["cell"]),
                     _p("" if row.survey_percent is None else f"{row.survey_percent}%", st["cell"])])
    return _table(rows, [10 * cm, 2.2 * cm, 2.4 * cm, 2.4 * cm])


def _factor_tables(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    """One small table per source, each kept on one page, its heading row naming the source."""
    out: list[Any] = []
    for source in report.section(rp.SOURCE):
        rows: list[list[Any]] = [[_p(source.label, st["cellbold"]), _p("Cases", st["cellbold"]),
                                  _p("% of cases", st["cellbold"])]]
        for row in report.section(rp.FACTOR):
            if row.parent == source.id:
                rows.append([_p(row.label, st["cell"]), _count_cell(row, st), _p(row.shown_percent, st["cell"])])
        table = _table(rows, [12.4 * cm, 2.2 * cm, 2.4 * cm])
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
        out += [KeepTogether([table]), Spacer(1, 6)]
    return out


def _routes_table(report: Report, st: dict[str, ParagraphStyle]) -> tuple[Table, int]:
    rows = [[_p("Route", st["cellbold"]), _p("Cases using it", st["cellbold"]), _p("% of cases", st["cellbold"]),
             _p("Letters sent", st["cellbold"])]]
    left_out = 0
    for row in report.section(rp.ROUTE):
        letters = report.row(rp.LETTERS_BY_ROUTE, row.id)
        if row.count == 0 and letters.count == 0:
            left_out += 1
            continue
        rows.append([_p(row.label, st["cell"]), _count_cell(row, st), _p(row.shown_percent, st["cell"]),
                     _count_cell(letters, st)])
    if len(rows) == 1:
        rows.append([_p("No routes were used for these cases.", st["cell"]), "", "", ""])
    return _table(rows, [9.2 * cm, 2.6 * cm, 2.4 * cm, 2.8 * cm]), left_out


def _shares_table(report: Report, section: str, total_id: str, title: str,
                  st: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p(title, st["cellbold"]), _p("Number", st["cellbold"]), _p("% of all", st["cellbold"])]]
    for row in report.section(section):
        style = st["cellbold"] if row.id == total_id else st["cell"]
        rows.append([_p(row.label, style), _p(row.shown_count, style), _p(row.shown_percent, st["cell"])])
    return _table(rows, [10.5 * cm, 3 * cm, 3.5 * cm])


def _days_table(report: Report, st: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p("Days from first contact", st["cellbold"]), _p("Cases: first letter", st["cellbold"]),
             _p("Cases: first reply", st["cellbold"])]]
    replies = {r.id: r for r in report.section(rp.DAYS_TO_RESPONSE)}
    for row in report.section(rp.DAYS_TO_LETTER):
        rows.append([_p(row.label, st["cell"]), _count_cell(row, st), _count_cell(replies[row.id], st)])
    return _table(rows, [8 * cm, 4.5 * cm, 4.5 * cm])


# ------------------------------------------------------------ the document

def _citation(model: Any) -> str:
    citation = getattr(model, "citation", None)
    text = getattr(citation, "text", "") if citation is not None else ""
    licence = getattr(citation, "licence", "") if citation is not None else ""
    if text:
        return f"{text}. Open access under {licence}." if licence else text
    return ("Carr, S. et al. (2025) 'A broken system'? Service user definitions of avoidable social and "
            "psychological harm in mental health social care, British Journal of Social Work. "
            "doi:10.1093/bjsw/bcaf094. CC BY 4.0.")


def report_pdf(report: Report, model: Any = None) -> bytes:
    """The PDF as bytes (nothing touches the disk here; the caller writes it atomically)."""
    st = _styles()
    cfg = settings()
    regular = fonts()[0]
    buffer = io.BytesIO()
    title = cfg["title"]
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=1.8 * cm,
        title=f"{title}: {report.period_text}", author="advocate_app", subject="Anonymised report",
        creator="advocate_app", invariant=1, lang="en-GB",
    )

    def footer(canvas, document) -> None:  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(2 * cm, 1.1 * cm, f"Anonymised report, {report.period_text}. Holds no personal data.")
        canvas.drawRightString(A4[0] - 2 * cm, 1.1 * cm, f"Page {document.page}")
        canvas.restoreState()

    story: list[Any] = [
        _p(title, st["title"]),
        _p(f"Anonymised report of the cases first seen from {_unbroken(report.date_from)} to "
           f"{_unbroken(report.date_to)}", st["subtitle"]),
        _p(cfg["period_note"], st["body"]),
        Spacer(1, 8),
        _p("At a glance", st["h2"]),
        _overview(report, st),
    ]
    story += [
        CondPageBreak(10 * cm),
        _p("Sources of harm", st["h2"]),
        _p("How often each of the seven sources of avoidable harm in the research was confirmed in these "
           "cases, beside how many people in the paper's survey had experienced it.", st["body"]),
        Spacer(1, 6),
        sources_chart(report),
        Spacer(1, 6),
        KeepTogether([_p(cfg["survey_note"], st["note"]), _sources_table(report, st)]),
        _p("Specific factors", st["h2"]),
        _p("Cases in which each specific factor was confirmed. The survey gave no figures for these.", st["body"]),
        Spacer(1, 4),
        *_factor_tables(report, st),
    ]
    routes, left_out = _routes_table(report, st)
    story += [_p("Routes used", st["h2"]),
              _p("A route counts as used when it was chosen for the case or a letter was written for it. "
                 + (f"{left_out} routes not used for any of these cases are left out of this table."
                    if left_out else ""), st["body"]),
              Spacer(1, 4), routes]
    story += [KeepTogether([_p("What people asked for", st["h2"]),
                            _shares_table(report, rp.OUTCOMES, "recorded", "Outcome", st)]),
              KeepTogether([_p("Complaints and their outcome", st["h2"]),
                            _shares_table(report, rp.COMPLAINTS, "recorded", "Complaint outcome", st)]),
              KeepTogether([_p("How long it took", st["h2"]),
                            _p("Cases by the number of days from the first contact to the first letter sent, "
                               "and to the first reply received.", st["body"]),
                            Spacer(1, 4), _days_table(report, st)])]
    story += [KeepTogether([_p("About these figures", st["h2"]),
                            _p(cfg["suppression_note"], st["body"]), Spacer(1, 4),
                            _p("Source of the model of harm and of the survey figures: " + _citation(model),
                               st["small"])])]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
