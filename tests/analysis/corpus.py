"""Load the labelled evaluation corpus in tests/data/ and score a classifier on it.

Why a helper: the quality test, and anyone checking a change to the lexicon by
hand, must read the corpus and count hits the same way. The source and factor
identifiers are those fixed by docs/harm-model.md, read from that page on purpose
(not from resources/) so the corpus is checked against the published model, not
against whatever the app currently ships.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from tests.contract import harm_contract

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAIN_DIR = DATA_DIR / "accounts"
HOLDOUT_DIR = DATA_DIR / "holdout"
LABELS_FILE = "labels.toml"

#: Table 4 order; the factors harm-model.md lists for each source.
SOURCE_IDS: tuple[str, ...] = harm_contract().sources
FACTOR_IDS: frozenset[str] = frozenset(harm_contract().factor_ids)


class CorpusError(ValueError):
    """The corpus on disk does not match its labels file."""


@dataclass(frozen=True)
class Account:
    name: str
    text: str
    sources: frozenset[str]
    factors: frozenset[str] = field(default_factory=frozenset)
    voice: str = ""


def load_labels(folder: Path) -> dict[str, dict]:
    path = folder / LABELS_FILE
    if not path.is_file():
        raise CorpusError(f"{path} is missing: every corpus folder needs its labels file")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path} is not valid TOML: {exc}") from exc


def load_accounts(folder: Path) -> list[Account]:
    """Every labelled account in `folder`, sorted by file name.

    Raises CorpusError if a text file has no labels, a label names a missing
    file, or a text is not UTF-8: a silently skipped account would make the
    scores look better or worse than they are.
    """
    labels = load_labels(folder)
    on_disk = {p.name for p in folder.glob("*.txt")}
    unlabelled = sorted(on_disk - labels.keys())
    missing = sorted(labels.keys() - on_disk)
    if unlabelled or missing:
        raise CorpusError(f"in {folder}: files without labels {unlabelled}, "
                          f"labels without files {missing}")
    accounts = []
    for name in sorted(on_disk):
        entry = labels[name]
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{folder / name} is not UTF-8: {exc}") from exc
        accounts.append(Account(
            name=name,
            text=text,
            sources=frozenset(entry.get("sources", [])),
            factors=frozenset(entry.get("factors", [])),
            voice=str(entry.get("voice", "")),
        ))
    return accounts


def label_problems(accounts: Iterable[Account]) -> list[str]:
    """Human-readable problems with the labels themselves (empty list = fine)."""
    problems = []
    for acc in accounts:
        for source in sorted(acc.sources - set(SOURCE_IDS)):
            problems.append(f"{acc.name}: unknown source id {source!r}")
        for factor in sorted(acc.factors - FACTOR_IDS):
            problems.append(f"{acc.name}: unknown factor id {factor!r}")
        for factor in sorted(acc.factors & FACTOR_IDS):
            if factor.rsplit(".", 1)[0] not in acc.sources:
                problems.append(f"{acc.name}: factor {factor} without its source")
        if not acc.text.strip():
            problems.append(f"{acc.name}: empty text")
    return problems


def source_counts(accounts: Iterable[Account]) -> dict[str, int]:
    counts = dict.fromkeys(SOURCE_IDS, 0)
    for acc in accounts:
        for source in acc.sources:
            if source in counts:
                counts[source] += 1
    return counts


@dataclass
class SourceScore:
    source: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    title: str
    scores: dict[str, SourceScore]
    predictions: dict[str, frozenset[str]]
    accounts: list[Account]
    unknown_ids: frozenset[str] = frozenset()

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores)

    @property
    def exact_matches(self) -> int:
        return sum(self.predictions[a.name] == a.sources for a in self.accounts)

    def false_alarms_on_no_harm(self) -> tuple[int, int]:
        """(accounts with no harm that got a suggestion, accounts with no harm)."""
        clean = [a for a in self.accounts if not a.sources]
        return sum(bool(self.predictions[a.name]) for a in clean), len(clean)

    def table(self) -> str:
        lines = [self.title,
                 f"{'source':<20} {'support':>7} {'TP':>4} {'FP':>4} {'FN':>4} "
                 f"{'precision':>9} {'recall':>7} {'F1':>6}"]
        for s in self.scores.values():
            lines.append(f"{s.source:<20} {s.support:>7} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
                         f"{s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}")
        alarms, clean = self.false_alarms_on_no_harm()
        lines += [f"macro-F1 over {len(self.scores)} sources: {self.macro_f1:.3f}",
                  f"accounts: {len(self.accounts)}; exact label-set matches: "
                  f"{self.exact_matches}; no-harm accounts given a suggestion: "
                  f"{alarms}/{clean}"]
        return "\n".join(lines)

    def errors(self) -> str:
        """Per-account misses and false alarms (for the main set only: see README)."""
        lines = []
        for acc in self.accounts:
            got = self.predictions[acc.name]
            missed, extra = sorted(acc.sources - got), sorted(got - acc.sources)
            if missed or extra:
                lines.append(f"{acc.name}: missed {missed or '-'}; extra {extra or '-'}")
        return "\n".join(lines) if lines else "(no errors)"


def evaluate(title: str, accounts: list[Account],
             predict: Callable[[str], Iterable[str]]) -> Evaluation:
    scores = {source: SourceScore(source) for source in SOURCE_IDS}
    predictions: dict[str, frozenset[str]] = {}
    unknown: set[str] = set()
    for acc in accounts:
        raw = frozenset(predict(acc.text))
        unknown |= raw - set(SOURCE_IDS)
        got = raw & set(SOURCE_IDS)
        predictions[acc.name] = got
        for source in SOURCE_IDS:
            if source in got and source in acc.sources:
                scores[source].tp += 1
            elif source in got:
                scores[source].fp += 1
            elif source in acc.sources:
                scores[source].fn += 1
    return Evaluation(title, scores, predictions, accounts, frozenset(unknown))
