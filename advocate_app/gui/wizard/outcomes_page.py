"""Step 5: what the person wants to happen, in their words.

The ideas come from the recommendations in the harm model's data (what
service users in the research said would reduce harm), never from code.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from advocate_app.gui.wizard import core
from advocate_app.gui.wizard.fields import note, text_edit
from advocate_app.gui.wizard.page import WizardContext, WizardPage
from advocate_app.gui.wizard.records import FieldSpec, RecordEditor
from advocate_app.model.case import Outcome


class OutcomesPage(WizardPage):
    key = "outcomes"
    title = "What the person wants"
    intro = ("What would put things right for the person? Write it in their words. "
             "The ideas below come from people with lived experience of these services; "
             "add any that fit, and change the words to suit.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._rec_names: dict[str, str] = {}
        self._loading_impact = False
        self.outcomes = RecordEditor(
            "What the person wants", "outcome", lambda: self.case.outcomes,
            lambda: Outcome(text=""), self._summary,
            [FieldSpec("In the person's words:", "text", "text", required=True),
             FieldSpec("Which organisation can do this:", "organisation", "choice", (("Any of them", None),)),
             FieldSpec("Linked idea:", "recommendation", "choice", (("None", None),))])
        self.outcomes.changed.connect(self.write)
        self.body.addWidget(self.outcomes)
        self.body.addWidget(note("A letter to one organisation asks only for what that organisation can do."))

        impact_box = QGroupBox("The effect on the person")
        impact_layout = QVBoxLayout(impact_box)
        label, self.impact = text_edit("How this has affected them, in their words (only what they agree to share "
                                       "in letters):", lines=3)
        impact_layout.addWidget(label)
        impact_layout.addWidget(self.impact)
        self.impact.textChanged.connect(self._impact_edited)
        self.body.addWidget(impact_box)

        self.ideas_box = QGroupBox("Ideas to draw on")
        self.ideas_layout = QVBoxLayout(self.ideas_box)
        self.body.addWidget(self.ideas_box)
        self.body.addStretch(1)
        self._ideas_built = False
        self.idea_buttons: dict[tuple[str, str], QPushButton] = {}

    def _summary(self, outcome: Outcome) -> str:
        text = (outcome.text or "").strip().replace("\n", " ") or "(not written yet)"
        if len(text) > 90:
            text = text[:87] + "…"
        idea = self._rec_names.get(outcome.recommendation or "")
        return f"{text}  [{idea}]" if idea else text

    def _build_ideas(self) -> None:
        if self._ideas_built:
            return
        model = self.context.call_core("reading the harm model", core.harm_model)
        if model is None:
            self.ideas_layout.addWidget(note("The list of ideas could not be loaded. "
                                             "You can still write what the person wants above."))
            self._ideas_built = True
            return
        choices: list[tuple[str, Any]] = [("None", None)]
        for rec in core.model_recommendations(model):
            if core.is_retired(rec):
                continue
            label = getattr(rec, "label", None) or rec.id
            self._rec_names[rec.id] = label
            choices.append((label, rec.id))
            self.ideas_layout.addWidget(QLabel(f"<b>{_escape(label)}</b>"))
            desc = core.description(rec)
            if desc:
                self.ideas_layout.addWidget(note(desc))
            for ask in list(getattr(rec, "ask_for", None) or []) or [label]:
                text = ask[:1].upper() + ask[1:]
                row = QHBoxLayout()
                row.setContentsMargins(12, 0, 0, 0)
                words = note("• " + text)
                row.addWidget(words, 1)
                button = QPushButton("Add this")
                button.setAccessibleName(f"Add to what the person wants: {text}")
                button.clicked.connect(lambda _=False, r=rec.id, t=text: self.add_idea(r, t))
                row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.ideas_layout.addLayout(row)
                self.idea_buttons[(rec.id, text)] = button
        self.outcomes.set_choices("recommendation", tuple(choices))
        self._ideas_built = True
        self.fix_tab_order()

    def add_idea(self, recommendation: str, text: str) -> None:
        """Add an outcome drawn on one recommendation, as starter words to change."""
        self.case.outcomes.append(Outcome(text=text, recommendation=recommendation))
        self.outcomes.load()
        self.outcomes.list.setCurrentRow(self.outcomes.list.count() - 1)
        self._mark_added()
        self.write()

    def _mark_added(self) -> None:
        """An idea already in the list says so in words, and cannot be added twice."""
        have = {(o.recommendation, o.text) for o in self.case.outcomes}
        for (rec_id, text), button in self.idea_buttons.items():
            added = (rec_id, text) in have
            button.setText("Added ✓" if added else "Add this")
            button.setEnabled(not added)

    def _impact_edited(self) -> None:
        if self._loading_impact:
            return
        self.case.impact = self.impact.toPlainText().strip() or None
        self.write()

    def load(self) -> None:
        self._build_ideas()
        orgs = tuple((o.name, o.name) for o in self.case.organisations if (o.name or "").strip())
        known = {name for _, name in orgs}
        # An organisation typed into an outcome that is no longer listed stays selectable, never lost.
        extra = tuple((o.organisation, o.organisation) for o in self.case.outcomes
                      if o.organisation and o.organisation not in known)
        self.outcomes.set_choices("organisation", (("Any of them", None), *orgs, *dict.fromkeys(extra)))
        self.outcomes.load()
        self._mark_added()
        self._loading_impact = True
        self.impact.setPlainText(self.case.impact or "")
        self._loading_impact = False

    def store_answers(self) -> None:
        """The record editor writes into the outcomes directly; only the idea buttons follow."""
        self._mark_added()

    def first_focus(self) -> QWidget:
        return self.outcomes.add_button


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
