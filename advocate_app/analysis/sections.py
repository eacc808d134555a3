"""Parts of a document that state the law or an ombudsman's powers, not what happened.

Why: a full ombudsman decision explains its powers and the law before it says
what happened, in the words of the very harms it is about ("Service failure can
happen when an organisation fails to provide a service ..."). Those sentences
describe no one, so the classifier reads no evidence in them, and the learned
tier never quotes them as the sentence a suggestion may relate to. The learned
tier still reads the whole text: blanking these parts for it as well gave
0.428 against 0.438 on 65 untrimmed decisions (docs/suggestion-quality.md).
Which headings start and end such a part is data, in
resources/lexicon/sections.toml, with the reasons.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from advocate_app.analysis.compiled_cache import cached
from advocate_app.analysis.lexicon import SECTIONS_FILE, LexiconError
from advocate_app.resources import resource_path

MAX_HEADING_WORDS = 12
_LINE = re.compile(r"[^\n]*\n?")
_LEADER = re.compile(r"^\s*(?:[-*#•]+|\d+[.)]?)\s*")
_WORDS = re.compile(r"[a-z0-9][a-z0-9'&-]*")
# Someone in particular: the law speaks of "a person" and "councils", never of "my" care or "Mr B".
_SOMEONE = re.compile(r"\b(?:[Mm]y|[Mm]e|[Mm]yself|MY|ME)\b|\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z]")


@dataclass(frozen=True)
class SectionRules:
    """Which headings start and end a part that states the law or an ombudsman's powers (sections.toml)."""

    starts: frozenset[str]
    procedural_starts: frozenset[str]   # parts that name people as a matter of course
    continues_with: frozenset[str]      # single words and phrases of several words
    ends: tuple[str, ...]


@lru_cache(maxsize=1)
def section_rules() -> SectionRules:
    """The headings of sections.toml, read once; a missing or broken file is a LexiconError that says which.

    Kept parsed in the compiled cache: every `classify` needs them, and Python's
    TOML parser is a noticeable part of a fresh process's start.
    """
    try:
        raw = resource_path("lexicon", SECTIONS_FILE).read_bytes()
        lists = cached("sections", [raw], lambda: _parsed(raw))
    except FileNotFoundError:
        raise LexiconError(f"lexicon file {SECTIONS_FILE} is missing") from None
    except (ValueError, KeyError, TypeError) as error:  # not UTF-8, not TOML, or a list missing
        raise LexiconError(f"lexicon file {SECTIONS_FILE} cannot be read: {error!r}") from None
    return SectionRules(starts=frozenset(_normalise(h) for h in lists["starts"]),
                        procedural_starts=frozenset(_normalise(h) for h in lists["procedural_starts"]),
                        continues_with=frozenset(_normalise(w) for w in lists["continues_with"]),
                        ends=tuple(_normalise(h) for h in lists["ends"]))


def _parsed(raw: bytes) -> dict[str, list[str]]:
    import tomllib

    data = tomllib.loads(raw.decode("utf-8"))["law"]
    return {key: [str(item) for item in data[key]] for key in ("starts", "procedural_starts", "continues_with", "ends")}


def _normalise(line: str) -> str:
    line = _LEADER.sub("", line.lower().replace("\u2019", "'").replace("\u2018", "'"))
    return " ".join(_WORDS.findall(line.rstrip().rstrip(":")))


def _heading(line: str) -> str | None:
    """The line as a heading (normalised), or None when it is a sentence or too long to be one."""
    stripped = line.strip()
    if not stripped or stripped[-1] in ".!?;,":
        return None
    words = _normalise(stripped)
    if not words or len(words.split()) > MAX_HEADING_WORDS:
        return None
    return words


def _keeps_going(heading: str, rules: SectionRules) -> bool:
    if any(heading == end or heading.startswith(end + " ") for end in rules.ends):
        return False
    padded = f" {heading} "
    return any(f" {word} " in padded for word in rules.continues_with)


@lru_cache(maxsize=8)
def law_sections(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each part of `text` that states the law or powers, in text order.

    Cached for the last few texts: `classify` asks twice (for the lexicon's
    evidence, then for the learned tier's quote).
    """
    if "\n" not in text:
        return ()
    rules = section_rules()
    out: list[tuple[int, int]] = []
    start: int | None = None
    names_people = False        # the part is procedural, where naming someone is expected
    position = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not line:
            break
        # The last line, with nothing after it, is never a heading: an excerpt may stop mid-sentence.
        heading = _heading(line) if line.endswith("\n") else None
        if heading is not None:
            if heading in rules.starts or heading in rules.procedural_starts:
                if start is None:
                    start = position
                names_people = heading in rules.procedural_starts
            elif start is not None and not _keeps_going(heading, rules):
                out.append((start, position))
                start = None
        elif start is not None and not names_people and _SOMEONE.search(line):
            out.append((start, position))
            start = None
        position += len(line)
    if start is not None:
        out.append((start, len(text)))
    return tuple(out)
