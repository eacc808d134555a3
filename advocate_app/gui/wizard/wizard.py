"""CaseWizard: the eight steps from the person's account to a printed letter.

A step list beside a stack of pages. The step list shows where the advocate
is and lets them jump back (or forward) to any step already reached; every
page writes straight into the one Case, so moving around never blanks an
answer. The current step is kept in `case.extra["wizard_step"]` (a step key,
see STEPS) so the case reopens where it was left.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advocate_app.gui import wheel
from advocate_app.gui.wizard.account_page import AccountPage
from advocate_app.gui.wizard.autosave import Autosave
from advocate_app.gui.wizard.finish_page import FinishPage
from advocate_app.gui.wizard.harms_page import HarmsPage
from advocate_app.gui.wizard.letters_page import LettersPage
from advocate_app.gui.wizard.outcomes_page import OutcomesPage
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.gui.wizard.person_page import PersonPage
from advocate_app.gui.wizard.routes_page import RoutesPage
from advocate_app.gui.wizard.services_page import ServicesPage

PAGES: tuple[type[WizardPage], ...] = (
    PersonPage, AccountPage, HarmsPage, ServicesPage, OutcomesPage, RoutesPage, LettersPage, FinishPage,
)
STEPS: tuple[tuple[str, str], ...] = tuple((p.key, p.title) for p in PAGES)
STEP_KEY = "wizard_step"
REACHED_KEY = "wizard_reached"


_UNKNOWN = object()


def next_deadline(case: Any) -> Any:
    """The clock the case list shows (routes/clocks.py): something sent and a reply awaited,
    with what it is for; None if nothing is running; _UNKNOWN if it could not be worked out."""
    from advocate_app.routes.clocks import next_clock

    try:
        return next_clock(case)
    except Exception:  # noqa: BLE001 - a missing deadline must never stop saving
        return _UNKNOWN


def step_label(case: Any) -> str:
    """'Step 3 of 8: What happened to the person' for a case, for the case list."""
    key = (getattr(case, "extra", {}) or {}).get(STEP_KEY)
    keys = [k for k, _ in STEPS]
    i = keys.index(key) if key in keys else 0
    return f"Step {i + 1} of {len(STEPS)}: {STEPS[i][1]}"


class MessageBar(QFrame):
    """A calm message in the window (never a traceback), with a symbol, not colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard-message")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.symbol = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Message")
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss this message")
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.symbol, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, message: str, *, problem: bool) -> None:
        self.symbol.setText("⚠ Problem:" if problem else "ℹ Note:")
        self.text.setText(message)
        self.text.setAccessibleName(message[:120])
        self.setAccessibleName(("Problem: " if problem else "Note: ") + message)
        self.setProperty("problem", problem)
        self.setStyleSheet(
            "#wizard-message { border: 2px solid %s; border-radius: 4px; }" %
            ("#b3261e" if problem else "#2f5f8a"))
        self.show()


