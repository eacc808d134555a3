"""How big the main window is the first time (before it remembers the advocate's own size).

Why: sized from the font alone it opened at 780x532 on a laptop, cramped, with
the case wizard's step list and page squeezed side by side. It now takes most of
the screen it opens on, never more than fits, and never less than the text needs.
"""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics


def first_window_size(metrics: QFontMetrics, available: QSize) -> QSize:
    """Most of the available screen: at least 150 characters by 46 lines where that fits."""
    want_w = max(metrics.averageCharWidth() * 150, int(available.width() * 0.75))
    want_h = max(metrics.height() * 46, int(available.height() * 0.8))
    return QSize(min(want_w, available.width()), min(want_h, int(available.height() * 0.9)))
