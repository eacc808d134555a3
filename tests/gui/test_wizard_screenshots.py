"""A screenshot of every wizard page at 100% and 150% text size, left for people to look at.

Saved under test-artifacts/screenshots/wizard/ (gitignored). The test checks what
a person would notice first: each page shows its step title, nothing is cut off
sideways at 150%, and the text really did get bigger.
"""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from .shell_helpers import clipped_widgets
from .wizard_helpers import WIZARD_SHOTS, make_wizard, open_store, sample_case, screenshot, wait_idle

pytestmark = pytest.mark.timeout(180)


LOOKS = [(100, False), (150, False), (100, True), (150, True)]


@pytest.mark.parametrize("scale,high_contrast", LOOKS,
                         ids=[f"{s}{'-high-contrast' if h else ''}" for s, h in LOOKS])
def test_every_page_is_captured_at_each_text_size(qtbot, qapp, store_class, scale, high_contrast):
    from advocate_app.gui import theme

    font = qapp.font()
    base = font.pointSizeF()
    font.setPointSizeF(base * scale / 100)
    qapp.setFont(font)  # as a system-wide text size would
    theme.forget_system_look(qapp)
    theme.apply_look(qapp, high_contrast=high_contrast)
    look = f"{scale}{'-high-contrast' if high_contrast else ''}"
    store = open_store(store_class)
    case = sample_case("sexual-misconduct")
    case.id = None
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case, store, size=(1280, 900))
    heights = []
    for i, page in enumerate(wizard.pages):
        assert wizard.go_to(i)
        wait_idle(qtbot, wizard)
        if hasattr(page, "preview"):
            qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=60_000)
            qtbot.wait(800)  # QPdfView paints pages from a render thread
        qtbot.wait(150)     # let new widgets (suggestions, route cards) be shown and laid out
        QApplication.processEvents()
        assert clipped_widgets(wizard) == [], f"{page.key} at {look}: {clipped_widgets(wizard)}"
        path = screenshot(wizard, f"{i + 1:02d}-{page.key}-{look}")
        assert path.stat().st_size > 10_000
        assert page.title_label.text() == f"Step {i + 1} of 8: {page.title}"
        # Nothing runs off sideways: pages scroll down, never right.
        assert not page.scroll.horizontalScrollBar().isVisible(), f"{page.key} scrolls sideways at {scale}%"
        heights.append(page.title_label.fontMetrics().height())
        bar = page.scroll.verticalScrollBar()
        if bar.maximum() > 0:       # a long page: the rest of it too
            bar.setValue(bar.maximum())
            qtbot.wait(100)
            screenshot(wizard, f"{i + 1:02d}-{page.key}-{look}-end")
            bar.setValue(0)
    assert min(heights) >= (base * scale / 100) * 1.2
    assert len(list(WIZARD_SHOTS.glob(f"[0-9][0-9]-*-{look}.png"))) == 8
    theme.apply_look(qapp, high_contrast=False)
