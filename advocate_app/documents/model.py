"""The plain document model that both renderers (PDF and DOCX) draw.

Why a model of its own: a letter is built once from the case, the route and
its template, and then printed (PDF) or handed over for editing on an
organisation's letterhead (DOCX). Keeping the structure here, with every text
run a plain string and never markup, means the two outputs say exactly the same
thing and no renderer can interpret the person's words as formatting.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

KINDS = ("letter", "summary", "easy-read-summary")


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    """A paragraph; `emphasis` makes it bold (used sparingly, e.g. a key request)."""

    text: str
    emphasis: bool = False


@dataclass
class BulletList:
    items: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """The person's own words, printed as they wrote them."""

    text: str


@dataclass
class Table:
    """A simple table; `kind` "chronology" is the dated timeline of a letter."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    kind: str = "table"


Block = Union[Heading, Paragraph, BulletList, Quote, Table]


@dataclass
class Signature:
    """The sign-off: closing words, then the signer's name and details, one per line."""

    closing: str = "Yours faithfully"
    name: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class Document:
    kind: str
    title: str
    author: str = ""
    subject: str = ""
    language: str = "en-GB"
    sender: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    date: str | None = None
    reference: str | None = None
    subject_line: str | None = None
    salutation: str | None = None
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    enclosures: list[str] = field(default_factory=list)
    footer: str = ""
    large_print: bool = False
    # For the advocate before sending, never printed: what the letter relies on from secondary
    # sources ("Check: ..."), and facts worth adding (e.g. why a late complaint is late).
    checks: list[str] = field(default_factory=list)

    def text_runs(self) -> list[str]:
        """Every text run in reading order (used by tests and searches)."""
        runs: list[str] = [self.title, *self.sender, *self.recipient]
        runs += [r for r in (self.date, self.reference, self.subject_line, self.salutation) if r]
        for block in self.blocks:
            if isinstance(block, BulletList):
                runs += block.items
            elif isinstance(block, Table):
                runs += block.headers + [cell for row in block.rows for cell in row]
            else:
                runs.append(block.text)
        if self.signature:
            runs += [self.signature.closing, self.signature.name, *self.signature.lines]
        runs += self.enclosures
        if self.footer:
            runs.append(self.footer)
        return runs

    def plain_text(self) -> str:
        return "\n".join(self.text_runs())
