"""A second, looser signal: sentences that combine a topic with a problem.

Why: the phrase lexicon finds the exact ways people in our corpus put things,
but real accounts (ombudsman decisions, news reports, testimony) say the same
harm in words nobody listed. A sentence that mentions *records* and says they
are *untrue*, or names *two services* and says *neither would help*, shows a
harm whatever its exact wording. Each factor's cue groups live in
resources/lexicon/cues/*.toml; a factor fires on a sentence that has a cue
from every required group, where the problem cue is not denied or imagined
("they never lied", "if the notes had been wrong"). The topic group may also
be met by the sentence just before ("I read my notes. Half of it was lies.").

A cue sentence is weaker evidence than a curated phrase, so its weight is
lower and only the first cue sentence of a factor counts fully: a factor found
only by cues is still suggested, but strong phrase matches order first.

A problem word that the phrase lexicon has already matched (for any factor)
is the lexicon's to judge: "she shouted at me" is its intimidation phrase, not
also a cue for another factor. A factor's "exclude" words, and praise without
a turn ("really helpful and sorted it"), stop a cue sentence.

Speed (the live highlighter re-runs this as the person types): per sentence,
the words are found by one C-level regex call and met against the cue words by
set intersection; Python work happens only per cue found, and the costly
negation check only for sentences where a rule already has all its groups.
Linear in the length of the account.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from collections.abc import Callable, Iterable

from advocate_app.analysis.compiled_cache import cached, compile_regex, regex_codes
from advocate_app.analysis.negation import is_cancelled
from advocate_app.analysis.normalise import normalised_view
from advocate_app.resources import read_toml, resource_path

FIRST_WEIGHT = 0.55     # one cue sentence: just enough to suggest a factor (the lexicon's phrases are 0.75)
WINDOW_WEIGHT = 0.52    # the topic was in the sentence before
EXTRA_WEIGHT = 0.1      # each further cue sentence for the same factor adds a little
MAX_CUE_SPANS = 3       # evidence shown per factor from cues
STEM_KEY = 4            # a stem ("falsif*") is looked up by its first letters
PROBLEM = "problem"     # the group whose cue must not be negated or hypothetical

_WORD = re.compile(r"[\w']+")
# A sentence ends at . ! ? (then a space or the end), at a line break, or at a semicolon.
# (Written to start with one character class, which the regex engine scans for quickly.)
_SENTENCE_END = re.compile(r"[.!?\n;](?:(?<=[.!?])[.!?]*[\"')\]]*(?=\s|$)|(?<=[\n;]))")

TYPE_CHECKING = False   # typing is for the type checker only: importing it costs every new process (issue 12)
if TYPE_CHECKING:
    from typing import TypeVar

    S = TypeVar("S")


@dataclass(frozen=True)
class CueRule:
    """One factor's cue groups: every group in `groups` must be met."""

    factor: str
    groups: tuple[str, ...]
    weight: float = FIRST_WEIGHT


Compile = Callable[[str], "re.Pattern[str]"]


@dataclass
class _Term:
    """One cue term. Its two regular expressions are compiled the first time they are used.

    Why lazily: a fresh process used to compile all 1,982 of the cue set's
    expressions on loading (about 10 ms), though an account meets only the terms
    whose words it contains. Not frozen, though nothing changes it: a fresh
    process makes 1,200 of them, and a frozen dataclass's constructor costs
    three times as much.
    """

    words: tuple[str, ...]           # normalised words; a trailing "*" marks a stem
    targets: tuple[tuple[int, str], ...]  # (rule index, group name); rule -1 is every rule
    pattern_source: str | None       # for a multi-word or stem term: where it is in a sentence's joined words
    needed: frozenset[str]           # its whole words, all of which a sentence must have
    keys: frozenset[tuple[int, str]]  # the same as targets, for set unions
    view_source: str                 # the term in the normalised view itself (apostrophes anywhere in a word)
    compile: Compile = field(compare=False, repr=False)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return self.compile(self.pattern_source) if self.pattern_source else None

    @cached_property
    def in_view(self) -> re.Pattern[str]:
        return self.compile(self.view_source)

    def prepare(self) -> None:
        """Compile both expressions now (the wizard's warm-up, off the typing thread)."""
        self.pattern, self.in_view  # noqa: B018 - reading compiles and keeps them


