"""The lexicon's phrase-pattern language, compiled to regular expressions.

Why a small language of our own: the people who know how harm is described
(advocates, people with lived experience) must be able to read and extend the
lexicon without knowing regular expressions. The syntax (documented at the top
of every lexicon file) is:

    word        the word, any case; British spelling also finds American
                spellings and common misspellings (spellings.toml), "-ise"
                also finds "-ize", "didn't" also finds "didnt" and "did not"
    word+       the word with its regular endings: refuse+ = refuse, refuses,
                refused, refusing
    word*       any word starting with these letters: discriminat* =
                discriminate, discriminated, discrimination, ...
    (a|b c|d)   one of these (each choice may be several words)
    [a|b]       optional: one of these, or nothing
    ~3          up to 3 other words here, 1 to 12 (never a "not", "never", "but" ...)
    ?           exactly one word, whatever it is
    #           a number: 3, 12, three, twelve, a few, several ...
    $           the phrase must end here: at punctuation, a line end or "and", "but" ...
    @name       one of the phrases in the list called name (common.toml)

Every compiled pattern starts and ends on word boundaries and matches the
normalised view of the text (see `normalise.py`), which has exactly the same
length as the original, so match offsets are offsets into the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence, Union

# Between two words of a phrase: spaces or line breaks, hyphens, slashes,
# quotes or brackets. Never sentence punctuation, which ends a phrase.
SEP = r"[^\w.,;:!?]+"
# Inside a gap (~n) a comma may also be skipped: "they cut, from Monday, my hours".
GAP_SEP = r"[^\w.;:!?]+"

# Words that may not be skipped over by a gap: they change or end the meaning.
# Each gap is a capturing group; the matcher rejects a match whose gap holds one.
GAP_STOPWORDS = (
    "not never no nobody noone none nothing nowhere neither nor without cannot "
    "if unless but however although though whereas because "
    "didnt dont doesnt wasnt werent wouldnt couldnt shouldnt hasnt havent hadnt "
    "isnt arent wont cant aint"
).split()
GAP_STOP = re.compile(r"\b(?:" + "|".join(GAP_STOPWORDS) + r")\b|n't\b")
GAP_WORD = r"\w+(?:'\w+)*"
ANY_WORD = r"\w+(?:'\w+)*"
CLAUSE_END = r"(?=\s*(?:[.,;:!?)\]\"]|$|\n|(?:and|but|so|because|until|when|then|though|although)\b))"
NUMBER = (r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
          r"fifty|sixty|seventy|eighty|ninety|hundred|a\s+few|a\s+couple\s+of|several|many)")
POSSESSIVE = r"(?:'s)?"

# Contractions: how "xxx'suffix" may also be written.
_SPECIAL_NT = {
    "can't": ["can't", "cant", "cannot", "can not", "can'nt"],
    "won't": ["won't", "wont", "will not"],
    "shan't": ["shan't", "shant", "shall not"],
    "ain't": ["ain't", "aint", "is not", "am not", "are not"],
}
_SUFFIX_EXPANSION = {"'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " had"}
# Apostrophe-less spellings that are other common words, so never generated.
_NO_BARE_FORM = {"well", "were", "hell", "shell", "id", "ill", "wed", "shed", "its", "hes", "shes"}

_IZE = re.compile(r"(?<=\w\w\w)is(e|ed|es|ing|er|ers|ation|ations|able)$")
_IZE_STEM = re.compile(r"(?<=\w\w\w)is(e|a|at|ati|atio|ation|)$")
_WORD_RUN = re.compile(r"\w+")
_VALID_WORD = re.compile(r"^\w[\w'&\-]*$")


def _memo(func):
    """Cache a function of one immutable syntax-tree node by identity.

    Why: the named lists (@worker, @me ...) are parsed once and shared by
    hundreds of patterns; without this each use would rebuild their regex.
    The cache keeps the node alive, so an id is never reused while cached.
    """
    cache: dict[int, tuple[object, object]] = {}

    def wrapper(node):  # type: ignore[no-untyped-def]
        hit = cache.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        value = func(node)
        cache[id(node)] = (node, value)
        return value

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.cache = cache  # type: ignore[attr-defined]
    return wrapper


class PatternError(ValueError):
    """A lexicon pattern that cannot be understood; the message names the pattern."""


# ---------------------------------------------------------------- syntax tree
@dataclass(frozen=True)
class Word:
    forms: tuple[str, ...]          # concrete written forms, lower case, may contain spaces


@dataclass(frozen=True)
class Stem:
    prefixes: tuple[str, ...]       # "word*": any word starting with one of these


@dataclass(frozen=True)
class AnyWord:
    pass


@dataclass(frozen=True)
class Number:
    pass


@dataclass(frozen=True)
class End:
    """`$`: nothing more in this clause."""


@dataclass(frozen=True)
class Gap:
    n: int


@dataclass(frozen=True)
class Choice:
    options: tuple["Seq", ...]
    optional: bool = False


@dataclass(frozen=True)
class Seq:
    items: tuple["Item", ...]


Item = Union[Word, Stem, AnyWord, Number, End, Gap, Choice]


@dataclass
class Spelling:
    """Spelling knowledge applied to every word of every pattern.

    `variants` maps a British/canonical letter sequence to other ways people
    write it ("behaviour" -> ["behavior"], "receiv" -> ["reciev"]); it applies
    wherever the sequence occurs inside a word.
    """

    variants: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = sorted(self.variants, key=len, reverse=True)
        self._keys = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    def forms(self, word: str) -> list[str]:
        """All written forms of one pattern word, the word itself first."""
        out: list[str] = []
        for base in _contraction_forms(word):
            for form in self._spellings(base):
                for hyph in _hyphen_forms(form):
                    if hyph not in out:
                        out.append(hyph)
        return out

    def stem_forms(self, stem: str) -> list[str]:
        out: list[str] = []
        for form in self._spellings(stem, is_stem=True):
            for hyph in _hyphen_forms(form):
                if hyph not in out:
                    out.append(hyph)
        return out

    def _spellings(self, word: str, is_stem: bool = False) -> list[str]:
        forms = [word]
        ize = (_IZE_STEM if is_stem else _IZE).sub(lambda m: "iz" + m.group(1), word)
        if ize != word and len(word) >= 6:
            forms.append(ize)
        if self._keys is None:
            return forms
        for form in list(forms):
            present = {m.group() for m in self._keys.finditer(form)}
            for canonical in present:
                for other in self.variants[canonical]:
                    variant = form.replace(canonical, other)
                    if variant not in forms:
                        forms.append(variant)
        return forms


def _contraction_forms(word: str) -> list[str]:
    if word in _SPECIAL_NT:
        return list(_SPECIAL_NT[word])
    if word.endswith("n't") and len(word) > 3:
        base = word[:-3]
        return [word, base + "nt", base + "'nt", base + " not"]
    for suffix, expansion in _SUFFIX_EXPANSION.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            base = word[: -len(suffix)]
            forms = [word, base + expansion]
            bare = base + suffix[1:]
            if bare not in _NO_BARE_FORM:
                forms.insert(1, bare)
            if suffix == "'d":
                forms.append(base + " would")
            return forms
    return [word]


def _hyphen_forms(form: str) -> list[str]:
    forms = [form]
    if "-" in form:
        forms += [form.replace("-", ""), form.replace("-", " ")]
    if "&" in form:
        forms += [f.replace("&", " & ") for f in forms] + [f.replace("&", " and ") for f in forms]
    return forms


def regular_inflections(word: str) -> list[str]:
    """refuse -> refuse, refuses, refused, refusing; stop -> stops, stopped, stopping; deny -> denies..."""
    forms = [word]
    vowels = "aeiou"
    if word.endswith("ee"):
        forms += [word + "s", word + "d", word + "ing"]
    elif word.endswith("ie"):
        forms += [word + "s", word + "d", word[:-2] + "ying"]
    elif word.endswith("e"):
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif len(word) > 2 and word.endswith("y") and word[-2] not in vowels:
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms += [word + "es", word + "ed", word + "ing"]
    else:
        forms += [word + "s", word + "ed", word + "ing"]
        if (len(word) >= 3 and word[-1] not in vowels + "wxy" and word[-2] in vowels
                and word[-3] not in vowels):
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


# ---------------------------------------------------------------- parser
_TOKEN = re.compile(r"\s*(?:(?P<open>[(\[])|(?P<close>[)\]])|(?P<bar>\|)|(?P<gap>~\d+)"
                    r"|(?P<list>@[a-z][a-z0-9_-]*)|(?P<any>\?)|(?P<number>#)|(?P<end>\$)|(?P<word>[^\s()\[\]|~@?#$]+))")


class _Parser:
    def __init__(self, text: str, lists: Callable[[str], Choice], spelling: Spelling) -> None:
        self.text = text
        self.lists = lists
        self.spelling = spelling
        self.tokens = self._tokenise(text)
        self.pos = 0

    def _tokenise(self, text: str) -> list[tuple[str, str]]:
        if ")?" in text:
            raise PatternError("write [a|b] for an optional choice, not (a|b)?")
        tokens: list[tuple[str, str]] = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match or match.end() == pos:
                raise PatternError(f"cannot read the pattern near '{text[pos:pos + 15]}'")
            kind = match.lastgroup or ""
            tokens.append((kind, match.group(kind)))
            pos = match.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        return tokens

    _AUX = {"do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "would", "could",
            "should", "must", "need", "might", "will", "can", "shall", "dare"}
    _CONTRACTED = {"will": "won't", "can": "can't", "shall": "shan't"}

    def _merge_not(self) -> None:
        """'did not' in a pattern is written as 'didn't', whose forms include both."""
        merged: list[tuple[str, str]] = []
        for kind, value in self.tokens:
            if (kind == "word" and value.lower() == "not" and merged and merged[-1][0] == "word"
                    and merged[-1][1].lower() in self._AUX):
                aux = merged[-1][1].lower()
                merged[-1] = ("word", self._CONTRACTED.get(aux, aux + "n't"))
            else:
                merged.append((kind, value))
        self.tokens = merged

    def parse(self) -> Seq:
        self._merge_not()
        seq = self._seq(closing=None)
        if self.pos != len(self.tokens):
            raise PatternError(f"unexpected '{self.tokens[self.pos][1]}'")
        return seq

    def _seq(self, closing: str | None) -> Seq:
        items: list[Item] = []
        while self.pos < len(self.tokens):
            kind, value = self.tokens[self.pos]
            if kind in ("bar", "close"):
                break
            self.pos += 1
            if kind == "open":
                items.append(self._choice(optional=value == "["))
            elif kind == "gap":
                n = int(value[1:])
                if not 1 <= n <= 12:
                    raise PatternError("a gap must be between ~1 and ~12 words")
                items.append(Gap(n))
            elif kind == "list":
                items.append(self.lists(value[1:]))
            elif kind == "any":
                items.append(AnyWord())
            elif kind == "number":
                items.append(Number())
            elif kind == "end":
                items.append(End())
            else:
                items.append(self._word(value))
        return Seq(tuple(items))

    def _choice(self, optional: bool) -> Choice:
        closer = "]" if optional else ")"
        options = [self._seq(closer)]
        while self.pos < len(self.tokens) and self.tokens[self.pos][0] == "bar":
            self.pos += 1
            options.append(self._seq(closer))
        if self.pos >= len(self.tokens) or self.tokens[self.pos][1] != closer:
            raise PatternError(f"a '{'[' if optional else '('}' is not closed with '{closer}'")
        self.pos += 1
        for option in options:
            if not option.items:
                raise PatternError("an empty choice: use [a] for an optional word, not (a|)")
        return Choice(tuple(options), optional=optional)

    def _word(self, raw: str) -> Item:
        word = raw.lower().replace("’", "'").replace("‘", "'")
        marker = ""
        if word.endswith(("*", "+")):
            marker, word = word[-1], word[:-1]
        if not _VALID_WORD.match(word):
            raise PatternError(f"'{raw}' is not a word (letters, digits, ' - and & only)")
        if marker == "*":
            if len(word) < 3:
                raise PatternError(f"'{raw}': a word* needs at least 3 letters before the *")
            return Stem(tuple(self.spelling.stem_forms(word)))
        if marker == "+":
            forms: list[str] = []
            for inflected in regular_inflections(word):
                for form in self.spelling.forms(inflected):
                    if form not in forms:
                        forms.append(form)
            return Word(tuple(forms))
        return Word(tuple(self.spelling.forms(word)))


