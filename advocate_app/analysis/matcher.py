"""Run many compiled phrase patterns over an account in one linear pass.

Why this shape: trying a thousand regular expressions at every position would
be far too slow for a live highlighter on a 10,000-word account. Instead each
pattern is looked up by one of its rarer required words (its *anchor*). One
pass over the words of the text finds the anchors present; only then is the
pattern tried, and only at the few word starts where a match could begin.
Cost grows with the length of the text, not with the size of the lexicon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from advocate_app.analysis.negation import is_cancelled
from advocate_app.analysis.normalise import normalised_view
from advocate_app.analysis.patterns import Anchor, gap_is_clean

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Rule:
    """One lexicon pattern: what it suggests, how strongly, and where it was written."""

    target: str                 # a factor id or a safeguarding category id
    kind: str                   # "phrase" (enough alone) or "hint" (needs support)
    weight: float
    pattern: str                # the pattern as written in the lexicon
    where: str                  # file and table, for reviewers
    source: str                 # the compiled regular expression's text
    anchor: Anchor


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int


class Matcher:
    """Compiled once per lexicon; `find` is safe to call from any thread."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        literal: dict[str, list[int]] = {}
        stems: dict[str, dict[str, list[int]]] = {}
        for index, rule in enumerate(rules):
            for kind, key in rule.anchor.keys:
                if kind == "lit":
                    literal.setdefault(key, []).append(index)
                else:
                    stems.setdefault(key[:3], {}).setdefault(key, []).append(index)
        self._literal = {k: tuple(sorted(set(v))) for k, v in literal.items()}
        self._stems = {k: tuple((stem, tuple(sorted(set(ids)))) for stem, ids in v.items())
                       for k, v in stems.items()}
        self._before = [rule.anchor.tokens_before for rule in rules]
        self._compiled: list[re.Pattern[str] | None] = [None] * len(rules)

    def regex(self, rule_id: int) -> re.Pattern[str]:
        """Compiled on first use: most patterns never meet their anchor word in a given account."""
        compiled = self._compiled[rule_id]
        if compiled is None:
            compiled = self._compiled[rule_id] = re.compile(self.rules[rule_id].source)
        return compiled

    def compile_all(self) -> None:
        """Compile every pattern now (tests, and warming up before the first account)."""
        for rule_id in range(len(self.rules)):
            self.regex(rule_id)

    def find(self, text: str, view: str | None = None) -> list[Hit]:
        """Every match not cancelled by a negation or hypothetical, in text order."""
        if view is None:
            view = normalised_view(text)
        rules = self.rules
        before = self._before
        literal_get = self._literal.get
        stems_get = self._stems.get
        starts: list[int] = []
        append = starts.append
        tried: set[tuple[int, int]] = set()
        found: dict[tuple[int, int, int], None] = {}
        index = -1
        compiled = self._compiled

        def attempt(rule_ids: tuple[int, ...]) -> None:
            for rid in rule_ids:
                regex = compiled[rid] or self.regex(rid)
                for j in range(max(0, index - before[rid]), index + 1):
                    pos = starts[j]
                    key = (rid, pos)
                    if key in tried:
                        continue
                    tried.add(key)
                    match = regex.match(view, pos)
                    if match and gap_is_clean(match):
                        found[(rid, match.start(), match.end())] = None

        for token in _TOKEN.finditer(view):
            index += 1
            append(token.start())
            word = token.group()
            ids = literal_get(word)
            if ids:
                attempt(ids)
            bucket = stems_get(word[:3])
            if bucket:
                for stem, stem_ids in bucket:
                    if word.startswith(stem):
                        attempt(stem_ids)
        hits = [Hit(rules[rid], start, end) for (rid, start, end) in found
                if not is_cancelled(view, start)]
        hits.sort(key=lambda h: (h.start, -h.end, h.rule.target))
        return hits
