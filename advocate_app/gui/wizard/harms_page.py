"""Step 3: which harms the account shows, decided by the advocate and the person.

Suggestions are offered, never imposed: each one shows the person's words it
came from and asks "Does that fit?". Saying no is as easy as saying yes, "not
sure yet" is a fine answer, and the person can add a harm the text missed and
put what matters most to them first.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advocate_app import first_use
from advocate_app.gui.wizard import core
from advocate_app.gui.wizard.fields import heading, note
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.model.case import Finding
from advocate_app.model.evidence import Evidence, distinct_quotes
from advocate_app.model.findings import NOT_SURE, is_learned, merge_suggestions, move_priority, renumber_priorities

DECISIONS = (("confirmed", "Yes, this fits"), ("rejected", "No, this does not fit"),
             ("unsure", "Not sure yet"))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FindingCard(QFrame):
    """One suggested (or added) harm: its evidence, the question, and the answer."""

    def __init__(self, page: "HarmsPage", finding: Finding, label: str, description: str) -> None:
        super().__init__()
        self.page = page
        self.finding = finding
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"finding-{finding.id}")
        self.setAccessibleName(label)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{_esc(label)}</b>")
        title.setWordWrap(True)
        layout.addWidget(title)
        if description:
            layout.addWidget(note(description))
        self.words: QuotePicker | None = None
        if finding.status == "added":
            if finding.evidence:
                quotes = " … ".join(f"“{e.text}”" for e in distinct_quotes(finding.evidence))
                layout.addWidget(note(f"You added this one, with the person's words: {quotes}"))
            else:
                layout.addWidget(note("You added this one."))
            self.words = QuotePicker(self, label)
            layout.addWidget(self.words)
        elif is_learned(finding):
            said = finding.evidence[0].text if finding.evidence else ""
            sentence = f": “{said}”" if said else ""
            stop = "" if said.rstrip()[-1:] in (".", "!", "?") else "."   # the sentence quoted already ends
            weaker = note(f"A weaker suggestion. It comes from patterns in other people's accounts, not from "
                          f"words the app knows, and it may relate to this sentence{sentence}{stop} Does that fit?")
            weaker.setStyleSheet("font-style: italic;")
            layout.addWidget(weaker)
            self.setAccessibleName(f"{label} (a weaker suggestion)")
        elif finding.evidence:
            quotes = " … ".join(f"“{e.text}”" for e in distinct_quotes(finding.evidence)[:3])
            layout.addWidget(note(f"This part of the account may show this: {quotes}. Does that fit?"))
        else:
            layout.addWidget(note("The account as a whole may show this. Does that fit?"))

        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, text in DECISIONS:
            if finding.status == "added" and key == "unsure":
                continue
            button = QRadioButton(text)
            button.setAccessibleName(f"{text}: {label}")
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.quote = QCheckBox("The person agrees to quoting their words about this in letters")
        self.quote.setAccessibleName(f"The person agrees to quoting their words in letters: {label}")
        self.quote.setEnabled(bool(finding.evidence))
        layout.addWidget(self.quote)
        note_row = QHBoxLayout()
        note_label = QLabel("Note (optional):")
        self.note = QLineEdit()
        self.note.setAccessibleName(f"Note about {label}")
        note_label.setBuddy(self.note)
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        layout.addLayout(note_row)
        # Who was involved: a letter to one body speaks only of its own matters, and names a person
        # only beside the harms that were theirs.
        who_row = QHBoxLayout()
        org_label = QLabel("Organisation involved:")
        self.organisation = QComboBox()
        names = [o.name for o in page.case.organisations if (o.name or "").strip()]
        if finding.organisation and finding.organisation not in names:
            names.append(finding.organisation)
        self.organisation.addItems(["Not known yet", *names])
        self.organisation.setAccessibleName(f"Organisation involved in: {label}")
        org_label.setBuddy(self.organisation)
        role_label = QLabel("Who (role or name):")
        self.role = QLineEdit()
        self.role.setAccessibleName(f"Who was involved in: {label}")
        role_label.setBuddy(self.role)
        # A long organisation name must not widen the page: the list shows what fits, in full when open.
        self.organisation.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.organisation.setMinimumContentsLength(12)
        who_row.addWidget(org_label)
        who_row.addWidget(self.organisation, 1)
        layout.addLayout(who_row)
        role_row = QHBoxLayout()
        role_row.addWidget(role_label)
        role_row.addWidget(self.role, 1)
        layout.addLayout(role_row)
        self._show()
        self.group.buttonToggled.connect(self._decided)
        self.quote.toggled.connect(self._quote)
        self.note.textEdited.connect(self._note)
        self.organisation.currentIndexChanged.connect(self._organisation)
        self.role.textEdited.connect(self._role)

    @property
    def confirm(self) -> QRadioButton:
        return self.buttons["confirmed"]

    @property
    def reject(self) -> QRadioButton:
        return self.buttons["rejected"]

    @property
    def unsure(self) -> QRadioButton:
        return self.buttons["unsure"]

    def _show(self) -> None:
        f = self.finding
        key = {"confirmed": "confirmed", "added": "confirmed", "rejected": "rejected"}.get(f.status)
        if key is None and f.extra.get(NOT_SURE):
            key = "unsure"
        for k, b in self.buttons.items():
            b.setChecked(k == key)
        self.quote.setChecked(f.quote)
        self.note.setText(f.note or "")
        index = self.organisation.findText(f.organisation) if f.organisation else 0
        self.organisation.setCurrentIndex(max(index, 0))
        self.role.setText(f.role or "")

    def _decided(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        key = next(k for k, b in self.buttons.items() if b is button)
        f = self.finding
        if key == "confirmed":
            f.status = "added" if f.status == "added" else "confirmed"
            f.extra.pop(NOT_SURE, None)
        elif key == "rejected":
            f.status = "rejected"
            f.extra.pop(NOT_SURE, None)
        else:
            f.status = "suggested"
            f.extra[NOT_SURE] = True
        self.page.decisions_changed()

    def _quote(self, on: bool) -> None:
        self.finding.quote = on
        self.page.context.changed()

    def _organisation(self, index: int) -> None:
        self.finding.organisation = self.organisation.itemText(index) if index > 0 else None
        self.page.context.changed()

    def _role(self, text: str) -> None:
        self.finding.role = text.strip() or None
        self.page.context.changed()

    def _note(self, text: str) -> None:
        self.finding.note = text.strip() or None
        self.page.context.changed()

    def add_words(self, evidence: Evidence) -> None:
        """Words the advocate picked from the account become this harm's quote; quoting them
        in letters still waits for the person's agreement (the check box)."""
        if any(e.start == evidence.start and e.end == evidence.end for e in self.finding.evidence):
            return
        self.finding.evidence = sorted([*self.finding.evidence, evidence], key=lambda e: e.start)
        self.page.context.changed()
        self.page.rebuild_keeping_focus(self.finding.id)