def parse(text: str, lists: Callable[[str], Choice], spelling: Spelling) -> Seq:
    try:
        seq = _Parser(text, lists, spelling).parse()
        _validate(seq)
        return seq
    except PatternError as error:
        raise PatternError(f"pattern \"{text}\": {error}") from None


def _validate(seq: Seq) -> None:
    if not seq.items:
        raise PatternError("the pattern is empty")
    if isinstance(seq.items[0], Gap) or isinstance(seq.items[-1], Gap):
        raise PatternError("a gap (~n) must sit between two words")
    if any(isinstance(i, End) for i in seq.items[:-1]) or isinstance(seq.items[0], End):
        raise PatternError("$ (end of the phrase) can only come last, after a word")
    if all(isinstance(i, (Gap, End)) or (isinstance(i, Choice) and i.optional) for i in seq.items):
        raise PatternError("the pattern needs at least one word that is not optional")
    for item in seq.items:
        if isinstance(item, Choice):
            for option in item.options:
                _validate(option)


# ---------------------------------------------------------------- compiler
def _alternation(pieces: Iterable[str]) -> str:
    unique = sorted(set(pieces), key=lambda p: (-len(p), p))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


_SPACE = " "


def _trie_regex(forms: Iterable[str]) -> str:
    """One compact regular expression for many literal forms, sharing their common beginnings.

    Why: the lexicon expands each word into its spellings and inflections;
    a trie keeps the compiled expressions small, so they compile and match fast.
    """
    trie: dict = {}
    for form in set(forms):
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    ends = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        head = SEP if char == _SPACE else re.escape(char)
        branches.append(head + _emit(node[char]))
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    if all(len(b) == 1 for b in branches) and len(branches) > 1:
        body = "[" + "".join(branches) + "]"
    elif len(branches) == 1:
        body = branches[0] if len(branches[0]) == 1 else "(?:" + branches[0] + ")"
    else:
        body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


