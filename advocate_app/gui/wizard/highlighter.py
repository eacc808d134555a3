"""Live underlining of phrases in the account that may show a harm.

Why this shape: a 10,000-word account must stay smooth to type in. Matching
runs after a short pause in typing (debounced); it runs on the GUI thread only
while it takes a few milliseconds, otherwise in a worker, and a result for
text that has since changed is dropped. Between runs, underlines after the
edit point move with the text, and only blocks whose underlines changed are
re-formatted. Each phrase is underlined (not coloured alone) and its tooltip
names the factor; the same information is in a list a keyboard reaches.
"""
from __future__ import annotations

import bisect
import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from advocate_app.gui.wizard import core

log = logging.getLogger(__name__)

DEBOUNCE_MS = 350
PASTE_CHARS = 80            # an insert this long is a paste: match at once, no pause to wait for
SYNC_LIMIT_S = 0.004        # run on the GUI thread only while a match takes under 4 ms


@dataclass(frozen=True)
class QtSpan:
    """A span in document positions (UTF-16 code units), with the factors it may show."""

    start: int
    end: int
    labels: tuple[str, ...]
    factor_ids: tuple[str, ...] = ()


def python_to_qt(text: str) -> Callable[[int], int]:
    """Map Python str indices to Qt positions; they differ after characters beyond U+FFFF."""
    if not text or max(text) <= "\uffff":
        return lambda i: i
    astral = [i for i, c in enumerate(text) if c > "\uffff"]
    return lambda i: i + bisect.bisect_left(astral, i)


def to_qt_spans(text: str, spans: list[core.Span]) -> list[QtSpan]:
    conv = python_to_qt(text)
    return [QtSpan(conv(s.start), conv(s.end), s.labels, s.factor_ids) for s in spans]


def evidence_format(palette: QPalette | None = None) -> QTextCharFormat:
    """A dashed underline in the text colour, on a soft amber that suits light or dark themes."""
    palette = palette or QGuiApplication.palette()
    fmt = QTextCharFormat()
    fmt.setFontUnderline(True)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(palette.color(QPalette.ColorRole.Text))
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    fmt.setBackground(QColor(110, 80, 0) if dark else QColor(255, 236, 179))
    return fmt


