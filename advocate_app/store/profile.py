"""The advocate's own details ("My details"), kept once and encrypted, for new cases.

Why here and not in the plain `settings` table's clear text: a name, phone
number and address are personal data, so they are sealed with the store's data
key like every case, under their own associated data, and kept in the
`settings` table only as ciphertext (base64). No schema change: an older app
simply sees one more setting it does not read.

Uses three internals of CaseStore (`_read`, `_write`, `_sealer`), as the
store's own modules do.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, fields
from typing import Any

from advocate_app.model.case import Advocate
from advocate_app.store import crypto

KEY = "sealed:my_details"
_AD = crypto.associated_data("settings", "value", KEY)
_FIELDS = tuple(f.name for f in fields(Advocate) if f.name != "extra")


def load_my_details(store: Any) -> Advocate | None:
    """The details saved with `save_my_details`, or None if none are kept (or they cannot be read)."""
    rows = store._read("SELECT value FROM settings WHERE key = ?", (KEY,))
    if not rows:
        return None
    try:
        data = store._sealer.open_json(base64.b64decode(rows[0][0], validate=True), _AD)
    except (crypto.CryptoError, binascii.Error, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return Advocate(**{name: data.get(name) if isinstance(data.get(name), str) else None for name in _FIELDS})


def save_my_details(store: Any, advocate: Advocate) -> None:
    """Keep these details (sealed) for new cases; blank details remove what was kept."""
    data = {name: value for name, value in asdict(advocate).items() if name in _FIELDS and value}
    with store._write() as conn:
        if not data:
            conn.execute("DELETE FROM settings WHERE key = ?", (KEY,))
            return
        blob = base64.b64encode(store._sealer.seal_json(data, _AD)).decode("ascii")
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (KEY, blob))
