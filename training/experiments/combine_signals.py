"""Could a better rule for combining the lexicon and the learned tier reach issue 12's target?

Why this is kept: docs/suggestion-quality.md ("How far combining today's
signals can go") reports that no rule for combining what the classifier already
computes gets near macro-F1 0.80 on real text it was not built from, and that
the best learned combinations lift fresh text only by giving up the hold-out.
Anyone can re-run that from the repo's training data with this script.

Not part of the app or the tests. Run it in the project's environment with the
"training" extra (scikit-learn); about a minute on two CPU cores.

    python training/experiments/combine_signals.py

The accounts scored are the real training accounts numbered above
train_learned.REAL_TRAIN_UP_TO: the shipped learned tier was trained without
them and the lexicon was not written from them. For each account and source it
reads the signals `classify` itself uses (a lexicon phrase, cue-only lexicon
evidence, the evidence score, the tier's probability, its gate, its best
sentence) and scores:

1. the shipped rule, recomputed from those signals (it must match `classify`);
2. the best threshold per source on the tier's probability, with or without
   the lexicon's phrases, chosen on the very accounts it is scored on;
3. a logistic regression per source over all the signals, five folds, with
   and without keeping every phrase suggestion (as the app does), and boosted
   trees in its place;
4. how well the probability alone ranks each source (ROC AUC);
5. the same regression fitted and thresholded on all of them (an upper bound
   for any linear rule), and, trained on all of them, on the hold-out set.

Only the training data and the hold-out's totals are read, never the test split.
"""
from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train_learned  # noqa: E402
from advocate_app.analysis import classify  # noqa: E402
from advocate_app.analysis.classifier import _lexicon_spans, _suggested_scores  # noqa: E402
from advocate_app.analysis.learned import CUE_SUPPORT, MIN_WORDS, _has_words, _sigmoid, load_learned_model  # noqa: E402
from advocate_app.analysis.normalise import normalised_view  # noqa: E402
from tests.analysis.corpus import DATA_DIR, HOLDOUT_DIR, SOURCE_IDS, load_accounts  # noqa: E402

FOLDS = 5
SEEDS = (0, 1, 2)


@dataclass
class Signals:
    """What `classify` knows about one account, per source, before it decides."""
    gold: frozenset[str]
    shipped: frozenset[str]
    no_fault: bool
    long: bool
    words: int
    gate: float
    probability: dict[str, float]
    best_sentence: dict[str, float]
    phrase: dict[str, bool]        # the lexicon would suggest the source with a phrase
    cue_only: dict[str, bool]      # ... or on sentence cues alone
    evidence: dict[str, float]     # the lexicon's best factor score for the source


def signals(text: str, gold: frozenset[str]) -> Signals:
    model = load_learned_model()
    spans, no_fault = _lexicon_spans(text, normalised_view(text))
    phrase: dict[str, bool] = {}
    evidence: dict[str, float] = {}
    for factor, score in _suggested_scores(text, spans).items():
        source = factor.split(".", 1)[0]
        phrase[source] = phrase.get(source, False) or any(s.kind != "cue" for s in spans[factor])
        evidence[source] = max(evidence.get(source, 0.0), score)
    probabilities = [_sigmoid(x) for x in model.decision(text)]
    vectors = model._sentence_vectors(text)
    best_sentence = {}
    for source in model.sources:
        weights = model.sentence_models[source]
        unpacked = weights.weights()
        best_sentence[source] = max((_sigmoid(weights.intercept + sum(unpacked.get(r, 0.0) * v for r, v in vec.items()))
                                     for _, _, vec in vectors), default=0.0)
    return Signals(gold=gold, shipped=frozenset(s.id for s in classify(text).sources), no_fault=no_fault,
                   long=_has_words(text, MIN_WORDS), words=len(text.split()), gate=probabilities[-1],
                   probability=dict(zip(model.sources, probabilities)), best_sentence=best_sentence,
                   phrase={s: phrase.get(s, False) for s in SOURCE_IDS},
                   cue_only={s: s in phrase and not phrase[s] for s in SOURCE_IDS},
                   evidence={s: evidence.get(s, 0.0) for s in SOURCE_IDS})


def shipped_rule(a: Signals) -> set[str]:
    """`classify`'s decision, from the signals alone (checked against it in main)."""
    if a.no_fault:
        return set()
    model = load_learned_model()
    gate_open = a.gate >= model.thresholds[-1]
    found = {s for s in SOURCE_IDS if a.phrase[s] or (a.cue_only[s] and (
        not a.long or (gate_open and a.probability[s] >= CUE_SUPPORT)))}
    if a.long and (found or gate_open):
        found |= {s for k, s in enumerate(model.sources)
                  if s not in found and a.probability[s] >= model.thresholds[k]}
    return found


def macro_f1(accounts: list[Signals], predictions: list[set[str]]) -> tuple[float, int, int]:
    """Macro-F1 over the seven sources, and no-harm accounts given a suggestion (of how many)."""
    total = 0.0
    for source in SOURCE_IDS:
        tp = sum(source in p and source in a.gold for a, p in zip(accounts, predictions))
        guessed = sum(source in p for p in predictions)
        actual = sum(source in a.gold for a in accounts)
        total += 2 * tp / (guessed + actual) if guessed + actual else 0.0
    clean = [p for a, p in zip(accounts, predictions) if not a.gold]
    return total / len(SOURCE_IDS), sum(bool(p) for p in clean), len(clean)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def row(a: Signals, source: str) -> list[float]:
    others = sum(a.phrase[s] for s in SOURCE_IDS if s != source)
    return [a.phrase[source], a.cue_only[source], a.evidence[source], _logit(a.probability[source]),
            _logit(a.gate), _logit(a.best_sentence[source]), others, a.long, math.log1p(a.words), a.no_fault]


