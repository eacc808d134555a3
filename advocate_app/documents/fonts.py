"""The bundled font, and what to do with characters it cannot draw.

Why bundled: letters must print the same on every laptop, offline, whatever
the person's name is written in. DejaVu Sans (resources/fonts, Bitstream Vera
licence) covers Latin with every accent, Greek, Cyrillic, Hebrew, Arabic,
Armenian, Georgian and many symbols.

What it cannot draw is handled here, never by crashing:
- Emoji and other characters outside the Basic Multilingual Plane become a
  visible description, e.g. "[emoji: thumbs up sign]". Colour emoji cannot be
  printed in a plain PDF font, and reportlab writes broken text maps for such
  characters (the PDF would lose its text layer), so a description is both the
  honest print and what a screen reader gets. Skin-tone modifiers and emoji
  variation selectors are dropped.
- "Styled" letters copied from social media (mathematical bold and the like)
  are printed as their plain letters (Unicode compatibility form).
- Other characters in the Basic Multilingual Plane that DejaVu lacks (for
  example Chinese or Devanagari) are kept: they print as an empty box, but the
  text stays in the PDF for copying and screen readers. The DOCX output keeps
  every character, and Word substitutes a font.
- Right-to-left text (Hebrew, Arabic) is shaped and ordered with HarfBuzz when
  the optional `uharfbuzz` package is installed; without it the letters are
  still present and extractable, in logical order.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from advocate_app.resources import resource_path

REGULAR = "AdvocateSans"
BOLD = "AdvocateSans-Bold"
ITALIC = "AdvocateSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@lru_cache(maxsize=1)
def _shaping() -> bool:
    """Whether the optional `uharfbuzz` is installed (proper shaping and ordering of Arabic and Hebrew).

    Looked for only when a text needs it: importing it costs a letter in
    English as much as laying out a page. The first time it is found, Latin
    words in shaped runs are kept free of discretionary ligatures.
    """
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installation
        return False
    _quiet_discretionary_ligatures()
    return True


def __getattr__(name: str) -> bool:
    """`SHAPING`: whether right-to-left text is shaped, worked out on first use (see `_shaping`)."""
    if name == "SHAPING":
        return _shaping()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_RTL_OR_JOINING = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_DROP = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


@lru_cache(maxsize=None)
def register_face(name: str) -> None:
    """Register one face of the family, once per process, when a document first needs it.

    Why one at a time: reading a TrueType face costs about as much as laying
    out a two-page letter, and most letters never use the oblique face (only
    quotations do). The family's bold and italic mappings name faces, so they
    are declared with the regular face; a face is registered before any
    document whose styles use it is laid out.
    """
    pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", _FILES[name]))))
    if name == REGULAR:
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    register_face(REGULAR)
    face = pdfmetrics.getFont(REGULAR).face
    return frozenset(cp for cp in face.charToGlyph if cp <= 0xFFFF)


def register_fonts(faces: Iterable[str] = tuple(_FILES)) -> frozenset[int]:
    """Register these faces (the regular one always, all by default); return the code points the regular face has."""
    register_face(REGULAR)
    for name in faces:
        register_face(name)
    return _coverage()


def _quiet_discretionary_ligatures() -> None:
    """Shaping is only for right-to-left runs; keep Latin words in them free of 'st'-style ligatures."""
    from reportlab.pdfbase import ttfonts

    defaults = getattr(ttfonts.shapeFragWord, "__defaults__", None) or ()
    for value in defaults:
        if isinstance(value, dict) and "dlig" in value:
            value["dlig"] = False


@lru_cache(maxsize=1)
def _covered_chars() -> frozenset[str]:
    return frozenset(chr(cp) for cp in _coverage()) | {"\n"}


def needs_shaping(text: str) -> bool:
    return bool(_RTL_OR_JOINING.search(text)) and _shaping()


def _describe(char: str) -> str:
    name = unicodedata.name(char, "").lower()
    category = unicodedata.category(char)
    if category == "So" or 0x1F000 <= ord(char) <= 0x1FAFF:
        return f"[emoji: {name}]" if name else "[emoji]"
    return f"[{name}]" if name else f"[character U+{ord(char):04X}]"


def printable(text: str) -> str:
    """Text the bundled font can print: see the module docstring for what changes and why."""
    if text.isascii():
        return text
    coverage = _coverage()
    text = unicodedata.normalize("NFC", _DROP.sub("", text))
    if _covered_chars().issuperset(text):
        return text
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code in coverage or char == "\n":
            out.append(char)
            continue
        if char == "\u200d":  # zero-width joiner between emoji: nothing to print
            continue
        compat = unicodedata.normalize("NFKC", char)
        if compat != char and all(ord(c) in coverage for c in compat):
            out.append(compat)
        elif code > 0xFFFF or unicodedata.category(char) == "So":
            out.append(_describe(char))
        else:
            out.append(char)
    return "".join(out)
