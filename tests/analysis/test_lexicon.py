"""The lexicon files: complete, self-documenting, and every example sentence in them holds."""
from __future__ import annotations

import shutil
import tomllib

import pytest

from advocate_app import resources
from advocate_app.analysis import classify, lexicon
from advocate_app.analysis.lexicon import (
    LexiconError, harm_lexicon_files, load_harm_lexicon, load_safeguarding_lexicon,
)
from advocate_app.analysis.safeguarding import CATEGORY_IDS, PARTIES, detect_abuse_categories
from advocate_app.model.harm_model import load_harm_model
from advocate_app.resources import resource_path

HARM = load_harm_lexicon()
MODEL = load_harm_model()
SOURCE_FILES = {s.id: f"{s.id}.toml" for s in MODEL.sources}


def _examples(kind: str) -> list[tuple[str, str]]:
    return [(fid, text) for fid, entry in HARM.entries.items() for text in getattr(entry, kind)]


def test_one_file_per_source_and_every_factor_has_patterns_and_examples():
    assert harm_lexicon_files() == sorted(SOURCE_FILES.values())
    assert set(HARM.entries) == set(MODEL.all_factor_ids(include_retired=False))
    for factor_id, entry in HARM.entries.items():
        assert entry.file == SOURCE_FILES[MODEL.factor(factor_id).source_id]
        assert len(entry.phrases) >= 4, f"{factor_id} needs more phrases"
        assert len(entry.examples) >= 3, f"{factor_id} needs example sentences"
        assert entry.not_examples, f"{factor_id} needs a sentence it must not match"


def test_common_factors_have_dozens_of_phrases():
    for factor_id in ("frontline-practice.3", "frontline-practice.2", "oppressive-culture.12",
                      "lack-of-support.5", "lack-of-support.11", "fragmentation.1"):
        assert len(HARM.entries[factor_id].phrases) >= 10, factor_id
    assert len(HARM.matcher.rules) >= 1000


@pytest.mark.parametrize("factor_id, text", _examples("examples"))
def test_every_example_is_found(factor_id, text):
    found = classify(text)
    assert factor_id in found.factor_ids(), f"{text!r} -> {sorted(found.factor_ids())}"


@pytest.mark.parametrize("factor_id, text", _examples("not_examples"))
def test_no_not_example_is_found(factor_id, text):
    assert factor_id not in classify(text).factor_ids()


def test_every_file_explains_the_pattern_syntax_to_reviewers():
    names = harm_lexicon_files() + ["common.toml", "safeguarding.toml"]
    for name in names:
        text = resource_path("lexicon", name).read_text(encoding="utf-8")
        assert "HOW TO READ AND EDIT THIS FILE" in text, name
        for marker in ("word+", "word*", "(a|b c|d)", "[a|b]", "~3", "@name", "examples"):
            assert marker in text, f"{name} does not explain {marker}"
    spellings = resource_path("lexicon", "spellings.toml").read_text(encoding="utf-8")
    assert "[variants]" in spellings and "-ise" in spellings


def test_safeguarding_lexicon_uses_exactly_the_statutory_categories_and_parties():
    sg = load_safeguarding_lexicon()
    assert tuple(sg.entries) == CATEGORY_IDS
    assert set(sg.extra["parties"]) == set(PARTIES)   # "unknown" names someone else, e.g. the police
    for category, entry in sg.entries.items():
        assert sg.extra["labels"][category]
        for text in entry.examples:
            assert category in [c.id for c in detect_abuse_categories(text)], (category, text)
        for text in entry.not_examples:
            assert category not in [c.id for c in detect_abuse_categories(text)], (category, text)


# ---- a broken lexicon fails loudly, naming the file and the entry ------------------------

