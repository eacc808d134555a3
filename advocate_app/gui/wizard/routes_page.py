"""Step 6: the routes open to the person, and the advocate's choice.

The person's wishes about a safeguarding referral come first (Making
Safeguarding Personal). Then the Section 42 criteria one at a time, then each
proposed route with its reason, deadlines and what is still needed. Routes
chosen earlier stay chosen even if the plan stops proposing them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from advocate_app.gui.wizard.fields import StatusNote, form as make_form, TriState, heading, long_date, note, text_edit
from advocate_app.errors import UserError
from advocate_app.gui.wizard.page import GENERIC_CORE_FAILURE, WizardContext, WizardPage
from advocate_app.routes.choices import arrange, why_line

STRENGTH = {"recommended": "Recommended", "consider": "Worth considering"}
MET = {True: "✓ Met", False: "✗ Not met", None: "? Not known yet"}
CRITERION_FACT = {"care-and-support-needs": ("has_care_and_support_needs", False),
                  "experiencing-abuse-or-neglect": ("abuse_or_neglect_suspected", False),
                  "unable-to-protect-self": ("able_to_protect_self", True)}


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ul(items: str) -> str:
    return f"<ul style='margin-top:0; margin-bottom:0; margin-left:0; -qt-list-indent:1'>{items}</ul>"


def deadline_text(deadline: Any, today: dt.date) -> str:
    if deadline.date is None:
        when = "date not known yet"
    else:
        when = long_date(deadline.date)
        if deadline.passed or deadline.date < today:
            when += " (this date has passed)"
    text = f"{deadline.what}: {when}"
    if deadline.note:
        text += f". {deadline.note}"
    if deadline.basis:
        text += f" [{deadline.basis}]"
    return text


def route_details(route: Any, today: dt.date) -> str:
    """Everything the plan says about a route, for the card's detail (rich text)."""
    lines = [f"<b>To:</b> {_esc(route.recipient)}", f"<b>Why:</b> {_esc(route.reason)}"]
    points = list(getattr(route, "legal_points", None) or [])
    if points:
        items = "".join(f"<li>{_esc(p)}</li>" for p in points)
        lines.append(f"<b>The law:</b>{_ul(items)}")
    elif route.legal_basis:
        lines.append(f"<b>Legal basis:</b> {_esc('; '.join(route.legal_basis))}")
    if route.recipient_duty:
        lines.append(f"<b>What they must do:</b> {_esc(route.recipient_duty)}")
    if route.deadlines:
        items = "".join(f"<li>{_esc(deadline_text(d, today))}</li>" for d in route.deadlines)
        lines.append(f"<b>Time limits:</b>{_ul(items)}")
    if route.needs:
        items = "".join(f"<li>{_esc(n)}</li>" for n in route.needs)
        lines.append(f"<b>Still needed:</b>{_ul(items)}")
    if route.next_step:
        lines.append(f"<b>If this does not put things right:</b> {_esc(route.next_step)}")
    notes = list(getattr(route, "notes", None) or [])
    if notes:
        items = "".join(f"<li>{_esc(n)}</li>" for n in notes)
        lines.append(f"<b>Good to know:</b>{_ul(items)}")
    return "".join(f"<p style='margin:0 0 4px 0'>{line}</p>" for line in lines)


class Disclosure(QToolButton):
    """A button that shows or hides a part of the page, saying which in words and with an arrow."""

    def __init__(self, show_text: str, hide_text: str, target: QWidget, on_toggle: Any = None) -> None:
        super().__init__()
        self._texts = (show_text, hide_text)
        self._target = target
        self._on_toggle = on_toggle
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggled.connect(self._toggled)
        self._show(False)

    def _toggled(self, on: bool) -> None:
        self._show(on)
        if self._on_toggle is not None:
            self._on_toggle()

    def _show(self, on: bool) -> None:
        self._target.setVisible(on)
        self.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.setText(self._texts[1] if on else self._texts[0])
        self.setAccessibleName(self.text())


