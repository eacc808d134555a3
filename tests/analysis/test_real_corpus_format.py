"""The real-text corpus (tests/data/real/) is well-formed and checkable.

Why: its accounts are copied from public sources, so each must say where it was
read and under what licence, and its labels must use the harm model's ids
exactly, or the scores measured on it mean nothing. train/ and test/ must never
share an account, or the test score would be a training score.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from advocate_app.model.harm_model import load_harm_model
from tests.analysis.corpus import DATA_DIR, load_accounts, load_labels

REAL_DIR = DATA_DIR / "real"
FOLDERS = {name: REAL_DIR / name for name in ("pool", "train", "test")}
KINDS = {"ombudsman", "testimony", "news", "inspection", "paper", "report"}
NAME = re.compile(r"^(?P<n>\d{3}|[1-9]\d{3})-(?P<kind>[a-z]+)\.txt$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _present() -> dict[str, Path]:
    return {name: folder for name, folder in FOLDERS.items() if (folder / "labels.toml").is_file()}


def _all_entries():
    for folder_name, folder in _present().items():
        labels = load_labels(folder)
        for file_name, entry in labels.items():
            yield folder_name, file_name, entry


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_train_and_test_folders_exist_and_load():
    for name in ("train", "test"):
        assert (FOLDERS[name] / "labels.toml").is_file(), f"{name}/labels.toml is missing"
    for folder in _present().values():
        load_accounts(folder)  # raises CorpusError on unlabelled files, missing files, bad UTF-8


def test_labels_are_harm_model_ids():
    model = load_harm_model()
    sources = set(model.source_ids())
    factors = set(model.all_factor_ids(include_retired=False))
    problems = []
    for folder, name, entry in _all_entries():
        entry_sources = entry.get("sources")
        if not isinstance(entry_sources, list):
            problems.append(f"{folder}/{name}: sources missing or not a list")
            continue
        for source in entry_sources:
            if source not in sources:
                problems.append(f"{folder}/{name}: unknown source {source!r}")
        if len(set(entry_sources)) != len(entry_sources):
            problems.append(f"{folder}/{name}: a source is listed twice")
        for factor in entry.get("factors", []):
            if factor not in factors:
                problems.append(f"{folder}/{name}: unknown factor {factor!r}")
            elif factor.rsplit(".", 1)[0] not in entry_sources:
                problems.append(f"{folder}/{name}: factor {factor} without its source")
    assert not problems, "\n".join(problems)


def test_every_account_says_where_it_was_read_and_under_what_licence():
    problems = []
    for folder, name, entry in _all_entries():
        match = NAME.match(name)
        if not match:
            problems.append(f"{folder}/{name}: name is not NNN-kind.txt")
        elif match["kind"] != entry.get("kind"):
            problems.append(f"{folder}/{name}: kind {entry.get('kind')!r} does not match the name")
        if entry.get("kind") not in KINDS:
            problems.append(f"{folder}/{name}: kind {entry.get('kind')!r} not one of {sorted(KINDS)}")
        if not str(entry.get("url", "")).startswith(("http://", "https://", "file:")):
            problems.append(f"{folder}/{name}: no source url")
        if not str(entry.get("licence", "")).strip():
            problems.append(f"{folder}/{name}: no licence")
        if not DATE.match(str(entry.get("retrieved", ""))):
            problems.append(f"{folder}/{name}: retrieved is not a YYYY-MM-DD date")
        if not str(entry.get("voice", "")).strip():
            problems.append(f"{folder}/{name}: no voice")
    assert not problems, "\n".join(problems)


def test_no_text_appears_twice():
    seen: dict[str, str] = {}
    duplicates = []
    for folder_name, folder in _present().items():
        for account in load_accounts(folder):
            key = _normalise(account.text)
            where = f"{folder_name}/{account.name}"
            if key in seen:
                duplicates.append(f"{where} repeats {seen[key]}")
            seen[key] = where
    assert not duplicates, "\n".join(duplicates)


def test_train_and_test_do_not_overlap():
    train = load_labels(FOLDERS["train"])
    test = load_labels(FOLDERS["test"])
    assert not set(train) & set(test), "an account is in both train/ and test/"
    train_texts = {_normalise(a.text) for a in load_accounts(FOLDERS["train"])}
    shared = [a.name for a in load_accounts(FOLDERS["test"]) if _normalise(a.text) in train_texts]
    assert not shared, f"test/ accounts whose text is also in train/: {shared}"


def test_account_numbers_are_unique_across_folders():
    numbers: dict[str, str] = {}
    clashes = []
    for folder, name, _ in _all_entries():
        number = name.split("-", 1)[0]
        if number in numbers:
            clashes.append(f"{folder}/{name} and {numbers[number]}")
        numbers[number] = f"{folder}/{name}"
    assert not clashes, "\n".join(clashes)


def test_each_account_is_where_the_recorded_seeded_split_put_it():
    """Nobody moved an account between train/ and test/ after looking at it."""
    tools = _tools()
    misplaced = [f"train/{n}" for n in load_labels(FOLDERS["train"]) if tools.goes_to_test(n)]
    misplaced += [f"test/{n}" for n in load_labels(FOLDERS["test"]) if not tools.goes_to_test(n)]
    assert not misplaced, f"accounts not where the seeded split puts them: {misplaced}"


def test_no_source_page_is_split_between_train_and_test():
    """Two passages of one page in different splits would leak test text into tuning."""
    def pages(folder: str) -> set[str]:
        return {str(e["url"]).split("?")[0].rstrip("/") for e in load_labels(FOLDERS[folder]).values()}
    shared = pages("train") & pages("test")
    assert not shared, f"pages with passages in both train/ and test/: {sorted(shared)}"


def _script(name: str, path: Path):
    """A script of the repo (not a package module) loaded as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tools():
    return _script("real_corpus_tools", REAL_DIR / "tools.py")


