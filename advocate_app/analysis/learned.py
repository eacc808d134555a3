"""The learned tier: a small linear model that suggests sources the lexicon missed, more weakly.

Why a second tier: real accounts (ombudsman decisions, testimony, news) put
harm in words no lexicon lists. A linear model over word and word-part
features, trained on the labelled corpora by `training/train_learned.py`,
catches some of them. It is less explainable than a phrase, so its
suggestions are kept visibly weaker: they carry `tier = "learned"`, their
evidence is the one sentence that scored highest ("may relate to"), their
score stays below the lexicon's, and routes never rise above "consider" on
them alone.

The weights are plain data in `resources/learned/model.json` (no scikit-learn
at run time, not even numpy): features are word unigrams and bigrams and
character 4-grams inside words, weighted by TF-IDF (sublinear term frequency,
L2-normalised), scored by one logistic regression per source. `features()` is
the very function training uses, so both sides see the same features.

Which sentence a suggestion "may relate to" is chosen by a second, sentence-level
model per source (`sentence_models`), trained on sentences people marked as the
evidence for each source (tests/data/real/train/evidence.toml). The account-level
weights, applied to one sentence, pick a sentence that shows the source for about
half of the sources in accounts the models never saw; the sentence models for
two thirds (docs/suggestion-quality.md). They choose the sentence only: whether a
source is suggested is still the account-level model's call.

A gate keeps the tier quiet on accounts of good care. Word features cannot
tell "they explained my discharge plan" from "nobody explained my discharge
plan", so one more logistic regression, trained on every account with or
without harm, scores whether the account describes any harm at all; the
tier suggests nothing unless that score reaches its own threshold, or the
lexicon has already found a harm in the person's words (then the question
the gate asks is answered). The gate never touches the lexicon's
suggestions, which rest on the person's words.
"""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Sequence

from advocate_app.analysis.compiled_cache import cached
from advocate_app.resources import resource_path

MODEL_DIR = "learned"
MODEL_FILE = "model.json"
FORMAT = "advocate-learned/2"

