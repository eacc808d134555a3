"""What lists show: small, decrypted summaries of cases, documents and audit events."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list.

    `name` is the person's name (or preferred name), "" when not recorded yet;
    `created` and `closed` come from the case; `updated` is when it was last
    saved (timezone-aware, UTC); `next_deadline` is what the caller gave to
    `save_case`; `retention_due` is True when the case has been closed longer
    than the retention period; `version` counts saves (1 after the first).
    """

    id: str
    name: str
    created: _dt.date | None
    updated: _dt.datetime
    closed: _dt.date | None
    next_deadline: _dt.date | None
    retention_due: bool
    version: int = 0
    preferred_name: str = ""
    next_deadline_what: str | None = None   # what the deadline is for, e.g. "reply due: complaint to the council"


@dataclass(frozen=True)
class DocumentRow:
    """A letter or summary kept in the store. `kind` is "letter" or "summary"; `route` a route id or None."""

    id: str
    kind: str
    route: str | None
    title: str
    fmt: str
    produced: _dt.date | None
    sent: _dt.date | None
    case_id: str = ""
    size: int = 0


@dataclass(frozen=True)
class AuditEntry:
    """One event in a case's trail: `at` is timezone-aware (UTC)."""

    at: _dt.datetime
    event: str
    detail: str = ""
