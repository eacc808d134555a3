"""The advocate's edits of a letter's body: as editable text, and applied to the drafted letter.

Why in documents/: the wizard and `advocate-app letter` must print the same
letter for a case, so the edits are a typed field of the case
(`Case.letter_edits`, by route id) and are applied here, not in GUI code.

The body is shown as plain text with the same few marks the letter templates
use (`# ` or `## ` heading, `- ` list item, `> ` the person's words, `! `
bold), tables as one `[Table: ...]` line that keeps the table as drafted, and
a blank line between blocks. Unedited text turns back into exactly the same
blocks, so opening the editor changes nothing. Each edit keeps the draft it
was based on, so a later change to the draft (new answers) is noticed and the
advocate's words are never dropped.
"""
from __future__ import annotations

import copy
import dataclasses

from advocate_app.documents.model import Block, BulletList, Document, Heading, Paragraph, Quote, Table
from advocate_app.model.case import Case, LetterEdit

_MARKS = ("#", "-", ">", "!", "[Table", "\\")


def _protect(line: str) -> str:
    """A line of plain text that happens to start with a mark gets a backslash in front."""
    return "\\" + line if line.startswith(_MARKS) or line.strip() == "" else line


def _table_label(table: Table, index: int) -> str:
    name = "chronology" if table.kind == "chronology" else f"table {index}"
    return f"[Table: {name}, kept as drafted]"


def blocks_to_text(blocks: list[Block]) -> str:
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


def text_to_blocks(text: str, original: list[Block]) -> list[Block]:
    """Blocks from edited text; `[Table ...]` lines bring back the drafted tables in order."""
    drafted_tables = [b for b in original if isinstance(b, Table)]
    blocks: list[Block] = []
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


def edits_for(case: Case, route_id: str) -> LetterEdit | None:
    return case.letter_edits.get(route_id)


def set_edits(case: Case, route_id: str, text: str, draft: str) -> None:
    """Remember the edited body; editing back to the draft forgets the edit."""
    if text == draft:
        case.letter_edits.pop(route_id, None)
    else:
        case.letter_edits[route_id] = LetterEdit(text=text, draft=draft)


def forget_edits(case: Case, route_id: str) -> None:
    case.letter_edits.pop(route_id, None)


def apply_edits(document: Document, case: Case, route_id: str) -> tuple[Document, bool]:
    """The document with the advocate's edited body, and whether the draft moved on since.

    Returns (document, stale): stale is True when the drafted body has changed
    since the advocate edited it; the edited words are still used.
    """
    edit = edits_for(case, route_id)
    if edit is None:
        return document, False
    stale = is_stale(case, route_id, blocks_to_text(document.blocks))
    return dataclasses.replace(document, blocks=text_to_blocks(edit.text, document.blocks)), stale


def is_stale(case: Case, route_id: str, draft_now: str) -> bool:
    """True when the route's letter was edited from a draft that differs from `draft_now`."""
    edit = edits_for(case, route_id)
    return edit is not None and edit.draft is not None and edit.draft != draft_now