_WORD = re.compile(r"(?u)\b\w\w+\b")
_APOSTROPHE = re.compile(r"['\u2019]")
_SPACES = re.compile(r"\s\s+")
CHAR_N = 4
# The model learned from whole accounts: 95% of its training accounts have 50 words
# or more (median about 140). On anything shorter it would be scoring text unlike
# what it learned from, and a short account of good care ("they explained my
# aftercare and agreed who pays") reads to word counts like its opposite, so the
# tier stays silent below this many words.
MIN_WORDS = 50
# A lexicon suggestion that rests on sentence cues alone (a topic word and a problem
# word in one sentence, cues.py) is the lexicon's loosest evidence: on the real
# training split fewer than half of them were right (0.46), against 0.84 for
# suggestions with a phrase. On an account the tier can read (MIN_WORDS or more),
# such a suggestion stands only when the gate reads the account as harmful and the
# tier gives the source at least this probability. Chosen out-of-fold: it kept
# macro-F1 (0.753 to 0.762) and cut the no-harm accounts given a suggestion from 29
# to 23 of 270. A phrase suggestion is never touched.
CUE_SUPPORT = 0.4
# A sentence for "may relate to": ends at . ! ? or a line break.
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence with a word in it starts and ends: the units "may relate to" quotes.

    Training reads the people's evidence labels against this same split, so both
    sides mean the same thing by "a sentence".
    """
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if _WORD.search(m.group())]


def features(text: str) -> list[str]:
    """Word unigrams and bigrams ("w:") and character 4-grams inside words ("c:"), lower case.

    Apostrophes are dropped first ("didn't" = "didnt") so people's spellings meet.
    """
    text = _APOSTROPHE.sub("", text.lower())
    words = _WORD.findall(text)
    out = ["w:" + w for w in words]
    out += ["w:" + a + " " + b for a, b in zip(words, words[1:])]
    for word in words:
        out += _word_parts(word)
    return out


def feature_counts(text: str) -> dict[str, int]:
    """How often each of `features(text)` occurs, in the order each first occurs there.

    Why not `Counter(features(text))`: on a long account that list holds several
    strings per word. Counting the words and word pairs first (in C) and
    spelling out each distinct one once gives the same counts, and the same
    order, so the vector and its sums come out exactly as before.
    """
    text = _APOSTROPHE.sub("", text.lower())
    words = _WORD.findall(text)
    word_counts = Counter(words)
    counts: dict[str, int] = {"w:" + w: n for w, n in word_counts.items()}
    for (a, b), n in Counter(zip(words, words[1:])).items():
        key = "w:" + a + " " + b
        counts[key] = counts.get(key, 0) + n
    for word, n in word_counts.items():
        for part in _word_parts(word):
            counts[part] = counts.get(part, 0) + n
    return counts


@lru_cache(maxsize=65536)
def _word_parts(word: str) -> tuple[str, ...]:
    """Character 4-grams of one word padded with spaces (worked out once per distinct word)."""
    padded = " " + word + " "
    if len(padded) <= CHAR_N:
        return ("c:" + padded,)
    return tuple("c:" + padded[i:i + CHAR_N] for i in range(len(padded) - CHAR_N + 1))


@dataclass(frozen=True)
class LearnedSuggestion:
    """A learned-tier suggestion: weaker than a phrase, so it carries the sentence it "may relate to"."""

    source: str
    factor: str
    probability: float
    start: int          # the sentence that scored highest for this source
    end: int


class SparseWeights:
    """One sparse linear model's weights, packed as loaded and unpacked only when first used.

    Why: the sentence models are needed only when the tier suggests something;
    unpacking tens of thousands of (row, weight) pairs in every new process
    would cost each fresh `classify` about 10 ms for nothing.
    """

    __slots__ = ("intercept", "_rows", "_weights", "_unpacked")

    def __init__(self, intercept: float, rows: bytes, weights: bytes) -> None:
        self.intercept, self._rows, self._weights = intercept, rows, weights
        self._unpacked: dict[int, float] | None = None

    @classmethod
    def of(cls, intercept: float, pairs: Sequence[Sequence[float]]) -> "SparseWeights":
        return cls(float(intercept), array("q", [int(r) for r, _ in pairs]).tobytes(),
                   array("d", [float(w) for _, w in pairs]).tobytes())

    def packed(self) -> tuple[float, bytes, bytes]:
        return self.intercept, self._rows, self._weights

    def weights(self) -> dict[int, float]:
        if self._unpacked is None:
            rows = array("q")
            rows.frombytes(self._rows)
            self._unpacked = dict(zip(rows, _doubles(self._weights)))
        return self._unpacked


@dataclass
class LearnedModel:
    """The learned tier's exported weights (resources/learned), scored in plain Python at run time."""

    sources: list[str]
    index: dict[str, int]               # feature -> row
    idf: Sequence[float]
    weights: Sequence[float]            # row-major: per row, each source's weight, then the gate's
    intercepts: list[float]             # per source, then the gate's
    thresholds: list[float]             # per source, then the gate's
    factor_of: dict[str, str]           # source -> the factor to name when no factor model speaks
    trained_on: dict[str, str]          # training file -> sha256, for the reproducibility test
    # factor -> its small model, which only chooses which factor to name (unpacked when first asked)
    factor_models: dict[str, SparseWeights] = field(default_factory=dict)
    # source -> its sentence-level model, which chooses the sentence to show
    sentence_models: dict[str, SparseWeights] = field(default_factory=dict)
    _last: tuple[str, dict[int, float], list[float]] | None = field(default=None, repr=False, compare=False)

    def _vector(self, grams: dict[str, int]) -> dict[int, float]:
        """TF-IDF of the counted features (`feature_counts`), L2-normalised."""
        counts: dict[int, int] = {}
        index = self.index
        for gram, n in grams.items():
            row = index.get(gram)
            if row is not None:
                counts[row] = counts.get(row, 0) + n
        vector = {row: (1.0 + math.log(n)) * self.idf[row] for row, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {row: v / norm for row, v in vector.items()} if norm else {}

    def factor_for(self, source: str, vector: dict[int, float]) -> str:
        """The factor of `source` its factor models rank highest for this text, else the usual one."""
        best, best_score = self.factor_of[source], -math.inf
        for factor, model in self.factor_models.items():
            if factor.startswith(source + "."):
                score = model.intercept + sum(w * vector.get(row, 0.0) for row, w in model.weights().items())
                if score > best_score:
                    best, best_score = factor, score
        return best

    def decision(self, text: str) -> list[float]:
        """Per source, then for the gate, the linear score w.x + b of the whole text."""
        return self._scored(text)[1]

    def _scored(self, text: str) -> tuple[dict[int, float], list[float]]:
        """The text's vector and scores, kept for the last text: `classify` asks twice (cues, then suggestions)."""
        last = self._last
        if last is None or last[0] != text:
            vector = self._vector(feature_counts(text))
            last = self._last = (text, vector, self._decision(vector))
        return last[1], last[2]

    def supports_cues(self, text: str) -> set[str] | None:
        """The sources whose cue-only lexicon suggestions the tier backs (see CUE_SUPPORT).

        None when the account is too short for the tier to read: then it backs
        nothing and withdraws nothing.
        """
        if not _has_words(text, MIN_WORDS):
            return None
        scores = self.decision(text)
        if _sigmoid(scores[-1]) < self.thresholds[-1]:
            return set()
        return {source for k, source in enumerate(self.sources) if _sigmoid(scores[k]) >= CUE_SUPPORT}

    def _decision(self, vector: dict[int, float]) -> list[float]:
        scores = list(self.intercepts)
        weights = self.weights
        width = len(scores)
        for row, value in vector.items():
            base = row * width
            for k in range(width):
                scores[k] += weights[base + k] * value
        return scores

    def suggest(self, text: str, skip: set[str] | frozenset[str] = frozenset(),
                harm_found: bool = False, quote_outside: Sequence[tuple[int, int]] = ()) -> list[LearnedSuggestion]:
        """Sources (other than `skip`) whose probability reaches the trained threshold.

        The sentence quoted is never one inside `quote_outside` (the parts of a
        decision that state the law or powers, sections.py) while any other is left.

        The gate asks whether the account shows any harm at all, to keep the tier
        quiet on accounts of good care. When the lexicon has already found a harm
        in the person's words (`harm_found`), that question is answered and the
        gate is not asked. Checked on the 334 real accounts collected on 2026-12-07,
        with the tier trained without them and a lexicon never tuned on them:
        macro-F1 0.601 to 0.606, the same 27 of 104 no-harm accounts given a
        suggestion; out-of-fold on the training split 0.745 to 0.747.
        """
        if skip.issuperset(self.sources) or not _has_words(text, MIN_WORDS):
            return []
        vector, scores = self._scored(text)
        if not harm_found and _sigmoid(scores[-1]) < self.thresholds[-1]:
            return []
        out: list[LearnedSuggestion] = []
        vectors: list[tuple[int, int, dict[int, float]]] | None = None
        for k, source in enumerate(self.sources):
            probability = _sigmoid(scores[k])
            if source in skip or probability < self.thresholds[k]:
                continue
            if vectors is None:
                vectors = self._sentence_vectors(text)
                if quote_outside:
                    vectors = [v for v in vectors if not any(a <= v[0] < b for a, b in quote_outside)] or vectors
            if not vectors:
                continue
            start, end = self._best_sentence(vectors, k)
            start, end = _trim(text, start, end)
            out.append(LearnedSuggestion(source, self.factor_for(source, vector), probability, start, end))
        return out

    def _best_sentence(self, vectors: list[tuple[int, int, dict[int, float]]], k: int) -> tuple[int, int]:
        """The sentence that most shows source `k`: by its sentence model, else by the account-level weights.

        On a tie the earlier sentence wins.
        """
        model = self.sentence_models.get(self.sources[k])
        if model is not None:
            weights = model.weights()
            def score(vector: dict[int, float]) -> float:
                return sum(weights.get(row, 0.0) * value for row, value in vector.items())
        else:
            weights_all, width = self.weights, len(self.intercepts)
            def score(vector: dict[int, float]) -> float:
                return sum(weights_all[row * width + k] * value for row, value in vector.items())
        best, best_score = vectors[0], -math.inf
        for candidate in vectors:
            candidate_score = score(candidate[2])
            if candidate_score > best_score:
                best, best_score = candidate, candidate_score
        return best[0], best[1]

    def _sentence_vectors(self, text: str) -> list[tuple[int, int, dict[int, float]]]:
        """Each sentence with words: where it is, and its TF-IDF vector.

        A sentence said again (a long account often repeats a line or a paragraph)
        has the same vector, so it is worked out once per distinct sentence.
        """
        known: dict[str, dict[int, float]] = {}
        out = []
        for start, end in sentences(text):
            sentence = text[start:end]
            vector = known.get(sentence)
            if vector is None:
                vector = known[sentence] = self._vector(feature_counts(sentence))
            out.append((start, end, vector))
        return out


def _sigmoid(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-score)) if score > -700.0 else 0.0


