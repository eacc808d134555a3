"""Keys: AES-256-GCM blobs, a wrapped data key, KDF parameters stored with a version and raised later."""
from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from advocate_app.store import CaseStore, WrongPassphrase, crypto
from tests.store.conftest import CHEAP, PASS, make_case


def _keyring(db) -> tuple[dict, bytes]:
    conn = sqlite3.connect(db)
    kdf, wrapped = conn.execute("SELECT kdf, wrapped_key FROM keyring").fetchone()
    count = conn.execute("SELECT count(*) FROM keyring").fetchone()[0]
    conn.close()
    assert count == 1, "one wrapped key, no second (recovery) copy"
    return json.loads(kdf), bytes(wrapped)


def test_kdf_parameters_are_stored_with_a_version(store, store_path):
    record, wrapped = _keyring(store_path)
    assert record["version"] == crypto.KDF_RECORD_VERSION
    assert record["alg"] == "argon2id"
    assert len(bytes.fromhex(record["salt"].encode().hex())) > 0
    assert len(wrapped) == 1 + 12 + 32 + 16  # version, nonce, AES-256 key, GCM tag


def test_each_store_has_its_own_salt_and_key(tmp_path):
    a = CaseStore.create(PASS, tmp_path / "a.sqlite3")
    b = CaseStore.create(PASS, tmp_path / "b.sqlite3")
    assert a._sealer.data_key != b._sealer.data_key
    assert _keyring(tmp_path / "a.sqlite3")[0]["salt"] != _keyring(tmp_path / "b.sqlite3")[0]["salt"]
    a.close()
    b.close()


def test_a_store_with_weaker_parameters_is_rewrapped_at_open(store_path, monkeypatch):
    store = CaseStore.create(PASS)
    case_id = store.save_case(make_case())
    store.close()
    stronger = dataclasses.replace(CHEAP, iterations=2, memory_kib=16)
    monkeypatch.setattr(crypto, "POLICY", stronger)
    with CaseStore.open(PASS) as store:
        assert store.load_case(case_id)
    record, _ = _keyring(store_path)
    assert (record["iterations"], record["memory_kib"]) == (2, 16)
    with CaseStore.open(PASS) as store:  # and it still opens
        assert store.load_case(case_id)


def test_scrypt_stores_open_and_are_moved_to_argon2id(store_path, monkeypatch):
    monkeypatch.setattr(crypto, "POLICY", crypto.KdfParams(alg="scrypt", salt=b"", n=2**10, r=8, p=1))
    store = CaseStore.create(PASS)
    case_id = store.save_case(make_case())
    store.close()
    assert _keyring(store_path)[0]["alg"] == "scrypt"
    monkeypatch.setattr(crypto, "POLICY", CHEAP)
    with CaseStore.open(PASS) as store:
        assert store.load_case(case_id)
    assert _keyring(store_path)[0]["alg"] == "argon2id"


def test_editing_the_kdf_record_is_detected(store, store_path):
    store.close()
    conn = sqlite3.connect(store_path)
    kdf = json.loads(conn.execute("SELECT kdf FROM keyring").fetchone()[0])
    kdf["iterations"] = 2
    conn.execute("UPDATE keyring SET kdf = ?", (json.dumps(kdf),))
    conn.commit()
    conn.close()
    from advocate_app.store import StoreCorrupt

    with pytest.raises(StoreCorrupt) as info:  # damage, not a wrong passphrase: the checksum says so
        CaseStore.open(PASS)
    assert "key record is damaged" in info.value.message


def test_sealed_blobs_are_bound_to_their_place():
    sealer = crypto.Sealer(crypto.new_data_key())
    ad = crypto.associated_data("cases", "body", "a" * 32)
    blob = sealer.seal(b"secret", ad)
    assert sealer.open(blob, ad) == b"secret"
    with pytest.raises(crypto.CryptoError):
        sealer.open(blob, crypto.associated_data("cases", "body", "b" * 32))
    with pytest.raises(crypto.CryptoError):
        sealer.open(blob, crypto.associated_data("cases", "index", "a" * 32))
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    with pytest.raises(crypto.CryptoError):
        sealer.open(bytes(tampered), ad)
    assert sealer.seal(b"secret", ad) != blob, "fresh nonce every time"


def test_wrong_kek_cannot_unwrap():
    params = crypto.new_kdf_params(CHEAP)
    key = crypto.new_data_key()
    wrapped = crypto.wrap_key(key, crypto.derive_kek("right passphrase", params), params)
    assert crypto.unwrap_key(wrapped, crypto.derive_kek("right passphrase", params), params) == key
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap_key(wrapped, crypto.derive_kek("wrong passphrase", params), params)


def test_the_default_policy_is_a_real_cost():
    """Guards against someone committing the test setting: RFC 9106's second recommendation or more."""
    default = crypto.DEFAULT_POLICY
    assert default.alg == "argon2id"
    assert default.memory_kib >= 64 * 1024 and default.iterations >= 3 and default.lanes >= 1
