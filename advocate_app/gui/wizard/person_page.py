"""Step 1: the person, the advocate, and consent to act."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from advocate_app.gui.wizard.fields import form as make_form, DateField, StatusNote, TriState, line_edit, text_edit
from advocate_app.gui.wizard.page import Bindings, WizardContext, WizardPage

HOW_GIVEN = ("signed authority form", "said so in person", "said so by phone",
             "in writing (letter or email)", "through an interpreter")


class PersonPage(WizardPage):
    key = "person"
    title = "The person and consent"
    intro = ("Who you are supporting, how they like to be contacted, and their agreement for "
             "you to act for them. Leave anything you do not know yet; you can come back to it.")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.bind = Bindings(self)
        person = lambda: self.case.person  # noqa: E731
        advocate = lambda: self.case.advocate  # noqa: E731
        consent = lambda: self.case.consent  # noqa: E731

        box = QGroupBox("The person")
        form = make_form(box)
        self.name_label, self.name = line_edit("&Full name:")
        self.bind.line(person, "name", self.name)
        form.addRow(self.name_label, self.name)
        label, self.preferred = line_edit("Name they like to be &called:", placeholder="for example Amira")
        self.bind.line(person, "preferred_name", self.preferred)
        form.addRow(label, self.preferred)
        label, self.pronouns = line_edit("Prono&uns:", placeholder="as they give them, for example she/her")
        self.bind.line(person, "pronouns", self.pronouns)
        form.addRow(label, self.pronouns)
        label, self.address = text_edit("Postal &address:", lines=3)
        self.bind.text(person, "address", self.address)
        form.addRow(label, self.address)
        label, self.email = line_edit("&Email:")
        self.bind.line(person, "email", self.email)
        form.addRow(label, self.email)
        label, self.phone = line_edit("&Phone:")
        self.bind.line(person, "phone", self.phone)
        form.addRow(label, self.phone)
        self.dob = DateField("Date of birth")
        dob_label = QLabel("Date of bi&rth:")
        dob_label.setBuddy(self.dob.edit)
        self.bind.date(person, "date_of_birth", self.dob)
        form.addRow(dob_label, self.dob)
        label, self.contact = text_edit("How they like to be contacted:", lines=2,
                                        placeholder="for example: text first; no voicemails")
        self.bind.text(person, "contact_preferences", self.contact)
        form.addRow(label, self.contact)
        label, self.communication = text_edit("Communication needs:", lines=2,
                                              placeholder="for example: large print, short paragraphs, an interpreter")
        self.bind.text(person, "communication_needs", self.communication)
        form.addRow(label, self.communication)
        label, self.adjustments = text_edit("Reasonable adjustments they need:", lines=2,
                                            placeholder="for example: meetings away from home, the advocate present")
        self.bind.text(person, "reasonable_adjustments", self.adjustments)
        form.addRow(label, self.adjustments)
        self.body.addWidget(box)

        box = QGroupBox("You, the advocate")
        form = make_form(box)
        for text, attr in (("Your name:", "name"), ("Your role:", "role"),
                           ("Organisation:", "organisation"), ("Your email:", "email"),
                           ("Your phone:", "phone")):
            label, edit = line_edit(text, object_name=f"advocate-{attr}")
            edit.setAccessibleName(f"Advocate's {attr}")
            self.bind.line(advocate, attr, edit)
            form.addRow(label, edit)
            setattr(self, f"advocate_{attr}", edit)
        label, self.advocate_address = text_edit("Your postal address:", lines=2)
        self.advocate_address.setAccessibleName("Advocate's postal address")
        self.bind.text(advocate, "address", self.advocate_address)
        form.addRow(label, self.advocate_address)
        mine = QHBoxLayout()
        self.keep_mine = QPushButton("&Keep these as my details")
        self.keep_mine.setAccessibleName("Keep these as my details for new cases")
        self.keep_mine.setToolTip("New cases will start with these details. You can still change them in each case.")
        self.use_mine = QPushButton("&Fill in my details")
        self.use_mine.setAccessibleName("Fill in my details kept from before")
        self.keep_mine.clicked.connect(self.keep_my_details)
        self.use_mine.clicked.connect(self.fill_my_details)
        mine.addWidget(self.keep_mine)
        mine.addWidget(self.use_mine)
        mine.addStretch(1)
        form.addRow(mine)
        self.mine_note = StatusNote()
        form.addRow(self.mine_note)
        if context.store is None:
            for button in (self.keep_mine, self.use_mine):
                button.setEnabled(False)
            self.mine_note.setText("Your details can be kept for new cases once this case is saved in the case store.")
        self.body.addWidget(box)

        box = QGroupBox("Consent to act")
        form = make_form(box, stacked=True)
        self.consent_given = TriState("Has the person agreed to you acting for them?",
                                      labels=("Not asked yet", "Yes, they agreed", "No"))
        label = QLabel("Has the person agreed to you acting for &them?")
        label.setWordWrap(True)
        label.setBuddy(self.consent_given)
        self.bind.tristate(consent, "given", self.consent_given)
        form.addRow(label, self.consent_given)
        self.consent_date = DateField("Date consent was given")
        label = QLabel("&Date consent was given:")
        label.setBuddy(self.consent_date.edit)
        self.bind.date(consent, "date", self.consent_date)
        form.addRow(label, self.consent_date)
        self.how_given = QComboBox()
        self.how_given.setEditable(True)
        self.how_given.addItems(("",) + HOW_GIVEN)
        self.how_given.setAccessibleName("How consent was given")
        label = QLabel("&How it was given:")
        label.setBuddy(self.how_given)
        self.bind.combo_text(consent, "how_given", self.how_given)
        form.addRow(label, self.how_given)
        label, self.scope = text_edit("What they agreed you can do:", lines=2,
                                      placeholder="for example: raise a safeguarding concern and complaints, "
                                                  "and receive their personal information")
        self.bind.text(consent, "scope", self.scope)
        form.addRow(label, self.scope)
        self.body.addWidget(box)
        self.body.addStretch(1)

    def load(self) -> None:
        self.bind.load()

    def keep_my_details(self) -> None:
        """Keep the advocate's details (encrypted in the store) so new cases start with them."""
        from advocate_app.store.profile import save_my_details

        self.store_answers()
        kept = self.context.call_core("keeping your details",
                                      lambda: save_my_details(self.context.store, self.case.advocate) or True)
        if kept:
            self.mine_note.setText("✓ Kept. New cases will start with these details; you can change them in any case.")

    def fill_my_details(self) -> None:
        """Put the details kept before into this case (each one can still be changed here)."""
        from advocate_app.store.profile import load_my_details

        mine = self.context.call_core("reading your details", load_my_details, self.context.store)
        if mine is None:
            self.mine_note.setText("No details are kept yet. Type them above, then choose 'Keep these as my details'.")
            return
        mine.extra = self.case.advocate.extra
        self.case.advocate = mine
        self._loading = True
        try:
            self.bind.load()
        finally:
            self._loading = False
        self.context.changed()
        self.mine_note.setText("✓ Your details are filled in.")

    def store_answers(self) -> None:
        self.bind.store()

    def first_focus(self) -> QWidget:
        return self.name