EXCLUDE = "exclude"     # a group whose cue in the sentence stops the rule ("so I didn't have to")
PRAISE = "praise"       # [exclude] praise: a sentence that praises shows no harm ...
CONTRAST = "contrast"   # ... unless it also turns ("lovely, but she has 60 people")
_ALL = -1
_PRAISE_KEY = (_ALL, PRAISE)
_CONTRAST_KEY = (_ALL, CONTRAST)
_NO_KEYS: frozenset = frozenset()


@dataclass
class CueSet:
    """The sentence cues, indexed by each term's first word or stem so a sentence finds its terms by set look-ups."""

    rules: list[CueRule] = field(default_factory=list)
    exact: dict[str, list[_Term]] = field(default_factory=dict)    # first word -> terms
    stems: dict[str, list[_Term]] = field(default_factory=dict)    # first-word stem -> terms
    stem_re: re.Pattern | None = None                               # finds any first-word stem
    stem_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    anchor_of: list[tuple[int, str]] = field(default_factory=list)        # per rule: the key that must be met in its own sentence
    other_keys: list[tuple[tuple[int, str], ...]] = field(default_factory=list)
    anchor_keys: frozenset = frozenset()
    anchor_words: frozenset = frozenset()   # index words of terms that meet some rule's anchor
    anchor_stems: frozenset = frozenset()

    def terms(self) -> list[_Term]:
        return [t for group in (self.exact, self.stems) for ts in group.values() for t in ts]

    def compile_all(self) -> None:
        """Compile every term's expressions now."""
        for term in self.terms():
            term.prepare()


def _norm_word(word: str) -> str:
    """'weren't' and 'werent', 'patient's' and 'patients' are the same word here."""
    return word.replace("'", "")


def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _parse_term(term: str) -> tuple[str, ...]:
    words = tuple(_norm_word(w) for w in term.lower().replace("-", " ").split())
    if not words or any(not w.rstrip("*") for w in words):
        raise ValueError(f"empty cue term {term!r}")
    for w in words:
        if w.endswith("*") and len(w) - 1 < STEM_KEY:
            raise ValueError(f"cue stem {term!r} is too short: use at least {STEM_KEY} letters")
        if not re.fullmatch(r"\w+\*?", w):
            raise ValueError(f"cue term {term!r}: words only, with an optional * ending")
    return words


def _term_pattern(words: tuple[str, ...]) -> str | None:
    if len(words) == 1 and not words[0].endswith("*"):
        return None  # a single word: found by a set look-up
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return " " + " ".join(parts) + "(?= )"


def _view_pattern(words: tuple[str, ...]) -> str:
    """Where the term is in the view, word for word as `_WORD` and `_norm_word` split and fold it."""
    parts = []
    for w in words:
        body = "'*".join(map(re.escape, w.rstrip("*")))
        parts.append(body + (r"[\w']*" if w.endswith("*") else ""))
    return r"(?<![\w'])'*" + r"'*[^\w']+'*".join(parts) + r"'*(?![\w'])"


def _stem_key(words: tuple[str, ...]) -> str | None:
    """For a term of stems only ("falsif*"), the stem it is looked up by; None when it has a whole word."""
    return words[0][:-1] if all(w.endswith("*") for w in words) else None


def _index_data(terms: list[tuple], rules: list[tuple]) -> dict:
    """Which terms each first word and first-word stem looks up, and what meets a rule's anchor, by term number.

    Plain data worked out once with the rest of `cue_data`, so a new process only
    hands it to the look-up dictionaries.
    """
    exact: dict[str, list[int]] = {}
    stems: dict[str, list[int]] = {}
    for number, (words, _targets, _pattern, _view) in enumerate(terms):
        stem = _stem_key(words)
        if stem is None:  # looked up by its longest (so rarest) whole word: "the" would be tried everywhere
            exact.setdefault(max((w for w in words if not w.endswith("*")), key=len), []).append(number)
        else:
            stems.setdefault(stem, []).append(number)
    ordered = sorted(stems)
    # a found stem stands for itself and its prefixes ("mistaken" for "mistake")
    prefixes = {s: tuple(t for t in ordered if s.startswith(t)) for s in ordered}
    anchor_of = [(index, PROBLEM if PROBLEM in groups else groups[0]) for index, (_, groups, _) in enumerate(rules)]
    anchor_keys = set(anchor_of)

    def anchored(numbers: list[int]) -> bool:
        return any(anchor_keys.intersection(terms[n][1]) for n in numbers)

    anchored_stems = {s for s, numbers in stems.items() if anchored(numbers)}
    return {"exact": exact, "stems": stems, "stem_prefixes": prefixes, "anchor_of": anchor_of,
            "anchor_words": [w for w, numbers in exact.items() if anchored(numbers)],
            "anchor_stems": [s for s, p in prefixes.items() if anchored_stems.intersection(p)]}


