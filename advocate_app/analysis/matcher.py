"""Run many compiled phrase patterns over an account in one linear pass.

Why this shape: trying a thousand regular expressions at every position would
be far too slow for a live highlighter on a 10,000-word account. Instead each
pattern is looked up by one of its rarer required words (its *anchor*). One
pass over the words of the text finds the anchors present; only then is the
pattern tried, and only at the few word starts where a match could begin.
Cost grows with the length of the text, not with the size of the lexicon.
"""
from __future__ import annotations

import marshal
import re
import sys
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain

from advocate_app.analysis.compiled_cache import LazyPrograms, RegexCode, compile_regex
from advocate_app.analysis.negation import is_cancelled
from advocate_app.analysis.normalise import normalised_view
from advocate_app.analysis.pattern_runtime import gap_is_clean

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import Any, overload

    from advocate_app.analysis.anchor_shape import Anchor

_SPLIT = re.compile(r"(\w+)")   # words, with the gaps between them

# From this many words a text is matched on arrays (matcher_long.py), a 500 KB account or
# so; below it the plain pass is as fast and a fresh process need not load numpy.
LONG_TEXT_WORDS = 100_000


class CachedAnchors:
    """The anchors of a cached lexicon's rules, decoded all together the first time one is read.

    Why: decoding two thousand anchors' word sets took about 40 ms of the 140 ms
    a fresh process spends loading the classifier, and classifying never reads
    them (the matcher's look-up tables are cached on their own). Only building a
    new matcher from chosen rules, and the tests, ask for an anchor.
    """

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        self._anchors: list[Anchor] | None = None

    def __getitem__(self, index: int) -> Anchor:
        if self._anchors is None:
            from advocate_app.analysis.anchor_shape import Anchor

            self._anchors = [Anchor(keys, before, start, second, span, tuple(required))
                             for keys, before, start, second, span, required in marshal.loads(self._blob)]
        return self._anchors[index]


@dataclass(frozen=True)
class Rule:
    """One lexicon pattern: what it suggests, how strongly, and where it was written."""

    target: str                 # a factor id or a safeguarding category id
    kind: str                   # "phrase" (enough alone) or "hint" (needs support)
    weight: float
    pattern: str                # the pattern as written in the lexicon
    where: str                  # file and table, for reviewers
    source: str                 # the compiled regular expression's text
    # the anchor, or where in a cached lexicon's anchors to find it (the same pattern has the same anchor)
    anchor_source: Anchor | tuple[CachedAnchors, int] = field(compare=False, repr=False)

    @property
    def anchor(self) -> Anchor:
        """The words the matcher looks this rule up by (pattern_anchor.py)."""
        found = self.anchor_source
        if not isinstance(found, tuple):
            return found
        anchors, index = found
        return anchors[index]


def rules_to_data(rules: Sequence[Rule]) -> tuple[list[tuple], bytes]:
    """Plain data for the compiled cache (compiled_cache.py): the rules, and their anchors as one blob."""
    anchors = [rule.anchor for rule in rules]
    return ([(r.target, r.kind, r.weight, r.pattern, r.where, r.source) for r in rules],
            marshal.dumps([(a.keys, a.tokens_before, a.start_keys, a.second_keys, a.tokens_span, a.required)
                           for a in anchors]))