def _fit(accounts: list[Signals], source: str, boosted: bool = False):
    model = (GradientBoostingClassifier(n_estimators=100, max_depth=2, learning_rate=0.05, random_state=0)
             if boosted else LogisticRegression(C=1.0, max_iter=3000))
    return model.fit(
        np.array([row(a, source) for a in accounts], float), [source in a.gold for a in accounts])


def _predict(models: dict, a: Signals, threshold: float, keep_phrases: bool) -> set[str]:
    if a.no_fault:
        return set()
    out = set()
    for source, model in models.items():
        if keep_phrases and a.phrase[source]:
            out.add(source)
        elif model.predict_proba(np.array([row(a, source)], float))[0, 1] >= threshold:
            out.add(source)
    return out


def cross_validated(accounts: list[Signals], threshold: float, keep_phrases: bool, seed: int,
                    boosted: bool = False) -> tuple[float, int, int]:
    order = list(range(len(accounts)))
    random.Random(seed).shuffle(order)
    predictions: list[set[str]] = [set() for _ in accounts]
    for fold in range(FOLDS):
        held = set(order[fold::FOLDS])
        train = [a for i, a in enumerate(accounts) if i not in held]
        models = {s: _fit(train, s, boosted) for s in SOURCE_IDS}
        for i in held:
            predictions[i] = _predict(models, accounts[i], threshold, keep_phrases)
    return macro_f1(accounts, predictions)


def best_thresholds(accounts: list[Signals], with_phrases: bool) -> float:
    """Macro-F1 with each source's probability threshold chosen on these same accounts."""
    total = 0.0
    for source in SOURCE_IDS:
        gold = np.array([source in a.gold for a in accounts])
        p = np.array([a.probability[source] for a in accounts])
        phrase = np.array([a.phrase[source] for a in accounts]) if with_phrases else np.zeros_like(gold)
        total += max(2 * (((p >= t) | phrase) & gold).sum() / (((p >= t) | phrase).sum() + gold.sum())
                     for t in np.arange(0.05, 0.95, 0.025))
    return total / len(SOURCE_IDS)


def in_sample_bound(accounts: list[Signals]) -> float:
    total = 0.0
    for source in SOURCE_IDS:
        gold = np.array([source in a.gold for a in accounts])
        p = _fit(accounts, source).predict_proba(np.array([row(a, source) for a in accounts], float))[:, 1]
        total += max(2 * ((p >= t) & gold).sum() / ((p >= t).sum() + gold.sum()) for t in np.arange(0.05, 0.95, 0.025))
    return total / len(SOURCE_IDS)


def main() -> int:
    unseen = [a for a in load_accounts(DATA_DIR / "real" / "train")
              if not train_learned.in_training_range(a.name)]
    accounts = [signals(a.text, a.sources) for a in unseen]
    holdout = [signals(a.text, a.sources) for a in load_accounts(HOLDOUT_DIR)]
    mismatched = sum(shipped_rule(a) != a.shipped for a in accounts + holdout)
    print(f"{len(accounts)} real training accounts the shipped tier never saw; "
          f"the rule recomputed from signals differs from classify on {mismatched}")
    show = lambda r: f"{r[0]:.3f}, no-harm given a suggestion {r[1]} of {r[2]}"  # noqa: E731
    print("shipped:", show(macro_f1(accounts, [set(a.shipped) for a in accounts])),
          "| hold-out:", show(macro_f1(holdout, [set(a.shipped) for a in holdout])))
    print("area under the ROC curve of the tier's probability: " + ", ".join(
        f"{s} {roc_auc_score([s in a.gold for a in accounts], [a.probability[s] for a in accounts]):.3f}"
        for s in SOURCE_IDS))
    print(f"best threshold per source on the tier's probability, chosen on these accounts: "
          f"{best_thresholds(accounts, False):.3f}; with the lexicon's phrases as well: {best_thresholds(accounts, True):.3f}")
    for keep in (False, True):
        for threshold in (0.3, 0.4, 0.5):
            runs = [cross_validated(accounts, threshold, keep, seed) for seed in SEEDS]
            print(f"regression over all signals, {FOLDS} folds, threshold {threshold}, "
                  f"{'phrases kept' if keep else 'phrases may be withdrawn'}: "
                  + "; ".join(f"{f:.3f} ({n})" for f, n, _ in runs))
    runs = [cross_validated(accounts, 0.4, False, seed, boosted=True) for seed in SEEDS[:2]]
    print("boosted trees (depth 2, 100) over all signals, 5 folds, threshold 0.4: "
          + "; ".join(f"{f:.3f} ({n})" for f, n, _ in runs))
    print(f"the same regression fitted and thresholded on these accounts (a bound for any linear rule): "
          f"{in_sample_bound(accounts):.3f}")
    models = {s: _fit(accounts, s) for s in SOURCE_IDS}
    for threshold in (0.4, 0.5):
        print(f"trained on all of them, threshold {threshold}, on the hold-out:",
              show(macro_f1(holdout, [_predict(models, a, threshold, False) for a in holdout])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
