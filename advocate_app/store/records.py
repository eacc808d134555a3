"""Letters and summaries kept with a case, the case's audit trail, and the retention setting.

Why a separate part of CaseStore: these are the store's smaller jobs, each a
few sealed rows beside a case; keeping them here leaves casestore.py about
opening, saving and recovering. `RecordsMixin` relies on the store's `_write`
(one transaction, errors in plain words), `_read`, `_sealer` and `_check_id`.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import sqlite3
import uuid
from typing import Any

from advocate_app.store import backups as _backups
from advocate_app.store import crypto, schema
from advocate_app.store.common import EVENT as _EVENT
from advocate_app.store.common import TOKEN as _TOKEN
from advocate_app.store.common import add_months
from advocate_app.store.common import date_or_none as _date
from advocate_app.store.common import iso as _iso
from advocate_app.store.common import utcnow as _utcnow
from advocate_app.store.errors import NotFound, StoreCorrupt, StoreUnavailable
from advocate_app.store.rows import AuditEntry, CaseRow, DocumentRow

log = logging.getLogger("advocate_app.store")

DEFAULT_RETENTION_MONTHS = 12


class RecordsMixin:
    """Documents, audit and retention for CaseStore."""

    _sealer: crypto.Sealer
    path: Any
    _write: Any
    _read: Any
    _check_id: Any
    list_cases: Any
    # ------------------------------------------------------------ documents

    @staticmethod
    def _doc_ad(column: str, doc_id: str, case_id: str) -> bytes:
        return crypto.associated_data("documents", column, doc_id, case_id)

    def save_document(self, case_id: str, *, kind: str, route: str | None, title: str, data: bytes,
                      fmt: str = "pdf", produced: _dt.date) -> str:
        """Keep a produced letter or summary, encrypted, and note it in the audit trail."""
        self._check_id(case_id)
        if not isinstance(kind, str) or not _EVENT.match(kind):
            raise ValueError("kind must be a short lowercase word such as 'letter' or 'summary'")
        if not isinstance(fmt, str) or not _TOKEN.match(fmt):
            raise ValueError("fmt must be a short format name such as 'pdf' or 'docx'")
        if route is not None and (not isinstance(route, str) or not _TOKEN.match(route)):
            raise ValueError("route must be a route identifier")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes")
        doc_id = uuid.uuid4().hex
        meta = {"kind": kind, "route": route, "title": title or "", "fmt": fmt,
                "produced": _iso(produced), "sent": None, "size": len(data)}
        sealed_meta = self._sealer.seal_json(meta, self._doc_ad("meta", doc_id, case_id))
        sealed_data = self._sealer.seal(bytes(data), self._doc_ad("data", doc_id, case_id))
        now = _utcnow()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            conn.execute("INSERT INTO documents (id, case_id, meta_blob, data_blob) VALUES (?, ?, ?, ?)",
                         (doc_id, case_id, sealed_meta, sealed_data))
            self._insert_audit(conn, case_id, f"{kind}-produced", route or "", now)
        return doc_id

    def _doc_row(self, doc_id: str, case_id: str, blob: bytes) -> DocumentRow:
        meta = self._sealer.open_json(blob, self._doc_ad("meta", doc_id, case_id))
        return DocumentRow(id=doc_id, kind=meta["kind"], route=meta["route"], title=meta["title"],
                           fmt=meta["fmt"], produced=_date(meta["produced"]), sent=_date(meta["sent"]),
                           case_id=case_id, size=int(meta.get("size", 0)))

    def list_documents(self, case_id: str) -> list[DocumentRow]:
        """The case's documents, oldest first."""
        self._check_id(case_id)
        out = []
        for doc_id, blob in self._read("SELECT id, meta_blob FROM documents WHERE case_id = ? ORDER BY rowid",
                                       (case_id,)):
            try:
                out.append(self._doc_row(doc_id, case_id, blob))
            except (crypto.CryptoError, ValueError):
                log.error("document %s could not be decrypted", doc_id)
        out.sort(key=lambda row: row.produced or _dt.date.min)
        return out

    def load_document(self, doc_id: str) -> bytes:
        """The document's bytes; one damaged on disk is put back from the newest backup that opens it."""
        self._check_id(doc_id, "document")
        rows = self._read("SELECT case_id, data_blob FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise NotFound("There is no document with that identifier in the store.")
        case_id, blob = rows[0]
        ad = self._doc_ad("data", doc_id, case_id)
        try:
            return self._sealer.open(blob, ad)
        except crypto.CryptoError:
            log.error("document %s could not be decrypted", doc_id)
        for backup in _backups.list_backups(self.path):
            try:
                conn = _backups.connect_read_only(backup)
                try:
                    found = conn.execute("SELECT data_blob FROM documents WHERE id = ? AND case_id = ?",
                                         (doc_id, case_id)).fetchone()
                finally:
                    conn.close()
                data = self._sealer.open(bytes(found[0]), ad) if found else None
            except (sqlite3.Error, crypto.CryptoError):
                continue
            if data is None:
                continue
            if not getattr(self, "_read_only", False):
                with contextlib.suppress(StoreUnavailable):
                    with self._write() as write:
                        write.execute("INSERT INTO quarantine (case_id, tbl, at, blob) VALUES (?, 'documents', ?, ?)",
                                      (case_id, _utcnow().isoformat(), blob))
                        write.execute("UPDATE documents SET data_blob = ? WHERE id = ?", (bytes(found[0]), doc_id))
            log.warning("document %s put back from backup %s", doc_id, backup.name)
            return data
        raise StoreCorrupt("This document could not be read: its saved data is damaged and no backup holds a good "
                           "copy. Other documents and cases are not affected.")

    def mark_sent(self, doc_id: str, sent: _dt.date | None) -> None:
        """Record the date the document was sent (None: not sent)."""
        self._check_id(doc_id, "document")
        with self._write() as conn:
            row = conn.execute("SELECT case_id, meta_blob FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFound("There is no document with that identifier in the store.")
            case_id = row[0]
            meta = self._sealer.open_json(row[1], self._doc_ad("meta", doc_id, case_id))
            meta["sent"] = _iso(sent)
            conn.execute("UPDATE documents SET meta_blob = ? WHERE id = ?",
                         (self._sealer.seal_json(meta, self._doc_ad("meta", doc_id, case_id)), doc_id))
            self._insert_audit(conn, case_id, "document-sent" if sent else "document-unsent",
                               meta.get("route") or "", _utcnow())

    # ------------------------------------------------------------ audit

    def _insert_audit(self, conn: Any, case_id: str, event: str, detail: str, at: _dt.datetime) -> None:
        conn.execute("INSERT INTO audit (case_id, entry_blob) VALUES (?, ?)",
                     (case_id, schema.seal_audit_entry(self._sealer, case_id, at, event, detail)))

    def audit(self, case_id: str, event: str, detail: str = "") -> None:
        """Add an event (created, edited, letter-produced, exported, printed, deleted...) to the trail."""
        self._check_id(case_id)
        if not isinstance(event, str) or not _EVENT.match(event):
            raise ValueError("event must be a short lowercase word such as 'printed'")
        with self._write(change=False) as conn:  # a trail entry alone is not worth a new backup
            if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise NotFound("There is no case with that identifier in the store.")
            self._insert_audit(conn, case_id, event, detail or "", _utcnow())

    def audit_log(self, case_id: str) -> list[AuditEntry]:
        """The case's trail, oldest first (after deletion: only the 'deleted' entry)."""
        self._check_id(case_id)
        out = []
        ad = crypto.associated_data("audit", "entry", case_id)
        for (blob,) in self._read("SELECT entry_blob FROM audit WHERE case_id = ? ORDER BY seq", (case_id,)):
            try:
                entry = self._sealer.open_json(blob, ad)
            except (crypto.CryptoError, ValueError):
                log.error("an audit entry of case %s could not be decrypted", case_id)
                continue
            out.append(AuditEntry(at=_dt.datetime.fromisoformat(entry["at"]), event=entry["event"],
                                  detail=entry.get("detail", "")))
        return out

    # ------------------------------------------------------------ retention

    @property
    def retention_months(self) -> int:
        rows = self._read("SELECT value FROM settings WHERE key = 'retention_months'")
        try:
            return int(rows[0][0]) if rows else DEFAULT_RETENTION_MONTHS
        except ValueError:
            return DEFAULT_RETENTION_MONTHS

    def set_retention_months(self, months: int) -> None:
        """How long after closing a case it is listed for review and deletion (1 to 120 months)."""
        if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
            raise ValueError("retention must be a whole number of months from 1 to 120")
        with self._write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('retention_months', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(months),))

    def retention_due(self, months: int | None = None, today: _dt.date | None = None) -> list[CaseRow]:
        """Cases closed longer than `months` (default: the store's setting, 12 unless changed)."""
        today = today or _dt.date.today()
        limit = self.retention_months if months is None else months
        return sorted((row for row in self.list_cases(today)
                       if row.closed is not None and today > add_months(row.closed, limit)),
                      key=lambda row: row.closed)

