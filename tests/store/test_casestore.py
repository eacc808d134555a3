"""The store as the wizard and the case list use it: save, list, search, load, documents, audit."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat

import pytest

from advocate_app import paths
from advocate_app.model.case import Finding, Incident, Outcome
from advocate_app.model.evidence import Evidence
from advocate_app.store import (CaseStore, NotFound, StoreExists, StoreUnavailable, WrongPassphrase,
                                add_months)
from tests.store.conftest import PASS, TODAY, make_case


def test_first_run_creates_the_store_in_the_app_data_folder(store_path):
    assert not CaseStore.exists()
    store = CaseStore.create(PASS)
    store.close()
    assert CaseStore.exists()
    assert store_path == paths.data_dir() / "cases.sqlite3"
    assert store_path.is_file()


def test_a_second_create_never_overwrites_an_existing_store(store):
    case_id = store.save_case(make_case())
    with pytest.raises(StoreExists):
        CaseStore.create("another passphrase")
    assert store.load_case(case_id).person.name == "Alex Example"


def test_a_short_passphrase_is_refused_before_anything_is_written(store_path):
    from advocate_app.errors import UserError

    with pytest.raises(UserError, match="at least 8"):
        CaseStore.create("short")
    assert not store_path.exists()


def test_saved_case_comes_back_whole_after_reopening(store):
    case = make_case(
        timeline=[Incident(what="Visit cancelled", date=dt.date(2026, 3, 2))],
        findings=[Finding(id="stigma.1", evidence=[Evidence(0, 4, "They")])],
        outcomes=[Outcome(text="An apology")],
    )
    case.extra["future_field"] = {"kept": True}
    case_id = store.save_case(case)
    assert case.id == case_id and len(case_id) == 32
    store.close()
    with CaseStore.open(PASS) as again:
        loaded = again.load_case(case_id)
    assert loaded == case


def test_save_assigns_an_id_once_and_counts_versions(store):
    case = make_case()
    first = store.save_case(case)
    case.account += " Again."
    second = store.save_case(case)
    assert first == second
    assert store.case_version(first) == 2
    assert [row.version for row in store.list_cases()] == [2]


def test_list_shows_name_dates_deadline_and_is_newest_first(store):
    older = make_case("Older Person", created=dt.date(2026, 1, 5))
    store.save_case(older, next_deadline=dt.date(2027, 1, 4))
    newer = make_case("Newer Person")
    store.save_case(newer)
    rows = store.list_cases()
    assert [r.name for r in rows] == ["Newer Person", "Older Person"]
    row = rows[1]
    assert row.created == dt.date(2026, 1, 5)
    assert row.next_deadline == dt.date(2027, 1, 4)
    assert row.updated.tzinfo is not None
    assert rows[0].created == dt.date.today()  # filled in at first save


def test_next_deadline_is_kept_unless_the_caller_changes_or_clears_it(store):
    case = make_case()
    store.save_case(case, next_deadline=dt.date(2027, 2, 1))
    case.account += " More."
    store.save_case(case)  # autosave: knows nothing of deadlines
    assert store.list_cases()[0].next_deadline == dt.date(2027, 2, 1)
    store.save_case(case, next_deadline=None)
    assert store.list_cases()[0].next_deadline is None


def test_search_by_name_is_case_insensitive_and_matches_part_of_a_name(store):
    for name in ("Zoë Ångström", "Sam Patel", "Samira Khan"):
        store.save_case(make_case(name))
    assert {r.name for r in store.search("sam")} == {"Sam Patel", "Samira Khan"}
    assert [r.name for r in store.search("ÅNGSTR")] == ["Zoë Ångström"]
    assert store.search("nobody") == []
    assert len(store.search("")) == 3


def test_search_finds_a_preferred_name_too(store):
    case = make_case("Robert Jones")
    case.person.preferred_name = "Bobby"
    store.save_case(case)
    assert [r.name for r in store.search("bobby")] == ["Robert Jones"]


def test_unknown_ids_give_a_plain_not_found(store):
    with pytest.raises(NotFound):
        store.load_case("0" * 32)
    with pytest.raises(NotFound):
        store.load_case("../../etc/passwd")
    with pytest.raises(NotFound):
        store.delete_case("f" * 32)


def test_documents_are_kept_with_dates_and_can_be_marked_sent(store):
    case_id = store.save_case(make_case())
    pdf = b"%PDF-1.7 letter bytes\x00\xff"
    doc_id = store.save_document(case_id, kind="letter", route="complaint-council", title="Complaint to the council",
                                 data=pdf, produced=dt.date(2026, 11, 20))
    summary = store.save_document(case_id, kind="summary", route=None, title="Case summary", data=b"PK docx",
                                  fmt="docx", produced=dt.date(2026, 11, 21))
    rows = store.list_documents(case_id)
    assert [(r.id, r.kind, r.route, r.fmt, r.sent) for r in rows] == [
        (doc_id, "letter", "complaint-council", "pdf", None), (summary, "summary", None, "docx", None)]
    assert store.load_document(doc_id) == pdf
    store.mark_sent(doc_id, dt.date(2026, 11, 22))
    assert store.list_documents(case_id)[0].sent == dt.date(2026, 11, 22)
    with pytest.raises(NotFound):
        store.save_document("a" * 32, kind="letter", route=None, title="x", data=b"x", produced=TODAY)


def test_audit_trail_records_what_happened_in_order(store):
    case = make_case()
    case_id = store.save_case(case)
    store.save_case(case)  # an autosave moments later: not a new "edited" entry each keystroke
    doc = store.save_document(case_id, kind="letter", route="complaint-nhs", title="t", data=b"x", produced=TODAY)
    store.mark_sent(doc, TODAY)
    store.audit(case_id, "printed", "letter")
    store.audit(case_id, "exported")
    events = [e.event for e in store.audit_log(case_id)]
    assert events == ["created", "letter-produced", "document-sent", "printed", "exported"]
    assert store.audit_log(case_id)[1].detail == "complaint-nhs"
    with pytest.raises(ValueError):
        store.audit(case_id, "Contains Personal Data!")


def test_edits_are_audited_again_after_a_quiet_interval(store, monkeypatch):
    from advocate_app.store import casestore

    case = make_case()
    case_id = store.save_case(case)
    monkeypatch.setattr(casestore, "EDIT_AUDIT_INTERVAL_S", 0)
    store.save_case(case)
    assert [e.event for e in store.audit_log(case_id)] == ["created", "edited"]


def test_deleting_removes_case_documents_and_trail_leaving_only_the_deletion(store):
    keep = store.save_case(make_case("Keep Me"))
    gone = store.save_case(make_case("Delete Me"))
    store.save_document(gone, kind="letter", route=None, title="t", data=b"x", produced=TODAY)
    store.delete_case(gone)
    assert [r.id for r in store.list_cases()] == [keep]
    with pytest.raises(NotFound):
        store.load_case(gone)
    assert store.list_documents(gone) == []
    assert [e.event for e in store.audit_log(gone)] == ["deleted"]


def test_retention_lists_cases_closed_longer_than_the_period(store):
    store.save_case(make_case("Closed long ago", closed=dt.date(2025, 11, 25)))
    store.save_case(make_case("Closed exactly a year", closed=dt.date(2025, 11, 26)))
    store.save_case(make_case("Still open"))
    assert [r.name for r in store.retention_due(today=TODAY)] == ["Closed long ago"]
    assert {r.name for r in store.retention_due(months=6, today=TODAY)} == {"Closed long ago", "Closed exactly a year"}
    flags = {r.name: r.retention_due for r in store.list_cases(today=TODAY)}
    assert flags == {"Closed long ago": True, "Closed exactly a year": False, "Still open": False}


def test_retention_period_is_a_setting_that_persists(store):
    store.save_case(make_case("Closed", closed=dt.date(2026, 8, 1)))
    assert store.retention_months == 12
    store.set_retention_months(3)
    store.close()
    with CaseStore.open(PASS) as again:
        assert again.retention_months == 3
        assert [r.name for r in again.retention_due(today=TODAY)] == ["Closed"]
        with pytest.raises(ValueError):
            again.set_retention_months(0)


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 26), 12) == dt.date(2026, 11, 26)
    assert add_months(dt.date(2025, 12, 15), 1) == dt.date(2026, 1, 15)


def test_wrong_passphrase_is_refused_and_changes_nothing(store, store_path):
    store.save_case(make_case())
    store.close()
    before = {p.name: p.read_bytes() for p in store_path.parent.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassphrase) as info:
        CaseStore.open("not the passphrase")
    assert info.value.exit_code == 2
    assert "passphrase" in info.value.message
    after = {p.name: p.read_bytes() for p in store_path.parent.rglob("*") if p.is_file()}
    assert after == before


def test_passphrase_typed_in_another_unicode_form_still_opens(store_path):
    CaseStore.create("caf\u00e9 au lait").close()  # é precomposed
    CaseStore.open("cafe\u0301 au lait").close()  # e + combining accent


def test_changing_the_passphrase_rewraps_the_key_and_keeps_the_data(store):
    case_id = store.save_case(make_case())
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("wrong old one", "a new passphrase")
    store.change_passphrase(PASS, "a new passphrase")
    store.close()
    with pytest.raises(WrongPassphrase):
        CaseStore.open(PASS)
    with CaseStore.open("a new passphrase") as again:
        assert again.load_case(case_id).person.name == "Alex Example"


def test_store_uses_wal_and_private_permissions_everywhere(store, store_path):
    store.save_case(make_case())
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    store.backup()
    if os.name != "posix":
        pytest.skip("permissions are POSIX")
    for side in ("", "-wal", "-shm"):
        f = store_path.with_name(store_path.name + side)
        assert f.exists(), side
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, side
    for folder in (paths.data_dir(), paths.backup_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for backup in CaseStore.backups():
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_store_stays_private_even_with_a_permissive_umask(store_path):
    old = os.umask(0)
    try:
        store = CaseStore.create(PASS)
        store.save_case(make_case())
        store.close()
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700


def test_opening_when_there_is_no_store_says_so(store_path):
    with pytest.raises(StoreUnavailable) as info:
        CaseStore.open(PASS)
    assert info.value.reason == "missing"
    assert not store_path.exists()


def test_closed_store_refuses_work_plainly(store):
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreUnavailable):
        store.save_case(make_case())


def test_a_blob_moved_to_another_case_fails_to_open(store, store_path):
    """Associated data binds each blob to its row: swapping rows cannot show one person's data as another's."""
    a = store.save_case(make_case("Person A"))
    b = store.save_case(make_case("Person B"))
    store.close()
    conn = sqlite3.connect(store_path, isolation_level=None)
    body_a = conn.execute("SELECT body_blob FROM case_bodies WHERE id = ?", (a,)).fetchone()[0]
    index_a = conn.execute("SELECT index_blob FROM cases WHERE id = ?", (a,)).fetchone()[0]
    conn.execute("UPDATE case_bodies SET body_blob = ? WHERE id = ?", (body_a, b))
    conn.execute("UPDATE cases SET index_blob = ? WHERE id = ?", (index_a, b))
    conn.close()
    from advocate_app.store import StoreCorrupt

    for backup in CaseStore.backups():  # no good copy anywhere: the case stays unreadable
        backup.unlink()
    with CaseStore.open(PASS) as again:
        assert any("no backup holds a good copy" in n for n in again.notices)
        with pytest.raises(StoreCorrupt):
            again.load_case(b)
        assert [r.name for r in again.list_cases()] == ["Person A"]
        assert again.unreadable == [b]


def test_listing_again_sees_every_change_despite_the_in_memory_index(store):
    a = make_case("First Name")
    store.save_case(a)
    b_id = store.save_case(make_case("Other"))
    assert {r.name for r in store.list_cases()} == {"First Name", "Other"}
    a.person.name = "Changed Name"
    store.save_case(a, next_deadline=dt.date(2027, 5, 1))
    store.delete_case(b_id)
    rows = store.list_cases()
    assert [(r.name, r.next_deadline) for r in rows] == [("Changed Name", dt.date(2027, 5, 1))]
    assert [r.name for r in store.search("changed")] == ["Changed Name"]


def test_an_id_from_a_case_file_is_replaced_and_kept_inside_the_sealed_case(store, store_path):
    case = make_case()
    case.id = "c-2026-0098 Jane"
    case_id = store.save_case(case)
    assert case.id == case_id and len(case_id) == 32
    assert store.load_case(case_id).extra["previous_id"] == "c-2026-0098 Jane"
    store.save_case(case)
    assert len(store.list_cases()) == 1
    store.close()
    conn = sqlite3.connect(store_path)
    assert [row[0] for row in conn.execute("SELECT id FROM cases")] == [case_id]
    conn.close()