class CachedRules(Sequence[Rule]):
    """A cached lexicon's rules, each made the first time it is read.

    Why: making all 2,127 rule objects took about 6 ms of a fresh process's
    start, and an account reads only the rules it compiles or finds (about 500
    of a 10,000-word account, a handful of a short one). A rule, once made, is
    the same object every time it is read.
    """

    def __init__(self, rows: list[tuple], anchors_blob: bytes) -> None:
        self._rows = rows
        self._anchors = CachedAnchors(anchors_blob)
        self._made: list[Rule | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    if TYPE_CHECKING:
        @overload
        def __getitem__(self, index: int) -> Rule: ...

        @overload
        def __getitem__(self, index: slice) -> list[Rule]: ...

    def __getitem__(self, index: int | slice) -> Rule | list[Rule]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        rule = self._made[index]
        if rule is None:
            position = index % len(self._rows)
            rule = self._made[index] = Rule(*self._rows[index], (self._anchors, position))
        return rule


def rules_from_data(rows: list[tuple], anchors_blob: bytes) -> CachedRules:
    return CachedRules(rows, anchors_blob)


@dataclass(frozen=True)
class Hit:
    """One match of a lexicon rule: offsets into the text the matcher was given."""

    rule: Rule
    start: int
    end: int


class _TextIndex:
    """Where each word occurs in one text, so a pattern's candidates are found by bisection.

    Why: a pattern is tried only where its anchor word occurs, and then only at
    word starts that can begin it and only if its other required word is close
    by; looking those up in sorted position lists keeps the cost per anchor
    occurrence small and independent of the size of the lexicon.

    One index serves every matcher run over the same text (see `text_index`):
    a plan runs the harm lexicon and the safeguarding lexicon over the same
    account, and on a long account splitting it into words costs as much as
    the matching. Whether a match is cancelled by a negation depends only on
    the text and where the match starts, so that answer is kept here too.
    """

    def __init__(self, view: str) -> None:
        self.view = view
        # one split gives the words and the gaps between them; where each word starts is the running
        # total of their lengths, worked out in C (a match object per word took twice as long)
        parts = _SPLIT.split(view)
        words = parts[1::2]
        self.words = words
        self.starts = list(accumulate(map(len, parts), initial=0))[1:-1:2]
        # one pass, positions ascending per word: linear, where sorting a long text's words is not
        positions: dict[str, list[int]] = {}
        get = positions.get
        for i, word in enumerate(words):
            at = get(word)
            if at is None:
                positions[word] = [i]
            else:
                at.append(i)
        self.positions = positions
        self.present = set(positions)
        by_prefix: dict[str, list[str]] = {}
        for word in positions:
            by_prefix.setdefault(word[:3], []).append(word)
        self._by_prefix = by_prefix
        self._cache: dict[tuple[frozenset[str], tuple[str, ...]], list[int]] = {}
        self._cancelled: dict[int, bool] = {}

    def words_for(self, lits: frozenset[str], stems: tuple[str, ...]) -> set[str]:
        """The words of this text that are one of `lits` or begin with one of `stems`."""
        hit = set(lits.intersection(self.present))
        for stem in stems:
            if len(stem) >= 3:
                hit.update(w for w in self._by_prefix.get(stem[:3], ()) if w.startswith(stem))
            else:
                hit.update(w for w in self.present if w.startswith(stem))
        return hit

    def sorted_positions(self, lits: frozenset[str], stems: tuple[str, ...]) -> list[int]:
        key = (lits, stems)
        cached = self._cache.get(key)
        if cached is None:
            hit = self.words_for(lits, stems)
            if len(hit) == 1:
                cached = self.positions[next(iter(hit))]
            else:
                cached = sorted(chain.from_iterable(self.positions[w] for w in hit))
            self._cache[key] = cached
        return cached

    def cancelled(self, start: int) -> bool:
        """`negation.is_cancelled` at `start`, worked out once per text and position."""
        answer = self._cancelled.get(start)
        if answer is None:
            answer = self._cancelled[start] = is_cancelled(self.view, start)
        return answer


# The index of the text matched last. One entry is enough: the matchers of one
# plan or one keystroke all run over the same text, one after another. The
# entry holds its own view, so a text equal to it (the same account read again)
# finds it too; an index is only read after it is built (the negation answers it
# adds are the same whichever thread adds them), so threads may share it.
_last_index: _TextIndex | None = None


def text_index(view: str) -> _TextIndex:
    """The word index of this normalised view, shared with the matcher runs before it on the same text."""
    global _last_index
    last = _last_index
    if last is not None and (last.view is view or last.view == view):
        return last
    index = _TextIndex(view)
    _last_index = index
    return index


def index_tables(rules: Sequence[Rule]) -> dict:
    """The look-up tables a Matcher needs, as plain data (kept in the compiled cache)."""
    literal: dict[str, list[int]] = {}
    stems: dict[str, dict[str, list[int]]] = {}
    for index, rule in enumerate(rules):
        for kind, key in rule.anchor.keys:
            if kind == "lit":
                literal.setdefault(key, []).append(index)
            else:
                stems.setdefault(key[:3], {}).setdefault(key, []).append(index)

    # Equal word sets are stored once: the cache then holds one copy and a new process unpacks one.
    shared: dict = {}

    def once(value: Any) -> Any:
        return shared.setdefault(value, value)

    def split(keys: frozenset[tuple[str, str]] | None) -> tuple[frozenset[str], tuple[str, ...]] | None:
        if not keys:
            return None
        return once((once(frozenset(sys.intern(k) for kind, k in keys if kind == "lit")),
                     once(tuple(sorted(k for kind, k in keys if kind == "stem")))))

    return {
        "literal": {k: tuple(sorted(set(v))) for k, v in literal.items()},
        "stems": {k: tuple((stem, tuple(sorted(set(ids)))) for stem, ids in v.items()) for k, v in stems.items()},
        "before": [rule.anchor.tokens_before for rule in rules],
        # where a match can begin (None: anywhere), and a second word every match needs
        "start": [split(r.anchor.start_keys) if r.anchor.tokens_before else None for r in rules],
        "second": [split(r.anchor.second_keys) for r in rules],
        "span": [r.anchor.tokens_span for r in rules],
        # words every match needs (parts that allow word beginnings are left out, and so is the
        # anchor's own part, which any place the rule is tried has), as tuples of interned strings:
        # a new process unpacks them from the cache four times faster than sets
        "required": [tuple(once(tuple(sorted(sys.intern(k) for _, k in keys))) for keys in rule.anchor.required
                           if keys != rule.anchor.keys and all(kind == "lit" for kind, _ in keys))
                     for rule in rules],
    }


class Matcher:
    """Compiled once per lexicon; `find` is safe to call from any thread."""

    def __init__(self, rules: Sequence[Rule], codes: dict[str, RegexCode] | LazyPrograms | None = None,
                 tables: dict | None = None) -> None:
        """`tables` is `index_tables(rules)`, when the compiled cache already holds it."""
        self.rules = rules
        self.codes = codes or {}
        self._compiled: list[re.Pattern[str] | None] = [None] * len(rules)
        t = tables if tables is not None else index_tables(rules)
        self._literal: dict[str, tuple[int, ...]] = t["literal"]
        self._stems: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = t["stems"]
        self._before: list[int] = t["before"]
        self._start: list[tuple[frozenset[str], tuple[str, ...]] | None] = t["start"]
        self._second: list[tuple[frozenset[str], tuple[str, ...]] | None] = t["second"]
        self._span: list[int] = t["span"]
        self._required: list[tuple[tuple[str, ...], ...]] = t["required"]
        self._last: tuple[str, list[Hit]] | None = None
        self._first_text = True

    def regex(self, rule_id: int) -> re.Pattern[str]:
        """Compiled on first use: most patterns never meet their anchor word in a given account."""
        compiled = self._compiled[rule_id]
        if compiled is None:
            source = self.rules[rule_id].source
            compiled = self._compiled[rule_id] = compile_regex(source, self.codes.get(source))
        return compiled

    def compile_all(self) -> None:
        """Compile every pattern now (tests, and warming up before the first account)."""
        for rule_id in range(len(self.rules)):
            self.regex(rule_id)

    def find(self, text: str, view: str | None = None) -> list[Hit]:
        """Every match not cancelled by a negation or hypothetical, in text order.

        The answer for the last text is kept: a plan asks the same lexicon about
        the same account more than once (the harm suggestions need who did what,
        and so do the safeguarding categories).
        """
        if view is None:
            view = normalised_view(text)
        last = self._last
        if last is not None and (last[0] is view or last[0] == view):
            return list(last[1])
        hits = self._find(view)
        self._last = (view, hits)
        return list(hits)

    def _find(self, view: str) -> list[Hit]:
        rules = self.rules
        index_of = text_index(view)
        present = index_of.present
        # a pattern whose required words are not all somewhere in the text cannot match
        disjoint = present.isdisjoint
        viable = [all(not disjoint(keys) for keys in required) for required in self._required]
        # which rules each distinct word of this text triggers, worked out once per word
        literal_get = self._literal.get
        stems_get = self._stems.get
        triggers: dict[str, tuple[int, ...]] = {}
        for word in index_of.present:
            ids = literal_get(word, ())
            bucket = stems_get(word[:3])
            if bucket:
                for stem, stem_ids in bucket:
                    if word.startswith(stem):
                        ids = ids + stem_ids
            ids = tuple(rid for rid in ids if viable[rid])
            if ids:
                triggers[word] = ids
        if len(index_of.words) >= LONG_TEXT_WORDS:
            from advocate_app.analysis.matcher_long import find_long
            found = find_long(index_of, triggers, (self._before, self._span, self._second, self._start),
                              self.regex)
        else:
            found = self._find_places(index_of, triggers)
        cancelled = index_of.cancelled
        # rule order breaks ties, so equal spans come out the same in every process (the places
        # are visited in the order of a set of words, which differs from run to run)
        kept = sorted((start, -end, rules[rid].target, rid) for (rid, start, end) in found if not cancelled(start))
        return [Hit(rules[rid], start, -negative_end) for start, negative_end, _, rid in kept]

    def _find_places(self, index_of: _TextIndex, triggers: dict[str, tuple[int, ...]]
                     ) -> dict[tuple[int, int, int], None]:
        """(rule, start, end) of every match, before negations: the plain pass, for texts of normal length."""
        before = self._before
        span = self._span
        start_keys = self._start
        second_keys = self._second
        compiled = self._compiled
        view = index_of.view
        words = index_of.words
        token_starts = index_of.starts
        # Rule by rule over all places its anchor word occurs: what depends only on the rule is
        # looked up once, and the places come in ascending order, so the search for the rule's
        # second word resumes where it stopped. A place already tried for a rule (reached through
        # another of its anchor words) is not tried again; the key is one int, rid + pos * rules.
        count = len(self.rules)
        required = self._required
        first = self._first_text
        self._first_text = False
        tried: set[int] = set()
        found: dict[tuple[int, int, int], None] = {}
        second_at: dict[int, list[int]] = {}
        for word, ids in triggers.items():
            places = index_of.positions[word]
            for rid in ids:
                back = before[rid]
                reach = span[rid]
                need = second_keys[rid]
                seconds: list[int] | None = None
                if need is not None:
                    seconds = second_at.get(rid)
                    if seconds is None:
                        seconds = second_at[rid] = index_of.sorted_positions(*need)
                    last = len(seconds)
                begin = start_keys[rid]
                # compiled at its first candidate: on a long account most triggered rules
                # never get one (their second word is nowhere near), so most are never compiled
                regex = compiled[rid]
                needs = required[rid]
                k = 0
                for index in places:
                    lo = index - back if index > back else 0
                    if seconds is not None:
                        if k < last and seconds[k] < lo:
                            k = bisect_left(seconds, lo, k)
                        if k == last or seconds[k] > index + reach:
                            continue
                    if first and regex is None and needs:
                        # The matcher's first text, in a process that has not compiled this rule:
                        # first make sure every word the pattern needs is near. Most rules an account
                        # triggers never match it (on 10,000 words 587 of the 724 compiled did not),
                        # and compiling them was most of a fresh `classify`'s matching. A match lies
                        # within these words, so this skips nothing a match needs. On later texts
                        # (the live highlighter) a failed match costs less than this check, so the
                        # rule is compiled at its first candidate as before.
                        near = set(words[lo:index + reach + 1])
                        if any(near.isdisjoint(group) for group in needs):
                            continue
                    if begin is None:
                        candidates: range | list[int] = range(lo, index + 1)
                    else:
                        lits, stems = begin
                        window = words[lo:index + 1]
                        if stems:
                            candidates = [lo + n for n, w in enumerate(window)
                                          if w in lits or w.startswith(stems)]
                        else:
                            candidates = [lo + n for n, w in enumerate(window) if w in lits]
                    for j in candidates:
                        pos = token_starts[j]
                        key = rid + pos * count
                        if key in tried:
                            continue
                        tried.add(key)
                        if regex is None:
                            regex = self.regex(rid)
                        match = regex.match(view, pos)
                        if match and gap_is_clean(match):
                            found[(rid, match.start(), match.end())] = None
        return found
