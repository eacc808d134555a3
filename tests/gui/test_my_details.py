"""My details: typed once, kept encrypted, filled into new cases, still editable in each case."""
from __future__ import annotations

import pytest

from advocate_app.model.case import Case

from .conftest import PASSPHRASE
from .shell_helpers import make_window, unlock
from .wizard_helpers import make_wizard, open_store, press, type_into

pytestmark = pytest.mark.timeout(90)


def test_details_kept_once_are_filled_into_a_new_case_and_can_be_changed_there(qtbot, store_class):
    store = open_store(store_class)
    wizard = make_wizard(qtbot, Case(account=""), store)
    person = wizard.page("person")
    type_into(qtbot, person.advocate_name, "Jo Whitfield")
    type_into(qtbot, person.advocate_organisation, "Northby Advocacy Partnership")
    type_into(qtbot, person.advocate_phone, "01632 960 441")
    press(qtbot, person.keep_mine)
    assert "Kept" in person.mine_note.text()
    wizard.close_wizard()
    store.close()

    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    window.new_case()
    new = window.wizard
    page = new.page("person")
    assert page.advocate_name.text() == "Jo Whitfield"
    assert page.advocate_organisation.text() == "Northby Advocacy Partnership"
    assert new.case.advocate.phone == "01632 960 441"
    # Editable per case, without changing what is kept.
    page.advocate_name.clear()
    type_into(qtbot, page.advocate_name, "Jo Whitfield-Ames")
    assert new.case.advocate.name == "Jo Whitfield-Ames"
    from advocate_app.store.profile import load_my_details
    assert load_my_details(window.store).name == "Jo Whitfield"


def test_fill_in_my_details_says_when_none_are_kept_and_practice_mode_explains_why_not(qtbot, store_class):
    store = open_store(store_class)
    wizard = make_wizard(qtbot, Case(account=""), store)
    person = wizard.page("person")
    press(qtbot, person.use_mine)
    assert "No details are kept yet" in person.mine_note.text()
    practice = make_wizard(qtbot, Case(account=""))
    page = practice.page("person")
    assert not page.keep_mine.isEnabled()
    assert "case store" in page.mine_note.text()
