"""Every number of the report against an independent count over hundreds of generated cases.

The expected figures are computed here with plain loops, one measure at a
time, from the definitions in the README section, not with the report's own
tally; a published count must equal its expected value, and a suppressed one
must be suppressed for a reason the rules give.
"""
from __future__ import annotations

import datetime as dt

import pytest

from advocate_app.errors import UserError
from advocate_app.model.case import Case, Finding, LetterRecord, Outcome
from advocate_app.reporting import report as rp
from advocate_app.reporting.report import build_report, tally
from tests.reporting.attacker import possible_values_of_parts
from tests.reporting.casegen import ROUTES

PERIODS = [
    (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),     # a quarter
    (dt.date(2025, 10, 1), dt.date(2026, 12, 31)),   # everything
    (dt.date(2026, 3, 1), dt.date(2026, 3, 10)),     # ten days: mostly small numbers
    (dt.date(2026, 2, 14), dt.date(2026, 2, 14)),    # one day
]


def _median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return None
    if n % 2 == 1:
        return float(values[n // 2])
    return (values[n // 2 - 1] + values[n // 2]) / 2


def expected(cases, date_from, date_to, model):
    """The truth, by straightforward loops."""
    inside = []
    for case in cases:
        when = case.first_contact if case.first_contact is not None else case.created
        if when is not None and date_from <= when and when <= date_to:
            inside.append(case)
    e = {"cases/total": len(inside)}

    def accepted(case):
        return [f.id for f in case.findings if f.status == "confirmed" or f.status == "added"]

    for source in model.sources:
        factor_ids = [f.id for f in source.factors if not f.retired]
        n = 0
        for case in inside:
            if any(fid == source.id or fid in factor_ids for fid in accepted(case)):
                n += 1
        e[f"source/{source.id}"] = n
        for fid in factor_ids:
            e[f"factor/{fid}"] = sum(1 for case in inside if fid in accepted(case))
    all_ids = {s.id for s in model.sources} | {f.id for s in model.sources for f in s.factors}
    e["cases/with-harm"] = sum(1 for c in inside if any(fid in all_ids for fid in accepted(c)))

    for route in ROUTES:
        e[f"route/{route}"] = sum(1 for c in inside
                                  if route in c.chosen_routes or any(l.route == route for l in c.letters))
    e["route/other"] = sum(1 for c in inside
                           if any(r not in ROUTES for r in c.chosen_routes + [l.route for l in c.letters]))

    sent = 0
    replied = 0
    for c in inside:
        for letter in c.letters:
            if letter.sent:
                sent += 1
                if letter.response_received:
                    replied += 1
    e["letters/sent"] = sent
    e["letters/responded"] = replied
    for route in ROUTES:
        e[f"letters-by-route/{route}"] = sum(1 for c in inside for l in c.letters if l.sent and l.route == route)
    e["letters-by-route/other"] = sum(1 for c in inside for l in c.letters if l.sent and l.route not in ROUTES)
    e["cases/with-letter-sent"] = sum(1 for c in inside if any(l.sent for l in c.letters))
    e["cases/with-response"] = sum(1 for c in inside if any(l.response_received for l in c.letters))

    outcomes = [o for c in inside for o in c.outcomes]
    e["outcomes/recorded"] = len(outcomes)
    e["outcomes/achieved"] = len([o for o in outcomes if o.achieved is True])
    e["outcomes/not-achieved"] = len([o for o in outcomes if o.achieved is False])
    e["outcomes/not-yet-known"] = len([o for o in outcomes if o.achieved is None])

    complaints = [k for c in inside for k in c.complaints]
    e["complaints/recorded"] = len(complaints)
    for name in ("awaiting", "upheld", "partly-upheld", "not-upheld", "no-response"):
        e[f"complaints/{name}"] = len([k for k in complaints if k.outcome == name])
    e["complaints/not-recorded"] = len([k for k in complaints if k.outcome is None])

    to_letter, to_reply = [], []
    for c in inside:
        if c.first_contact is None:
            continue
        sent_days = [l.sent for l in c.letters if l.sent]
        reply_days = [l.response_received for l in c.letters if l.response_received]
        if sent_days and min(sent_days) >= c.first_contact:
            to_letter.append((min(sent_days) - c.first_contact).days)
        if reply_days and min(reply_days) >= c.first_contact:
            to_reply.append((min(reply_days) - c.first_contact).days)
    e["time/first-letter"] = len(to_letter)
    e["time/first-response"] = len(to_reply)
    bands = [("0-7", 0, 7), ("8-14", 8, 14), ("15-28", 15, 28), ("29-56", 29, 56), ("57-91", 57, 91),
             ("92-plus", 92, 10**9)]
    for name, lo, hi in bands:
        e[f"days-to-first-letter/{name}"] = len([d for d in to_letter if lo <= d <= hi])
        e[f"days-to-first-response/{name}"] = len([d for d in to_reply if lo <= d <= hi])
    medians = {"time/first-letter": _median(to_letter), "time/first-response": _median(to_reply)}
    return e, medians


@pytest.fixture(scope="module", params=PERIODS, ids=["quarter", "all", "ten-days", "one-day"])
def case_and_truth(request, many_cases, model):
    date_from, date_to = request.param
    report = build_report(many_cases, date_from, date_to, model)
    truth, medians = expected(many_cases, date_from, date_to, model)
    return report, truth, medians


def test_the_generated_set_is_big_and_varied(many_cases, model):
    assert len(many_cases) >= 500
    truth, _ = expected(many_cases, dt.date(2026, 1, 1), dt.date(2026, 3, 31), model)
    values = [v for k, v in truth.items() if k.startswith("factor/")]
    assert any(0 < v < 5 for v in values) and any(v >= 5 for v in values) and 0 in values


def test_raw_tally_matches_the_independent_count(many_cases, model):
    for date_from, date_to in PERIODS:
        t = tally(many_cases, date_from, date_to, model)
        truth, _ = expected(many_cases, date_from, date_to, model)
        got = {"cases/total": t.cases, "cases/with-harm": t.with_harm,
               "cases/with-letter-sent": t.with_letter_sent, "cases/with-response": t.with_response,
               "letters/sent": t.letters_sent, "letters/responded": t.letters_responded,
               "time/first-letter": len(t.days_to_letter), "time/first-response": len(t.days_to_response)}
        got.update({f"source/{k}": v for k, v in t.sources.items()})
        got.update({f"factor/{k}": v for k, v in t.factors.items()})
        got.update({f"route/{k}": v for k, v in t.routes.items()})
        got.update({f"letters-by-route/{k}": v for k, v in t.letters_by_route.items()})
        got.update({f"outcomes/{k}": v for k, v in t.outcomes.items()})
        got.update({f"complaints/{k}": v for k, v in t.complaints.items()})
        for key, value in got.items():
            assert value == truth[key], key


def test_every_row_is_checked_and_every_published_count_is_true(case_and_truth):
    report, truth, _ = case_and_truth
    assert {r.key for r in report.rows} == set(truth)
    for row in report.rows:
        if row.suppressed is None:
            assert row.count == truth[row.key], row.key
        else:
            assert row.count is None and row.percent is None and row.value is None, row.key


def test_counts_of_one_to_four_are_never_published_and_zero_is(case_and_truth):
    report, truth, _ = case_and_truth
    for row in report.rows:
        value = truth[row.key]
        if 0 < value < 5:
            assert row.suppressed in ("small", "withheld"), row.key
            assert row.shown_count in ("<5", "not shown")
        elif row.suppressed == "small":
            pytest.fail(f"{row.key} is {value} but shown as <5")
        if value == 0 and row.suppressed is None:
            assert row.shown_count == "0"


def test_a_case_count_whose_complement_is_small_is_not_published(case_and_truth):
    report, truth, _ = case_and_truth
    n = truth["cases/total"]
    for row in report.rows:
        if row.denominator == "cases/total" and 0 < n - truth[row.key] < 5 and truth[row.key] > 0:
            assert row.count is None, f"{row.key}: {truth[row.key]} of {n} would show {n - truth[row.key]} without"


@pytest.mark.parametrize("section,total", [
    ("letters-by-route", "letters/sent"), ("days-to-first-letter", "time/first-letter"),
    ("days-to-first-response", "time/first-response"),
])
def test_no_small_count_can_be_worked_out_from_a_published_total(case_and_truth, section, total):
    report, truth, _ = case_and_truth
    rows = report.section(section)
    total_row = report.row(*total.split("/"))
    shown = [r.shown_count.replace("not shown", "unknown") for r in rows]
    ranges = possible_values_of_parts(shown, total_row.shown_count.replace("not shown", "unknown"))
    for row, possible in zip(rows, ranges):
        assert truth[row.key] in possible, row.key
        if row.suppressed == "small":
            assert len(possible) >= 2, f"{row.key} can be worked out: {sorted(possible)}"


@pytest.mark.parametrize("section", ["outcomes", "complaints"])
def test_no_small_outcome_count_can_be_worked_out(case_and_truth, section):
    report, truth, _ = case_and_truth
    rows = [r for r in report.section(section) if r.id != "recorded"]
    total_row = report.row(section, "recorded")
    shown = [r.shown_count.replace("not shown", "unknown") for r in rows]
    ranges = possible_values_of_parts(shown, total_row.shown_count.replace("not shown", "unknown"))
    for row, possible in zip(rows, ranges):
        assert truth[row.key] in possible
        if row.suppressed == "small":
            assert len(possible) >= 2, f"{row.key} can be worked out: {sorted(possible)}"


def test_percentages_are_of_the_published_denominator(case_and_truth):
    report, truth, _ = case_and_truth
    for row in report.rows:
        if row.percent is not None:
            assert row.denominator is not None
            assert row.percent == pytest.approx(100 * truth[row.key] / truth[row.denominator])
            section, id_ = row.denominator.split("/")
            assert report.row(section, id_).count is not None


def test_medians_are_right_and_never_rest_on_fewer_than_five_cases(case_and_truth):
    report, truth, medians = case_and_truth
    for key in ("time/first-letter", "time/first-response"):
        row = report.row(*key.split("/"))
        if truth[key] < 5:
            assert row.value is None
        elif row.count is not None:
            assert row.value == pytest.approx(medians[key])
            assert row.unit == "days"


def test_sources_carry_the_papers_survey_figure_and_factors_none(many_cases, model):
    report = build_report(many_cases, *PERIODS[0], model)
    survey = {r.id: r.survey_percent for r in report.section(rp.SOURCE)}
    assert survey == {"bureaucracy": 61, "stigma": 80, "fragmentation": 68, "lack-of-support": 82,
                      "oppressive-culture": 73, "staff-misconduct": 52, "frontline-practice": 86}
    assert all(r.survey_percent is None for r in report.section(rp.FACTOR))


# ------------------------------------------------------------ the period

def _case(**kwargs) -> Case:
    return Case(account="x", **kwargs)


def test_the_period_includes_both_ends_and_falls_back_to_the_created_date(model):
    cases = [
        _case(first_contact=dt.date(2026, 1, 1)),
        _case(first_contact=dt.date(2026, 3, 31)),
        _case(first_contact=dt.date(2025, 12, 31), created=dt.date(2026, 1, 5)),   # first contact decides
        _case(first_contact=dt.date(2026, 4, 1)),
        _case(created=dt.date(2026, 2, 1)),                                        # no first contact: created
        _case(),                                                                    # undated
    ]
    t = tally(cases, dt.date(2026, 1, 1), dt.date(2026, 3, 31), model)
    assert t.cases == 3
    assert t.undated == 1


def test_a_period_that_ends_before_it_starts_is_refused_in_plain_words(model):
    with pytest.raises(UserError, match="swap"):
        build_report([], dt.date(2026, 3, 1), dt.date(2026, 1, 1), model)


def test_an_empty_period_gives_zeros_not_errors(model):
    report = build_report([], dt.date(2026, 1, 1), dt.date(2026, 3, 31), model)
    assert report.cases.count == 0
    assert all(r.count == 0 and r.suppressed is None for r in report.rows)
    assert all(r.percent is None for r in report.rows)


def test_a_factor_counts_its_source_once_and_rejected_findings_count_nowhere(model):
    cases = [_case(first_contact=dt.date(2026, 1, 2),
                   findings=[Finding("stigma.1"), Finding("stigma.2", status="added"), Finding("stigma")])
             for _ in range(6)]
    cases += [_case(first_contact=dt.date(2026, 1, 3),
                    findings=[Finding("stigma.3", status="rejected"), Finding("stigma.4", status="suggested")])
              for _ in range(6)]
    report = build_report(cases, dt.date(2026, 1, 1), dt.date(2026, 1, 31), model)
    assert report.row(rp.SOURCE, "stigma").count == 6
    assert report.row(rp.SOURCE, "stigma").percent == pytest.approx(50.0)
    assert report.row(rp.FACTOR, "stigma.2").count == 6
    assert report.row(rp.FACTOR, "stigma.3").count == 0
    assert report.row(rp.CASES, "with-harm").count == 6


def test_a_small_service_sees_less_than_five_not_the_number(model):
    cases = [_case(first_contact=dt.date(2026, 1, 2), findings=[Finding("staff-misconduct.1")],
                   letters=[LetterRecord("safeguarding-concern", sent=dt.date(2026, 1, 9))],
                   outcomes=[Outcome("x", achieved=True)])
             for _ in range(3)]
    report = build_report(cases, dt.date(2026, 1, 1), dt.date(2026, 1, 31), model)
    assert report.cases.shown_count == "<5"
    assert report.row(rp.SOURCE, "staff-misconduct").shown_count in ("<5", "not shown")
    assert report.row(rp.TIME, "first-letter").value is None
    assert all(r.percent is None for r in report.rows)
