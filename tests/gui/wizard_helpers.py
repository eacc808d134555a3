"""Helpers for the wizard tests: open a wizard, drive it by keyboard, wait for background work."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from advocate_app.model.case import Case, case_from_dict

from .conftest import PROJECT_ROOT

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
WIZARD_SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots" / "wizard"
PASSPHRASE = "violet harbour lantern seven"


def sample_case(name: str) -> Case:
    return case_from_dict(json.loads((CASES / f"{name}.json").read_text(encoding="utf-8")))


def make_wizard(qtbot: Any, case: Case, store: Any = None, size: tuple[int, int] = (1200, 860),
                register: bool = True) -> Any:
    """A shown, active wizard. `register=False` for tests that destroy it themselves (a crash)."""
    from advocate_app.gui.wizard import CaseWizard

    wizard = CaseWizard(case, store)
    if register:
        qtbot.addWidget(wizard, before_close_func=lambda w: w.flush())
    wizard.resize(*size)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=5000)
    return wizard


def wait_idle(qtbot: Any, wizard: Any, timeout: int = 60_000) -> None:
    """Wait until no page is drafting, rendering or reading the account."""
    from advocate_app.gui import workers

    def idle() -> bool:
        QApplication.processEvents()
        pages_busy = any(getattr(p, "busy", False) or getattr(p, "_reading", False) for p in wizard.pages)
        return not pages_busy and workers.pool().activeThreadCount() == 0

    qtbot.waitUntil(idle, timeout=timeout)


def open_at(qtbot: Any, case: Case, step: str) -> tuple[Any, Any]:
    """The wizard opened on `case` at `step` (as if resumed there), idle, and that step's page."""
    case.extra["wizard_reached"] = step
    case.extra["wizard_step"] = step
    wizard = make_wizard(qtbot, case)
    wait_idle(qtbot, wizard)
    return wizard, wizard.current_page


def alt(qtbot: Any, widget: QWidget, key: Qt.Key) -> None:
    """Alt+key; a button's mnemonic "animates" its click, which lands about 100 ms later."""
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(160)


def press_next(qtbot: Any, wizard: Any) -> None:
    """Alt+N, as the advocate would."""
    focus = QApplication.focusWidget() or wizard
    alt(qtbot, focus, Qt.Key.Key_N)


def press_back(qtbot: Any, wizard: Any) -> None:
    focus = QApplication.focusWidget() or wizard
    alt(qtbot, focus, Qt.Key.Key_B)


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    """Focus a field and type into it."""
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def open_store(store_class: Any, path: Path | None = None) -> Any:
    try:
        return store_class.open(PASSPHRASE, path)
    except Exception:  # noqa: BLE001 - first time: create
        return store_class.create(PASSPHRASE, path)


def screenshot(widget: QWidget, name: str) -> Path:
    WIZARD_SHOTS.mkdir(parents=True, exist_ok=True)
    path = WIZARD_SHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def choose(qtbot: Any, combo: Any, text: str) -> None:
    """Pick a combo box entry with the arrow keys, as a keyboard user would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} not offered in {combo.accessibleName()!r}"


def press(qtbot: Any, widget: QWidget, key: Qt.Key = Qt.Key.Key_Space) -> None:
    """Focus a button, check box or radio button and press Space (or another key)."""
    widget.setFocus()
    qtbot.keyClick(widget, key)


def go_next_and_wait(qtbot: Any, wizard: Any) -> None:
    before = wizard.current_index
    press_next(qtbot, wizard)
    # Generous: building the next step (initialise) can take seconds on a busy CI machine.
    qtbot.waitUntil(lambda: wizard.current_index == before + 1, timeout=15_000)
    wait_idle(qtbot, wizard)


def choose_data(qtbot: Any, combo: Any, data: Any) -> None:
    """Pick the combo entry holding `data`, with the arrow keys."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data, f"{data!r} not offered in {combo.accessibleName()!r}"


def pdf_text(data: bytes) -> str:
    """What a screen reader (or a complaints officer copying text) gets from a PDF."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