_MAX_PHRASE_FORMS = 96


@_memo
def _word_forms(node: Item | Seq) -> list[str] | None:
    """The literal forms of an item made only of plain words (a phrase or a choice of phrases).

    "(no one|nobody) ever" becomes the forms "no one ever", "nobody ever": one
    trie instead of nested groups. None when the item has stems, gaps or lists
    of other kinds, or would expand to too many forms.
    """
    if isinstance(node, Word):
        return list(node.forms)
    if isinstance(node, Seq):
        forms = [""]
        for item in node.items:
            sub = _word_forms(item)
            if sub is None or len(forms) * len(sub) > _MAX_PHRASE_FORMS:
                return None
            forms = [f"{a} {b}" if a else b for a in forms for b in sub]
        return forms
    if isinstance(node, Choice) and not node.optional:
        forms = []
        for option in node.options:
            sub = _word_forms(option)
            if sub is None:
                return None
            forms.extend(sub)
        return forms if len(forms) <= _MAX_PHRASE_FORMS * 4 else None
    return None


def _atom(regex: str) -> str:
    """Wrap in a group only when the expression has a top-level alternative."""
    depth = 0
    escaped = False
    in_class = False
    for char in regex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return "(?:" + regex + ")"
    return regex


@_memo
def to_regex(node: Item | Seq) -> str:
    forms = _word_forms(node) if not isinstance(node, Seq) or len(node.items) > 1 else None
    if forms is not None:
        return _atom(_trie_regex(forms)) + POSSESSIVE
    if isinstance(node, Word):
        return _atom(_trie_regex(node.forms)) + POSSESSIVE
    if isinstance(node, Stem):
        return _atom(_trie_regex(node.prefixes)) + r"\w*" + POSSESSIVE
    if isinstance(node, AnyWord):
        return ANY_WORD
    if isinstance(node, Number):
        return NUMBER
    if isinstance(node, End):
        return CLAUSE_END
    if isinstance(node, Choice):
        plain: list[str] = []
        others: list[str] = []
        for option in node.options:
            if len(option.items) == 1 and isinstance(option.items[0], Choice):
                others.append(to_regex(option.items[0]))   # a shared list: its regex is cached
                continue
            option_forms = _word_forms(option)
            if option_forms is not None:
                plain.extend(option_forms)
            else:
                others.append(_atom(to_regex(option)))
        if plain:
            others.append(_atom(_trie_regex(plain)) + POSSESSIVE)
        return _alternation(others)
    if isinstance(node, Seq):
        if len(node.items) == 1:
            return to_regex(node.items[0])
        return _seq_regex(node)
    raise TypeError(node)


