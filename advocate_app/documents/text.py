"""Small text helpers shared by the builders and renderers.

Why here: UK dates are written one way everywhere ("26 November 2026", no
leading zero, whatever the machine's locale), and text from a case may hold
characters a PDF or a Word file cannot store (control characters, lone
surrogates), which must be dropped before any renderer sees them rather than
crash an export.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# XML 1.0 forbids these; python-docx raises on them and reportlab draws nothing useful.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def uk_date(value: dt.date | None) -> str:
    """26 November 2026 (no leading zero, English month names, locale-independent)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def clean(text: str | None) -> str:
    """Text safe for both renderers: normalised line ends, no forbidden characters."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _FORBIDDEN.sub("", text)


_MONTH_RE = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{4})\b", re.IGNORECASE)
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON_RE = re.compile(r"\b(spring|summer|autumn|fall|winter)\s+(\d{4})\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(19|20)(\d{2})\b")


def approximate_date(text: str | None) -> dt.date | None:
    """A sort key for "around March 2024", "from August 2026", "spring 2025", "2019"."""
    if not text:
        return None
    match = _MONTH_RE.search(text)
    if match:
        month = [m[:3].lower() for m in MONTHS].index(match.group(1).lower()) + 1
        return dt.date(int(match.group(2)), month, 1)
    match = _SEASON_RE.search(text)
    if match:
        return dt.date(int(match.group(2)), _SEASONS[match.group(1).lower()], 1)
    match = _YEAR_RE.search(text)
    if match:
        return dt.date(int(match.group(1) + match.group(2)), 1, 1)
    return None


def paragraphs_of(text: str) -> list[str]:
    """The account split into its paragraphs (blank lines), single line breaks kept."""
    parts = re.split(r"\n\s*\n", clean(text).strip())
    return [p.strip("\n") for p in parts if p.strip()]


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def has_phrase(text: str, phrase: str, *, keep: str = "") -> bool:
    """Whether `phrase` stands in `text` as whole words (punctuation ignored, except the characters in `keep`)."""
    words = "".join(ch if ch.isalnum() or ch in keep else " " for ch in text.casefold()).split()
    return f" {phrase.casefold()} " in f" {' '.join(words)} "