class EvidenceHighlighter(QSyntaxHighlighter):
    """Underlines spans given in document positions; keeps them aligned while typing."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(None)  # attach after our own contentsChange handler, so shifts run first
        self._spans: list[QtSpan] = []
        self._starts: list[int] = []
        self._format = evidence_format()
        document.contentsChange.connect(self._shift)
        self.setDocument(document)

    @property
    def spans(self) -> list[QtSpan]:
        return list(self._spans)

    def span_at(self, position: int) -> QtSpan | None:
        i = bisect.bisect_right(self._starts, position) - 1
        if i >= 0 and self._spans[i].start <= position < self._spans[i].end:
            return self._spans[i]
        return None

    def restyle(self, palette: QPalette) -> None:
        """The theme changed (e.g. high contrast): redraw the underlines in its colours."""
        self._format = evidence_format(palette)
        if self._spans:
            self.rehighlight()

    def set_spans(self, spans: list[QtSpan]) -> None:
        old = {(s.start, s.end, s.labels) for s in self._spans}
        new = {(s.start, s.end, s.labels) for s in spans}
        self._spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self._spans]
        changed = old ^ new
        doc = self.document()
        if doc is None or not changed:
            return
        blocks: set[int] = set()
        for start, end, _ in changed:
            first = doc.findBlock(start)
            last = doc.findBlock(max(start, end - 1))
            if not first.isValid():
                continue
            n = first.blockNumber()
            stop = last.blockNumber() if last.isValid() else n
            blocks.update(range(n, stop + 1))
        for number in sorted(blocks):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def _shift(self, position: int, removed: int, added: int) -> None:
        if not self._spans:
            return
        delta = added - removed
        edit_end = position + removed
        kept: list[QtSpan] = []
        for s in self._spans:
            if s.end <= position:
                kept.append(s)
            elif s.start >= edit_end:
                kept.append(QtSpan(s.start + delta, s.end + delta, s.labels, s.factor_ids))
            # a span touched by the edit is dropped until the next match
        self._spans = kept
        self._starts = [s.start for s in kept]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        if not self._spans:
            return
        block = self.currentBlock()
        pos = block.position()
        end = pos + len(text)
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        while i < len(self._spans) and self._spans[i].start < end:
            s = self._spans[i]
            a, b = max(s.start, pos), min(s.end, end)
            if b > a:
                self.setFormat(a - pos, b - a, self._format)
            i += 1


class LiveEvidence(QObject):
    """Runs the matcher after typing pauses and hands spans to the highlighter.

    `updated` fires with the new spans (document positions) once applied;
    `failed` with a plain message if the matcher is not available.
    """

    updated = Signal(list)
    failed = Signal(str)

    def __init__(self, document: QTextDocument, text: Callable[[], str],
                 matcher: Callable[[str], list[core.Span]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.highlighter = EvidenceHighlighter(document)
        self._text = text
        self._matcher = matcher or core.evidence_spans
        self._document = document
        self._revision = 0
        self._running = False
        self._again = False
        self.last_duration: float | None = None
        self.ran_in_worker = 0
        self.ran_on_gui = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._pasted = False
        document.contentsChange.connect(self._on_edit)
        document.contentsChanged.connect(self._on_change)

    def _on_edit(self, _position: int, _removed: int, added: int) -> None:
        self._pasted = added >= PASTE_CHARS

    def _on_change(self) -> None:
        """Typing waits for a pause; a paste is matched straight away (nothing more is coming)."""
        self._revision += 1
        self._timer.start(0 if self._pasted else DEBOUNCE_MS)
        self._pasted = False

    @property
    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    def schedule(self) -> None:
        self._timer.start(DEBOUNCE_MS)

    def run_now(self) -> None:
        """Match the current text (sync if it has been fast, else in a worker)."""
        self._timer.stop()
        if self._running:
            self._again = True
            return
        text = self._text()
        revision = self._revision
        if self.last_duration is not None and self.last_duration < SYNC_LIMIT_S:
            self.ran_on_gui += 1
            try:
                result = self._timed(text)
            except Exception as error:  # noqa: BLE001 - underlining is a help, never a crash
                self._on_error(error)
                return
            self._apply(revision, text, result)
            return
        from advocate_app.gui.workers import run_in_background

        self._running = True
        self.ran_in_worker += 1
        run_in_background(self._timed, text, context=self,
                          on_done=lambda result: self._worker_done(revision, text, result),
                          on_error=self._worker_failed)

    def _timed(self, text: str) -> tuple[float, list[core.Span]]:
        started = time.perf_counter()
        spans = self._matcher(text)
        return time.perf_counter() - started, spans

    def _worker_done(self, revision: int, text: str, result: tuple[float, list[core.Span]]) -> None:
        self._running = False
        self._apply(revision, text, result)
        if self._again:
            self._again = False
            self._timer.start(DEBOUNCE_MS)

    def _worker_failed(self, error: Any) -> None:
        self._running = False
        self._on_error(getattr(error, "exception", error))

    def _on_error(self, error: BaseException) -> None:
        from advocate_app.gui.workers import message_for

        log.info("live evidence matching unavailable (%s)", type(error).__name__)
        self.failed.emit(message_for(error))

    def _apply(self, revision: int, text: str, result: tuple[float, list[core.Span]]) -> None:
        duration, spans = result
        self.last_duration = duration
        if revision != self._revision:
            self._timer.start(DEBOUNCE_MS)  # the text moved on while we matched: try again shortly
            return
        qt_spans = to_qt_spans(text, spans)
        self.highlighter.set_spans(qt_spans)
        self.updated.emit(qt_spans)
