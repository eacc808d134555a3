"""Whole cases through the wizard, typed and clicked as an advocate would, into the real store.

These use the real core (classifier, planner, letters, PDF renderer, encrypted
store). Harms the classifier suggests are confirmed on screen; any it misses are
added from the model, as the advocate would.
"""
from __future__ import annotations

import datetime as dt
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from advocate_app.gui.wizard import printing

from .wizard_helpers import (
    alt,
    choose,
    choose_data,
    go_next_and_wait,
    make_wizard,
    open_store,
    pdf_text,
    press,
    sample_case,
    type_into,
    wait_idle,
)

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]

TODAY = dt.date.today()


# ---------------------------------------------------------------- page drivers

def fill_person(qtbot, page, person, advocate, consent) -> None:
    type_into(qtbot, page.name, person.name)
    if person.preferred_name:
        type_into(qtbot, page.preferred, person.preferred_name)
    type_into(qtbot, page.address, person.address)
    type_into(qtbot, page.phone, person.phone)
    type_into(qtbot, page.communication, person.communication_needs)
    choose(qtbot, page.consent_given, "Yes, they agreed")
    type_into(qtbot, page.consent_date.edit, consent.date.strftime("%d/%m/%Y"))
    page.how_given.setFocus()
    page.how_given.lineEdit().selectAll()
    qtbot.keyClicks(page.how_given, consent.how_given)
    for attr in ("name", "role", "organisation", "email", "phone"):
        type_into(qtbot, getattr(page, f"advocate_{attr}"), getattr(advocate, attr))
    type_into(qtbot, page.advocate_address, advocate.address)


def decide_harms(qtbot, wizard, confirm: list[str], quote: set[str]) -> list[str]:
    """Confirm the expected harms (adding any the text missed); 'not sure yet' for the rest.

    Returns the ids the classifier suggested, for the caller to check."""
    page = wizard.page("harms")
    qtbot.waitUntil(lambda: not page._reading and page._classified_text == wizard.case.account, timeout=60_000)
    suggested = [f.id for f in wizard.case.findings if f.status == "suggested"]
    for fid, card in list(page.cards.items()):
        if fid in confirm:
            press(qtbot, card.confirm)
        elif "unsure" in card.buttons:
            press(qtbot, card.unsure)
    for fid in confirm:
        if fid not in page.cards:
            choose_data(qtbot, page.add_combo, fid)
            press(qtbot, page.add_button)
        card = page.card(fid)
        if fid in quote and card.quote.isEnabled():
            press(qtbot, card.quote)
    return suggested


def add_organisation(qtbot, editor, org) -> None:
    press(qtbot, editor.add_button)
    spec_name, name = editor.controls["name"]
    assert QApplication.focusWidget() is name  # the new record's first field has the focus
    qtbot.keyClicks(name, org.name)
    _, kind = editor.controls["kind"]
    choose(qtbot, kind, {"council": "Council (adult social care)", "provider": "Care or support provider",
                         "nhs-trust": "NHS trust"}[org.kind])
    _, address = editor.controls["address"]
    type_into(qtbot, address, org.address)
    _, email = editor.controls["email"]
    type_into(qtbot, email, org.email)


def stored_letters(store, case_id):
    return {row.route: row for row in store.list_documents(case_id) if row.kind == "letter"}


# ---------------------------------------------------------------- the cases

