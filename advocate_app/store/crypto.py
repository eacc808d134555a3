"""Keys and sealed blobs: AES-256-GCM under a random data key wrapped by the passphrase.

Why this shape: the data key never changes, so changing the passphrase only
re-wraps 32 bytes (atomic, instant), and raising the key-derivation cost later
only needs new parameters, which are stored with a version beside the wrapped
key. Every blob is bound (GCM associated data) to its table, column and row,
so a blob copied onto another row or case fails to open instead of showing
the wrong person's data. There is no recovery key: without the passphrase the
data cannot be read, by design.
"""
from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import asdict, dataclass, replace

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from advocate_app.errors import UserError

KDF_RECORD_VERSION = 1
BLOB_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8
_WRAP_CONTEXT = b"advocate_app.store/keyring/v1\x00"
_BLOB_CONTEXT = "advocate_app.store/v1"


class CryptoError(Exception):
    """A blob failed to open: tampered, damaged, or bound to another row."""


@dataclass(frozen=True)
class KdfParams:
    """How the key-encryption key is derived; stored beside the wrapped key.

    `alg` is "argon2id" (iterations, lanes, memory_kib) or "scrypt" (n, r, p).
    """

    alg: str
    salt: bytes
    iterations: int = 0
    lanes: int = 0
    memory_kib: int = 0
    n: int = 0
    r: int = 0
    p: int = 0
    version: int = KDF_RECORD_VERSION

    def to_json(self) -> str:
        data = asdict(self)
        data["salt"] = base64.b64encode(self.salt).decode("ascii")
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "KdfParams":
        data = json.loads(text)
        data["salt"] = base64.b64decode(data["salt"])
        return cls(**data)


# The cost we ask of a new key today (RFC 9106, second recommended option:
# Argon2id, t=3, p=4, 64 MiB; about 0.2 s on a 2020s laptop). Stores made with
# weaker parameters are re-wrapped with these when next opened. Tests lower it.
DEFAULT_POLICY = KdfParams(alg="argon2id", salt=b"", iterations=3, lanes=4, memory_kib=64 * 1024)
POLICY = DEFAULT_POLICY
# Used only where the OpenSSL build has no Argon2id (N=2^17, r=8: 128 MiB).
SCRYPT_FALLBACK = KdfParams(alg="scrypt", salt=b"", n=2**17, r=8, p=1)


def _argon2_available() -> bool:
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        Argon2id(salt=b"0" * 16, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"x")
        return True
    except (ImportError, UnsupportedAlgorithm):
        return False


def new_kdf_params(policy: KdfParams | None = None) -> KdfParams:
    """Fresh salt with the current policy (scrypt where Argon2id is missing)."""
    chosen = policy or POLICY
    if chosen.alg == "argon2id" and not _argon2_available():
        chosen = SCRYPT_FALLBACK
    return replace(chosen, salt=secrets.token_bytes(16), version=KDF_RECORD_VERSION)


def weaker_than_policy(params: KdfParams, policy: KdfParams | None = None) -> bool:
    """True when `params` cost less than the policy asks, so the key should be re-wrapped."""
    chosen = policy or POLICY
    if chosen.alg == "argon2id" and params.alg != "argon2id":
        return _argon2_available()
    if params.alg != chosen.alg:
        return False
    if params.alg == "argon2id":
        return (params.iterations < chosen.iterations or params.memory_kib < chosen.memory_kib
                or params.lanes < chosen.lanes)
    return params.n < chosen.n or params.r < chosen.r or params.p < chosen.p


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed on another keyboard or system still works."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise UserError(
            f"Please choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters. "
            "Nothing was changed."
        )


def derive_kek(passphrase: str, params: KdfParams) -> bytes:
    """The key-encryption key: deliberately slow, so guessing passphrases is slow too."""
    secret = normalise_passphrase(passphrase)
    if params.alg == "argon2id":
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        return Argon2id(salt=params.salt, length=KEY_BYTES, iterations=params.iterations,
                        lanes=params.lanes, memory_cost=params.memory_kib).derive(secret)
    if params.alg == "scrypt":
        return Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p).derive(secret)
    raise CryptoError(f"unknown key derivation {params.alg!r}")


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(data_key: bytes, kek: bytes, params: KdfParams) -> bytes:
    """Seal the data key; the KDF record is bound in, so editing it cannot go unnoticed."""
    nonce = os.urandom(NONCE_BYTES)
    return BLOB_VERSION + nonce + AESGCM(kek).encrypt(nonce, data_key, _WRAP_CONTEXT + params.to_json().encode())


def unwrap_key(wrapped: bytes, kek: bytes, params: KdfParams) -> bytes:
    """The data key, or CryptoError when the passphrase (or the record) is wrong."""
    if len(wrapped) < 1 + NONCE_BYTES + 16 or wrapped[:1] != BLOB_VERSION:
        raise CryptoError("wrapped key has an unknown layout")
    nonce, sealed = wrapped[1:1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES:]
    try:
        return AESGCM(kek).decrypt(nonce, sealed, _WRAP_CONTEXT + params.to_json().encode())
    except InvalidTag:
        raise CryptoError("wrong key") from None


def associated_data(table: str, column: str, *keys: str) -> bytes:
    """What a blob belongs to: its table, column and row identifiers."""
    return "\x00".join((_BLOB_CONTEXT, table, column, *keys)).encode("utf-8")


class Sealer:
    """Seals and opens blobs with the data key (one AESGCM object, reused: fast)."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise CryptoError("data key has the wrong length")
        self._aead = AESGCM(data_key)
        self._key = data_key

    @property
    def data_key(self) -> bytes:
        return self._key

    def seal(self, plaintext: bytes, ad: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return BLOB_VERSION + nonce + self._aead.encrypt(nonce, plaintext, ad)

    def open(self, blob: bytes, ad: bytes) -> bytes:
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != BLOB_VERSION:
            raise CryptoError("blob has an unknown layout")
        try:
            return self._aead.decrypt(blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:], ad)
        except InvalidTag:
            raise CryptoError("blob failed authentication") from None

    def seal_json(self, value: object, ad: bytes) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), ad)

    def open_json(self, blob: bytes, ad: bytes) -> object:
        return json.loads(self.open(blob, ad).decode("utf-8"))