class CaseWizard(QWidget):
    """The case wizard. `closed` fires after the advocate closes it (changes saved)."""

    closed = Signal()
    deleted_elsewhere = Signal()    # the case was deleted in another window: close it, never save it back

    def __init__(self, case: Any, store: Any | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case-wizard")
        self.setWindowTitle("Case")
        self.setAccessibleName("Case wizard")
        self.case = case
        self.store = store
        self._closed_emitted = False
        self._deadline: Any = _UNKNOWN
        self._save_error: str | None = None
        self.context = WizardContext(case, store, self)
        self.autosave = Autosave(store, self)
        self.context._on_change = self._on_case_changed
        self.context._on_flush = self.flush
        self.context.error.connect(lambda m: self.message.show_message(m, problem=True))
        self.context.notice.connect(lambda m: self.message.show_message(m, problem=False))

        self.steps = QListWidget()
        self.steps.setObjectName("wizard-steps")
        self.steps.setAccessibleName("Steps")
        self.steps.setAccessibleDescription(
            "The eight steps of the case. Choose a step you have already reached to go back to it.")
        self.steps.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        self.stack.setObjectName("wizard-pages")
        self.pages: list[WizardPage] = []
        for cls in PAGES:
            page = cls(self.context)
            self.pages.append(page)
            self.stack.addWidget(page)
            item = QListWidgetItem(page.title)
            self.steps.addItem(item)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        steps_label = QLabel("&Steps")
        steps_label.setBuddy(self.steps)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(steps_label)
        left_layout.addWidget(self.steps, 1)
        self.save_state = QLabel()
        self.save_state.setWordWrap(True)
        self.save_state.setAccessibleName("Saving")
        left_layout.addWidget(self.save_state)

        self.message = MessageBar()
        self.back_button = QPushButton("&Back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.back_button.setToolTip("Back to the previous step (Alt+B or Ctrl+Page Up)")
        self.next_button = QPushButton("&Next")
        self.next_button.setAccessibleName("Next step")
        self.next_button.setToolTip("On to the next step (Alt+N or Ctrl+Page Down)")
        self.close_button = QPushButton("Save and cl&ose")
        self.close_button.setAccessibleName("Save and close this case")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_wizard)
        self.context.tab_head = [self.steps]
        self.context.tab_tail = [self.close_button, self.back_button, self.next_button]
        nav = QHBoxLayout()
        nav.addWidget(self.close_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(nav)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        for seq, slot in ((QKeySequence("Ctrl+PgDown"), self.next), (QKeySequence("Ctrl+PgUp"), self.back),
                          (QKeySequence("F6"), self._toggle_step_focus)):
            shortcut = QShortcut(seq, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        keys = [k for k, _ in STEPS]
        start = keys.index(case.extra[STEP_KEY]) if case.extra.get(STEP_KEY) in keys else 0
        reached = keys.index(case.extra[REACHED_KEY]) if case.extra.get(REACHED_KEY) in keys else 0
        self._reached = max(start, reached)
        self._current = -1
        self.steps.currentRowChanged.connect(self._on_step_row)
        self._error_timer = QTimer(self)
        self._error_timer.setInterval(1000)
        self._error_timer.timeout.connect(self._check_save_error)
        self._error_timer.start()
        self._update_save_state()
        wheel.install()
        self._warm_up()
        self.go_to(start, record=False)

    def _warm_up(self) -> None:
        """Compile the analysis lexicon in the background while step 1 is filled in."""
        from advocate_app.gui.wizard import core
        from advocate_app.gui.workers import run_in_background

        run_in_background(core.warm_up, context=self)

    # ------------------------------------------------------------ navigation
    @property
    def current_index(self) -> int:
        return self._current

    @property
    def current_page(self) -> WizardPage:
        return self.pages[self._current]

    def page(self, key: str) -> WizardPage:
        return next(p for p in self.pages if p.key == key)

    def next(self) -> None:
        if self._current < len(self.pages) - 1:
            self.go_to(self._current + 1)

    def back(self) -> None:
        if self._current > 0:
            self.go_to(self._current - 1)

    def go_to(self, index: int, record: bool = True) -> bool:
        """Show step `index` if it has been reached (or is the next one)."""
        if not 0 <= index < len(self.pages) or index > max(self._reached, self._current + 1):
            return False
        if index == self._current:
            return True
        if 0 <= self._current < len(self.pages):
            self.pages[self._current].leave()
        self._current = index
        self._reached = max(self._reached, index)
        page = self.pages[index]
        page.title_label.setText(f"Step {index + 1} of {len(self.pages)}: {page.title}")
        page.initialise()
        self.stack.setCurrentWidget(page)
        self.stack.setAccessibleName(f"Step {index + 1} of {len(self.pages)}: {page.title}")
        self._refresh_steps()
        # Focusing the wizard (the main window does, on opening a case) lands on the page.
        self.setFocusProxy(page.first_focus() or self.next_button)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.pages) - 1)
        keys = [k for k, _ in STEPS]
        if record and self.autosave.active:
            self._refresh_deadline()
        if (self.case.extra.get(STEP_KEY) != keys[index]
                or self.case.extra.get(REACHED_KEY) != keys[self._reached]):
            self.case.extra[STEP_KEY] = keys[index]
            self.case.extra[REACHED_KEY] = keys[self._reached]
            if record:
                self.context.changed()
        if not self.next_button.isEnabled() and self.next_button.hasFocus():
            self.back_button.setFocus()
        return True

    def _refresh_steps(self) -> None:
        self.steps.blockSignals(True)
        for i, page in enumerate(self.pages):
            item = self.steps.item(i)
            if i == self._current:
                marker, state = "▶", "current step"
            elif i <= self._reached:
                marker, state = "✓", "reached"
            else:
                marker, state = "  ", "not reached yet"
            item.setText(f"{marker} {i + 1}. {page.title}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {i + 1}: {page.title}, {state}")
            item.setToolTip(f"Step {i + 1}: {page.title} ({state})")
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if i <= self._reached else Qt.ItemFlag.NoItemFlags)
        self.steps.setCurrentRow(self._current)
        self.steps.blockSignals(False)
        self._fit_steps()

    def _fit_steps(self) -> None:
        """The step list is as wide as its longest step, at any text size."""
        metrics = self.steps.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.steps.item(i).text()) for i in range(self.steps.count()))
        self.steps.setMinimumWidth(widest + 2 * self.steps.frameWidth() + metrics.averageCharWidth() * 3)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange and self.steps.count():
            self._fit_steps()
        super().changeEvent(event)

    def _on_step_row(self, row: int) -> None:
        if row >= 0 and not self.go_to(row):
            self._refresh_steps()

    def _toggle_step_focus(self) -> None:
        if self.steps.hasFocus():
            target = self.current_page.first_focus()
            (target or self.next_button).setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.steps.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------ saving
    def _on_case_changed(self) -> None:
        self.autosave.changed(self.case)
        self._update_save_state()

    def _refresh_deadline(self) -> None:
        """Work out, in the background, the nearest deadline still to come (for the case list).

        Done at calm moments (changing step), never per key press: planning a long
        account can take a few hundred milliseconds.
        """
        from advocate_app.gui.wizard.production import snapshot
        from advocate_app.gui.workers import run_in_background

        run_in_background(next_deadline, snapshot(self.case), context=self,
                          on_done=self._deadline_known, on_error=lambda _e: None)

    def _deadline_known(self, deadline: Any) -> None:
        if deadline is _UNKNOWN:
            return
        self._deadline = deadline
        self.autosave.changed(self.case, deadline, with_deadline=True)

    def _update_save_state(self) -> None:
        if self.autosave.active:
            self.save_state.setText("Changes are saved as you go.")
        else:
            self.save_state.setText("This case is not being saved (practice mode).")

    def _check_save_error(self) -> None:
        """Say once when saving fails, and once when it works again (not every second)."""
        if self.autosave.deleted_elsewhere and not self._closed_emitted:
            self._closed_emitted = True
            self._error_timer.stop()
            self.autosave.close()
            self.deleted_elsewhere.emit()
            return
        error = self.autosave.last_error
        if error and error != self._save_error:
            self.message.show_message(error, problem=True)
        elif not error and self._save_error:
            self.message.show_message("The case is saved again. Nothing was lost.", problem=False)
        self._save_error = error

    def flush(self) -> None:
        """Save every pending change now (e.g. before the main window locks)."""
        if 0 <= self._current < len(self.pages):
            self.pages[self._current].leave()
        if self.autosave.active and self._deadline is not _UNKNOWN:
            self.autosave.changed(self.case, self._deadline, with_deadline=True)
        self.autosave.flush()
        self._check_save_error()

    def close_wizard(self) -> None:
        """Save and tell the main window the case is closed."""
        self.flush()
        self._error_timer.stop()
        self.autosave.close()
        if not self._closed_emitted:
            self._closed_emitted = True
            self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.close_wizard()
        super().closeEvent(event)