def _is_optional(item: Item) -> bool:
    return isinstance(item, Choice) and item.optional


def _seq_regex(seq: Seq) -> str:
    out: list[str] = []
    at_start = True
    gap = 0
    for item in seq.items:
        if isinstance(item, End):
            out.append(CLAUSE_END)
            continue
        if isinstance(item, Gap):
            if at_start:
                raise PatternError("a gap (~n) must follow a word that is not optional")
            gap += item.n
            continue
        frag = to_regex(item)
        lead = SEP if gap == 0 else f"{GAP_SEP}((?:{GAP_WORD}{GAP_SEP}){{0,{gap}}}?)"
        gap = 0
        if at_start:
            if _is_optional(item):
                out.append(f"(?:{frag}{SEP})?")
            else:
                out.append(frag)
                at_start = False
        else:
            out.append(f"(?:{lead}{frag})?" if _is_optional(item) else lead + frag)
    return "".join(out)


def pattern_source(seq: Seq) -> str:
    """The regular expression for a parsed pattern (compiled lazily by the matcher)."""
    return r"(?<!\w)(?:" + _seq_regex(seq) + r")(?!\w)"


def compile_pattern(seq: Seq) -> re.Pattern[str]:
    return re.compile(pattern_source(seq))


def gap_is_clean(match: re.Match[str]) -> bool:
    """False when a gap (~n) skipped a negation or a clause break such as "but"."""
    for group in match.groups():
        if group and GAP_STOP.search(group):
            return False
    return True