class RouteCard(QFrame):
    """One route: its title and strength, one line of why, the choice, and the detail on request."""

    def __init__(self, page: "RoutesPage", route: Any, chosen: bool, today: dt.date,
                 blocked: str | None) -> None:
        super().__init__()
        self.route_id = route.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"route-{route.id}")
        layout = QVBoxLayout(self)
        strength = STRENGTH.get(route.strength, route.strength)
        title = QLabel(f"<b>{_esc(route.title)}</b> — {strength}")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.why = note(why_line(route))
        layout.addWidget(self.why)
        self.check = QCheckBox("Use this route")
        self.check.setAccessibleName(f"Use this route: {route.title}. {strength}.")
        self.check.setChecked(chosen)
        title.setBuddy(self.check)
        layout.addWidget(self.check)
        self.blocked = note("⚠ " + blocked) if blocked else None
        if self.blocked:
            layout.addWidget(self.blocked)
            self.check.setEnabled(chosen)
        self.details = QLabel(route_details(route, today))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(f"More about {route.title}")
        self.more = Disclosure("More about this route: the law, time limits, what is needed",
                               "Less about this route", self.details, page.fix_tab_order)
        self.more.setAccessibleDescription(route.title)
        layout.addWidget(self.more)
        layout.addWidget(self.details)
        self.check.toggled.connect(lambda on: page.choose(route.id, on))


