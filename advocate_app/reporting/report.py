"""The anonymised report: counts over the cases of a period, made safe to share.

Why a pure function over `Case` objects: the same numbers feed the PDF, the
CSV, the command line and the Reports window, and tests can check every one
of them against an independent count without a store, a display or a disk.

What counts as "in the period": a case whose first contact date lies between
`date_from` and `date_to` (both included); a case with no first contact date
uses the date it was created; a case with neither is left out (and counted in
`Report.undated_cases`, which is shown to the advocate only, never exported).
Everything else (letters, replies, outcomes) describes those cases, whenever
it happened, so the reports of several advocates for one period add up.

Only identifiers from the harm model and the route list, counts, percentages
and whole numbers of days leave this module: no free text, no name, no date
other than the two ends of the period as the user gave them.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from advocate_app.errors import UserError
from advocate_app.model.case import COMPLAINT_OUTCOMES, Case
from advocate_app.reporting import suppression as sup
from advocate_app.resources import read_toml

# sections of the report, in the order they are shown
CASES = "cases"
SOURCE = "source"
FACTOR = "factor"
ROUTE = "route"
LETTERS = "letters"
LETTERS_BY_ROUTE = "letters-by-route"
OUTCOMES = "outcomes"
COMPLAINTS = "complaints"
TIME = "time"
DAYS_TO_LETTER = "days-to-first-letter"
DAYS_TO_RESPONSE = "days-to-first-response"

SECTIONS = (CASES, SOURCE, FACTOR, ROUTE, LETTERS, LETTERS_BY_ROUTE, OUTCOMES, COMPLAINTS,
            TIME, DAYS_TO_LETTER, DAYS_TO_RESPONSE)

OTHER_ROUTE = "other"
NOT_RECORDED = "not-recorded"
MIN_VALUES_FOR_MEDIAN = sup.THRESHOLD


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """Wording and fixed choices of the report (resources/reporting/report.toml)."""
    return read_toml("reporting", "report.toml")


# ------------------------------------------------------------ the result

@dataclass(frozen=True)
class Row:
    """One published measure. `count` is None when suppressed; it is then never kept here."""

    section: str
    id: str
    label: str
    count: int | None
    suppressed: str | None = None          # None, "small", "complement" or "withheld"
    percent: float | None = None
    denominator: str | None = None         # key ("section/id") of the row this is a share of
    survey_percent: int | None = None      # the paper's survey figure (sources only)
    value: float | None = None             # a median, in `unit`
    unit: str | None = None
    parent: str | None = None              # a factor's source id

    @property
    def key(self) -> str:
        return f"{self.section}/{self.id}"

    @property
    def shown_count(self) -> str:
        if self.suppressed == sup.SMALL:
            return f"<{sup.THRESHOLD}"
        if self.suppressed == sup.COMPLEMENT:
            return "hidden"
        if self.suppressed == sup.WITHHELD:
            return "not shown"
        return "" if self.count is None else str(self.count)

    @property
    def shown_percent(self) -> str:
        return "" if self.percent is None else f"{self.percent:.0f}%"

    @property
    def shown_value(self) -> str:
        if self.value is None:
            return ""
        text = f"{self.value:.1f}".removesuffix(".0")
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True)
class Report:
    date_from: dt.date
    date_to: dt.date
    rows: tuple[Row, ...]
    model_version: str = ""
    undated_cases: int = 0   # for the advocate's eyes only; never exported

    def section(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.section == name]

    def row(self, section: str, id: str) -> Row:
        for r in self.rows:
            if r.section == section and r.id == id:
                return r
        raise KeyError(f"{section}/{id}")

    @property
    def cases(self) -> Row:
        return self.row(CASES, "total")

    @property
    def period_text(self) -> str:
        return f"{format_day(self.date_from)} to {format_day(self.date_to)}"


def format_day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


# ------------------------------------------------------------ the harm model, as the report sees it

@dataclass(frozen=True)
class FactorInfo:
    id: str
    label: str


@dataclass(frozen=True)
class SourceInfo:
    id: str
    label: str
    prevalence: int | None
    factors: tuple[FactorInfo, ...]


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_percent(value: Any) -> int | None:
    """The survey figure as a whole percentage, whether the loader gives 61 or 0.61."""
    if value is None:
        return None
    number = float(value)
    return round(number * 100) if isinstance(value, float) and 0 < number < 1 else round(number)


def model_sources(model: Any) -> tuple[SourceInfo, ...]:
    """Read sources and factors from the harm model, whether factors hang off sources or not.

    Why tolerant: the loader is another module's contract; the report needs
    only ids, labels and the survey prevalence, and must not break if the
    loader nests factors differently. Retired factors are left out.
    """
    flat = list(_get(model, "factors", None) or [])
    out = []
    for source in _get(model, "sources", None) or []:
        sid = str(_get(source, "id"))
        nested = _get(source, "factors", None)
        factors = list(nested) if nested is not None else [
            f for f in flat if str(_get(f, "id", "")).startswith(sid + ".")]
        prevalence = _get(source, "prevalence", None)
        if prevalence is None:
            prevalence = _get(source, "survey_percent", None)
        out.append(SourceInfo(
            id=sid,
            label=str(_get(source, "label", sid)),
            prevalence=_as_percent(prevalence),
            factors=tuple(FactorInfo(str(_get(f, "id")), str(_get(f, "label", _get(f, "id"))))
                          for f in factors if not _get(f, "retired", False)),
        ))
    if not out:
        raise UserError("The harm model has no sources, so no report can be made. Please reinstall the app.")
    return tuple(out)


def route_labels() -> dict[str, str]:
    return dict(settings()["routes"])


def day_bands() -> list[tuple[int, int | None]]:
    return [(lo, None if hi < 0 else hi) for lo, hi in settings()["day_bands"]]


def band_id(lo: int, hi: int | None) -> str:
    return f"{lo}-{hi}" if hi is not None else f"{lo}-plus"


def band_label(lo: int, hi: int | None) -> str:
    return f"{lo} to {hi} days" if hi is not None else f"{lo} days or more"


# ------------------------------------------------------------ the period

def check_period(date_from: dt.date, date_to: dt.date) -> None:
    if not isinstance(date_from, dt.date) or not isinstance(date_to, dt.date):
        raise UserError("The period needs two dates, written YYYY-MM-DD.")
    if date_from > date_to:
        raise UserError(
            f"The period starts ({date_from.isoformat()}) after it ends ({date_to.isoformat()}). "
            "Please swap the dates.")


def case_start(case: Case) -> dt.date | None:
    """The date that places a case in a period: first contact, else when it was created."""
    return case.first_contact or case.created


def in_period(case: Case, date_from: dt.date, date_to: dt.date) -> bool:
    start = case_start(case)
    return start is not None and date_from <= start <= date_to


# ------------------------------------------------------------ counting (no suppression yet)

@dataclass
class Tally:
    """The raw counts of a period. Never exported: `build_report` makes them safe first."""

    cases: int = 0
    undated: int = 0
    with_harm: int = 0
    with_letter_sent: int = 0
    with_response: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    factors: dict[str, int] = field(default_factory=dict)
    routes: dict[str, int] = field(default_factory=dict)
    letters_sent: int = 0
    letters_responded: int = 0
    letters_by_route: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)       # recorded, achieved, not-achieved, not-yet-known
    complaints: dict[str, int] = field(default_factory=dict)     # recorded and one per outcome
    days_to_letter: list[int] = field(default_factory=list)
    days_to_response: list[int] = field(default_factory=list)


def _first(dates: Iterable[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def tally(cases: Iterable[Case], date_from: dt.date, date_to: dt.date, model: Any) -> Tally:
    """Count what the report shows, before any suppression."""
    check_period(date_from, date_to)
    sources = model_sources(model)
    source_ids = {s.id for s in sources}
    factor_ids = {f.id for s in sources for f in s.factors}
    routes = [r for r in route_labels() if r != OTHER_ROUTE]
    known_routes = set(routes)

    t = Tally(
        sources={s.id: 0 for s in sources},
        factors={f.id: 0 for s in sources for f in s.factors},
        routes={r: 0 for r in [*routes, OTHER_ROUTE]},
        letters_by_route={r: 0 for r in [*routes, OTHER_ROUTE]},
        outcomes={"recorded": 0, "achieved": 0, "not-achieved": 0, "not-yet-known": 0},
        complaints={"recorded": 0, **{o: 0 for o in COMPLAINT_OUTCOMES}, NOT_RECORDED: 0},
    )
    for case in cases:
        if case_start(case) is None:
            t.undated += 1
            continue
        if not in_period(case, date_from, date_to):
            continue
        t.cases += 1

        accepted = case.accepted_finding_ids()
        had_sources = {fid.split(".", 1)[0] for fid in accepted
                       if fid in factor_ids or fid in source_ids} & source_ids
        for sid in had_sources:
            t.sources[sid] += 1
        for fid in accepted & factor_ids:
            t.factors[fid] += 1
        if had_sources:
            t.with_harm += 1

        used = {r if r in known_routes else OTHER_ROUTE
                for r in [*case.chosen_routes, *(letter.route for letter in case.letters)]}
        for r in used:
            t.routes[r] += 1

        sent = [letter for letter in case.letters if letter.sent is not None]
        for letter in sent:
            t.letters_sent += 1
            t.letters_by_route[letter.route if letter.route in known_routes else OTHER_ROUTE] += 1
            if letter.response_received is not None:
                t.letters_responded += 1
        if sent:
            t.with_letter_sent += 1
        first_response = _first(letter.response_received for letter in case.letters)
        if first_response is not None:
            t.with_response += 1
        if case.first_contact is not None:
            first_sent = _first(letter.sent for letter in sent)
            if first_sent is not None and first_sent >= case.first_contact:
                t.days_to_letter.append((first_sent - case.first_contact).days)
            if first_response is not None and first_response >= case.first_contact:
                t.days_to_response.append((first_response - case.first_contact).days)

        for outcome in case.outcomes:
            t.outcomes["recorded"] += 1
            key = {True: "achieved", False: "not-achieved"}.get(outcome.achieved, "not-yet-known")
            t.outcomes[key] += 1
        for complaint in case.complaints:
            t.complaints["recorded"] += 1
            key = complaint.outcome if complaint.outcome in COMPLAINT_OUTCOMES else NOT_RECORDED
            t.complaints[key] += 1
    return t


# ------------------------------------------------------------ from counts to a safe report

@dataclass
class _Draft:
    section: str
    id: str
    label: str
    count: int
    denominator: str | None = None
    survey_percent: int | None = None
    value: float | None = None
    unit: str | None = None
    parent: str | None = None

    @property
    def key(self) -> str:
        return f"{self.section}/{self.id}"


def _median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if len(values) >= MIN_VALUES_FOR_MEDIAN else None


def _band_counts(values: Sequence[int]) -> list[tuple[str, str, int]]:
    out = []
    for lo, hi in day_bands():
        n = sum(1 for v in values if v >= lo and (hi is None or v <= hi))
        out.append((band_id(lo, hi), band_label(lo, hi), n))
    return out


def _drafts(t: Tally, sources: Sequence[SourceInfo]) -> list[_Draft]:
    total = f"{CASES}/total"
    labels = route_labels()
    complaint_labels = settings()["complaint_outcomes"]
    d: list[_Draft] = [
        _Draft(CASES, "total", "Cases in the period", t.cases),
        _Draft(CASES, "with-harm", "Cases with at least one source of harm confirmed", t.with_harm, total),
        _Draft(CASES, "with-letter-sent", "Cases with at least one letter sent", t.with_letter_sent, total),
        _Draft(CASES, "with-response", "Cases with at least one reply received", t.with_response, total),
    ]
    for s in sources:
        d.append(_Draft(SOURCE, s.id, s.label, t.sources[s.id], total, survey_percent=s.prevalence))
    for s in sources:
        for f in s.factors:
            d.append(_Draft(FACTOR, f.id, f.label, t.factors[f.id], total, parent=s.id))
    for r, n in t.routes.items():
        d.append(_Draft(ROUTE, r, labels.get(r, r), n, total))
    sent = f"{LETTERS}/sent"
    d.append(_Draft(LETTERS, "sent", "Letters sent", t.letters_sent))
    d.append(_Draft(LETTERS, "responded", "Letters sent that have had a reply", t.letters_responded, sent))
    for r, n in t.letters_by_route.items():
        d.append(_Draft(LETTERS_BY_ROUTE, r, labels.get(r, r), n, sent))
    outcomes_total = f"{OUTCOMES}/recorded"
    for key, label in (("recorded", "Outcomes the people asked for"), ("achieved", "Achieved"),
                       ("not-achieved", "Not achieved"), ("not-yet-known", "Not known yet")):
        d.append(_Draft(OUTCOMES, key, label, t.outcomes[key], None if key == "recorded" else outcomes_total))
    complaints_total = f"{COMPLAINTS}/recorded"
    d.append(_Draft(COMPLAINTS, "recorded", "Complaints recorded", t.complaints["recorded"]))
    for key in (*COMPLAINT_OUTCOMES, NOT_RECORDED):
        d.append(_Draft(COMPLAINTS, key, complaint_labels.get(key, key), t.complaints[key], complaints_total))
    d.append(_Draft(TIME, "first-letter", "Days from first contact to the first letter sent",
                    len(t.days_to_letter), value=_median(t.days_to_letter), unit="days"))
    d.append(_Draft(TIME, "first-response", "Days from first contact to the first reply",
                    len(t.days_to_response), value=_median(t.days_to_response), unit="days"))
    for section, values, n_key in ((DAYS_TO_LETTER, t.days_to_letter, f"{TIME}/first-letter"),
                                   (DAYS_TO_RESPONSE, t.days_to_response, f"{TIME}/first-response")):
        for band, label, n in _band_counts(values):
            d.append(_Draft(section, band, label, n, n_key))
    return d


def _relations(table: sup.SuppressionTable, drafts: Sequence[_Draft]) -> None:
    """Every additive fact a reader could use, each registered once."""
    total = f"{CASES}/total"
    by_section: dict[str, list[str]] = {}
    for draft in drafts:
        by_section.setdefault(draft.section, []).append(draft.key)
    # a case count and "the cases without it" add up to the number of cases
    for key in (*by_section[SOURCE], *by_section[FACTOR], *by_section[ROUTE],
                f"{CASES}/with-harm", f"{CASES}/with-letter-sent", f"{CASES}/with-response"):
        table.add_complement(key, total)
    table.add_relation("letters by route", by_section[LETTERS_BY_ROUTE], f"{LETTERS}/sent")
    table.add_complement(f"{LETTERS}/responded", f"{LETTERS}/sent")
    table.add_relation("outcomes", [f"{OUTCOMES}/{k}" for k in ("achieved", "not-achieved", "not-yet-known")],
                       f"{OUTCOMES}/recorded")
    table.add_relation("complaints", [k for k in by_section[COMPLAINTS] if k != f"{COMPLAINTS}/recorded"],
                       f"{COMPLAINTS}/recorded")
    table.add_relation("days to first letter", by_section[DAYS_TO_LETTER], f"{TIME}/first-letter")
    table.add_relation("days to first reply", by_section[DAYS_TO_RESPONSE], f"{TIME}/first-response")
    # cases with a letter sent = cases with a usable time + cases without one (no first contact date)
    table.add_complement(f"{TIME}/first-letter", f"{CASES}/with-letter-sent", sensitive=False)
    table.add_complement(f"{TIME}/first-response", f"{CASES}/with-response", sensitive=False)
    # facts a reader knows without being told: a factor implies its source, and so on
    with_harm = f"{CASES}/with-harm"
    for draft in drafts:
        if draft.section == FACTOR:
            table.add_at_most(f"{draft.key} within its source", [draft.key], [f"{SOURCE}/{draft.parent}"])
    for key in by_section[SOURCE]:
        table.add_at_most(f"{key} within cases with harm", [key], [with_harm])
    table.add_at_most("cases with harm within the sources", [with_harm], by_section[SOURCE])
    table.add_at_most("cases with a letter within letters sent", [f"{CASES}/with-letter-sent"], [f"{LETTERS}/sent"])
    table.add_at_most("cases with a letter within routes used", [f"{CASES}/with-letter-sent"], by_section[ROUTE])


def _percent(count: int | None, denominator: int | None) -> float | None:
    if count is None or not denominator:
        return None
    return 100.0 * count / denominator


def build_report(cases: Iterable[Case], date_from: dt.date, date_to: dt.date, model: Any) -> Report:
    """The report of the cases first seen in [date_from, date_to], suppressed and safe to share."""
    sources = model_sources(model)
    t = tally(cases, date_from, date_to, model)
    drafts = _drafts(t, sources)

    table = sup.SuppressionTable()
    for draft in drafts:
        table.add_cell(draft.key, draft.count)
    _relations(table, drafts)
    table.apply()

    def published(key: str | None) -> int | None:
        if key is None:
            return None
        cell = table.cells[key]
        return None if cell.suppressed else cell.value

    rows = []
    for draft in drafts:
        cell = table.cells[draft.key]
        count = published(draft.key)
        value = draft.value if count is not None else None
        rows.append(Row(
            section=draft.section, id=draft.id, label=draft.label, count=count,
            suppressed=cell.status,
            percent=_percent(count, published(draft.denominator)),
            denominator=draft.denominator, survey_percent=draft.survey_percent,
            value=value, unit=draft.unit, parent=draft.parent,
        ))
    return Report(date_from=date_from, date_to=date_to, rows=tuple(rows),
                  model_version=str(_get(model, "version", "") or ""), undated_cases=t.undated)