class QuotePicker(QWidget):
    """For a harm the advocate added: pick the person's own words from the account.

    The account is shown read-only; select the words with the mouse or with
    Shift and the arrow keys, then press the button.
    """

    def __init__(self, card: FindingCard, label: str) -> None:
        super().__init__()
        self.card = card
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.account = QPlainTextEdit()
        self.account.setReadOnly(True)
        self.account.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.account.setTabChangesFocus(True)
        self.account.setPlainText(card.page.case.account)
        self.account.setAccessibleName(f"The account, to choose the person's words about {label}")
        self.account.setAccessibleDescription("Select the words with Shift and the arrow keys, then press "
                                              "'Use the selected words'.")
        line = self.account.fontMetrics().lineSpacing()
        self.account.setMinimumHeight(line * 4 + 12)
        self.account.setMaximumHeight(line * 8 + 12)
        self.use = QPushButton("Use the selected words")
        self.use.setAccessibleName(f"Use the selected words for {label}")
        self.use.clicked.connect(self.use_selection)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setText("Add the person's words from the account")
        self.toggle.setAccessibleName(f"Add the person's words from the account for {label}")
        self.toggle.toggled.connect(self._show)
        self.hint = note("Select the words in the account below, then press 'Use the selected words'.")
        layout.addWidget(self.toggle)
        layout.addWidget(self.hint)
        layout.addWidget(self.account)
        row = QHBoxLayout()
        row.addWidget(self.use)
        row.addStretch(1)
        layout.addLayout(row)
        self._show(False, refocus=False)

    def _show(self, on: bool, refocus: bool = True) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        for w in (self.hint, self.account, self.use):
            w.setVisible(on)
        if refocus:
            self.card.page.fix_tab_order()
            if on:
                self.account.setFocus()

    def use_selection(self) -> None:
        from advocate_app.model.quotes import evidence_from_selection

        cursor = self.account.textCursor()
        text = self.card.page.case.account
        start, end = (_python_offset(self.account, p) for p in (cursor.selectionStart(), cursor.selectionEnd()))
        evidence = evidence_from_selection(text, start, end)
        if evidence is None:
            self.hint.setText("Nothing is selected yet: select the person's words in the account first.")
            return
        self.card.add_words(evidence)


