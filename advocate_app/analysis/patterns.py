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


This module reads a pattern into a syntax tree (with every spelling of each
word); `pattern_regex.py` compiles the tree to a regular expression and
`pattern_anchor.py` picks the word the matcher looks it up by.

Every compiled pattern starts and ends on word boundaries and matches the
normalised view of the text (see `normalise.py`), which has exactly the same
length as the original, so match offsets are offsets into the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence, Union

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


def memo(func):
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



def is_optional(item: Item) -> bool:
    return isinstance(item, Choice) and item.optional
