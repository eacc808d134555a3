"""The wizard's doorway to the core (analysis, harm model, routes, documents).

Why one module: the wizard holds no domain logic, it only calls these (the
planner, the letter and summary builders and the renderers are the core's own
functions, re-exported here so pages and tests name one place), and a
reader (or a type checker) can follow an account from a page to the PDF
through ordinary imports. A core that cannot be imported is not hidden
behind a fallback: the app refuses to start with one clear message
(`advocate_app.gui.app.core_problem`).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import partial

from advocate_app.analysis import Classification, classify, find_evidence
from advocate_app.documents.docx import render_docx
from advocate_app.documents.letters import letter_for_route
from advocate_app.documents.pdf import render_pdf
from advocate_app.documents.summary import summary_for_case
from advocate_app.model.harm_model import Factor, HarmModel, Recommendation, Source, load_harm_model
from advocate_app.routes import plan_case

__all__ = [
    "Classification", "Span", "classify", "description", "evidence_spans", "factor_label", "harm_model",
    "is_retired", "letter_for_route", "lookup", "merge_spans", "model_recommendations", "model_sources",
    "plan_case", "render_docx", "render_pdf", "summary_for_case", "warm_up",
]

ModelItem = Source | Factor | Recommendation


# ---------------------------------------------------------------- analysis

@dataclass(frozen=True)
class Span:
    """A highlighted phrase of the account: Python str offsets and the factors it may show."""

    start: int
    end: int
    factor_ids: tuple[str, ...]
    labels: tuple[str, ...]


_LOAD_LOCK = threading.RLock()
_loaded = False
_matching = 0
_COUNT_LOCK = threading.Lock()


def evidence_spans(text: str) -> list[Span]:
    """Phrases to underline while the advocate types, merged where they overlap.

    Uses the analysis package's fast matcher when it offers one, else the full
    classifier's evidence. Until the lexicon has loaded once, callers take turns:
    a paste during the warm-up waits for the lexicon being loaded instead of
    loading a second copy alongside it (which made both take twice as long).
    """
    global _loaded, _matching
    with _COUNT_LOCK:
        _matching += 1   # the warm-up's compiling steps aside while an account is matched
    try:
        if not _loaded:
            with _LOAD_LOCK:
                spans = _evidence_spans(text)
                _loaded = True
                return spans
        return _evidence_spans(text)
    finally:
        with _COUNT_LOCK:
            _matching -= 1


def _evidence_spans(text: str) -> list[Span]:
    return merge_spans([(ev.start, ev.end, factor_id, factor_label(factor_id))
                        for factor_id, ev in find_evidence(text)])


_WARM_LOCK = threading.Lock()
WARM_TEXT = ("Staff did not listen to me and shouted at me. I was not given my medication. "
             "The council refused to assess my needs and my records are wrong.")


def warm_up() -> None:
    """Load the lexicon and the harm model, and compile every phrase pattern now, so the
    first underline after a paste does not wait (about two seconds the first time).

    Runs on a worker thread: at unlock (the main window) and again when a case opens;
    the lock makes the second call wait for the first and then return quickly. A paste
    while the patterns are compiling is matched alongside (it compiles what it needs).
    """
    with _WARM_LOCK:
        try:
            with _LOAD_LOCK:  # a paste meanwhile waits for this load, not for the compiling below
                evidence_spans(WARM_TEXT)
            harm_model()
            from advocate_app.analysis.lexicon import load_harm_lexicon

            from advocate_app.analysis.cues import load_cue_set

            matcher = load_harm_lexicon().matcher
            steps = [partial(matcher.regex, rule_id) for rule_id in range(len(getattr(matcher, "rules", ())))]
            steps += [term.prepare for term in load_cue_set().terms()]
            # Patterns and cue terms otherwise compile one by one as accounts first meet them.
            # One at a time, pausing while a paste is being matched, so the warm-up never slows it.
            for step in steps:
                waited = 0
                while _matching and waited < 400:  # never more than 2 s per pattern
                    time.sleep(0.005)
                    waited += 1
                step()
        except Exception:  # noqa: BLE001 - warming is a courtesy; real calls report problems
            pass


def merge_spans(raw: list[tuple[int, int, str, str]]) -> list[Span]:
    """Sorted, non-overlapping spans; where phrases overlap, one span names all their factors."""
    out: list[Span] = []
    start = end = -1
    ids: list[str] = []
    labels: list[str] = []
    for s, e, factor_id, label in sorted(item for item in raw if item[1] > item[0]):
        if ids and s < end:
            end = max(end, e)
            if factor_id not in ids:
                ids.append(factor_id)
                labels.append(label)
            continue
        if ids:
            out.append(Span(start, end, tuple(ids), tuple(labels)))
        start, end, ids, labels = s, e, [factor_id], [label]
    if ids:
        out.append(Span(start, end, tuple(ids), tuple(labels)))
    return out


# ---------------------------------------------------------------- harm model

def harm_model() -> HarmModel:
    return load_harm_model()


def factor_label(item_id: str) -> str:
    """A plain label for a source, factor or recommendation id; the id itself if it is unknown."""
    item = lookup(harm_model(), item_id)
    return item.label if item is not None else item_id


def lookup(model: HarmModel, item_id: str) -> ModelItem | None:
    """A source, factor or recommendation of the model by id, or None."""
    for find in (model.factor, model.source, model.recommendation):
        try:
            return find(item_id)
        except KeyError:
            continue
    return None


def model_sources(model: HarmModel) -> list[Source]:
    return list(model.sources)


def model_recommendations(model: HarmModel) -> list[Recommendation]:
    return list(model.recommendations)


def description(item: ModelItem) -> str:
    return item.description


def is_retired(item: ModelItem) -> bool:
    return isinstance(item, Factor) and item.retired