def _python_offset(editor: QPlainTextEdit, position: int) -> int:
    """A document position (UTF-16 units) as an offset into the Python string of the text."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    return len(cursor.selectedText())


class HarmsPage(WizardPage):
    key = "harms"
    title = "What happened to the person"
    intro = ("These are suggestions from the words of the account, not conclusions. For each one, "
             "ask the person whether it fits. You can say no, say 'not sure yet', or add something "
             "the text missed. Research by people with lived experience (Carr et al., 2025) names "
             "seven sources of avoidable harm in mental health social care.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Reading the account")
        self.body.addWidget(self.status)
        self.cards_box = QWidget()
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.cards_box)
        self.cards: dict[str, FindingCard] = {}

        add_box = QGroupBox("Add something the text missed")
        add_layout = QHBoxLayout(add_box)
        self.add_combo = QComboBox()
        self.add_combo.setAccessibleName("Harm to add")
        self.add_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_combo.setMinimumContentsLength(30)
        add_label = QLabel("&Harm:")
        add_label.setBuddy(self.add_combo)
        self.add_button = QPushButton("Add this harm")
        self.add_button.setAccessibleName("Add the chosen harm")
        self.add_button.clicked.connect(self.add_chosen)
        add_layout.addWidget(add_label)
        add_layout.addWidget(self.add_combo, 1)
        add_layout.addWidget(self.add_button)
        self.body.addWidget(add_box)

        order_box = QGroupBox("What matters most to the person")
        order_layout = QVBoxLayout(order_box)
        order_layout.addWidget(note("Put the harms that fit in the person's own order: what matters most "
                                    "first. Letters follow this order. Use the buttons, or Ctrl+Up and "
                                    "Ctrl+Down in the list."))
        row = QHBoxLayout()
        self.order = QListWidget()
        self.order.setObjectName("harm-order")
        self.order.setAccessibleName("What matters most, in order")
        line = self.order.fontMetrics().lineSpacing()
        self.order.setMinimumHeight(line * 4 + 8)
        self.order.setMaximumHeight(line * 9 + 8)
        row.addWidget(self.order, 1)
        buttons = QVBoxLayout()
        self.up_button = QPushButton("Move &up")
        self.up_button.setAccessibleName("Move the selected harm up")
        self.down_button = QPushButton("Move &down")
        self.down_button.setAccessibleName("Move the selected harm down")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        order_layout.addLayout(row)
        for seq, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            sc = QShortcut(QKeySequence(seq), self.order)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(lambda s=step: self.move_selected(s))
        self.body.addWidget(order_box)
        self.body.addStretch(1)

        self._model: Any = None
        self._classified_text: str | None = None
        self._reading = False

    # ------------------------------------------------------------ loading
    def _harm_model(self) -> Any:
        if self._model is None:
            self._model = self.context.call_core("reading the harm model", core.harm_model)
            if self._model is not None:
                self._fill_add_combo()
        return self._model

    def _fill_add_combo(self) -> None:
        self.add_combo.clear()
        for source in core.model_sources(self._model):
            for factor in getattr(source, "factors", []):
                if core.is_retired(factor):
                    continue
                self.add_combo.addItem(f"{source.label} — {factor.label}", factor.id)
                desc = core.description(factor)
                if desc:
                    self.add_combo.setItemData(self.add_combo.count() - 1, desc, Qt.ItemDataRole.ToolTipRole)

    def label_for(self, item_id: str) -> tuple[str, str]:
        model = self._harm_model()
        item = core.lookup(model, item_id) if model is not None else None
        if item is None:
            return item_id, ""
        return getattr(item, "label", item_id), core.description(item)

    def load(self) -> None:
        self._harm_model()
        self._rebuild()
        if self._classified_text != self.case.account and self.case.account.strip():
            self.read_account()

    def read_account(self) -> None:
        """Ask the core for suggestions in the background; merge them when they come."""
        if self._reading:
            return
        from advocate_app.gui.workers import run_in_background

        text = self.case.account
        self._reading = True
        self.status.setText(first_use.MESSAGE if first_use.preparing() else "Reading the account for suggestions…")
        run_in_background(core.classify, text, context=self,
                          on_done=lambda result: self._classified(text, result),
                          on_error=self._classify_failed)

    def _classified(self, text: str, result: Any) -> None:
        self._reading = False
        if text != self.case.account:
            self.read_account()
            return
        self._classified_text = text
        before = [(f.id, f.status, tuple(f.evidence)) for f in self.case.findings]
        self.case.findings = merge_suggestions(self.case.findings, result, text)
        renumber_priorities(self.case.findings)
        after = [(f.id, f.status, tuple(f.evidence)) for f in self.case.findings]
        known = {fid for fid, _, _ in before}
        new = [f for f in self.case.findings if f.id not in known]
        if not self.case.findings:
            self.status.setText("Nothing in the account matched a harm in the model. That does not mean "
                                "nothing happened: add what the person describes below.")
        elif known and new:
            self.status.setText(f"The account was read again: {len(new)} new suggestion"
                                f"{'s' if len(new) != 1 else ''}. Your earlier answers are kept.")
        elif known:
            self.status.setText("Your answers so far are below, with the person's words they rest on.")
        else:
            self.status.setText(f"{len(new)} suggestion{'s' if len(new) != 1 else ''} from the account.")
        if before != after:
            self.context.changed()
        self._rebuild()

    def _classify_failed(self, message: str) -> None:
        self._reading = False
        self.status.setText("Suggestions are not available just now. " + str(message) +
                            " You can still add harms yourself below.")

    def _rebuild(self) -> None:
        focus_id = None
        for fid, card in self.cards.items():
            if card.isAncestorOf(self.focusWidget()) if self.focusWidget() else False:
                focus_id = fid
        while self.cards_layout.count():
            item = self.cards_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = {}
        groups: dict[str, list[Finding]] = {}
        for finding in self.case.findings:
            groups.setdefault(finding.id.split(".")[0], []).append(finding)
        for source_id, findings in groups.items():
            label, desc = self.label_for(source_id)
            title = heading(label, level=2)
            # A screen reader hears the whole source, not only the words of its title
            # ("sexual abuse" is one part of staff misconduct, not all of it).
            title.setAccessibleName(f"Source of harm: {label}. {desc}" if desc else f"Source of harm: {label}")
            self.cards_layout.addWidget(title)
            if desc:
                self.cards_layout.addWidget(note(desc))
            for finding in findings:
                f_label, f_desc = self.label_for(finding.id)
                card = FindingCard(self, finding, f_label, f_desc)
                self.cards[finding.id] = card
                self.cards_layout.addWidget(card)
        if focus_id in self.cards:
            self.cards[focus_id].confirm.setFocus()
        self._rebuild_order()
        self.fix_tab_order()

    def _rebuild_order(self, select: str | None = None) -> None:
        ranked = renumber_priorities(self.case.findings)
        self.order.clear()
        for finding in ranked:
            label, _ = self.label_for(finding.id)
            self.order.addItem(f"{finding.priority}. {label}")
            self.order.item(self.order.count() - 1).setData(Qt.ItemDataRole.UserRole, finding.id)
        if not ranked:
            self.order.addItem("Nothing confirmed yet.")
        ids = [f.id for f in ranked]
        if select in ids:
            self.order.setCurrentRow(ids.index(select))
        enabled = len(ranked) > 1
        self.up_button.setEnabled(enabled)
        self.down_button.setEnabled(enabled)

    # ------------------------------------------------------------ answers
    def decisions_changed(self) -> None:
        self._rebuild_order()
        self.context.changed()

    def card(self, finding_id: str) -> FindingCard:
        return self.cards[finding_id]

    def add_chosen(self) -> None:
        finding_id = self.add_combo.currentData()
        if not finding_id:
            return
        self.add_finding(finding_id)

    def rebuild_keeping_focus(self, finding_id: str) -> None:
        """Show a changed card again, with the keyboard back on its agreement to quote."""
        self._rebuild()
        card = self.cards.get(finding_id)
        if card is not None:
            (card.quote if card.quote.isEnabled() else card.confirm).setFocus()

    def add_finding(self, finding_id: str) -> None:
        existing = next((f for f in self.case.findings if f.id == finding_id), None)
        if existing is not None:
            if existing.status not in ("confirmed", "added"):
                existing.status = "confirmed"
                existing.extra.pop(NOT_SURE, None)
        else:
            self.case.findings.append(Finding(id=finding_id, status="added"))
        renumber_priorities(self.case.findings)
        self.context.changed()
        self._rebuild()
        self.cards[finding_id].confirm.setFocus()

    def move_selected(self, step: int) -> None:
        item = self.order.currentItem()
        finding_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if finding_id and move_priority(self.case.findings, finding_id, step):
            self.context.changed()
            self._rebuild_order(select=finding_id)
            self.order.setFocus()

    def priorities(self) -> list[str]:
        return [f.id for f in renumber_priorities(self.case.findings)]

    def store_answers(self) -> None:
        """Cards write straight into the findings."""

    def first_focus(self) -> QWidget | None:
        first = next(iter(self.cards.values()), None)
        return first.confirm if first else self.add_combo
