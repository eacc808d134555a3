"""The case list says which clock is running, in full, next to its date."""
from __future__ import annotations

import datetime as dt

import pytest

from .conftest import PASSPHRASE, save_screenshot
from .shell_helpers import make_window, simple_case, unlock

pytestmark = pytest.mark.timeout(60)


def test_a_running_clock_is_named_and_not_cut_off(qtbot, store_class):
    from advocate_app.routes.clocks import Clock

    store = store_class.create(PASSPHRASE)
    due = dt.date.today() + dt.timedelta(days=20)
    store.save_case(simple_case("Amira Haddad"),
                    next_deadline=Clock("complaint-council", "complaint-response", dt.date.today(), due,
                                        "reply due: complaint to the council"))
    store.save_case(simple_case("Daniel Okafor"))
    store.close()
    window = make_window(qtbot, store_class)
    unlock(qtbot, window, PASSPHRASE)
    page = window.case_page
    table, proxy = page.table, page.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Amira Haddad")
    text = proxy.index(row, 2).data()
    assert text.endswith("(reply due: complaint to the council)"), text
    assert table.columnWidth(2) >= table.fontMetrics().horizontalAdvance(text)
    other = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "Daniel Okafor")
    assert proxy.index(other, 2).data() == "", "nothing sent: no date at all"
    save_screenshot(window, "case-list-running-clock")