def cue_data(tables: Iterable[dict]) -> dict:
    """The cue tables (the parsed TOML files) checked and turned into plain data.

    Why a separate step: parsing about 1,700 terms and writing their regular
    expressions is most of the work, and it depends only on the files, so the
    compiled cache keeps its result and a new process only builds the look-up
    dictionaries from it (`cue_set_from`).
    """
    rules: list[tuple[str, tuple[str, ...], float]] = []
    term_targets: dict[tuple[str, ...], list[tuple[int, str]]] = {}

    def add(terms: Iterable[str], rule_index: int, group: str) -> None:
        for term in terms:
            targets = term_targets.setdefault(_parse_term(term), [])
            if (rule_index, group) not in targets:
                targets.append((rule_index, group))

    for table in tables:
        shared: dict[str, list[str]] = table.get("groups", {})
        everywhere = table.get(EXCLUDE, {})
        add(everywhere.get(PRAISE, []), _ALL, PRAISE)
        add(everywhere.get(CONTRAST, []), _ALL, CONTRAST)
        for factor_id, spec in table.get("factor", {}).items():
            required = tuple(spec.get("require", ["topic", PROBLEM]))
            rule_index = len(rules)
            rules.append((factor_id, required, float(spec.get("weight", FIRST_WEIGHT))))
            for group in required:
                terms = list(spec.get(group, []))
                for ref in spec.get(f"{group}_from", []):
                    if ref not in shared:
                        raise ValueError(f"{factor_id}: unknown shared cue group {ref!r}")
                    terms.extend(shared[ref])
                if not terms:
                    raise ValueError(f"{factor_id}: cue group {group!r} has no terms")
                add(terms, rule_index, group)
            add(spec.get(EXCLUDE, []), rule_index, EXCLUDE)
    from advocate_app.analysis.pattern_regex import trie_regex

    terms = [(words, tuple(targets), _term_pattern(words), _view_pattern(words))
             for words, targets in term_targets.items()]
    index = _index_data(terms, rules)
    # the stems that first words of terms start with ("falsif*"): one expression finds them all;
    # "mistaken" holds the stems "mistake" and "mistaken": capture the longest, then its prefixes
    stems = sorted(index["stems"])
    return {"rules": rules, "terms": terms, "index": index,
            "stem_source": "[\\s'](" + trie_regex(stems) + ")" if stems else ""}


def cue_set_from(data: dict, compile: Compile = re.compile) -> CueSet:
    """The look-up dictionaries for `cue_data`'s plain data."""
    cues = CueSet()
    rules = data["rules"]
    cues.rules = [CueRule(factor, tuple(groups), weight) for factor, groups, weight in rules]
    terms = [_Term(words, targets, pattern_source, frozenset(w for w in words if not w.endswith("*")),
                   frozenset(targets), view_source, compile)
             for words, targets, pattern_source, view_source in data["terms"]]
    index = data["index"]
    cues.exact = {word: [terms[n] for n in numbers] for word, numbers in index["exact"].items()}
    cues.stems = {stem: [terms[n] for n in numbers] for stem, numbers in index["stems"].items()}
    if cues.stems:
        cues.stem_re = compile(data["stem_source"])
        cues.stem_prefixes = dict(index["stem_prefixes"])
    cues.anchor_of = [tuple(key) for key in index["anchor_of"]]
    cues.other_keys = [tuple((rule_index, g) for g in groups if g != anchor)
                       for (rule_index, anchor), (_, groups, _) in zip(cues.anchor_of, rules)]
    cues.anchor_keys = frozenset(cues.anchor_of)
    cues.anchor_words = frozenset(index["anchor_words"])
    cues.anchor_stems = frozenset(index["anchor_stems"])
    return cues


def build_cue_set(tables: Iterable[dict], compile: Compile = re.compile) -> CueSet:
    """Compile cue tables (the parsed TOML files) into look-up dictionaries."""
    return cue_set_from(cue_data(tables), compile)


def regex_sources(cues: CueSet) -> list[str]:
    """Every regular expression a cue set uses (for the compiled cache)."""
    terms = cues.terms()
    sources = [t.view_source for t in terms] + [t.pattern_source for t in terms if t.pattern_source]
    return sources + ([cues.stem_re.pattern] if cues.stem_re else [])


