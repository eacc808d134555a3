"""The learned tier: weaker suggestions the lexicon missed, reproducible from the repo."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from advocate_app.analysis import classifier, learned
from advocate_app.analysis.command import format_human
from advocate_app.analysis.learned import FORMAT, features, load_learned_model, model_from_data
from advocate_app.analysis.types import LEARNED, LEXICON

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIRS = [ROOT / "tests" / "data" / "accounts", ROOT / "tests" / "data" / "real" / "train"]


def _training_script():
    """training/train_learned.py as a module (it imports scikit-learn only when it trains)."""
    spec = importlib.util.spec_from_file_location("train_learned", ROOT / "training" / "train_learned.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tiny_model(threshold: float = 0.5, gate: float = 4.0) -> learned.LearnedModel:
    """Two sources, made-up cue words the lexicon never uses: "purple giraffe" is stigma, "kazoo" bureaucracy.

    `gate` is the gate's intercept: high, the account reads as showing harm; low, as showing none.
    """
    data = json.loads(json.dumps(_TINY))
    data["thresholds"] = [threshold, threshold, 0.7]
    data["intercepts"] = [-1.0, -1.0, gate]
    return model_from_data(data)


_TINY = {
    "format": FORMAT, "sources": ["stigma", "bureaucracy"],
    "thresholds": [0.5, 0.5, 0.7], "intercepts": [-1.0, -1.0, 4.0],
    "factor_of": {"stigma": "stigma.6", "bureaucracy": "bureaucracy.3"},
    "trained_on": {}, "features": ["w:purple giraffe", "w:giraffe", "w:kazoo"], "idf": [1.0, 1.0, 1.0],
    # "giraffe" also points to one factor of stigma more than the others
    "factor_models": {"stigma.3": {"intercept": -0.5, "weights": [[1, 0.2]]},
                      "stigma.1": {"intercept": -0.5, "weights": [[2, 3.0]]}},
    "weights": [[4.0, 0.0, 0.0], [3.0, 0.0, 0.0], [0.0, 4.0, 0.0]],
}


ACCOUNT = ("I moved to the town in May after my sister found the flat for me and helped with the move. "
           "The purple giraffe sat on the shelf for a year. "
           "I like my flat and the park nearby, and the bus into town stops right outside the door. "
           "On Saturdays I walk down to the market with my neighbour and we have a cup of tea at the cafe.")


def test_features_are_words_pairs_and_word_parts_with_apostrophes_folded():
    grams = features("They didn't ring")
    assert "w:didnt" in grams and "w:they didnt" in grams and "c: rin" in grams
    assert features("didn\u2019t") == features("didnt")


def test_the_tier_suggests_a_missed_source_weaker_with_the_sentence_it_may_relate_to(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    result = classifier.classify(ACCOUNT)
    source = next(s for s in result.sources if s.id == "stigma")
    assert source.tier == LEARNED and source.factors[0].tier == LEARNED
    assert source.factors[0].id == "stigma.3"   # the factor model that ranks it highest
    assert source.score < classifier.SUGGEST_AT       # always weaker than any lexicon suggestion
    evidence = source.factors[0].evidence
    assert [e.text for e in evidence] == ["The purple giraffe sat on the shelf for a year."]
    assert ACCOUNT[evidence[0].start:evidence[0].end] == evidence[0].text
    assert "bureaucracy" not in result.source_ids()   # below its threshold
    data = result.to_json()
    assert data["sources"][-1]["tier"] == "learned" and data["sources"][-1]["factors"][0]["tier"] == "learned"
    text = format_human(result)
    assert "Weaker suggestions" in text and "may relate to \u201cThe purple giraffe sat" in text


def test_the_sentence_shown_is_the_one_the_sources_sentence_model_ranks_highest(monkeypatch):
    """The account-level weights would quote the giraffe; the sentence model for stigma points at the kazoo."""
    data = json.loads(json.dumps(_TINY))
    data["sentence_models"] = {"stigma": {"intercept": -1.0, "weights": [[2, 5.0]]}}
    monkeypatch.setattr(classifier, "load_learned_model", lambda: model_from_data(data))
    account = ACCOUNT + " Nobody would tell me why my kazoo lessons were stopped."
    stigma = next(s for s in classifier.classify(account).sources if s.id == "stigma")
    assert [e.text for e in stigma.factors[0].evidence] == ["Nobody would tell me why my kazoo lessons were stopped."]
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    stigma = next(s for s in classifier.classify(account).sources if s.id == "stigma")
    assert [e.text for e in stigma.factors[0].evidence] == ["The purple giraffe sat on the shelf for a year."]


def test_a_quoted_sentence_from_a_list_drops_its_bullet(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    account = ACCOUNT.replace("The purple giraffe sat", "\n  \u2022 The purple giraffe sat")
    stigma = next(s for s in classifier.classify(account).sources if s.id == "stigma")
    assert [e.text for e in stigma.factors[0].evidence] == ["The purple giraffe sat on the shelf for a year."]


def test_lexicon_suggestions_come_first_and_are_never_repeated_by_the_tier(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    account = "Staff kept calling me a schizo. " + ACCOUNT
    result = classifier.classify(account)
    tiers = [s.tier for s in result.sources]
    assert tiers == sorted(tiers, key=lambda t: t != LEXICON)
    assert len(result.source_ids()) == len(result.sources)
    assert next(s for s in result.sources if s.id == "stigma").tier == LEXICON


def test_a_decision_finding_no_fault_gets_no_learned_suggestion_either(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model(threshold=0.01))
    text = ("Mrs X complained about the purple giraffe. We found no fault in how the Council "
            "considered her request, so we have completed our investigation.")
    assert classifier.classify(text).sources == []


def test_without_a_factor_model_the_tier_names_the_sources_usual_factor():
    model = tiny_model()
    assert model.factor_for("bureaucracy", {1: 1.0}) == "bureaucracy.3"
    assert model.factor_for("stigma", {}) == "stigma.3"     # equal scores: the first factor model listed
    assert model.factor_for("stigma", {2: 1.0}) == "stigma.1"


def test_the_tier_is_silent_when_its_gate_reads_the_account_as_showing_no_harm(monkeypatch):
    """Same account and source scores as above; only the gate (does it show any harm?) says no."""
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model(gate=-4.0))
    assert "stigma" not in classifier.classify(ACCOUNT).source_ids()
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model(gate=4.0))
    assert "stigma" in classifier.classify(ACCOUNT).source_ids()


def test_once_the_lexicon_has_found_a_harm_the_gate_is_not_asked(monkeypatch):
    """The gate asks "any harm at all?"; a phrase of the person's already said yes."""
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model(gate=-4.0))
    account = "The council took eight months to decide on my care assessment. " + ACCOUNT
    result = classifier.classify(account)
    assert [s.tier for s in result.sources if s.id != "stigma"] == [LEXICON] * (len(result.sources) - 1)
    assert next(s for s in result.sources if s.id == "stigma").tier == LEARNED
    assert "stigma" not in classifier.classify(ACCOUNT).source_ids()      # no harm found: the gate says no


