"""Letter and summary templates: a sandboxed Jinja2 environment and a line parser.

Why this shape: templates live in `resources/templates/` as text a
non-programmer can review. They render a small line-based structure
(`## heading`, `- bullet`, `> quote`, `| table | row`, `@directive value`,
blank-line paragraphs; see `resources/templates/README.md`), which
`parse_structure` turns into document blocks.

The person's words must never become structure or markup, so every value a
template prints passes through `_finalize`: it is HTML-escaped (autoescape is
on) and, in addition, the characters that mean structure at the start of a line
(`#`, `-`, `>`, `|`, `@`, `!`) and line breaks are written as numeric character
references. A value can therefore never start a line of its own or add a line.
The parser splits the structure first and only then decodes the references in
each text run (`html.unescape`), so `&`, `<b>`, `{{ }}` and `## ` in an account
come out exactly as written, and no `&amp;` leaks into a letter.
"""
from __future__ import annotations

import html
import marshal
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from advocate_app import paths
from advocate_app.documents.model import Block, BulletList, Heading, Paragraph, Quote, Table
from advocate_app.errors import UserError
from advocate_app.resources import read_cache_entry, resource_path, write_cache_entry

# HTML's five plus every character that means structure at a line start, and line breaks.
_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    "\n": "&#10;", "#": "&#35;", "-": "&#45;", "|": "&#124;", "@": "&#64;", "!": "&#33;", "*": "&#42;",
}
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


def escape_value(value: Any) -> Markup:
    """A value as safe template output: one pass, so no reference is escaped twice."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text))


def join_and(items: Any) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    words = [str(i) for i in items if str(i)]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def sentence(value: Any) -> str:
    """Typed text as the end of a sentence: a full stop added unless it already ends like one."""
    text = str(value or "").rstrip()
    if text and text[-1] not in ".!?…\"'”’":
        text += "."
    return text


def _finalize(value: Any) -> Any:
    return escape_value(value)


class _CompiledTemplates(BytecodeCache):
    """Compiled letter templates kept in the app's cache folder (marshal, checksummed; no pickle).

    Why: compiling the letter's templates costs a fresh command-line process
    as much as laying out the letter. Jinja hands over the template's source
    checksum; an entry is used only when it was made from the same source by
    the same Python, so an edited template is always compiled afresh.
    """

    _VERSION = sys.version

    def _path(self, bucket: Bucket) -> Path:
        return paths.cache_dir() / f"template-{bucket.key}@{bucket.checksum}.bin"

    def load_bytecode(self, bucket: Bucket) -> None:
        body = read_cache_entry(self._path(bucket))
        if body is None:
            return
        try:
            version, code = marshal.loads(body)
        except (ValueError, EOFError, TypeError):
            return
        if version == self._VERSION:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            write_cache_entry(self._path(bucket), marshal.dumps((self._VERSION, bucket.code)))


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        bytecode_cache=_CompiledTemplates(),
        loader=FileSystemLoader(str(resource_path("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    from advocate_app.documents.context import possessive
    from advocate_app.documents.text import first_upper

    env.filters["possessive"] = possessive
    env.filters["capital"] = lambda value: first_upper(str(value or ""))
    env.filters["sentence"] = sentence
    env.filters["join_and"] = join_and
    env.filters["without_brackets"] = lambda value: re.sub(r"\s*\([^()]*\)", "", str(value or "")).strip()
    return env


def render(template_name: str, context: dict[str, Any]) -> str:
    """Render a template to its line structure (still with character references)."""
    try:
        template = environment().get_template(template_name)
        return template.render(**context)
    except TemplateNotFound:
        raise UserError(
            f"The letter template '{template_name}' is missing from resources/templates. "
            "Nothing was written; please reinstall the app."
        ) from None
    except TemplateError as error:
        raise UserError(
            f"The template '{template_name}' could not be used ({error.__class__.__name__}: {error}). "
            "Nothing was written; please report this to whoever supports the app."
        ) from None


@dataclass
class Rendered:
    """A rendered template: its blocks and the values of its `@directives`."""

    blocks: list[Block] = field(default_factory=list)
    directives: dict[str, list[str]] = field(default_factory=dict)

    def directive(self, name: str, default: str | None = None) -> str | None:
        values = self.directives.get(name)
        return values[-1] if values else default


def _text(raw: str) -> str:
    return html.unescape(raw)


def parse_structure(rendered: str) -> Rendered:
    """Turn the line structure into blocks; decode character references per text run."""
    out = Rendered()
    paragraph: list[str] = []
    emphasis = False
    quote: list[str] = []
    bullets: list[str] = []
    table: list[list[str]] | None = None
    table_kind = "table"

    def flush() -> None:
        nonlocal paragraph, emphasis, quote, bullets, table
        if paragraph:
            out.blocks.append(Paragraph(_text(" ".join(paragraph)), emphasis=emphasis))
        if quote:
            out.blocks.append(Quote(_text(" ".join(quote))))
        if bullets:
            out.blocks.append(BulletList([_text(b) for b in bullets]))
        if table:
            headers, *rows = table
            width = len(headers)
            rows = [(r + [""] * width)[:width] for r in rows]
            out.blocks.append(Table([_text(h) for h in headers], [[_text(c) for c in r] for r in rows], kind=table_kind))
        paragraph, emphasis, quote, bullets, table = [], False, [], [], None

    for raw_line in rendered.split("\n"):
        line = raw_line.strip()
        if not line:
            flush()
            continue
        if line.startswith("@"):
            name, _, value = line[1:].partition(" ")
            if name == "table":
                flush()
                table_kind = value.strip() or "table"
                table = []
                continue
            out.directives.setdefault(name, []).append(_text(value.strip()))
            continue
        if line.startswith("|") and table is not None:
            cells = [c.strip() for c in line.strip("|").split("|")]
            table.append(cells)
            continue
        if line.startswith("#"):
            flush()
            marks = len(line) - len(line.lstrip("#"))
            out.blocks.append(Heading(_text(line[marks:].strip()), level=min(marks, 3)))
            continue
        if line.startswith("- "):
            if paragraph or quote or table:
                flush()
            bullets.append(line[2:].strip())
            continue
        if line.startswith(">"):
            if paragraph or bullets or table:
                flush()
            quote.append(line[1:].strip())
            continue
        if line.startswith("!"):
            if quote or bullets or table or (paragraph and not emphasis):
                flush()
            emphasis = True
            paragraph.append(line[1:].strip())
            continue
        if quote or bullets or table or emphasis:
            flush()
        paragraph.append(line)
    flush()
    return out


def render_structure(template_name: str, context: dict[str, Any]) -> Rendered:
    return parse_structure(render(template_name, context))