def _has_words(text: str, count: int) -> bool:
    """At least `count` words, without splitting a long account into all of its words."""
    return any(k + 1 >= count for k, _ in enumerate(_WORD.finditer(text))) if count > 0 else True


_BULLETS = "•·*–-"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without the spaces around it, nor a list bullet before it ("• the Council ...")."""
    while start < end and (text[start].isspace() or (text[start] in _BULLETS and text[start + 1:start + 2].isspace())):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def model_from_data(data: dict) -> LearnedModel:
    """The model from `model.json` as parsed."""
    return _model_from_compact(_compact(data))


def _compact(data: dict) -> dict:
    """The parsed file in the form a new process loads fastest: plain data, numbers packed as bytes.

    Why: the model has tens of thousands of rows; unpacking lists of lists of
    floats, and building them again, costs a fresh `classify` tens of
    milliseconds, while packed doubles load as one block (see compiled_cache).
    """
    if data.get("format") != FORMAT:
        raise ValueError(f"{MODEL_FILE} is not in the format {FORMAT}")
    vocabulary: list[str] = data["features"]
    width = len(data["sources"]) + 1        # each source, then the gate
    if not (len(data["intercepts"]) == len(data["thresholds"]) == width
            and all(len(w) == width for w in data["weights"])
            and len(data["idf"]) == len(data["weights"]) == len(vocabulary)):
        raise ValueError(f"{MODEL_FILE} does not give a weight for each feature, each source and the gate")
    return {
        "sources": list(data["sources"]), "index": {f: i for i, f in enumerate(vocabulary)},
        "idf": array("d", data["idf"]).tobytes(),
        "weights": array("d", [w for row in data["weights"] for w in row]).tobytes(),
        "intercepts": list(data["intercepts"]), "thresholds": list(data["thresholds"]),
        "factor_of": dict(data["factor_of"]), "trained_on": dict(data["trained_on"]),
        "factor_models": {f: SparseWeights.of(m["intercept"], m["weights"]).packed()
                          for f, m in data.get("factor_models", {}).items()},
        "sentence_models": {s: SparseWeights.of(m["intercept"], m["weights"]).packed()
                            for s, m in data.get("sentence_models", {}).items()},
    }


# Bump when `_compact` changes what it returns, so no older cached form is read.
_COMPACT_FORM = b"learned-compact/4"


def _doubles(packed: bytes) -> array:
    out = array("d")
    out.frombytes(packed)
    return out


def _model_from_compact(c: dict) -> LearnedModel:
    return LearnedModel(sources=c["sources"], index=c["index"], idf=_doubles(c["idf"]),
                        weights=_doubles(c["weights"]), intercepts=c["intercepts"], thresholds=c["thresholds"],
                        factor_of=c["factor_of"], trained_on=c["trained_on"],
                        factor_models={f: SparseWeights(*packed) for f, packed in c["factor_models"].items()},
                        sentence_models={s: SparseWeights(*packed) for s, packed in c["sentence_models"].items()})


@lru_cache(maxsize=1)
def load_learned_model() -> LearnedModel | None:
    """The shipped model, or None when the app ships without one (the tier is then simply off)."""
    path = resource_path(MODEL_DIR, MODEL_FILE)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return _model_from_compact(cached("learned", [_COMPACT_FORM, raw], lambda: _compact(_parsed(raw))))


def _parsed(raw: bytes) -> dict:
    import json   # only when the cache is built: a start that finds it never parses JSON

    return json.loads(raw.decode("utf-8"))