@lru_cache(maxsize=1)
def load_cue_set() -> CueSet:
    """The cue files, compiled once and kept in the compiled cache (compiled_cache.py)."""
    files = sorted(resource_path("lexicon", "cues").glob("*.toml"))

    def build() -> dict:
        data = cue_data([read_toml("lexicon", "cues", p.name) for p in files])
        return {"data": data, "codes": regex_codes(regex_sources(cue_set_from(data)))}

    cache = cached("cues", [p.name.encode() + b"\0" + p.read_bytes() for p in files], build, lazy="codes")
    codes = cache["codes"]
    return cue_set_from(cache["data"], lambda source: compile_regex(source, codes.get(source)))


def _sentence_bounds(view: str) -> list[int]:
    """Start offsets of sentences (the first is 0)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(view)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-*\u2022"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class CueHit:
    """Cue evidence for a factor: the sentence(s) where a topic and a problem were said together."""

    factor: str
    start: int      # evidence span: the sentence(s), offsets into the original text
    end: int
    weight: float


_PLAIN_WORD = re.compile(r"\w+")


_NON_WORD = re.compile(r"[^\w'\s]")   # punctuation: one character each, so offsets stay put


def _stem_sentences(clean: str, starts: list[int], cues: CueSet) -> dict[int, set[str]]:
    """Sentence number -> the first-word stems that start a word in it (one regex pass over the account)."""
    found: dict[int, set[str]] = {}
    if cues.stem_re is None:
        return found
    for match in cues.stem_re.finditer(clean):
        at = match.start(1)
        lead = match.start()
        while lead > 0 and clean[lead] == "'":  # "'falsified" is a word; "o'connor" has no word "connor"
            lead -= 1
        if clean[lead] not in " '" and (clean[lead].isalnum() or clean[lead] == "_"):
            continue
        found.setdefault(bisect_right(starts, at) - 1, set()).add(match.group(1))
    return found


def _sentence_terms(words: list[str], stems: set[str] | None, cues: CueSet) -> list[_Term]:
    """The cue terms in one sentence's words: C-level set look-ups, Python work per hit only."""
    if not words:
        return []
    present = set(words)
    joined = None
    found: list[_Term] = []
    for word in cues.exact.keys() & present:
        for term in cues.exact[word]:
            if term.pattern is None:
                found.append(term)
                continue
            if not term.needed <= present:
                continue
            if joined is None:
                joined = " " + " ".join(words) + " "
            if term.pattern.search(joined):
                found.append(term)
    if stems:
        if joined is None:
            joined = " " + " ".join(words) + " "
        for stem in {p for s in stems for p in cues.stem_prefixes[s]}:
            for term in cues.stems[stem]:
                if term.needed <= present and term.pattern.search(joined):  # type: ignore[union-attr]
                    found.append(term)
    return found


