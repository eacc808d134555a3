"""The PDF and the CSV: what they say, what they never say, and how they add up."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from advocate_app.reporting import csv_export, report as rp
from advocate_app.reporting.pdf import report_pdf
from advocate_app.reporting.report import build_report
from tests.reporting.casegen import BIRTH_YEAR, CANARY

QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def quarter(many_cases, model):
    return build_report(many_cases, *QUARTER, model)


@pytest.fixture(scope="module")
def pdf_bytes(quarter, model):
    return report_pdf(quarter, model)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def case_dates(cases) -> set[dt.date]:
    """Every exact date held anywhere in the cases."""
    out = set()
    for c in cases:
        out.update(d for d in (c.created, c.first_contact, c.closed, c.consent.date, c.facts.first_event,
                               c.person.date_of_birth) if d)
        out.update(i.date for i in c.timeline if i.date)
        for letter in c.letters:
            out.update(d for d in (letter.produced, letter.sent, letter.response_received) if d)
        for k in c.complaints:
            out.update(d for d in (k.made, k.response) if d)
    return out


def date_spellings(day: dt.date) -> list[str]:
    return [day.isoformat(), f"{day.day} {day:%B} {day.year}", f"{day:%d/%m/%Y}"]


# ------------------------------------------------------------ privacy

def test_no_canary_from_any_personal_field_reaches_the_csv_or_the_pdf(many_cases, model):
    # the generator put a canary in every personal field of every case
    assert all(CANARY in c.person.name and CANARY in c.account for c in many_cases)
    for date_from, date_to in (QUARTER, (dt.date(2025, 10, 1), dt.date(2026, 12, 31)),
                               (dt.date(2026, 3, 1), dt.date(2026, 3, 3))):
        report = build_report(many_cases, date_from, date_to, model)
        csv_text = csv_export.report_csv(report)
        pdf = report_pdf(report, model)
        for haystack in (csv_text, pdf_text(pdf), pdf.decode("latin-1")):
            assert CANARY.lower() not in haystack.lower()
            assert "ZXCAN" not in haystack.upper()
        assert CANARY.encode() not in pdf


def test_no_exact_date_from_a_case_appears_only_the_ends_of_the_period(many_cases, pdf_bytes, quarter):
    allowed = set(QUARTER)
    text = pdf_text(pdf_bytes)
    csv_text = csv_export.report_csv(quarter)
    for day in case_dates(many_cases) - allowed:
        for spelling in date_spellings(day):
            pattern = re.compile(rf"(?<![0-9]){re.escape(spelling)}(?![0-9])")
            assert not pattern.search(text), spelling
            assert not pattern.search(csv_text), spelling
    assert str(BIRTH_YEAR) not in text and str(BIRTH_YEAR) not in csv_text


def test_the_pdf_carries_no_creation_date_or_author_name(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    meta = reader.metadata or {}
    assert "2026-11" not in str(dict(meta))
    assert meta.get("/Author") == "advocate_app"


# ------------------------------------------------------------ the PDF says what it should

def test_the_pdf_has_the_period_the_chart_the_note_and_the_citation(pdf_bytes, quarter):
    text = " ".join(pdf_text(pdf_bytes).split())
    assert "1 January 2026 to 31 March 2026" in text
    assert "These cases (% of cases)" in text and "Survey, Carr et al. 2025" in text
    for row in quarter.section(rp.SOURCE):
        assert f"{row.survey_percent}%" in text
        if row.percent is not None:
            assert f"{row.percent:.0f}%" in text
    assert "<5" in text and "1 to 4" in text
    assert "doi.org/10.1093/bjsw/bcaf094" in text and "CC BY 4.0" in text
    assert "The survey gave no figures for" in text


def test_the_pdf_uses_the_bundled_font_when_present(pdf_bytes):
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("DejaVu" in f for f in fonts), fonts


def test_every_factor_row_is_in_the_pdf_as_label_count_and_percent(pdf_bytes, quarter):
    text = " ".join(pdf_text(pdf_bytes).split())
    for row in quarter.section(rp.FACTOR):
        assert f"{row.label} {row.shown_count} {row.shown_percent}".strip() in text, row.label


# ------------------------------------------------------------ the CSV

def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_documented_columns_and_one_row_per_measure(quarter):
    rows = read_csv(csv_export.report_csv(quarter))
    assert tuple(rows[0].keys()) == csv_export.COLUMNS
    for name in csv_export.COLUMNS:
        assert re.search(rf"^\s+{re.escape(name)}\s", csv_export.__doc__, re.M), f"{name} is not documented"
    assert len(rows) == len(quarter.rows)
    assert len({(r["section"], r["id"]) for r in rows}) == len(rows)
    assert {r["format"] for r in rows} == {"advocate-report/1"}
    assert {(r["period_from"], r["period_to"]) for r in rows} == {("2026-01-01", "2026-03-31")}


def test_the_csv_never_holds_a_suppressed_count_and_flags_each(quarter, many_cases, model):
    from tests.reporting.test_report import expected
    truth, _ = expected(many_cases, *QUARTER, model)
    for r in read_csv(csv_export.report_csv(quarter)):
        key = f"{r['section']}/{r['id']}"
        if r["suppressed"]:
            assert r["count"] == "" and r["percent"] == "" and r["value"] == ""
            assert r["suppressed"] in ("small", "complement", "withheld")
        else:
            assert int(r["count"]) == truth[key]


def test_csvs_of_several_advocates_add_up_to_the_report_of_all_their_cases(many_cases, model):
    # two advocates share the service's cases; where neither suppressed a count, the sums are exact
    first, second = many_cases[::2], many_cases[1::2]
    period = (dt.date(2025, 10, 1), dt.date(2026, 12, 31))
    a = read_csv(csv_export.report_csv(build_report(first, *period, model)))
    b = read_csv(csv_export.report_csv(build_report(second, *period, model)))
    both = {(r["section"], r["id"]): r for r in read_csv(csv_export.report_csv(build_report(many_cases, *period, model)))}
    compared = 0
    for ra, rb in zip(a, b):
        assert (ra["section"], ra["id"]) == (rb["section"], rb["id"]), "every report has the same rows in the same order"
        combined = both[(ra["section"], ra["id"])]
        if not ra["suppressed"] and not rb["suppressed"] and not combined["suppressed"]:
            assert int(ra["count"]) + int(rb["count"]) == int(combined["count"])
            compared += 1
    assert compared > 100


def test_without_the_bundled_font_the_pdf_falls_back_to_helvetica(quarter, model, monkeypatch, tmp_path):
    from advocate_app.reporting import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    pdf_module.fonts.cache_clear()
    try:
        assert pdf_module.fonts()[0] == "Helvetica"
        data = report_pdf(quarter, model)
        text = " ".join(pdf_text(data).split())
        assert "1 January 2026 to 31 March 2026" in text and "<5" in text
    finally:
        pdf_module.fonts.cache_clear()
