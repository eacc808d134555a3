"""Fixtures for the GUI tests: scripted dialogs, a clean app per test, screenshots.

Why: a modal dialog would hang a headless test, so every GUI test runs with a
scripted dialog service (`dialogs`) that answers from queues and records what
the user was asked and told. Settings and styles set by one test must not leak
into the next (font scale, high contrast), so they are reset after each test.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from advocate_app.gui import services
from advocate_app.gui.app import protect_from_pyside_refcount_bug

# The app does this when it starts (see its docstring); the tests run the same code, so they do too.
protect_from_pyside_refcount_bug()

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"


class FakeDialogs:
    """Answers prompts from queues; the safe answer (cancel, no) when a queue is empty.

    Tests append to `confirm_answers`, `passphrases`, `texts`, `file_names`, and
    read `questions`, `errors`, `infos` to see what the user was asked or told.
    """

    def __init__(self) -> None:
        self.confirm_answers: list[bool] = []
        self.passphrases: list[str | None] = []
        self.texts: list[str | None] = []
        self.file_names: list[str | None] = []
        self.questions: list[str] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.suggested: list[str] = []   # the paths save dialogs were opened at

    def ask_passphrase(self, prompt, *, title="", parent=None):  # noqa: ANN001
        self.questions.append(prompt)
        return self.passphrases.pop(0) if self.passphrases else None

    def ask_text(self, prompt, *, title="", text="", parent=None):  # noqa: ANN001
        self.questions.append(prompt)
        return self.texts.pop(0) if self.texts else None

    def confirm(self, question, *, title="", yes_text="Yes", no_text="Cancel",  # noqa: ANN001
                destructive=False, parent=None):
        self.questions.append(question)
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def save_file_name(self, *, title="", suggested="", filters="", parent=None):  # noqa: ANN001
        self.questions.append(title)
        self.suggested.append(suggested)
        return self.file_names.pop(0) if self.file_names else None

    def open_file_name(self, *, title="", filters="", parent=None):  # noqa: ANN001
        self.questions.append(title)
        return self.file_names.pop(0) if self.file_names else None

    def show_error(self, message, *, title="", parent=None):  # noqa: ANN001
        self.errors.append(message)

    def show_info(self, message, *, title="", parent=None):  # noqa: ANN001
        self.infos.append(message)


@pytest.fixture(autouse=True)
def dialogs() -> FakeDialogs:
    """Installed for every GUI test, so no real modal dialog can ever block a run."""
    fake = FakeDialogs()
    services.set_dialogs(fake)
    yield fake
    services.set_dialogs(None)


@pytest.fixture(autouse=True)
def _reset_app_look(qapp):  # noqa: ANN001
    """Undo font scale and theme changes so each test starts from the system look."""
    font, palette, sheet, style = qapp.font(), qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield
    from advocate_app.gui import theme, workers

    workers.wait_for_all(10_000)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setFont(font)
    qapp.setPalette(palette)
    theme.forget_system_look(qapp)


@pytest.fixture
def no_wheel_guard_yet():
    """An app without the mouse-wheel guard: each window that needs it must bring it (it is not installed at start)."""
    from advocate_app.gui import wheel

    wheel.remove()
    yield
    wheel.remove()


def save_screenshot(widget, name: str) -> Path:  # noqa: ANN001
    """Save `widget` as test-artifacts/screenshots/<name>.png (left behind for people to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


PASSPHRASE = "violet harbour lantern seven"


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheap key derivation, so unlocking in tests takes milliseconds, not a second."""
    from dataclasses import replace

    from advocate_app.store import crypto

    cheap = replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8 * 1024)
    monkeypatch.setattr(crypto, "POLICY", cheap)
    monkeypatch.setattr(crypto, "SCRYPT_FALLBACK", replace(crypto.SCRYPT_FALLBACK, n=2**10))


@pytest.fixture
def store_class(fast_kdf):  # noqa: ANN001, ANN201
    """The real CaseStore (the GUI is tested against the store the advocate uses)."""
    from advocate_app.gui.unlock import store_api

    return store_api().CaseStore