def test_agreement_between_raters_is_kappa_and_f1_per_source():
    tools = _tools()
    first = {"a": {"sources": ["stigma"]}, "b": {"sources": []}, "c": {"sources": ["stigma"]}, "d": {"sources": []}}
    same = tools.agreement(first, first)
    assert all(kappa == 1.0 and f1 == 1.0 for _, _, _, _, kappa, f1 in same)
    second = {"a": {"sources": ["stigma"]}, "b": {"sources": ["stigma"]}, "c": {"sources": []}, "d": {"sources": []}}
    stigma = next(row for row in tools.agreement(first, second) if row[0] == "stigma")
    assert stigma[1:4] == (2, 2, 1)
    assert stigma[4] == 0.0            # half the accounts agree, as chance alone would
    assert stigma[5] == 0.5


def test_the_second_raters_labels_cover_training_accounts_only():
    """Blind labels for measuring agreement: never of a test account, and only known source ids."""
    path = REAL_DIR / "second-rater.toml"
    if not path.exists():
        pytest.skip("no second rater's labels yet")
    second = tomllib.loads(path.read_text(encoding="utf-8"))
    train = load_labels(FOLDERS["train"])
    assert set(second) <= set(train), sorted(set(second) - set(train))
    tools = _tools()
    for name, entry in second.items():
        assert set(entry["sources"]) <= set(tools.SOURCES), name


def test_evidence_sentences_are_sentences_of_accounts_that_show_those_sources():
    """evidence.toml quotes, per account with harm and per source it shows, the sentences that show it.

    Each quote must be a whole sentence as training splits the account, or the
    sentence models would learn from nothing.
    """
    script = _script("train_learned", DATA_DIR.parents[1] / "training" / "train_learned.py")
    train = FOLDERS["train"]
    evidence = tomllib.loads((train / "evidence.toml").read_text(encoding="utf-8"))
    labels = tomllib.loads((train / "labels.toml").read_text(encoding="utf-8"))
    assert set(evidence) == {name for name, entry in labels.items() if entry["sources"]}, \
        "every training account with harm, and only those, has its evidence marked"
    for name, entry in evidence.items():
        assert set(entry) == set(labels[name]["sources"]), name
    named = [(f"tests/data/real/train/{a.name}", a) for a in load_accounts(train)]
    try:
        _, marked = script.sentence_examples(named, {f"tests/data/real/train/{n}": e for n, e in evidence.items()})
    except SystemExit as problem:
        pytest.fail(str(problem))
    assert sum(1 for m in marked if m) > 3000


def test_sentence_agreement_counts_overlap_jaccard_and_f1():
    tools = _tools()
    first = {"a.txt": {"stigma": ["One.", "Two."], "bureaucracy": ["Three."]}}
    assert tools.evidence_agreement(first, first) == (2, 2, 1.0, 1.0)
    second = {"a.txt": {"stigma": ["Two."], "bureaucracy": ["Four."]}}
    pairs, overlap, jaccard, f1 = tools.evidence_agreement(first, second)
    assert (pairs, overlap) == (2, 1) and jaccard == 0.25 and f1 == 2 * 1 / (2 * 1 + 2 + 1)


def test_the_second_raters_evidence_sentences_are_sentences_of_training_accounts():
    from advocate_app.analysis.learned import sentences
    second = tomllib.loads((REAL_DIR / "second-rater-evidence.toml").read_text(encoding="utf-8"))
    labels = tomllib.loads((FOLDERS["train"] / "labels.toml").read_text(encoding="utf-8"))
    assert len(second) >= 100
    for name, entry in second.items():
        assert set(entry) == set(labels[name]["sources"]), name
        text = (FOLDERS["train"] / name).read_text(encoding="utf-8")
        split = {" ".join(text[a:b].split()) for a, b in sentences(text)}
        for quoted in entry.values():
            assert {" ".join(q.split()) for q in quoted} <= split, name