@pytest.fixture
def lexicon_copy(tmp_path, monkeypatch):
    """A private copy of resources/ that a test may break; caches are cleared around it."""
    copy = tmp_path / "resources"
    shutil.copytree(resource_path(), copy)
    monkeypatch.setattr(resources, "resources_dir", lambda: copy)
    monkeypatch.setattr(lexicon, "resource_path", lambda *parts: copy.joinpath(*parts))
    for cached in (lexicon.load_harm_lexicon, lexicon.load_safeguarding_lexicon,
                   lexicon.named_lists, lexicon.spelling):
        cached.cache_clear()
    yield copy / "lexicon"
    for cached in (lexicon.load_harm_lexicon, lexicon.load_safeguarding_lexicon,
                   lexicon.named_lists, lexicon.spelling):
        cached.cache_clear()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, message", [
    ("stigma.toml", '"(stigmatis*|stigmatiz*|stigmatising|stigmatizing)",',
     '"(stigmatis*|stigmatiz*",', "stigma.toml [stigma.1]"),
    ("stigma.toml", '[factor."stigma.2"]', '[factor."stigma.9"]', "stigma.9"),
    ("stigma.toml", '[factor."stigma.2"]', '[factor."bureaucracy.2"]', "belongs in the file for its own source"),
    ("stigma.toml", 'source = "stigma"', 'source = "pets"', "must name a source"),
    ("common.toml", "[lists]", "[lists]\nbroken = [", "common.toml is not valid TOML"),
    ("stigma.toml", '  "(stigmatis*|stigmatiz*|stigmatising|stigmatizing)",',
     '  "(stigmatis*|stigmatiz*|stigmatising|stigmatizing)",\n  "@nosuchlist hurt",', "no list called @nosuchlist"),
    ("stigma.toml", 'note = "Mental health stigma', 'colour = "red"\nnote = "Mental health stigma', "unknown key"),
])
def test_a_broken_lexicon_is_refused_with_the_file_and_entry(lexicon_copy, file, old, new, message):
    _edit(lexicon_copy / file, old, new)
    with pytest.raises(LexiconError, match=None) as caught:
        lexicon.load_harm_lexicon()
    assert message in str(caught.value)


def test_a_missing_lexicon_file_is_named(lexicon_copy):
    (lexicon_copy / "spellings.toml").unlink()
    with pytest.raises(LexiconError, match="spellings.toml is missing"):
        lexicon.load_harm_lexicon()


# ---- the compiled-rule cache -------------------------------------------------------------

def test_cached_rules_are_the_rules_the_compiler_builds(lexicon_copy):
    fresh = lexicon.load_harm_lexicon()
    lexicon.load_harm_lexicon.cache_clear()
    cached = lexicon.load_harm_lexicon()
    assert [r.source for r in cached.matcher.rules] == [r.source for r in fresh.matcher.rules]
    assert [r.anchor for r in cached.matcher.rules] == [r.anchor for r in fresh.matcher.rules]


def test_an_edited_lexicon_is_never_served_from_a_stale_cache(lexicon_copy):
    lexicon.load_harm_lexicon()
    text = "They sent me round the houses like a parcel."
    assert "fragmentation.1" not in classify(text).factor_ids()
    _edit(lexicon_copy / "fragmentation.toml", '  "pillar to post",',
          '  "round the houses like a parcel",\n  "pillar to post",')
    lexicon.load_harm_lexicon.cache_clear()
    assert "fragmentation.1" in classify(text).factor_ids()


@pytest.mark.parametrize("damage", [
    lambda data: b"{not json",
    lambda data: data[:-100],
    lambda data: data[:200] + bytes([data[200] ^ 0xFF]) + data[201:],
], ids=["garbage", "truncated", "one-byte-flipped"])
def test_a_corrupt_cache_is_rebuilt_not_trusted(lexicon_copy, damage):
    from advocate_app import paths

    lexicon.load_harm_lexicon()
    files = list(paths.cache_dir().glob("harm-*.bin"))
    assert len(files) == 1
    good = files[0].read_bytes()
    files[0].write_bytes(damage(good))
    lexicon.load_harm_lexicon.cache_clear()
    assert "oppressive-culture.12" in classify("They didn't believe me.").factor_ids()
    assert files[0].read_bytes() == good


