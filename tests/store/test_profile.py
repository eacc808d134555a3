"""My details: kept once, sealed like a case, never in plain text on disk."""
from __future__ import annotations

from advocate_app.model.case import Advocate
from advocate_app.store import CaseStore
from advocate_app.store.profile import load_my_details, save_my_details

from .conftest import PASS, all_files


def test_my_details_are_kept_encrypted_and_survive_reopening(store, store_path):
    assert load_my_details(store) is None
    mine = Advocate(name="Jo Whitfield", role="Independent advocate", organisation="Northby Advocacy",
                    email="jo@example.org", phone="01632 960 441", address="Unit 4, Market Chambers")
    save_my_details(store, mine)
    assert load_my_details(store) == mine
    store.close()
    for path in all_files(store_path.parent):
        data = path.read_bytes()
        for secret in (b"Whitfield", b"01632 960 441", b"Market Chambers"):
            assert secret not in data, f"{secret!r} in plain text in {path.name}"
    again = CaseStore.open(PASS)
    try:
        assert load_my_details(again) == mine
        save_my_details(again, Advocate())   # blank: forget them
        assert load_my_details(again) is None
    finally:
        again.close()