def test_a_sexual_misconduct_case_ends_with_a_safeguarding_concern_and_a_provider_complaint(
        qtbot, store_class, dialogs, tmp_path, monkeypatch):
    sample = sample_case("sexual-misconduct")
    store = open_store(store_class)
    from advocate_app.model.case import Case

    wizard = make_wizard(qtbot, Case(account=""), store)

    # 1. The person and consent
    fill_person(qtbot, wizard.page("person"), sample.person, sample.advocate, sample.consent)
    go_next_and_wait(qtbot, wizard)

    # 2. The account, typed, and a timeline row
    account = wizard.page("account")
    type_into(qtbot, account.editor, sample.account)
    press(qtbot, account.add_incident)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not account.table
                    and account.table.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "14/10/2026")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)   # commits on the next event loop turn
    qtbot.waitUntil(lambda: wizard.case.timeline[0].date == dt.date(2026, 10, 14), timeout=3000)
    assert wizard.case.account == sample.account
    go_next_and_wait(qtbot, wizard)

    # 3. Harms: suggestions with the person's words; the person's order
    expected = ["staff-misconduct.1", "staff-misconduct.3", "oppressive-culture.12"]
    suggested = decide_harms(qtbot, wizard, expected, quote={"staff-misconduct.1"})
    assert suggested, "the classifier suggested nothing for a plain account of sexual assault by a worker"
    harms = wizard.page("harms")
    order = harms.order
    order.setFocus()
    order.setCurrentRow(harms.priorities().index("oppressive-culture.12"))
    qtbot.keyClick(order, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    ranked = harms.priorities()
    assert set(expected) <= set(ranked)
    assert ranked.index("oppressive-culture.12") < len(expected) - 1 or ranked[0] == "oppressive-culture.12"
    go_next_and_wait(qtbot, wizard)

    # 4. Services and circumstances
    services = wizard.page("services")
    for org in sample.organisations:
        add_organisation(qtbot, services.organisations, org)
    press(qtbot, services.funding["council-funded"])
    type_into(qtbot, services.first_event.edit, "01/08/2026")
    type_into(qtbot, services.became_aware.edit, "14 October 2026")
    assert [o.kind for o in wizard.case.organisations] == ["council", "provider"]
    assert wizard.case.funding == ["council-funded"]
    go_next_and_wait(qtbot, wizard)

    # 5. What the person wants
    outcomes = wizard.page("outcomes")
    idea = ("restorative-practice", "An apology and a conversation about putting things right")
    press(qtbot, outcomes.idea_buttons[idea])
    assert outcomes.idea_buttons[idea].text() == "Added ✓"
    press(qtbot, outcomes.outcomes.add_button)
    qtbot.keyClicks(QApplication.focusWidget(), "A different worker, and Dean off my rota")
    assert [o.text for o in wizard.case.outcomes] == [idea[1], "A different worker, and Dean off my rota"]
    go_next_and_wait(qtbot, wizard)

    # 6. Routes: the person's wishes first, then the criteria, then the choice
    routes = wizard.page("routes")
    assert "safeguarding-concern" in routes.cards
    assert not routes.cards["safeguarding-concern"].check.isEnabled()   # wishes not recorded yet
    choose(qtbot, routes.wants, "Yes, they want one raised")
    type_into(qtbot, routes.views, "I want it reported so it stops.")
    choose(qtbot, routes.danger, "No")
    choose(qtbot, routes.others, "Yes")
    choose(qtbot, routes.capacity, "No")
    wait_idle(qtbot, wizard)
    choose(qtbot, routes._criterion_controls["care-and-support-needs"], "Yes")
    wait_idle(qtbot, wizard)
    choose(qtbot, routes._criterion_controls["unable-to-protect-self"], "Yes")
    wait_idle(qtbot, wizard)
    assert wizard.case.safeguarding.recorded == TODAY
    assert wizard.case.facts.has_care_and_support_needs is True
    assert wizard.case.facts.able_to_protect_self is False
    assert routes.plan.section42.can_produce_letter
    for route_id in ("safeguarding-concern", "complaint-provider"):
        assert routes.cards[route_id].check.isEnabled()
        press(qtbot, routes.cards[route_id].check)
    assert wizard.case.chosen_routes == ["safeguarding-concern", "complaint-provider"]
    go_next_and_wait(qtbot, wizard)

    # 7. Letters: drafted, previewed from the real PDF, edited
    letters = wizard.page("letters")
    qtbot.waitUntil(lambda: letters.preview.page_count() > 0, timeout=60_000)
    assert "section 42" in letters.editor.toPlainText()
    choose_data(qtbot, letters.route, "complaint-provider")
    wait_idle(qtbot, wizard)
    qtbot.waitUntil(lambda: letters.preview.page_count() > 0 and not letters.editor.isReadOnly(), timeout=60_000)
    builds = letters.builds
    letters.editor.setFocus()
    letters.editor.moveCursor(letters.editor.textCursor().MoveOperation.End)
    qtbot.keyClick(letters.editor, Qt.Key.Key_Return)
    qtbot.keyClick(letters.editor, Qt.Key.Key_Return)
    added = "Amira would like every reply by email as well as by post."
    qtbot.keyClicks(letters.editor, added)
    qtbot.waitUntil(lambda: letters.builds > builds and not letters.busy, timeout=60_000)
    assert added in pdf_text(letters.preview.pdf_bytes)
    assert added in wizard.case.letter_edits["complaint-provider"].text
    go_next_and_wait(qtbot, wizard)

    # 8. Finish: keep, export, print, mark as sent
    finish = wizard.page("finish")
    press(qtbot, finish.save_button)
    qtbot.waitUntil(lambda: not finish.busy, timeout=60_000)
    assert "Kept in this case" in finish.save_state.text(), finish.save_state.text()
    case_id = wizard.case.id
    letters_kept = stored_letters(store, case_id)
    assert set(letters_kept) == {"safeguarding-concern", "complaint-provider"}
    kinds = {row.kind for row in store.list_documents(case_id)}
    assert {"letter", "summary", "easy-read-summary"} <= kinds
    concern = pdf_text(store.load_document(letters_kept["safeguarding-concern"].id))
    assert "Amira Haddad" in concern and "section 42" in concern.lower()
    complaint = pdf_text(store.load_document(letters_kept["complaint-provider"].id))
    assert added in complaint and "Brightside Support Ltd" in complaint
    assert [r.route for r in wizard.case.letters] == ["safeguarding-concern", "complaint-provider"]
    events = [e.event for e in store.audit_log(case_id)]
    assert events.count("letter-produced") == 2

    finish.select("complaint-provider")
    qtbot.waitUntil(lambda: finish.preview.page_count() > 0 and not finish.busy, timeout=60_000)
    export = tmp_path / "complaint.pdf"
    dialogs.confirm_answers.append(True)
    dialogs.file_names.append(str(export))
    press(qtbot, finish.export_pdf)
    qtbot.waitUntil(export.exists, timeout=60_000)
    assert any("not encrypted" in q for q in dialogs.questions)
    assert added in pdf_text(export.read_bytes())
    assert (export.stat().st_mode & 0o077) == 0          # private to this user
    docx = tmp_path / "complaint.docx"
    dialogs.confirm_answers.append(True)
    dialogs.file_names.append(str(docx))
    press(qtbot, finish.export_docx)
    qtbot.waitUntil(docx.exists, timeout=60_000)
    assert docx.read_bytes()[:2] == b"PK"

    printed = tmp_path / "printed.pdf"

    def fake_dialog(printer, parent):
        from PySide6.QtPrintSupport import QPrinter
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(printing, "ask_printer", fake_dialog)
    press(qtbot, finish.print_button)
    qtbot.waitUntil(lambda: "Sent to the printer" in finish.action_state.text(), timeout=60_000)
    assert printed.exists() and printed.read_bytes()[:4] == b"%PDF"
    from pypdf import PdfReader
    assert len(PdfReader(str(printed)).pages) == finish.preview.page_count()

    rows = [finish.sent_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(finish.sent_list.count())]
    finish.sent_list.setCurrentRow(rows.index(letters_kept["safeguarding-concern"].id))
    finish.sent_date.edit.clear()
    type_into(qtbot, finish.sent_date.edit, "20/10/2026")
    press(qtbot, finish.mark_sent_button)
    assert stored_letters(store, case_id)["safeguarding-concern"].sent == dt.date(2026, 10, 20)
    events = [e.event for e in store.audit_log(case_id)]
    assert "exported" in events and "printed" in events

    # Save and close (Alt+O); everything is in the store.
    with qtbot.waitSignal(wizard.closed, timeout=5000):
        alt(qtbot, wizard.next_button if wizard.next_button.isEnabled() else wizard.back_button, Qt.Key.Key_O)
    reopened = store.load_case(case_id)
    assert reopened.chosen_routes == ["safeguarding-concern", "complaint-provider"]
    assert reopened.accepted_finding_ids() >= set(expected)
    touching = next(f for f in reopened.findings if f.id == "staff-misconduct.1")
    assert touching.quote == bool(touching.evidence)   # quoted wherever there are words to quote
    assert reopened.safeguarding.wants_referral is True
    assert reopened.extra["wizard_step"] == "finish"
    assert next(r for r in reopened.letters if r.route == "safeguarding-concern").sent == dt.date(2026, 10, 20)


def test_a_records_case_ends_with_a_subject_access_request(qtbot, store_class):
    sample = sample_case("records")
    store = open_store(store_class)
    from advocate_app.model.case import Case

    wizard = make_wizard(qtbot, Case(account=""), store)
    fill_person(qtbot, wizard.page("person"), sample.person, sample.advocate, sample.consent)
    go_next_and_wait(qtbot, wizard)
    type_into(qtbot, wizard.page("account").editor, sample.account)
    go_next_and_wait(qtbot, wizard)
    suggested = decide_harms(qtbot, wizard, ["staff-misconduct.4", "lack-of-support.6"], quote={"lack-of-support.6"})
    assert suggested, "the classifier suggested nothing for an account of wrong records"
    go_next_and_wait(qtbot, wizard)
    services = wizard.page("services")
    add_organisation(qtbot, services.organisations, sample.organisations[0])
    type_into(qtbot, services.became_aware.edit, "18/09/2026")
    go_next_and_wait(qtbot, wizard)
    outcomes = wizard.page("outcomes")
    press(qtbot, outcomes.outcomes.add_button)
    qtbot.keyClicks(QApplication.focusWidget(), "A full copy of my records")
    go_next_and_wait(qtbot, wizard)
    routes = wizard.page("routes")
    assert "subject-access" in routes.cards, list(routes.cards)
    press(qtbot, routes.cards["subject-access"].check)
    assert wizard.case.chosen_routes == ["subject-access"]
    go_next_and_wait(qtbot, wizard)
    letters = wizard.page("letters")
    qtbot.waitUntil(lambda: letters.preview.page_count() > 0, timeout=60_000)
    go_next_and_wait(qtbot, wizard)
    finish = wizard.page("finish")
    press(qtbot, finish.save_button)
    qtbot.waitUntil(lambda: not finish.busy, timeout=60_000)
    kept = stored_letters(store, wizard.case.id)
    assert set(kept) == {"subject-access"}
    text = pdf_text(store.load_document(kept["subject-access"].id))
    assert "Daniel Okafor" in text
    assert "subject access" in text.lower() or "article 15" in text.lower()
    assert "Southam Mental Health NHS Foundation Trust" in text
