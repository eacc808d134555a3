"""Every control a keyboard or a screen reader can reach has a name, on every step."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QComboBox, QScrollBar, QWidget

from .wizard_helpers import make_wizard, sample_case, wait_idle

pytestmark = pytest.mark.timeout(120)


def unnamed(root: QWidget) -> list[str]:
    """Focusable widgets under `root` (including a drop-down's text field and list) without a name."""
    out = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QScrollBar) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if w.parentWidget() is not None and isinstance(w.parentWidget(), QAbstractScrollArea) \
                and w is w.parentWidget().viewport():
            continue  # a scroll area's viewport: the area carries the name
        if not w.accessibleName().strip():
            parent = w.parentWidget()
            while parent is not None and not isinstance(parent, QComboBox) and parent is not root:
                parent = parent.parentWidget()
            owner = f" in {parent.accessibleName()!r}" if isinstance(parent, QComboBox) else ""
            out.append(f"{type(w).__name__} {w.objectName()!r}{owner}")
    return out


def test_every_focusable_control_on_every_step_has_an_accessible_name(qtbot):
    case = sample_case("late-complaint")
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case)
    problems = {}
    for i, page in enumerate(wizard.pages):
        wizard.go_to(i)
        wait_idle(qtbot, wizard)
        if page.key == "routes" and page.other_toggle is not None:
            page.other_toggle.setChecked(True)
        if page.key == "harms":
            page.add_finding("frontline-practice.1")
        qtbot.wait(50)
        found = unnamed(page)
        if found:
            problems[page.key] = found
    frame = [p for p in unnamed(wizard) if not any(p in v for v in problems.values())]
    if frame:
        problems["around the steps"] = frame
    assert not problems, "\n".join(f"{k}: {p}" for k, v in problems.items() for p in v)


def test_how_consent_was_given_names_its_text_field_and_its_list(qtbot):
    from advocate_app.model.case import Case

    wizard = make_wizard(qtbot, Case(account=""))
    combo = wizard.page("person").how_given
    assert combo.lineEdit().accessibleName()
    assert combo.view().accessibleName()