def test_cached_regex_programs_match_as_python_compiles_them(lexicon_copy):
    """The C engine is handed each pattern's cached program; it must behave as re.compile's."""
    import re

    lexicon.load_harm_lexicon()
    lexicon.load_harm_lexicon.cache_clear()
    matcher = lexicon.load_harm_lexicon().matcher
    assert matcher.codes, "the cache should hold compiled programs"
    text = "They didn't believe me and the social worker shouted at me, then my hours were cut."
    for rule_id, rule in enumerate(matcher.rules[:300]):
        cached_regex, fresh = matcher.regex(rule_id), re.compile(rule.source)
        assert cached_regex.pattern == fresh.pattern
        assert [m.span() for m in cached_regex.finditer(text)] == [m.span() for m in fresh.finditer(text)]


def test_the_cache_holds_no_account_text():
    from advocate_app import paths

    classify("My name is Jane Example and they cut my hours.")
    files = list(paths.cache_dir().glob("*"))
    assert files
    for path in files:
        assert b"Jane Example" not in path.read_bytes()


def test_lexicon_files_are_valid_toml_utf8():
    for path in resource_path("lexicon").glob("*.toml"):
        tomllib.loads(path.read_text(encoding="utf-8"))


def test_classifying_never_decodes_the_cached_anchors(lexicon_copy):
    """A fresh process loads the lexicon from the cache; the anchors wait until something asks for one."""
    lexicon.load_harm_lexicon()
    lexicon.load_harm_lexicon.cache_clear()
    cached = lexicon.load_harm_lexicon()
    classify("Nobody listened and they cut my hours without telling me.")
    anchors, _ = cached.matcher.rules[0].anchor_source
    assert anchors._anchors is None
    assert cached.matcher.rules[0].anchor.keys


def test_a_cached_lexicon_makes_only_the_rules_an_account_reads(lexicon_copy):
    """A fresh process does not build two thousand rule objects to read a short account."""
    lexicon.load_harm_lexicon()
    lexicon.load_harm_lexicon.cache_clear()
    rules = lexicon.load_harm_lexicon().matcher.rules
    found = classify("Nobody listened and they cut my hours without telling me.")
    assert found.sources
    made = sum(rule is not None for rule in rules._made)
    assert 0 < made < len(rules) // 10
    assert rules[5] is rules[5] and rules[-1] is rules[len(rules) - 1]
    assert [r.source for r in rules[:3]] == [rules[0].source, rules[1].source, rules[2].source]
    assert len(list(rules)) == len(rules)


def test_a_rule_is_compiled_only_when_the_matcher_tries_it():
    """A fresh process compiles a pattern at its first candidate place, not at every anchor word it meets.

    On a long account most triggered rules never get a candidate (their second
    word is nowhere near), so they are never compiled; what is found must be
    exactly what a matcher with every pattern compiled finds.
    """
    from pathlib import Path

    from advocate_app.analysis.matcher import Matcher, index_tables

    matcher = lexicon.load_harm_lexicon().matcher
    text = " ".join(path.read_text(encoding="utf-8")
                    for path in sorted((Path(__file__).resolve().parents[1] / "data" / "accounts").glob("*.txt"))[:40])
    lazy = Matcher(matcher.rules, matcher.codes, index_tables(matcher.rules))
    eager = Matcher(matcher.rules, matcher.codes, index_tables(matcher.rules))
    eager.compile_all()
    found = lazy.find(text)
    assert found == eager.find(text) and len(found) > 20
    compiled = sum(regex is not None for regex in lazy._compiled)
    assert 0 < compiled < len(matcher.rules) // 2
    # On its first text a matcher also waits until every word a pattern needs is near the
    # candidate place; without that check it compiles markedly more, and finds the same.
    plain = Matcher(matcher.rules, matcher.codes, index_tables(matcher.rules))
    plain._first_text = False
    assert plain.find(text) == found
    assert compiled < 0.8 * sum(regex is not None for regex in plain._compiled)
    # later texts: compiled at the first candidate, as before, and still the same matches
    second = text[len(text) // 3:] + " They refused to listen to me and my care plan was never reviewed."
    assert lazy.find(second) == eager.find(second)
