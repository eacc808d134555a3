"""The encrypted local case store (SQLite). No Qt.

    with CaseStore.open(passphrase) as store:
        rows = store.list_cases()

See casestore.py for why it is built this way, autosave.py for the wizard's
debounced saving.
"""
from advocate_app.store.autosave import AutoSaver
from advocate_app.store.casestore import UNCHANGED, CaseStore, add_months
from advocate_app.store.errors import NotFound, StoreCorrupt, StoreExists, StoreUnavailable, WrongPassphrase
from advocate_app.store.rows import AuditEntry, CaseRow, DocumentRow

__all__ = [
    "AuditEntry", "AutoSaver", "CaseRow", "CaseStore", "DocumentRow", "NotFound", "StoreCorrupt",
    "StoreExists", "StoreUnavailable", "UNCHANGED", "WrongPassphrase", "add_months",
]
