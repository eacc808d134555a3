"""The lexicon passes the one-account lint (issue 12): no pattern that only one account ever needed."""
from __future__ import annotations

from pathlib import Path

from advocate_app.analysis.lexicon import load_harm_lexicon
from tests.analysis import lexicon_lint
from tests.analysis.lexicon_lint import marked_general, one_account_patterns


def test_no_pattern_fires_on_exactly_one_account_unless_it_is_marked_general():
    flags = one_account_patterns()
    assert not flags, ("patterns that fire on exactly one corpus account: remove them, or mark them "
                       "'# general: why' on their line if they are general wording\n" +
                       "\n".join(map(str, flags)))


def test_the_lint_flags_a_pattern_written_for_one_account(tmp_path, monkeypatch):
    """The lint itself: a made-up pattern copied from one account is flagged, and `# general` clears it."""
    matcher = load_harm_lexicon().matcher
    rule = next(r for r in matcher.rules if r.target == "fragmentation.1")
    monkeypatch.setattr(lexicon_lint, "accounts_per_rule",
                        lambda extra=(): {matcher.rules.index(rule): {"accounts/007-carer.txt"}})
    flags = one_account_patterns()
    assert [(f.target, f.pattern, f.account) for f in flags] == [
        ("fragmentation.1", rule.pattern, "accounts/007-carer.txt")] or marked_general(
            rule.where.split(" ", 1)[0], rule.pattern)


def test_general_must_be_said_on_the_patterns_own_line(monkeypatch):
    lines = ['phrases = [', '  "(pillar to post)",  # general: a saying', '  "(round the houses)",', ']']
    monkeypatch.setattr(lexicon_lint, "_lines", lambda file: lines)
    assert marked_general("x.toml", "(pillar to post)")
    assert not marked_general("x.toml", "(round the houses)")


def test_the_lint_reads_only_the_corpora_a_tuner_may_read():
    names = [name for name, _ in lexicon_lint.tuning_accounts()]
    assert names and not any("/real/test/" in n for n in names)
    assert all(n.startswith("hold-out account ") or Path(n).suffix == ".txt" for n in names)
