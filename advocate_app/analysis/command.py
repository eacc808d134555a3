"""`advocate-app classify [FILE|-] [--json]`: suggested harms for an account, headless.

Why this reads bytes and decodes strictly: an account is the person's own
words, so the command must never guess at a broken encoding and silently
change them; it stops with one plain line instead (exit 2, see cli.md).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from advocate_app.analysis.classifier import classify
from advocate_app.analysis.types import LEARNED, LEXICON, Classification
from advocate_app.errors import UserError
from advocate_app.model.harm_model import load_harm_model

MAX_QUOTES_PER_FACTOR = 3
MAX_QUOTE_CHARS = 90


def read_account_bytes(file_arg: str | None) -> bytes:
    """The raw account from a file, or from stdin for "-" or no file."""
    if file_arg in (None, "-"):
        return sys.stdin.buffer.read()
    path = Path(file_arg)
    if path.is_dir():
        raise UserError(f"'{file_arg}' is a folder, not a text file. Nothing was changed. "
                        "Give the account as a UTF-8 text file.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"the file '{file_arg}' was not found. Nothing was changed. "
                        "Check the name and try again.") from None
    except PermissionError:
        raise UserError(f"the file '{file_arg}' could not be opened (permission denied). "
                        "Nothing was changed.") from None
    except OSError as error:
        raise UserError(f"the file '{file_arg}' could not be read ({error.strerror or 'read error'}). "
                        "Nothing was changed.") from None


def decode_account(data: bytes, where: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is allowed); refuse binary data and empty accounts."""
    if b"\x00" in data:
        raise UserError(f"{where} looks like a binary file, not text. Nothing was changed. "
                        "Save the account as plain UTF-8 text and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{where} is not UTF-8 text (unreadable byte at position {error.start}). "
                        "Nothing was changed. Save it as UTF-8 and try again.") from None
    if not text.strip():
        raise UserError(f"{where} is empty. Nothing was changed. Write or paste the account and try again.")
    return text


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > MAX_QUOTE_CHARS:
        flat = flat[: MAX_QUOTE_CHARS - 1].rstrip() + "\u2026"
    return f"\u201c{flat}\u201d"


def format_human(result: Classification) -> str:
    """Short plain English for the advocate, to read with the person."""
    model = load_harm_model()
    lines: list[str] = []
    if not result.sources:
        lines.append("No sources of harm were suggested for this account.")
        lines.append("That does not mean nothing happened: you and the person can still add any "
                     "harm that fits.")
    else:
        lexicon = [s for s in result.sources if s.tier == LEXICON]
        learned = [s for s in result.sources if s.tier == LEARNED]
        if lexicon:
            count = len(lexicon)
            lines.append(f"This account may show {count} source{'s' if count != 1 else ''} of harm, "
                         "strongest first.")
            lines.append("These are suggestions: the person decides what fits.")
        for number, source in enumerate(lexicon, start=1):
            lines.append("")
            lines.append(f"{number}. {source.label}")
            for factor in source.factors:
                quotes = [_quote(e.text) for e in factor.evidence[:MAX_QUOTES_PER_FACTOR]]
                more = len(factor.evidence) - len(quotes)
                tail = f" (and {more} more)" if more > 0 else ""
                lines.append(f"   - {factor.label}: {', '.join(quotes)}{tail}")
        if learned:
            lines.append("")
            lines.append("Weaker suggestions (from a learned model, not from the person's exact words; "
                         "check them with the person):")
            for source in learned:
                for factor in source.factors:
                    where = f" may relate to {_quote(factor.evidence[0].text)}" if factor.evidence else ""
                    lines.append(f"   ? {source.label} ({factor.label}){where}")
    citation = model.citation
    lines.append("")
    lines.append(f"Harm model {result.model}: {citation.authors[0].split()[-1]} et al. ({citation.year}), "
                 f"{citation.journal}, doi:{citation.doi}, {citation.licence}.")
    return "\n".join(lines) + "\n"


def _write(text: str) -> None:
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    buffer.write(text.encode(encoding, errors="replace"))
    buffer.flush()


def prepare() -> None:
    """Load what every classification reads, before the command runs (see cli._run_command)."""
    from advocate_app.analysis.cues import load_cue_set
    from advocate_app.analysis.learned import load_learned_model
    from advocate_app.analysis.lexicon import load_harm_lexicon

    load_harm_model()
    load_harm_lexicon()
    load_cue_set()
    load_learned_model()


def run(args: argparse.Namespace) -> int:
    file_arg = getattr(args, "file", "-")
    where = "the input" if file_arg in (None, "-") else f"'{file_arg}'"
    text = decode_account(read_account_bytes(file_arg), where)
    result = classify(text)
    if getattr(args, "json", False):
        import json   # only for --json: the plain answer never needs it

        sys.stdout.flush()
        payload = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(payload)
        else:
            buffer.write(payload.encode("utf-8"))
            buffer.flush()
    else:
        _write(format_human(result))
    return 0
