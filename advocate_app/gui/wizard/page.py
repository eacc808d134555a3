"""The page base class and the small context every page shares.

Why (after Picard's setup wizard): each page loads its part of the one Case in
`initialise()` and writes it back the moment the advocate changes something,
then calls `context.changed()`, which schedules the autosave. Pages talk to
the case and the core, never to each other.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from advocate_app.errors import UserError
from advocate_app.gui.wizard import core
from advocate_app.gui.wizard.fields import heading, name_combo_parts, note

if TYPE_CHECKING:
    from advocate_app.model.case import Case

log = logging.getLogger(__name__)

GENERIC_CORE_FAILURE = ("Something went wrong while {doing}. Nothing you typed has been lost. "
                        "You can carry on, and try again in a moment.")


class WizardContext(QObject):
    """What the pages share: the case, the store, and ways to report back.

    `case_changed` fires after any page writes to the case; pages that show
    derived results (the plan, the letters) listen to it to refresh lazily.
    """

    case_changed = Signal()
    error = Signal(str)
    notice = Signal(str)

    def __init__(self, case: "Case", store: Any | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.store = store
        self.revision = 0
        self._on_change: Callable[[], None] | None = None
        self._on_flush: Callable[[], None] | None = None
        self._plan_cache: tuple[int, Any] | None = None
        # Set by the window around the pages: what Tab reaches before and after a page.
        self.tab_head: list[QWidget] = []
        self.tab_tail: list[QWidget] = []

    def changed(self) -> None:
        """A page wrote to the case: bump the revision and let the autosaver know."""
        self.revision += 1
        if self._on_change is not None:
            self._on_change()
        self.case_changed.emit()

    def flush_case(self) -> None:
        """Save the case now (e.g. before keeping documents that need its id)."""
        if self._on_flush is not None:
            self._on_flush()

    def call_core(self, doing: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the core; a failure becomes one calm message in the window, never a traceback.

        Returns None on failure, so callers keep what they had.
        """
        try:
            return fn(*args, **kwargs)
        except UserError as error:
            self.error.emit(error.message)
        except Exception as error:  # noqa: BLE001 - a bug in the core must not reach the user
            log.error("core call failed while %s (%s)", doing, type(error).__name__)
            self.error.emit(GENERIC_CORE_FAILURE.format(doing=doing))
        return None

    def plan(self) -> Any:
        """The route plan for the case as it is now (cached per revision)."""
        if self._plan_cache and self._plan_cache[0] == self.revision:
            return self._plan_cache[1]
        plan = self.call_core("working out the routes", core.plan_case, self.case)
        if plan is not None:
            self._plan_cache = (self.revision, plan)
        return plan


class WizardPage(QWidget):
    """One step. Subclasses set `key` and `title`, build widgets, and implement
    `initialise()` (case -> widgets) and write on change (widgets -> case)."""

    key = ""
    title = ""
    intro = ""

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._loading = False
        self.setObjectName(f"page-{self.key}")
        self.setAccessibleName(self.title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setSpacing(10)
        self.title_label = heading(self.title)
        self.body.addWidget(self.title_label)
        if self.intro:
            self.body.addWidget(note(self.intro))

    @property
    def case(self) -> "Case":
        return self.context.case

    def initialise(self) -> None:
        """Load this page's widgets from the case. Called each time the page is shown."""
        self._loading = True
        try:
            self.load()
        finally:
            self._loading = False
        self.fix_tab_order()

    def fix_tab_order(self) -> None:
        """Tab follows the page top to bottom, including controls built after the window.

        Qt appends widgets made later (suggestions, route cards) to the end of the
        focus chain, after the Next button; this puts them back where they are seen,
        between the step list and the buttons under the page.
        """
        name_combo_parts(self)
        order = self.context.tab_head + focus_order(self.scroll.widget()) + self.context.tab_tail
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def load(self) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def write(self) -> None:
        """Called by subclasses when a widget changed; ignored while loading."""
        if self._loading:
            return
        self.store_answers()
        self.context.changed()

    def store_answers(self) -> None:  # pragma: no cover - every page overrides
        raise NotImplementedError

    def leave(self) -> None:
        """The advocate moves away from this page; finish anything pending."""

    def first_focus(self) -> QWidget | None:
        """The control that gets focus when the page opens."""
        return None


def focus_order(root: QWidget) -> list[QWidget]:
    """Keyboard-focusable widgets under `root` in the order their layouts show them."""
    from PySide6.QtWidgets import QAbstractScrollArea, QComboBox, QLayout, QSplitter

    out: list[QWidget] = []

    def visit_widget(w: QWidget) -> None:
        # Widgets just added to a visible page are shown on the next event loop turn:
        # skip only those hidden on purpose.
        if w.isHidden() and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            return
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            out.append(w)
            if isinstance(w, (QAbstractScrollArea, QComboBox)):
                return  # its insides are its own business
        if isinstance(w, QSplitter):
            for i in range(w.count()):
                visit_widget(w.widget(i))
        elif w.layout() is not None:
            visit_layout(w.layout())

    def visit_layout(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is not None:
                visit_widget(item.widget())
            elif item.layout() is not None:
                visit_layout(item.layout())

    visit_widget(root)
    return out


class Bindings:
    """Two-way links between simple controls and attributes of the case.

    Why: most answers are one text, date or yes/no on a dataclass; listing them
    once keeps load and store in step, so no field is forgotten in either.
    """

    def __init__(self, page: WizardPage) -> None:
        self._page = page
        self._items: list[tuple[Callable[[], Any], str, Callable[[], Any], Callable[[Any], None]]] = []

    def add(self, owner: Callable[[], Any], attr: str, get: Callable[[], Any],
            set_: Callable[[Any], None], signal: Any) -> None:
        self._items.append((owner, attr, get, set_))
        signal.connect(self._page.write)

    def line(self, owner: Callable[[], Any], attr: str, edit: Any) -> None:
        from advocate_app.gui.wizard.fields import none_if_blank
        self.add(owner, attr, lambda: none_if_blank(edit.text()),
                 lambda v: edit.setText(v or ""), edit.textEdited)

    def text(self, owner: Callable[[], Any], attr: str, edit: Any) -> None:
        def get() -> str | None:
            value = edit.toPlainText()
            return value if value.strip() else None

        def set_(v: Any) -> None:
            if edit.toPlainText() != (v or ""):
                edit.setPlainText(v or "")
        self.add(owner, attr, get, set_, edit.textChanged)

    def date(self, owner: Callable[[], Any], attr: str, field: Any) -> None:
        def get() -> Any:
            value = field.date()
            if value is None and field.text().strip():
                return getattr(owner(), attr)  # half-typed: keep the last good date
            return value
        self.add(owner, attr, get, field.set_date, field.changed)

    def tristate(self, owner: Callable[[], Any], attr: str, combo: Any) -> None:
        self.add(owner, attr, combo.value, combo.set_value, combo.currentIndexChanged)

    def combo_text(self, owner: Callable[[], Any], attr: str, combo: Any) -> None:
        from advocate_app.gui.wizard.fields import none_if_blank
        self.add(owner, attr, lambda: none_if_blank(combo.currentText()),
                 lambda v: combo.setEditText(v or ""), combo.editTextChanged)

    def load(self) -> None:
        for owner, attr, _get, set_ in self._items:
            set_(getattr(owner(), attr))

    def store(self) -> None:
        for owner, attr, get, _set in self._items:
            setattr(owner(), attr, get())
