"""The key record: how a passphrase opens the data key, and how damage to it is told apart.

Why a check value and a checksum: AES-GCM only says "this did not open". With
nothing else, one flipped bit in the wrapped key or the salt reads exactly
like a wrong passphrase, and the advocate keeps retyping a passphrase that is
right while a backup that would open sits unused. So the record also holds

- a key check value: a keyed hash of a fixed text under the key-encryption
  key. It matches when the passphrase is right, whatever happened to the
  wrapped key (and says nothing useful to someone without the passphrase);
- a checksum over the whole record (parameters, wrapped key, check value), so
  damage to the salt or parameters is seen before any passphrase is tried.

Outcomes of `unlock`: the data key; WrongPassphrase (record intact, check value
does not match); KeyDamaged (record or wrapped key damaged: the caller repairs
it from a backup that opens, or offers one); or, for records written before
version 3 (no check value), KeyUnclear, which the caller settles by trying
the backups.
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass

from advocate_app.store import crypto
from advocate_app.store.errors import WrongPassphrase

_CHECK_CONTEXT = b"advocate_app.store/key-check-value/v1"


class KeyDamaged(Exception):
    """The key record fails its own checks, or the right passphrase cannot unwrap the key."""


class KeyUnclear(Exception):
    """An old record (no check value) did not open: wrong passphrase or damage, not yet known."""


@dataclass(frozen=True)
class KeyRecord:
    """The one row of `keyring`. `check_value`/`record_sum` are None in stores made before version 3."""

    kdf_json: str
    wrapped: bytes
    check_value: bytes | None = None
    record_sum: str | None = None

    def intact(self) -> bool | None:
        """True/False when the record carries a checksum, None for an old record without one."""
        if self.record_sum is None:
            return None
        return hmac.compare_digest(self.record_sum, record_checksum(self.kdf_json, self.wrapped, self.check_value))


def check_value(kek: bytes) -> bytes:
    return hmac.new(kek, _CHECK_CONTEXT, hashlib.sha256).digest()[:16]


def record_checksum(kdf_json: str, wrapped: bytes, check: bytes | None) -> str:
    digest = hashlib.sha256()
    for part in (kdf_json.encode("utf-8"), wrapped, check or b""):
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    return digest.hexdigest()


def new_record(data_key: bytes, passphrase: str) -> tuple[KeyRecord, crypto.KdfParams]:
    """The data key wrapped under `passphrase` with today's key-derivation policy and a fresh salt."""
    params = crypto.new_kdf_params()
    kek = crypto.derive_kek(passphrase, params)
    wrapped = crypto.wrap_key(data_key, kek, params)
    check = check_value(kek)
    kdf_json = params.to_json()
    return KeyRecord(kdf_json, wrapped, check, record_checksum(kdf_json, wrapped, check)), params


def read_record(conn: sqlite3.Connection) -> KeyRecord | None:
    """The key record of a store or backup of any version (None when the row is missing)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(keyring)")}
    if {"check_value", "record_sum"} <= columns:
        row = conn.execute("SELECT kdf, wrapped_key, check_value, record_sum FROM keyring WHERE id = 1").fetchone()
    else:
        row = conn.execute("SELECT kdf, wrapped_key, NULL, NULL FROM keyring WHERE id = 1").fetchone()
    if row is None:
        return None
    kdf, wrapped, check, total = row
    if not isinstance(kdf, str) or not isinstance(wrapped, (bytes, memoryview)):
        raise KeyDamaged("key record has the wrong types")
    return KeyRecord(kdf, bytes(wrapped), bytes(check) if check is not None else None,
                     str(total) if total is not None else None)


def write_record(conn: sqlite3.Connection, record: KeyRecord) -> None:
    """Replace the key record (inside the caller's transaction). Old stores get only what they have columns for."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(keyring)")}
    if {"check_value", "record_sum"} <= columns:
        conn.execute("UPDATE keyring SET kdf = ?, wrapped_key = ?, check_value = ?, record_sum = ? WHERE id = 1",
                     (record.kdf_json, record.wrapped, record.check_value, record.record_sum))
    else:
        conn.execute("UPDATE keyring SET kdf = ?, wrapped_key = ? WHERE id = 1", (record.kdf_json, record.wrapped))


def params_of(record: KeyRecord) -> crypto.KdfParams:
    try:
        return crypto.KdfParams.from_json(record.kdf_json)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise KeyDamaged("key derivation parameters cannot be read") from error


def unlock(record: KeyRecord, passphrase: str) -> bytes:
    """The data key; WrongPassphrase, KeyDamaged or KeyUnclear otherwise (see the module docstring)."""
    if record.intact() is False:
        raise KeyDamaged("key record checksum does not match")
    params = params_of(record)
    try:
        kek = crypto.derive_kek(passphrase, params)
    except (crypto.CryptoError, ValueError, TypeError) as error:
        raise KeyDamaged("key derivation parameters are not usable") from error
    if record.check_value is not None and not hmac.compare_digest(record.check_value, check_value(kek)):
        raise WrongPassphrase()
    try:
        return crypto.unwrap_key(record.wrapped, kek, params)
    except crypto.CryptoError:
        if record.check_value is not None:
            raise KeyDamaged("the right passphrase did not unwrap the key") from None
        raise KeyUnclear("old key record did not open") from None


def completed(record: KeyRecord, passphrase: str, data_key: bytes) -> KeyRecord | None:
    """For an old record that just opened: the same wrapping plus check value and checksum (None if complete)."""
    if record.check_value is not None and record.record_sum is not None:
        return None
    kek = crypto.derive_kek(passphrase, params_of(record))
    check = check_value(kek)
    return KeyRecord(record.kdf_json, record.wrapped, check, record_checksum(record.kdf_json, record.wrapped, check))
