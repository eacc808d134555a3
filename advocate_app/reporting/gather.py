"""From the encrypted store to the plain list of cases the report counts.

Why a separate step: `build_report` stays a pure function over `Case`
objects, while letters may be recorded in two places: on the case
(`Case.letters`, with the reply date) and as documents kept in the store
(`list_documents`, whose `sent` date the app sets when the advocate marks a
letter sent). Each stored letter document is matched to the case's letter
record of the same route and produced date (else same route and sent date);
a match fills in a missing sent date, and a document with no match is added
as a letter of its own, so a letter is counted once whichever way it was recorded.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from advocate_app.gc_pause import paused
from advocate_app.model.case import Case, LetterRecord
from advocate_app.store.errors import StoreCorrupt


def _row_id(row: Any) -> str:
    if isinstance(row, str):
        return row
    if isinstance(row, dict):
        return str(row["id"])
    return str(row.id)


def merge_letter_documents(case: Case, documents: Iterable[Any]) -> Case:
    """A copy of `case` whose letters include the store's letter documents, each once."""
    letters = [dataclasses.replace(letter) for letter in case.letters]
    matched: set[int] = set()
    for doc in documents:
        if getattr(doc, "kind", None) != "letter" or not getattr(doc, "route", None):
            continue
        route, produced, sent = doc.route, getattr(doc, "produced", None), getattr(doc, "sent", None)
        match = None
        for index, letter in enumerate(letters):
            if index in matched or letter.route != route:
                continue
            if (produced is not None and letter.produced == produced) or (
                    sent is not None and letter.sent == sent):
                match = index
                break
        if match is None:
            letters.append(LetterRecord(route=route, produced=produced, sent=sent))
            matched.add(len(letters) - 1)
        else:
            matched.add(match)
            if letters[match].sent is None and sent is not None:
                letters[match].sent = sent
    return dataclasses.replace(case, letters=letters)


def cases_from_store(store: Any) -> tuple[list[Case], int]:
    """Every readable case in the store, with its stored letters merged in, and how many could not be read.

    Works with anything that has `list_cases()`, `load_case(id)` and
    `list_documents(case_id)` (the real store, or a test double). A damaged
    case is skipped and counted rather than stopping the whole report.
    """
    with paused():   # thousands of cases make a hundred thousand small records (see gc_pause.py)
        return _cases_from_store(store)


def _cases_from_store(store: Any) -> tuple[list[Case], int]:
    out = []
    rows = store.list_cases()
    unreadable = len(getattr(store, "unreadable", None) or [])   # rows the store itself could not read
    for row in rows:
        case_id = _row_id(row)
        try:
            case = store.load_case(case_id)
        except StoreCorrupt:
            unreadable += 1
            continue
        list_documents = getattr(store, "list_documents", None)
        documents = list_documents(case_id) if list_documents is not None else []
        out.append(merge_letter_documents(case, documents))
    return out, unreadable
