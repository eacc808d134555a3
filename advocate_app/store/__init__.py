"""The encrypted local case store (SQLite). No Qt.

    with CaseStore.open(passphrase) as store:
        rows = store.list_cases()

See casestore.py for why it is built this way, autosave.py for the wizard's
debounced saving.
"""
import logging

from advocate_app.store.autosave import AutoSaver
from advocate_app.store.casestore import UNCHANGED, CaseStore, add_months
from advocate_app.store.errors import (
    BackupsExist, CaseDeleted, NotFound, StoreCorrupt, StoreExists, StoreUnavailable, WrongPassphrase,
)
from advocate_app.store.rows import AuditEntry, CaseRow, DocumentRow

# Log records go wherever the app sends them (a private file in the GUI), never
# onto the command line's terminal through Python's last-resort handler.
logging.getLogger("advocate_app.store").addHandler(logging.NullHandler())

__all__ = [
    "AuditEntry", "AutoSaver", "BackupsExist", "CaseDeleted", "CaseRow", "CaseStore", "DocumentRow", "NotFound",
    "StoreCorrupt", "StoreExists", "StoreUnavailable", "UNCHANGED", "WrongPassphrase", "add_months",
]
