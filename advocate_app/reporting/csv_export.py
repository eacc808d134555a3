"""The report as a tidy CSV that an advocacy service can add up across advocates.

One row per measure, the same rows in the same order in every report of the
same format, so the service can stack the files of several advocates and sum
`count` by (`section`, `id`) without ever seeing a case.

Columns (format "advocate-report/1"; also described in the README section):

  format          always "advocate-report/1"; a tool should check it
  period_from     first day of the period, YYYY-MM-DD, as the advocate chose it
  period_to       last day of the period, YYYY-MM-DD
  section         cases, source, factor, route, letters, letters-by-route,
                  outcomes, complaints, time, days-to-first-letter, days-to-first-response
  id              stable identifier within the section: harm-model ids for
                  source/factor, route ids of cli.md for route/letters-by-route
  label           plain-English name of the measure
  parent          a factor's source id; empty otherwise
  count           whole number; ALWAYS additive across reports; empty when suppressed
  suppressed      empty (count shown), "small" (the count is 1 to 4), or
                  "complement" (hidden so that a small count elsewhere cannot
                  be worked out; it may be any number, zero included)
  percent         100 * count / the count of the `denominator` row, one decimal;
                  empty when either is suppressed or the denominator is 0
  denominator     "section/id" of the row the percentage is a share of
  survey_percent  the paper's survey figure (sources only; the survey gave none
                  for factors); empty otherwise
  value           for section "time": the median number of days; empty when it
                  rests on fewer than 5 cases or its count is suppressed.
                  NOT additive: a median of medians is not a median, so use the
                  day bands (days-to-first-*) to combine reports
  unit            "days" for medians

Adding reports up: sum `count` where no report has it suppressed. Where any
report suppressed a row, the sum of the others is only a lower bound (each
"small" hides 1 to 4 more; a "complement" hides an unknown number), so the
combined figure should be marked as incomplete, never filled in by guessing.
Recompute percentages from the summed counts and summed denominators. A case
worked by two advocates in the period appears in both reports.
"""
from __future__ import annotations

import csv
import io

from advocate_app.reporting.report import Report, settings

COLUMNS = ("format", "period_from", "period_to", "section", "id", "label", "parent", "count",
           "suppressed", "percent", "denominator", "survey_percent", "value", "unit")


def _number(value: float | None, places: int = 1) -> str:
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    return text.removesuffix(".0") if places == 1 else text


def report_csv(report: Report) -> str:
    """The CSV text (UTF-8 when encoded, CRLF line ends as RFC 4180 asks)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    fmt = settings()["format"]
    for row in report.rows:
        writer.writerow([
            fmt, report.date_from.isoformat(), report.date_to.isoformat(),
            row.section, row.id, row.label, row.parent or "",
            "" if row.count is None else row.count,
            row.suppressed or "",
            _number(row.percent),
            row.denominator or "",
            "" if row.survey_percent is None else row.survey_percent,
            _number(row.value),
            (row.unit or "") if row.value is not None else "",
        ])
    return out.getvalue()


def report_csv_bytes(report: Report) -> bytes:
    return report_csv(report).encode("utf-8")
