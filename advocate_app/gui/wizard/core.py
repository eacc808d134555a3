"""The wizard's doorway to the core (analysis, harm model, routes, documents).

Why one module: the wizard holds no domain logic, it only calls these. Each
call imports lazily, so the wizard opens (and says plainly what is not ready)
even when a core package is missing or broken, and a failure is always a
UserError or an exception the page turns into a calm message.
"""
from __future__ import annotations

import datetime as dt
import importlib
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from advocate_app.errors import UserError


class CoreUnavailable(UserError):
    """A part of the app that this window needs could not be loaded."""


def _attr(module: str, name: str, what: str, *also: str) -> Callable[..., Any]:
    """`module.name`, or the same name in one of the modules `also` (a package's own files)."""
    for candidate in (module, *also):
        try:
            mod = importlib.import_module(candidate)
        except ImportError:
            continue
        fn = getattr(mod, name, None)
        if callable(fn):
            return fn
    raise CoreUnavailable(
        f"{what} is not available in this version of the app. Nothing you typed has been lost.")


def available(module: str, name: str) -> bool:
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


# ---------------------------------------------------------------- analysis

def classify(text: str) -> Any:
    return _attr("advocate_app.analysis", "classify", "Suggesting harms from the account")(text)


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
    fast = _fast_matcher()
    raw: list[tuple[int, int, str, str]] = []
    if fast is not None:
        for item in fast(text):
            raw.append(_span_tuple(item))
    else:
        result = classify(text)
        for source in result.sources:
            for factor in source.factors:
                for ev in factor.evidence:
                    raw.append((ev.start, ev.end, factor.id, factor.label))
    return merge_spans(raw)


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

            matcher = load_harm_lexicon().matcher
            # Patterns otherwise compile one by one as accounts first meet them. One at a
            # time, pausing while a paste is being matched, so the warm-up never slows it.
            for rule_id in range(len(getattr(matcher, "rules", ()))):
                waited = 0
                while _matching and waited < 400:  # never more than 2 s per pattern
                    time.sleep(0.005)
                    waited += 1
                matcher.regex(rule_id)
        except Exception:  # noqa: BLE001 - warming is a courtesy; real calls report problems
            pass


def _fast_matcher() -> Callable[[str], Any] | None:
    for name in ("find_evidence", "match_evidence", "evidence_spans"):
        if available("advocate_app.analysis", name):
            return getattr(importlib.import_module("advocate_app.analysis"), name)
    return None


def _span_tuple(item: Any) -> tuple[int, int, str, str]:
    """Accept the matcher's items whether they are objects or tuples."""
    if isinstance(item, tuple) and len(item) == 2 and hasattr(item[1], "start"):
        factor_id, ev = item                      # analysis.find_evidence: (factor id, Evidence)
        return int(ev.start), int(ev.end), str(factor_id), factor_label(str(factor_id))
    if isinstance(item, tuple):
        start, end, factor_id = item[0], item[1], item[2]
        label = item[3] if len(item) > 3 else factor_label(factor_id)
        return int(start), int(end), str(factor_id), str(label)
    ev = getattr(item, "evidence", item)
    rule = getattr(item, "rule", None)
    factor_id = (getattr(item, "factor_id", None) or getattr(item, "factor", None)
                 or getattr(item, "id", None) or getattr(item, "target", None)
                 or getattr(rule, "target", None) or "")
    label = getattr(item, "label", None) or factor_label(str(factor_id))
    return int(ev.start), int(ev.end), str(factor_id), str(label)


def merge_spans(raw: list[tuple[int, int, str, str]]) -> list[Span]:
    """Sorted, non-overlapping spans; where phrases overlap, one span names all their factors."""
    raw = sorted((s, e, f, lab) for s, e, f, lab in raw if e > s)
    out: list[Span] = []
    cur: list[Any] | None = None
    for s, e, f, lab in raw:
        if cur is not None and s < cur[1]:
            cur[1] = max(cur[1], e)
            if f not in cur[2]:
                cur[2].append(f)
                cur[3].append(lab)
            continue
        if cur is not None:
            out.append(Span(cur[0], cur[1], tuple(cur[2]), tuple(cur[3])))
        cur = [s, e, [f], [lab]]
    if cur is not None:
        out.append(Span(cur[0], cur[1], tuple(cur[2]), tuple(cur[3])))
    return out


# ---------------------------------------------------------------- harm model

def harm_model() -> Any:
    return _attr("advocate_app.model.harm_model", "load_harm_model", "The harm model")()


def factor_label(factor_id: str) -> str:
    """A plain label for a source or factor id; the id itself if the model cannot be read."""
    try:
        model = harm_model()
    except Exception:  # noqa: BLE001 - labels are cosmetic; fall back to the id
        return factor_id
    item = lookup(model, factor_id)
    return getattr(item, "label", None) or factor_id


def lookup(model: Any, item_id: str) -> Any:
    """A source, factor or recommendation of the model by id, or None."""
    for attr in ("factor", "source", "recommendation", "get"):
        fn = getattr(model, attr, None)
        if callable(fn):
            try:
                found = fn(item_id)
            except (KeyError, LookupError, ValueError):
                found = None
            if found is not None and getattr(found, "id", item_id) == item_id:
                return found
    for source in model_sources(model):
        if source.id == item_id:
            return source
        for factor in getattr(source, "factors", []):
            if factor.id == item_id:
                return factor
    for rec in model_recommendations(model):
        if rec.id == item_id:
            return rec
    return None


def model_sources(model: Any) -> list[Any]:
    sources = getattr(model, "sources", [])
    return list(sources.values()) if isinstance(sources, dict) else list(sources)


def model_recommendations(model: Any) -> list[Any]:
    recs = getattr(model, "recommendations", [])
    return list(recs.values()) if isinstance(recs, dict) else list(recs)


def description(item: Any) -> str:
    for attr in ("description", "plain", "explanation", "summary"):
        value = getattr(item, attr, None)
        if value:
            return str(value)
    return ""


def is_retired(item: Any) -> bool:
    return bool(getattr(item, "retired", False))


# ---------------------------------------------------------------- routes

def plan_case(case: Any, today: dt.date | None = None) -> Any:
    return _attr("advocate_app.routes", "plan_case", "Proposing routes")(case, today=today)


# ---------------------------------------------------------------- documents

def letter_for_route(case: Any, route_id: str, plan: Any = None, large_print: bool = False,
                     today: dt.date | None = None) -> Any:
    fn = _attr("advocate_app.documents", "letter_for_route", "Drafting letters", "advocate_app.documents.letters")
    return fn(case, route_id, plan=plan, today=today, large_print=large_print)


def summary_for_case(case: Any, plan: Any = None, easy_read: bool = False) -> Any:
    fn = _attr("advocate_app.documents", "summary_for_case", "Writing the case summary",
               "advocate_app.documents.summary")
    return fn(case, plan=plan, easy_read=easy_read)


def render_pdf(doc: Any) -> bytes:
    return _attr("advocate_app.documents", "render_pdf", "Making PDF files", "advocate_app.documents.pdf")(doc)


def render_docx(doc: Any) -> bytes:
    return _attr("advocate_app.documents", "render_docx", "Making Word files", "advocate_app.documents.docx")(doc)