class RoutesPage(WizardPage):
    key = "routes"
    title = "Routes"
    intro = ("The ways the person could take this forward, with why each one fits and its time limits. "
             "You and the person choose; nothing is sent until you decide.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._today = dt.date.today()

        box = QGroupBox("First: what the person wants about safeguarding")
        form = make_form(box, stacked=True)
        form.addRow(note("A safeguarding concern asks the council to make a Section 42 enquiry: the "
                         "council's duty to look into possible abuse or neglect (Care Act 2014, s42). "
                         "Start from what the person wants."))
        self.wants = TriState("Does the person want a safeguarding concern raised?",
                              labels=("Not asked yet", "Yes, they want one raised", "No, they do not"))
        label = QLabel("Does the person want a safeguarding &concern raised?")
        label.setWordWrap(True)
        label.setBuddy(self.wants)
        form.addRow(label, self.wants)
        label, self.views = text_edit("Their views, in their words:", lines=2)
        form.addRow(label, self.views)
        self.recorded = QLabel("")
        form.addRow(QLabel("Recorded:"), self.recorded)
        self.danger = TriState("Is the person in immediate danger?")
        self.others = TriState("Could other people be at risk too?")
        self.capacity = TriState("Might the person lack capacity to decide about this?")
        for text, w in (("Is the person in immediate danger?", self.danger),
                        ("Could other people be at risk too?", self.others),
                        ("Might the person lack capacity to decide about this?", self.capacity)):
            lab = QLabel(text)
            lab.setWordWrap(True)
            lab.setBuddy(w)
            form.addRow(lab, w)
        self.danger_note = note("If the person is in immediate danger, call 999 first. You can come "
                                "back to this afterwards; nothing here is lost.")
        form.addRow(self.danger_note)
        self.reason_label, self.reason = text_edit(
            "If a concern must be raised without the person's agreement, why:", lines=3,
            placeholder="for example: other residents may be at risk from the same worker")
        self.reason_note = note("A concern can sometimes be raised without agreement, for example when "
                                "others are at risk or a crime may have been committed. Tell the person "
                                "first unless that would put someone in danger.")
        form.addRow(self.reason_note)
        form.addRow(self.reason_label, self.reason)
        self.body.addWidget(box)

        self.wants.currentIndexChanged.connect(self._wishes_changed)
        self.views.textChanged.connect(self._wishes_changed)
        self.reason.textChanged.connect(self._wishes_changed)
        for w, attr in ((self.danger, "immediate_danger"), (self.others, "others_at_risk"),
                        (self.capacity, "person_lacks_capacity")):
            w.currentIndexChanged.connect(lambda _i, w=w, a=attr: self._set_fact(a, w.value()))

        self.s42_box = QGroupBox("Section 42: the three questions the council asks")
        self.s42_layout = QVBoxLayout(self.s42_box)
        self.s42_details = QLabel("")
        self.s42_details.setWordWrap(True)
        self.s42_layout.addWidget(self.s42_details)
        self.categories_box = QWidget()
        self.categories_layout = QVBoxLayout(self.categories_box)
        self.categories_layout.setContentsMargins(0, 0, 0, 0)
        self.s42_layout.addWidget(self.categories_box)
        self.category_checks: dict[str, QCheckBox] = {}
        self.criteria_box = QWidget()
        self.criteria_layout = QVBoxLayout(self.criteria_box)
        self.criteria_layout.setContentsMargins(0, 0, 0, 0)
        self.s42_layout.addWidget(self.criteria_box)
        self.body.addWidget(self.s42_box)

        self.routes_heading = heading("Routes", level=2)
        self.body.addWidget(self.routes_heading)
        self.plan_state = StatusNote()
        self.body.addWidget(self.plan_state)
        self.routes_box = QWidget()
        self.routes_layout = QVBoxLayout(self.routes_box)
        self.routes_layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.routes_box)
        self.body.addStretch(1)
        self.cards: dict[str, RouteCard] = {}
        self.other_toggle: Disclosure | None = None
        self._criterion_controls: dict[str, TriState] = {}
        self._criterion_labels: dict[str, QLabel] = {}
        self._replan = QTimer(self)
        self._replan.setSingleShot(True)
        self._replan.setInterval(300)
        self._replan.timeout.connect(self.refresh_plan)
        self.plan: Any = None
        self._generation = 0
        self._planning = False

    # ------------------------------------------------------------ wishes
    def load(self) -> None:
        w = self.case.safeguarding
        self.wants.set_value(w.wants_referral)
        if self.views.toPlainText() != (w.views or ""):
            self.views.setPlainText(w.views or "")
        if self.reason.toPlainText() != (w.raise_without_consent_reason or ""):
            self.reason.setPlainText(w.raise_without_consent_reason or "")
        facts = self.case.facts
        self.danger.set_value(facts.immediate_danger)
        self.others.set_value(facts.others_at_risk)
        self.capacity.set_value(facts.person_lacks_capacity)
        self._show_wish_state()
        self.refresh_plan()

    def _show_wish_state(self) -> None:
        w = self.case.safeguarding
        self.recorded.setText(long_date(w.recorded) if w.recorded else "not yet")
        without = w.wants_referral is False
        self.reason.setVisible(without)
        self.reason_label.setVisible(without)
        self.reason_note.setVisible(without)
        self.danger_note.setVisible(self.case.facts.immediate_danger is True)

    def _wishes_changed(self, *_: Any) -> None:
        if self._loading:
            return
        w = self.case.safeguarding
        w.wants_referral = self.wants.value()
        w.views = self.views.toPlainText() if self.views.toPlainText().strip() else None
        w.raise_without_consent_reason = (self.reason.toPlainText()
                                          if self.reason.toPlainText().strip() else None)
        if w.recorded is None and (w.wants_referral is not None or w.views):
            w.recorded = self._today
        self._show_wish_state()
        self.context.changed()
        self._replan.start()

    def _set_fact(self, attr: str, value: bool | None) -> None:
        if self._loading:
            return
        setattr(self.case.facts, attr, value)
        self._show_wish_state()
        self.context.changed()
        self._replan.start()

    # ------------------------------------------------------------ plan
    def refresh_plan(self) -> None:
        """Work the plan out again in the background (a long account takes a moment)."""
        from advocate_app.gui.wizard import core
        from advocate_app.gui.wizard.production import snapshot
        from advocate_app.gui.workers import run_in_background

        self._replan.stop()
        self._generation += 1
        generation = self._generation
        self._planning = True
        if self.plan is None:
            self.plan_state.setText("Working out the routes…")
        run_in_background(core.plan_case, snapshot(self.case), context=self,
                          on_done=lambda plan: self._planned(generation, plan),
                          on_error=lambda error: self._plan_failed(generation, error))

    def _plan_failed(self, generation: int, error: Any) -> None:
        if generation != self._generation:
            return
        self._planning = False
        self.context.error.emit(str(error) if isinstance(getattr(error, "exception", None), UserError)
                                else GENERIC_CORE_FAILURE.format(doing="working out the routes"))
        self.plan_state.setText("The routes could not be worked out just now. Your answers are kept; "
                                "the message above says more.")
        if self.plan is None:
            self._show_routes(None)

    def _planned(self, generation: int, plan: Any) -> None:
        if generation != self._generation:
            return
        self._planning = False
        self.plan = plan
        urgent = list(getattr(plan, "urgent", None) or [])
        self.plan_state.setText("\n".join("⚠ " + u for u in urgent))
        self._today = plan.today or self._today
        focus = self.focusWidget()
        focus_route = next((rid for rid, card in self.cards.items() if card.isAncestorOf(focus)), None) \
            if focus is not None else None
        self._show_s42(plan.section42)
        self._show_routes(plan)
        self.fix_tab_order()
        if focus_route in self.cards:
            self.cards[focus_route].check.setFocus()

    def _show_s42(self, s42: Any) -> None:
        parts = []
        if s42.person_wishes:
            parts.append(_esc(s42.person_wishes))
        if s42.without_consent:
            parts.append(_esc(s42.without_consent))
        if s42.categories:
            cats = ", ".join(_esc(c.label) for c in s42.categories)
            parts.append(f"<b>Kinds of abuse or neglect the account may show:</b> {cats}. "
                         "Tick those the person confirms, whoever was responsible; only those are named "
                         "in a concern letter.")
        self._show_categories(s42.categories)
        if s42.blocked_reason and not s42.can_produce_letter:
            parts.append(f"<b>Before a concern letter can be drafted:</b> {_esc(s42.blocked_reason)}")
        self.s42_details.setText("<br>".join(parts))
        self.s42_details.setVisible(bool(parts))
        ids = [c.id for c in s42.criteria]
        if ids != list(self._criterion_labels):
            self._build_criteria(s42.criteria)
        for i, c in enumerate(s42.criteria, start=1):
            text = f"<b>Question {i}: {MET[c.met]}</b> — {_esc(c.text)} <i>({_esc(c.citation)})</i>"
            if c.evidence:
                text += "<br>From the account: " + " … ".join(f"“{_esc(e.text)}”" for e in c.evidence[:2])
            if getattr(c, "reason", None):
                text += f"<br>{_esc(c.reason)}"
            if c.met is None and c.question:
                text += f"<br>To ask: {_esc(c.question)}"
            self._criterion_labels[c.id].setText(text)
            control = self._criterion_controls.get(c.id)
            if control is not None:
                attr, inverted = CRITERION_FACT[c.id]
                value = getattr(self.case.facts, attr)
                control.set_value(None if value is None else (not value if inverted else value))
                # Question 2 met through harms or categories the person confirmed needs no answer of its own.
                shown = not (attr == "abuse_or_neglect_suspected" and value is None and c.met is True)
                control.setVisible(shown)
                label = control.property("answer_label")
                if label is not None:
                    label.setVisible(shown)

    def _show_categories(self, categories: list[Any]) -> None:
        """A check box per category the account may show: ticked means confirmed with the person."""
        ids = [c.id for c in categories]
        if ids != list(self.category_checks):
            while self.categories_layout.count():
                item = self.categories_layout.takeAt(0)
                if item.widget():
                    item.widget().deleteLater()
            self.category_checks = {}
            for category in categories:
                check = QCheckBox(f"The person confirms {category.label}")
                check.setAccessibleName(f"Confirmed with the person: {category.label}")
                check.toggled.connect(lambda on, cid=category.id: self._category_confirmed(cid, on))
                self.categories_layout.addWidget(check)
                self.category_checks[category.id] = check
        by_finding = {c.id for c in categories if c.confirmed and c.id not in self.case.safeguarding.categories}
        for cid, check in self.category_checks.items():
            check.blockSignals(True)
            check.setChecked(cid in self.case.safeguarding.categories or cid in by_finding)
            # Confirmed already through a harm the person confirmed: change that harm instead.
            check.setEnabled(cid not in by_finding)
            check.setToolTip("Confirmed through a harm the person confirmed" if cid in by_finding else "")
            check.blockSignals(False)

    def _category_confirmed(self, category_id: str, on: bool) -> None:
        chosen = [c for c in self.case.safeguarding.categories if c != category_id]
        self.case.safeguarding.categories = chosen + ([category_id] if on else [])
        self.context.changed()
        self._replan.start()

    def _build_criteria(self, criteria: list[Any]) -> None:
        while self.criteria_layout.count():
            item = self.criteria_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._criterion_labels = {}
        self._criterion_controls = {}
        for i, c in enumerate(criteria, start=1):
            label = QLabel()
            label.setWordWrap(True)
            label.setAccessibleName(f"Section 42 question {i}")
            self.criteria_layout.addWidget(label)
            self._criterion_labels[c.id] = label
            if c.id in CRITERION_FACT:
                control = TriState(f"Answer to Section 42 question {i}")
                row = QFormLayout()
                lab = QLabel(f"Your answer to question {i}:")
                lab.setBuddy(control)
                row.addRow(lab, control)
                self.criteria_layout.addLayout(row)
                control.setProperty("answer_label", lab)
                control.currentIndexChanged.connect(lambda _i, cid=c.id, w=control: self._criterion_answer(cid, w))
                self._criterion_controls[c.id] = control

    def _criterion_answer(self, cid: str, control: TriState) -> None:
        attr, inverted = CRITERION_FACT[cid]
        value = control.value()
        self._set_fact(attr, None if value is None else (not value if inverted else value))

    def _show_routes(self, plan: Any) -> None:
        """The plan as a decision (see routes/choices.py): chosen and recommended first,
        alternatives together, the other routes folded under a button."""
        while self.routes_layout.count():
            item = self.routes_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = {}
        was_open = self.other_toggle is not None and self.other_toggle.isChecked()
        self.other_toggle = None
        chosen = set(self.case.chosen_routes)
        routes = list(plan.routes) if plan is not None else []
        arrangement = arrange(routes, self.case.chosen_routes)
        for section in arrangement.sections:
            count = len(section.route_ids)
            if section.key == "chosen":
                count += len(arrangement.chosen_not_proposed)
            if not count:
                continue
            box = QWidget()
            box.setObjectName(f"routes-{section.key}")
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            if section.folded:
                toggle = Disclosure(f"{section.heading} ({count})", f"{section.heading} ({count}): hide",
                                    box, self.fix_tab_order)
                toggle.setObjectName(f"routes-{section.key}-toggle")
                self.routes_layout.addWidget(toggle)
                if section.key == "other":
                    self.other_toggle = toggle
                    if was_open:
                        toggle.setChecked(True)
            else:
                self.routes_layout.addWidget(heading(section.heading, level=2))
            for entry in section.entries:
                parent_layout = lay
                if entry.alternatives is not None:
                    group = QGroupBox(entry.alternatives.heading)
                    group.setObjectName(f"alternatives-{entry.alternatives.id}")
                    parent_layout = QVBoxLayout(group)
                    parent_layout.addWidget(note(entry.alternatives.text))
                    lay.addWidget(group)
                for route in entry.routes:
                    blocked = self._safeguarding_block(plan) if route.id == "safeguarding-concern" else None
                    card = RouteCard(self, route, route.id in chosen, self._today, blocked)
                    self.cards[route.id] = card
                    parent_layout.addWidget(card)
            if section.key == "chosen":
                for route_id in arrangement.chosen_not_proposed:
                    lay.addWidget(self._chosen_earlier(route_id))
            self.routes_layout.addWidget(box)
        if plan is not None and not routes:
            self.routes_layout.addWidget(note("No routes are proposed yet. Confirming harms on step 3 and "
                                              "answering the questions on step 4 helps."))

    def _chosen_earlier(self, route_id: str) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(box)
        check = QCheckBox("Use this route (chosen earlier)")
        check.setAccessibleName(f"Use this route: {route_id}, chosen earlier")
        check.setChecked(True)
        check.toggled.connect(lambda on, r=route_id: self.choose(r, on))
        lay.addWidget(note(f"{route_id}: you chose this route earlier. With the answers as they are now, "
                           "it is not proposed; untick it if it no longer fits."))
        lay.addWidget(check)
        return box

    def _safeguarding_block(self, plan: Any) -> str | None:
        w = self.case.safeguarding
        if w.wants_referral is None:
            return "First record what the person wants about a safeguarding concern, at the top of this page."
        if w.wants_referral is False and not w.raise_without_consent_reason:
            return ("The person does not want a concern raised. If you must raise one anyway, write why "
                    "at the top of this page.")
        s42 = plan.section42
        if not s42.can_produce_letter and s42.blocked_reason:
            return s42.blocked_reason
        return None

    def choose(self, route_id: str, on: bool) -> None:
        routes = self.case.chosen_routes
        if on and route_id not in routes:
            routes.append(route_id)
        elif not on and route_id in routes:
            routes.remove(route_id)
        else:
            return
        self.context.changed()

    @property
    def busy(self) -> bool:
        """The plan is about to be worked out again after an answer changed."""
        return self._replan.isActive() or self._planning

    def store_answers(self) -> None:
        """Everything on this page writes straight into the case."""

    def first_focus(self) -> QWidget:
        return self.wants
