"""The editable text of a letter's body, and applying the advocate's edits (no Qt).

Why here: the documents package builds a letter as a Document of blocks and
has no hook for hand-edited wording, so the wizard edits the body blocks in
memory. The body is shown as plain text with the same few marks the letter
templates use (`# ` or `## ` heading, `- ` list item, `> ` the person's words, `! `
bold), tables as one `[Table: ...]` line that keeps the table as drafted, and
a blank line between blocks. Unedited text turns back into exactly the same
blocks, so opening the editor changes nothing.

Edits are kept in `case.extra["letter_edits"][route_id]` as
`{"text": edited, "draft": the draft it was based on}`, so a later change to the
draft (new answers) is noticed and the advocate's words are never dropped.
"""
from __future__ import annotations

import copy
from typing import Any

from advocate_app.documents.model import BulletList, Heading, Paragraph, Quote, Table

EDITS_KEY = "letter_edits"
_MARKS = ("#", "-", ">", "!", "[Table", "\\")


def _protect(line: str) -> str:
    """A line of plain text that happens to start with a mark gets a backslash in front."""
    return "\\" + line if line.startswith(_MARKS) or line.strip() == "" else line


def _table_label(table: Table, index: int) -> str:
    name = "chronology" if table.kind == "chronology" else f"table {index}"
    return f"[Table: {name}, kept as drafted]"


def blocks_to_text(blocks: list[Any]) -> str:
    parts: list[str] = []
    tables = 0
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * max(1, min(block.level, 3)) + " " + block.text.replace("\n", " "))
        elif isinstance(block, Paragraph):
            lines = [_protect(line) for line in block.text.split("\n")]
            if block.emphasis:
                lines[0] = "! " + lines[0]
            parts.append("\n".join(lines))
        elif isinstance(block, BulletList):
            parts.append("\n".join("- " + item.replace("\n", " ") for item in block.items))
        elif isinstance(block, Quote):
            parts.append("\n".join("> " + line for line in block.text.split("\n")))
        elif isinstance(block, Table):
            tables += 1
            parts.append(_table_label(block, tables))
    return "\n\n".join(parts)


def text_to_blocks(text: str, original: list[Any]) -> list[Any]:
    """Blocks from edited text; `[Table ...]` lines bring back the drafted tables in order."""
    drafted_tables = [b for b in original if isinstance(b, Table)]
    blocks: list[Any] = []
    tables = 0
    for chunk in _chunks(text):
        lines = chunk.split("\n")
        first = lines[0]
        if first.startswith("[Table") and len(lines) == 1:
            if tables < len(drafted_tables):
                blocks.append(copy.deepcopy(drafted_tables[tables]))
            tables += 1
        elif all(line.startswith("- ") for line in lines):
            blocks.append(BulletList([line[2:] for line in lines]))
        elif all(line.startswith(">") for line in lines):
            blocks.append(Quote("\n".join(line[2:] if line.startswith("> ") else line[1:] for line in lines)))
        elif first.startswith("#") and len(lines) == 1 and first.lstrip("#").startswith(" "):
            level = len(first) - len(first.lstrip("#"))
            blocks.append(Heading(first[level + 1:], level=level))
        else:
            emphasis = first.startswith("! ")
            if emphasis:
                lines[0] = first[2:]
            text_lines = [line[1:] if line.startswith("\\") else line for line in lines]
            blocks.append(Paragraph("\n".join(text_lines), emphasis=emphasis))
    return blocks


def _chunks(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip() == "":
            if current:
                out.append("\n".join(current))
                current = []
        else:
            current.append(line.rstrip())
    if current:
        out.append("\n".join(current))
    return out


def edits_for(case: Any, route_id: str) -> dict[str, str] | None:
    entry = (case.extra.get(EDITS_KEY) or {}).get(route_id)
    return entry if isinstance(entry, dict) and isinstance(entry.get("text"), str) else None


def set_edits(case: Any, route_id: str, text: str, draft: str) -> None:
    """Remember the edited body; editing back to the draft forgets the edit."""
    store = case.extra.setdefault(EDITS_KEY, {})
    if text == draft:
        store.pop(route_id, None)
    else:
        store[route_id] = {"text": text, "draft": draft}
    if not store:
        case.extra.pop(EDITS_KEY, None)


def forget_edits(case: Any, route_id: str) -> None:
    store = case.extra.get(EDITS_KEY) or {}
    store.pop(route_id, None)
    if not store:
        case.extra.pop(EDITS_KEY, None)


def apply_edits(document: Any, case: Any, route_id: str) -> tuple[Any, bool]:
    """The document with the advocate's edited body, and whether the draft moved on since.

    Returns (document, stale): stale is True when the drafted body has changed
    since the advocate edited it; the edited words are still used.
    """
    entry = edits_for(case, route_id)
    if entry is None:
        return document, False
    draft_now = blocks_to_text(document.blocks)
    stale = entry.get("draft") not in (None, draft_now)
    edited = copy.copy(document)
    edited.blocks = text_to_blocks(entry["text"], document.blocks)
    return edited, stale
