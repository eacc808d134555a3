"""Step 4: the organisations involved, who pays, and the dates that set deadlines."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from advocate_app.gui.wizard.fields import form as make_form, DateField, TriState, format_date, line_edit, note, text_edit
from advocate_app.gui.wizard.page import Bindings, WizardContext, WizardPage
from advocate_app.gui.wizard.records import FieldSpec, RecordEditor
from advocate_app.model.case import ComplaintRecord, Organisation, RecordCorrection

KIND_CHOICES = (("Not known yet", None), ("Council (adult social care)", "council"),
                ("NHS trust", "nhs-trust"), ("Joint health and social care team", "integrated-team"),
                ("Care or support provider", "provider"), ("Other", "other"))
KIND_NAMES = {value: shown for shown, value in KIND_CHOICES}

FUNDING = (("council-funded", "The council pays for some or all of the care"),
           ("self-funded", "The person pays for their own care"),
           ("s117", "Section 117 aftercare: free aftercare after detention under the Mental Health Act"),
           ("nhs-chc", "NHS Continuing Healthcare pays"))

OUTCOME_CHOICES = (("Not known yet", None), ("Still waiting for a reply", "awaiting"),
                   ("Upheld", "upheld"), ("Partly upheld", "partly-upheld"),
                   ("Not upheld", "not-upheld"), ("No reply received", "no-response"))

# Each letter goes to the contact for its purpose: complaints, safeguarding or data protection.
CONTACT_FIELDS = tuple(
    spec for purpose, words in (("complaints", "Complaints"), ("safeguarding", "Safeguarding"),
                                ("data-protection", "Data protection (records requests)"))
    for spec in (FieldSpec(f"{words}: who to address (team or role):", f"contact:{purpose}:team"),
                 FieldSpec(f"{words}: postal address:", f"contact:{purpose}:address", "text"),
                 FieldSpec(f"{words}: email:", f"contact:{purpose}:email")))

RELATIONSHIP_CHOICES = (("Not known yet", None), ("Staff (paid to care or support)", "staff"),
                        ("Family", "family"), ("Partner or ex-partner", "partner"),
                        ("Another resident or patient", "another-resident"), ("Someone else", "unknown"))
INVOLVED_FIELDS = (("name", "Their name, as the person knows it (a first name is enough):"),
                   ("role", "Their role (for example support worker, son):"),
                   ("organisation", "Who employs them, if anyone:"),
                   ("contact_now", "Are they still in contact with the person? In the person's words:"))

FACT_QUESTIONS = (
    ("abuse_or_neglect_suspected", "Is there reason to suspect abuse or neglect, by anyone (staff, family, a partner, "
                                   "another resident, or the person themself)?"),
    ("suspected_crime", "Might what happened be a crime (for example theft, threats, damage, assault or "
                        "sexual touching)?"),
    ("adjustment_refused", "Did the person ask for a reasonable adjustment (for example things in writing, or "
                           "an advocate present) that was refused?"),
    ("assessment_refused", "Has the person refused a needs assessment?"),
    ("has_had_assessment", "Has the council assessed the person's care and support needs?"),
    ("charged_for_care", "Is the person being charged for their care?"),
    ("top_up_charges", "Has anyone asked the person or their family to pay a 'top-up'?"),
    ("detained_under_mha", "Is the person detained under the Mental Health Act now?"),
    ("has_advocate", "Does the person already have another advocate (for example an IMHA)?"),
    ("registered_professional", "Is the worker involved a registered professional (a social worker, nurse, "
                                "doctor, psychologist or occupational therapist)?"),
)
PROFESSIONAL_FIELDS = (("name", "Their full name:"), ("role", "Their role:"), ("employer", "Who employs them:"),
                       ("regulator", "Their regulator (for example Social Work England, the NMC):"),
                       ("registration_number", "Registration number (from the public register):"),
                       ("employer_told", "Has the employer been told? When and how:"))


def _org_summary(org: Organisation) -> str:
    kind = KIND_NAMES.get(org.kind, "kind not known yet")
    return f"{org.name or '(no name yet)'} — {kind}"


def _correction_summary(c: RecordCorrection) -> str:
    when = format_date(c.date) or "date not known"
    return f"{c.record or '(record not named)'} — entry of {when}"


def _complaint_summary(c: ComplaintRecord) -> str:
    made = format_date(c.made) or "date not known"
    outcome = dict((v, s) for s, v in OUTCOME_CHOICES).get(c.outcome, "outcome not known")
    return f"{c.organisation or '(organisation not named)'} — made {made} — {outcome.lower()}"


class ServicesPage(WizardPage):
    key = "services"
    title = "Services and circumstances"
    intro = ("Which organisations are involved, who pays for the care, and a few dates. "
             "The dates decide the time limits for complaints, so they matter; "
             "'not known yet' is fine.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.organisations = RecordEditor(
            "Organisations involved", "organisation", lambda: self.case.organisations,
            Organisation, _org_summary,
            [FieldSpec("Name:", "name"), FieldSpec("Kind of organisation:", "kind", "choice", KIND_CHOICES),
             *CONTACT_FIELDS,
             FieldSpec("General postal address (used only when there is no address for a letter's purpose):",
                       "address", "text"),
             FieldSpec("General email:", "email")])
        self.organisations.changed.connect(self.write)
        self.body.addWidget(self.organisations)

        box = QGroupBox("Who pays for the care")
        layout = QVBoxLayout(box)
        self.funding: dict[str, QCheckBox] = {}
        for key, text in FUNDING:
            check = QCheckBox(text)
            check.setAccessibleName(text)
            check.toggled.connect(self.write)
            layout.addWidget(check)
            self.funding[key] = check
        layout.addWidget(note("Tick all that apply. Section 117 aftercare cannot be charged for."))
        self.body.addWidget(box)

        self.bind = Bindings(self)
        facts = lambda: self.case.facts  # noqa: E731
        box = QGroupBox("Dates that set time limits")
        form = make_form(box, stacked=True)
        self.first_event = DateField("When it first happened")
        self.latest_event = DateField("When it last happened")
        self.became_aware = DateField("When the person realised something was wrong")
        for text, field, attr in (("When it first happened:", self.first_event, "first_event"),
                                  ("When it last happened:", self.latest_event, "latest_event"),
                                  ("When the person realised something was wrong:", self.became_aware,
                                   "became_aware")):
            label = QLabel(text)
            label.setWordWrap(True)
            label.setBuddy(field.edit)
            form.addRow(label, field)
            self.bind.date(facts, attr, field)
        form.addRow(note("A complaint is usually made within 12 months of what happened (or of when the "
                         "person realised). If it is later, the organisation can still look into it; "
                         "saying why helps."))
        label, self.late_reason = text_edit("Why it was not raised sooner (if late):", lines=2)
        form.addRow(label, self.late_reason)
        self.bind.text(facts, "late_reason", self.late_reason)
        label, self.late_fair = text_edit("Why it can still be looked into fairly (if late):", lines=2)
        form.addRow(label, self.late_fair)
        self.bind.text(facts, "late_fair_investigation", self.late_fair)
        self.body.addWidget(box)

        box = QGroupBox("A few more questions")
        form = make_form(box, stacked=True)
        self.fact_controls: dict[str, TriState] = {}
        for attr, question in FACT_QUESTIONS:
            combo = TriState(question)
            label = QLabel(question)
            label.setWordWrap(True)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.bind.tristate(facts, attr, combo)
            self.fact_controls[attr] = combo
        self.body.addWidget(box)

        label, self.others_reason = text_edit("If other people may be at risk: why, in plain words:", lines=2)
        form.addRow(label, self.others_reason)
        self.bind.text(facts, "others_at_risk_reason", self.others_reason)

        self.involved_box, form, self.involved = self._line_box(
            "The person a police report or safeguarding concern is about",
            "Only what the person has told you. Leave it empty if they do not want to say.",
            INVOLVED_FIELDS, "The person the report is about")
        self.relationship = QComboBox()
        self.relationship.addItems([shown for shown, _ in RELATIONSHIP_CHOICES])
        self.relationship.setAccessibleName("The person the report is about: who they are to the person")
        self.relationship.currentIndexChanged.connect(self.write)
        label = QLabel("Who they are to the person:")
        label.setBuddy(self.relationship)
        form.addRow(label, self.relationship)
        self.body.addWidget(self.involved_box)

        self.corrections = RecordEditor(
            "Records the person says are wrong", "entry to correct", lambda: self.case.record_corrections,
            RecordCorrection, _correction_summary,
            [FieldSpec("Which record (for example inpatient notes):", "record"),
             FieldSpec("Date of the entry:", "date", "date"),
             FieldSpec("What it says now:", "says", "text"),
             FieldSpec("What it should say, in the person's words:", "should_say", "text"),
             FieldSpec("What shows it is wrong:", "evidence", "text")])
        self.corrections.changed.connect(self.write)
        self.body.addWidget(self.corrections)

        self.professional_box, _form, self.professional = self._line_box(
            "The professional involved", "Only needed for a concern to their professional regulator.",
            PROFESSIONAL_FIELDS, "The professional")
        self.fact_controls["registered_professional"].currentIndexChanged.connect(self._show_professional)
        self.body.addWidget(self.professional_box)

        self.complaints = RecordEditor(
            "Complaints already made", "complaint", lambda: self.case.complaints,
            ComplaintRecord, _complaint_summary,
            [FieldSpec("Made to:", "organisation"), FieldSpec("Date made:", "made", "date"),
             FieldSpec("Date of the reply:", "response", "date"),
             FieldSpec("What the reply said:", "outcome", "choice", OUTCOME_CHOICES),
             FieldSpec("Is the person satisfied with the reply?", "satisfied", "tristate")])
        self.complaints.changed.connect(self.write)
        self.body.addWidget(self.complaints)
        self.body.addStretch(1)

    def _line_box(self, title: str, hint: str, fields: tuple[tuple[str, str], ...],
                  name: str) -> tuple[QGroupBox, Any, dict[str, Any]]:
        """A titled box of one-line answers, each labelled and named for a screen reader."""
        box = QGroupBox(title)
        form = make_form(box, stacked=True)
        form.addRow(note(hint))
        edits: dict[str, Any] = {}
        for attr, text in fields:
            label, edit = line_edit(text)
            edit.setAccessibleName(f"{name}: " + text.rstrip(":"))
            edit.textEdited.connect(self.write)
            form.addRow(label, edit)
            edits[attr] = edit
        return box, form, edits

    def _show_professional(self, *_: Any) -> None:
        filled = any(e.text().strip() for e in self.professional.values())
        self.professional_box.setVisible(
            self.fact_controls["registered_professional"].value() is True or filled)

    def load(self) -> None:
        pro = self.case.professional
        for attr, edit in self.professional.items():
            value = getattr(pro, attr)
            edit.setText({True: "Yes", False: "No", None: ""}.get(value, str(value))
                         if isinstance(value, bool) or value is None else str(value))
        self.organisations.load()
        self.complaints.load()
        self.corrections.load()
        for attr, edit in self.involved.items():
            edit.setText(getattr(self.case.involved, attr) or "")
        values = [v for _, v in RELATIONSHIP_CHOICES]
        rel = self.case.involved.relationship
        self.relationship.setCurrentIndex(values.index(rel) if rel in values else 0)
        for key, check in self.funding.items():
            check.setChecked(key in self.case.funding)
        self.bind.load()
        self._show_professional()

    def store_answers(self) -> None:
        known = [k for k in self.funding]
        kept = [f for f in self.case.funding if f not in known]
        self.case.funding = [k for k, c in self.funding.items() if c.isChecked()] + kept
        self.bind.store()
        for attr, edit in self.involved.items():
            setattr(self.case.involved, attr, edit.text().strip() or None)
        self.case.involved.relationship = RELATIONSHIP_CHOICES[max(self.relationship.currentIndex(), 0)][1]
        pro = self.case.professional
        for attr, edit in self.professional.items():
            text = edit.text().strip()
            old = getattr(pro, attr)
            if attr == "employer_told" and isinstance(old, bool) and text == ("Yes" if old else "No"):
                continue  # unchanged yes/no from a case file stays a yes/no
            if attr == "registration_number" and isinstance(old, int) and text == str(old):
                continue
            setattr(pro, attr, text or None)

    def first_focus(self) -> QWidget:
        return self.organisations.add_button
