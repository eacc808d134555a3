"""Build small cases for route tests without repeating JSON boilerplate."""
from __future__ import annotations

import datetime as dt
from typing import Any

from advocate_app.model.case import Case, case_from_dict

TODAY = dt.date(2026, 11, 26)

ORG_NAMES = {
    "council": "Northshire County Council",
    "nhs-trust": "Northshire Mental Health NHS Trust",
    "integrated-team": "Northby Community Mental Health Team",
    "provider": "Brightside Support Ltd",
    "other": "Northby Housing Association",
}


def make_case(findings: list[str] | dict[str, str] = (), *, orgs: list[str] = (), funding: list[str] = (),
              facts: dict[str, Any] | None = None, complaints: list[dict] = (), letters: list[dict] = (),
              safeguarding: dict[str, Any] | None = None, account: str = "What happened, in the person's words.",
              matters: list[str] = (), **extra: Any) -> Case:
    """`findings` is a list of confirmed ids, or a mapping id -> status.

    `matters` lists organisation kinds that what happened involves: each becomes a
    timeline entry naming that organisation (its kind is also listed).
    """
    items = findings.items() if isinstance(findings, dict) else ((f, "confirmed") for f in findings)
    data: dict[str, Any] = {
        "format": "advocate-case/1",
        "account": account,
        "findings": [{"id": fid, "status": status} for fid, status in items],
        "organisations": [{"name": ORG_NAMES[k], "kind": k} for k in dict.fromkeys([*orgs, *matters])],
        "funding": list(funding),
        "facts": {"latest_event": "2026-10-01", **(facts or {})},
        "complaints": list(complaints),
        "letters": list(letters),
    }
    if safeguarding is not None:
        data["safeguarding"] = safeguarding
    if matters:
        data["timeline"] = [{"what": f"What happened with {ORG_NAMES[k]}", "date": "2026-10-01",
                             "organisation": ORG_NAMES[k]} for k in matters]
    data.update(extra)
    return case_from_dict(data)