# ---------------------------------------------------------------- anchoring
# Rough share of running text taken by a word, in tiers. Why: the matcher
# tries a pattern wherever its anchor word occurs, so the anchor should be the
# required word expected least often (per token), weighted by how many word
# starts before it must be tried.
_VERY_COMMON = set("""
the to a and of i in was it my me that for on is with he she they we you his her their
not but at be have had as so this there them him our us an are were been do did no
""".split())
_COMMON = set("""
mine myself your its these those here from by or then than too very being am does done has
never would could should will can may might must shall just also only all any some one ever
about up out into over after before again what when where which who why how didn don doesn
wasn weren wouldn couldn shouldn hasn haven hadn isn aren won said told got get go went come
came made make take took keep kept give gave people person someone anyone everyone nobody
thing things time day week like know knew back still even because if more now much really
going see saw felt feel want wanted asked ask think thought say way well good new other
care support social health mental staff team help just tell sent after
""".split())
_DOMAIN_COMMON = set("""
worker workers council assessment services service hospital nurse home family mum dad son
daughter trust needs need letter review money months years life medication diagnosis appointment
visit visits hours carer carers stopped explain discharged section went asked
""".split())
COMMON_WORDS = _VERY_COMMON | _COMMON


def word_frequency(kind: str, value: str) -> float:
    """Expected share of tokens that start with this key (a rough tiered estimate)."""
    if kind == "lit":
        if value in _VERY_COMMON:
            return 0.03
        if value in _COMMON or len(value) <= 2:
            return 0.004
        if value in _DOMAIN_COMMON:
            return 0.002
        return 0.0002
    if len(value) >= 6:
        return 0.0004
    if len(value) >= 4:
        return 0.0015
    return 0.006