def test_a_model_without_a_gate_is_refused_with_a_clear_message():
    data = json.loads((ROOT / "resources" / "learned" / "model.json").read_text(encoding="utf-8"))
    data["intercepts"] = data["intercepts"][:-1]
    with pytest.raises(ValueError, match="gate"):
        model_from_data(data)


def test_a_sentence_or_two_is_too_short_for_the_tier(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: tiny_model())
    assert classifier.classify("The purple giraffe sat on the shelf for a year.").sources == []


def test_without_a_shipped_model_the_tier_is_simply_off(monkeypatch):
    monkeypatch.setattr(classifier, "load_learned_model", lambda: None)
    assert all(s.tier == LEXICON for s in classifier.classify(ACCOUNT).sources)


def test_the_shipped_model_was_trained_on_exactly_the_repo_training_files():
    """If this fails, the corpora changed: run `python training/train_learned.py` and commit the model."""
    model = load_learned_model()
    assert model is not None
    in_range = _training_script().in_training_range
    on_disk = {}
    for folder in TRAINING_DIRS:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            if folder.name == "train" and not in_range(path.name):
                continue
            on_disk[path.relative_to(ROOT).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    assert model.trained_on == on_disk
    assert len(model.trained_on) > 1500
    assert not any("holdout" in name or "/test/" in name for name in model.trained_on)


def test_the_shipped_sentence_models_were_trained_on_the_repos_evidence_labels():
    raw = json.loads((ROOT / "resources" / "learned" / "model.json").read_text(encoding="utf-8"))
    evidence = ROOT / "tests" / "data" / "real" / "train" / "evidence.toml"
    assert raw["evidence_from"] == {"tests/data/real/train/evidence.toml": hashlib.sha256(evidence.read_bytes()).hexdigest()}
    assert set(load_learned_model().sentence_models) == set(load_learned_model().sources)


def test_on_accounts_it_never_saw_the_sentence_shown_is_one_people_marked_two_times_in_three():
    """"May relate to" should quote the sentence that shows the source, not its background.

    Scored on the training accounts numbered above REAL_TRAIN_UP_TO (the model never
    saw them) against the sentences people marked; the account-level weights, which
    chose the sentence before, manage about half.
    """
    model = load_learned_model()
    limit = _training_script().REAL_TRAIN_UP_TO
    folder = ROOT / "tests" / "data" / "real" / "train"
    evidence = tomllib.loads((folder / "evidence.toml").read_text(encoding="utf-8"))
    hits = {"sentence models": 0, "account-level weights": 0}
    total = 0
    for name, entry in evidence.items():
        if int(name.split("-", 1)[0]) <= limit:
            continue
        text = (folder / name).read_text(encoding="utf-8")
        vectors = model._sentence_vectors(text)
        for source, quoted in entry.items():
            if len(vectors) < 2 or not quoted:
                continue
            total += 1
            k = model.sources.index(source)
            for label, models in (("sentence models", model.sentence_models), ("account-level weights", {})):
                chooser = learned.LearnedModel(**{**model.__dict__, "sentence_models": models, "_last": None})
                start, end = chooser._best_sentence(vectors, k)
                hits[label] += " ".join(text[start:end].split()) in quoted
    assert total > 400
    assert hits["sentence models"] / total >= 0.62
    assert hits["sentence models"] >= hits["account-level weights"] + total // 10


def test_the_shipped_model_is_plain_data_the_app_reads_without_numpy(tmp_path):
    raw = json.loads((ROOT / "resources" / "learned" / "model.json").read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and len(raw["features"]) == len(raw["idf"]) == len(raw["weights"])
    code = ("import sys; from advocate_app.analysis import classify; classify('They closed the waiting list.');"
            "print('numpy' in sys.modules or 'sklearn' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "ADVOCATE_APP_HOME": str(tmp_path),
                               "PATH": "/usr/bin:/bin"}, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                    reason="scikit-learn (the 'training' extra) is not installed")
def test_the_training_script_reproduces_the_shipped_model():
    """Byte for byte on the processor that trained it; elsewhere at most a last-decimal rounding apart."""
    done = subprocess.run([sys.executable, "training/train_learned.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the shipped model is what the training data gives" in done.stdout


def test_only_a_last_decimal_rounding_counts_as_the_same_model():
    """The reproducibility check forgives a processor's rounding at the sixth decimal, and nothing else."""
    sys.path.insert(0, str(ROOT / "training"))
    try:
        from train_learned import last_digit_differences
    finally:
        sys.path.remove(str(ROOT / "training"))
    shipped = {"format": "x", "weights": [[1, 0.762998], [2, -0.5]], "idf": [1.25], "sources": ["a"]}
    assert last_digit_differences(shipped, shipped) == (0, 3)
    rounded = {"format": "x", "weights": [[1, 0.762999], [2, -0.5]], "idf": [1.25], "sources": ["a"]}
    assert last_digit_differences(shipped, rounded) == (1, 3)
    for changed in ({"format": "x", "weights": [[1, 0.763001], [2, -0.5]], "idf": [1.25], "sources": ["a"]},
                    {"format": "x", "weights": [[3, 0.762998], [2, -0.5]], "idf": [1.25], "sources": ["a"]},
                    {"format": "x", "weights": [[1, 0.762998]], "idf": [1.25], "sources": ["a"]},
                    {"format": "y", "weights": [[1, 0.762998], [2, -0.5]], "idf": [1.25], "sources": ["a"]},
                    {"format": "x", "weights": [[1, 0.762998], [2, -0.5]], "idf": [1.25], "sources": ["b"]},
                    {"format": "x", "idf": [1.25], "weights": [[1, 0.762998], [2, -0.5]], "sources": ["a"]}):
        assert last_digit_differences(shipped, changed) is None, changed