def cue_hits(text: str, view: str | None = None,
             covered: list[tuple[int, int]] | None = None) -> list[CueHit]:
    """Factor cue evidence in an account, in text order (sentence spans of the original text).

    `covered`: sorted, non-overlapping (start, end) spans the phrase lexicon has
    already explained; a problem cue inside one is the lexicon's to judge, not a cue.
    """
    if view is None:
        view = normalised_view(text)
    cues = load_cue_set()
    if not cues.rules or not view.strip():
        return []
    starts = _sentence_bounds(view)
    starts.append(len(view))
    # Pass 1, per sentence: does it hold any rule's anchor (problem) cue? One C-level set test
    # rules most sentences out; only the others (and the sentence before each) get their
    # (rule, group) keys worked out, the keys being set unions in C.
    clean = _NON_WORD.sub(" ", view)
    stems_in = _stem_sentences(" " + clean, [0] + [b + 1 for b in starts[1:]], cues)
    keys_cache: dict[int, set | frozenset] = {}
    terms_of: dict[int, list[_Term]] = {}
    candidates: list[tuple[int, int]] = []      # (rule index, sentence)
    anchor_keys, anchor_words, anchor_stems = cues.anchor_keys, cues.anchor_words, cues.anchor_stems

    # A sentence's terms and keys depend only on its words and word-start stems, so a sentence
    # said again (a long account often repeats itself) reuses them; they are only read after.
    same_words: dict[tuple[tuple[str, ...], frozenset[str] | None], tuple[set | frozenset, list[_Term]]] = {}

    def keys_and_terms(sentence: int, words: list[str] | None = None) -> tuple[set | frozenset, list[_Term]]:
        if words is None:
            words = clean[starts[sentence]:starts[sentence + 1]].replace("'", "").split()
        stems = stems_in.get(sentence)
        key = (tuple(words), None if stems is None else frozenset(stems))
        known = same_words.get(key)
        if known is None:
            found = _sentence_terms(words, stems, cues)
            known = same_words[key] = (set().union(*[t.keys for t in found]) if found else _NO_KEYS, found)
        keys_cache[sentence] = known[0]
        return known

    for sentence in range(len(starts) - 1):
        words = clean[starts[sentence]:starts[sentence + 1]].replace("'", "").split()
        stems = stems_in.get(sentence)
        if anchor_words.isdisjoint(words) and not (stems and stems & anchor_stems):
            continue
        keys, found = keys_and_terms(sentence, words)
        anchored = keys & anchor_keys
        if anchored:
            terms_of[sentence] = found
            candidates.extend((key[0], sentence) for key in anchored)

    def keys_of(sentence: int) -> set | frozenset:
        keys = keys_cache.get(sentence)
        return keys if keys is not None else keys_and_terms(sentence)[0]

    cover_starts = [c[0] for c in covered] if covered else []
    checked: dict[tuple[int, tuple[str, ...]], bool] = {}

    def standing(sentence: int, term: _Term) -> bool:
        """A problem cue counts when some occurrence is neither denied/imagined nor already explained."""
        key = (sentence, term.words)
        if key not in checked:
            ok = False
            for match in term.in_view.finditer(view, starts[sentence], starts[sentence + 1]):
                start = match.start()
                if cover_starts:
                    i = bisect_right(cover_starts, start) - 1
                    if i >= 0 and covered[i][1] > start:  # type: ignore[index]
                        continue
                if not is_cancelled(view, start):
                    ok = True
                    break
            checked[key] = ok
        return checked[key]

    def blocked(sentence: int, exclude_key: tuple[int, str]) -> bool:
        keys = keys_of(sentence)
        return exclude_key in keys or (_PRAISE_KEY in keys and _CONTRAST_KEY not in keys)

    # Pass 2, per candidate only: the other groups, exclusions, then negation (the costly check) last.
    out: list[CueHit] = []
    for rule_index, sentence in candidates:
        rule = cues.rules[rule_index]
        keys = keys_cache[sentence]
        others = cues.other_keys[rule_index]
        if all(k in keys for k in others):
            first = sentence
        elif sentence > 0 and all(k in keys or k in keys_of(sentence - 1) for k in others):
            first = sentence - 1
        else:
            continue
        exclude_key = (rule_index, EXCLUDE)
        if blocked(sentence, exclude_key) or (first != sentence and blocked(first, exclude_key)):
            continue
        anchor = cues.anchor_of[rule_index]
        if anchor[1] == PROBLEM and not any(
                standing(sentence, t) for t in terms_of[sentence] if anchor in t.keys):
            continue
        lo, hi = _trimmed(text, starts[first], starts[sentence + 1])
        if hi <= lo:
            continue
        weight = rule.weight if first == sentence else min(rule.weight, WINDOW_WEIGHT)
        out.append(CueHit(rule.factor, lo, hi, weight))
    out.sort(key=lambda h: (h.start, h.end, h.factor))
    return out


def with_cues(text: str, view: str | None, spans: dict[str, list[S]],
              make_span: Callable[[int, int, float, str], S]) -> dict[str, list[S]]:
    """Add cue evidence to the lexicon's evidence per factor, without repeating words already found.

    A cue sentence that overlaps the factor's phrase evidence adds nothing new
    (the phrase already explains it), so it is left out. Call it after the
    lexicon's document rule (a decision finding no fault shows no harm), so
    that rule holds for cues too.
    """
    covered: list[tuple[int, int]] = []
    for start, end in sorted((s.start, s.end) for v in spans.values() for s in v):  # type: ignore[attr-defined]
        if covered and start <= covered[-1][1]:
            covered[-1] = (covered[-1][0], max(covered[-1][1], end))
        else:
            covered.append((start, end))
    added: dict[str, int] = {}
    for hit in sorted(cue_hits(text, view, covered), key=lambda h: -h.weight):
        existing = spans.setdefault(hit.factor, [])
        count = added.get(hit.factor, 0)
        if count >= MAX_CUE_SPANS or any(s.start < hit.end and hit.start < s.end
                                         for s in existing):  # type: ignore[attr-defined]
            continue
        added[hit.factor] = count + 1
        existing.append(make_span(hit.start, hit.end, hit.weight if count == 0 else EXTRA_WEIGHT, "cue"))
        existing.sort(key=lambda s: s.start)  # type: ignore[attr-defined]
    return {k: v for k, v in spans.items() if v}