@_memo
def first_keys(node: Item | Seq) -> frozenset[tuple[str, str]] | None:
    """The words that can begin this item: ("lit", word) or ("stem", prefix); None if any word can."""
    if isinstance(node, Word):
        keys = set()
        for form in node.forms:
            run = _WORD_RUN.match(form)
            if not run:
                return None
            keys.add(("lit", run.group()))
        return frozenset(keys)
    if isinstance(node, Stem):
        keys = set()
        for prefix in node.prefixes:
            run = _WORD_RUN.match(prefix)
            if not run:
                return None
            if run.group() == prefix:
                if len(prefix) < 3:
                    return None
                keys.add(("stem", prefix))
            else:
                keys.add(("lit", run.group()))
        return frozenset(keys)
    if isinstance(node, Choice):
        if node.optional:
            return None
        keys = set()
        for option in node.options:
            sub = first_keys(option)
            if sub is None:
                return None
            keys |= sub
        return frozenset(keys)
    if isinstance(node, Seq):
        first = node.items[0]
        return None if _is_optional(first) else first_keys(first)
    return None


@_memo
def item_cost(node: Item | Seq) -> float:
    """Expected share of tokens where this item's first word occurs (main spellings; variants are rare)."""
    if isinstance(node, (Word, Stem)):
        keys = first_keys(node) or frozenset()
        main = node.forms[0] if isinstance(node, Word) else node.prefixes[0]
        run = _WORD_RUN.match(main)
        head = run.group() if run else main
        kind = "stem" if isinstance(node, Stem) and head == main else "lit"
        if isinstance(node, Word):
            # a word with inflections (refuse+) has several main forms: count each once
            heads = {(_WORD_RUN.match(f) or _WORD_RUN.match(main)).group() for f in node.forms[:6]}
            return sum(word_frequency("lit", h) for h in heads) + 0.00001 * max(0, len(keys) - len(heads))
        return word_frequency(kind, head) + 0.00001 * max(0, len(keys) - 1)
    if isinstance(node, Choice):
        return sum(item_cost(o) for o in node.options)
    if isinstance(node, Seq):
        return item_cost(node.items[0])
    return 1.0


@_memo
def max_tokens(node: Item | Seq) -> int:
    """The most `\\w+` runs this item can span (a bound for where a match can start)."""
    if isinstance(node, Word):
        return max(len(_WORD_RUN.findall(f)) for f in node.forms)
    if isinstance(node, Stem):
        return max(len(_WORD_RUN.findall(p)) for p in node.prefixes)
    if isinstance(node, End):
        return 0
    if isinstance(node, (AnyWord, Number)):
        return 3
    if isinstance(node, Gap):
        return 2 * node.n
    if isinstance(node, Choice):
        return max(max_tokens(o) for o in node.options)
    if isinstance(node, Seq):
        return sum(max_tokens(i) for i in node.items)
    raise TypeError(node)


@dataclass(frozen=True)
class Anchor:
    keys: frozenset[tuple[str, str]]
    tokens_before: int          # how many word runs a match may start before the anchor word
    start_keys: frozenset[tuple[str, str]] | None = None   # words a match can begin with, if known
    # Another word every match must contain, checked cheaply before the regex is tried,
    # and how many word runs a whole match can span.
    second_keys: frozenset[tuple[str, str]] | None = None
    tokens_span: int = 0
    # For each required part of the pattern, the words one of which must occur in the text.
    required: tuple[frozenset[tuple[str, str]], ...] = ()


@_memo
def _anchor_of(node: Item | Seq) -> tuple[frozenset[tuple[str, str]], int, float] | None:
    """(keys, word runs before them inside this item, expected frequency) of the best anchor inside an item.

    Why recursive: in "(very rude|so rude|abrupt)" the rare word is not the
    first one of every choice; anchoring each choice on its own rarest word
    keeps the matcher away from "so" and "very".
    """
    if isinstance(node, (Word, Stem)):
        keys = first_keys(node)
        return (keys, 0, item_cost(node)) if keys else None
    if isinstance(node, Choice):
        if node.optional:
            return None
        keys: set[tuple[str, str]] = set()
        before = 0
        freq = 0.0
        for option in node.options:
            found = _anchor_of(option)
            if found is None:
                return None
            keys |= found[0]
            before = max(before, found[1])
            freq += found[2]
        return frozenset(keys), before, freq
    if isinstance(node, Seq):
        best: tuple[float, tuple[frozenset[tuple[str, str]], int, float]] | None = None
        before = 0
        for item in node.items:
            if not (isinstance(item, (Gap, End)) or _is_optional(item)):
                found = _anchor_of(item)
                if found is not None:
                    offset = before + found[1]
                    score = found[2] * (offset + 1)
                    if best is None or score < best[0]:
                        best = (score, (found[0], offset, found[2]))
            before += max_tokens(item)
        return best[1] if best else None
    return None


def _start_keys(seq: Seq) -> frozenset[tuple[str, str]] | None:
    """Every word a match of this sequence can begin with, or None when any word could."""
    keys: set[tuple[str, str]] = set()
    for item in seq.items:
        if isinstance(item, (Gap, End)):
            return None
        first = _first_keys_deep(item)
        if first is None:
            return None
        keys |= first
        if not _is_optional(item):
            return frozenset(keys)
    return None


_NUMBER_KEYS = frozenset([("lit", w) for w in (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred a several many").split()] + [("stem", d) for d in "0123456789"])


def _first_keys_deep(node: Item | Seq) -> frozenset[tuple[str, str]] | None:
    if isinstance(node, Number):
        return _NUMBER_KEYS
    if isinstance(node, Choice):
        keys: set[tuple[str, str]] = set()
        for option in node.options:
            sub = _start_keys(option)
            if sub is None:
                return None
            keys |= sub
        return frozenset(keys)
    if isinstance(node, Seq):
        return _start_keys(node)
    return first_keys(node)


def choose_anchor(seq: Seq) -> Anchor:
    """Pick the required word expected least often (weighted by how far into the pattern it sits)."""
    found = _anchor_of(seq)
    if found is None:
        raise PatternError("the pattern needs a required word that is not '?' or a list starting "
                           "with an optional word")
    # +2: a possessive ('s) or a contraction inside the match adds a word run
    before = found[1] + 2 if found[1] else 0
    second = None
    best = None
    required: list[frozenset[tuple[str, str]]] = [found[0]]
    for item in seq.items:
        if isinstance(item, (Gap, End)) or _is_optional(item):
            continue
        other = _anchor_of(item)
        if other is None or other[0] == found[0]:
            continue
        required.append(other[0])
        if best is None or other[2] < best:
            best, second = other[2], other[0]
    return Anchor(found[0], before, _start_keys(seq), second, max_tokens(seq) + 2, tuple(required))
