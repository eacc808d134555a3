"""The one-account lint: lexicon patterns that fire on exactly one account of the tuning corpora.

Why: a pattern written to catch one sentence of one corpus account learns that
account, not how people write; it inflates the corpus score and does nothing
for real accounts (issue 12). A pattern that fires on exactly one account is
kept only when it is general wording, said in a comment on its own line:

    "(no one|nobody) (rang|called) ~2 back",  # general: how people say they were left waiting

"Any corpus" is the project's own main and hold-out sets and the real training
split (tests/data/real/train, when it exists): a pattern that also fires on a
hold-out account is not one account's pattern (issue 12 counts it so). The
lint names the account only for the tuning sets; for a hold-out account it says
"a hold-out account", so running it leaks no hold-out text. The real test split
is never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from advocate_app.analysis.lexicon import load_harm_lexicon
from advocate_app.analysis.normalise import normalised_view
from advocate_app.resources import resource_path
from tests.analysis.corpus import DATA_DIR, HOLDOUT_DIR, MAIN_DIR, Account, load_accounts

REAL_TRAIN_DIR = DATA_DIR / "real" / "train"
GENERAL = re.compile(r"#\s*general\b", re.IGNORECASE)


@dataclass(frozen=True)
class Flag:
    file: str
    target: str
    pattern: str
    account: str

    def __str__(self) -> str:
        return f"{self.file} [{self.target}] {self.pattern!r} fires only on {self.account}"


def tuning_accounts(extra: tuple[Path, ...] = ()) -> list[tuple[str, Account]]:
    """The corpora a lexicon editor may read; `extra` folders for trying a corpus not yet in the repo."""
    folders = [MAIN_DIR, HOLDOUT_DIR] + ([REAL_TRAIN_DIR] if REAL_TRAIN_DIR.is_dir() else []) + list(extra)
    return [(f"hold-out account {i}" if folder == HOLDOUT_DIR else f"{folder.as_posix()}/{a.name}", a)
            for folder in folders for i, a in enumerate(load_accounts(folder))]


def accounts_per_rule(extra: tuple[Path, ...] = ()) -> dict[int, set[str]]:
    """Rule index -> the tuning accounts it fires on (a match a negation cancels does not fire)."""
    matcher = load_harm_lexicon().matcher
    index = {id(rule): i for i, rule in enumerate(matcher.rules)}
    fired: dict[int, set[str]] = {}
    for name, account in tuning_accounts(extra):
        for hit in matcher.find(account.text, normalised_view(account.text)):
            fired.setdefault(index[id(hit.rule)], set()).add(name)
    return fired


def marked_general(file: str, pattern: str) -> bool:
    """True when the line holding this pattern in its lexicon file says `# general`."""
    quoted = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for line in _lines(file):
        if quoted in line and GENERAL.search(line.split(quoted, 1)[1]):
            return True
    return False


_CACHE: dict[str, list[str]] = {}


def _lines(file: str) -> list[str]:
    if file not in _CACHE:
        _CACHE[file] = Path(resource_path("lexicon", file)).read_text(encoding="utf-8").splitlines()
    return _CACHE[file]


def one_account_patterns(extra: tuple[Path, ...] = ()) -> list[Flag]:
    """Patterns firing on exactly one tuning account and not marked `# general`, in lexicon order."""
    matcher = load_harm_lexicon().matcher
    flags = []
    for rule_id, names in sorted(accounts_per_rule(extra).items()):
        if len(names) != 1:
            continue
        rule = matcher.rules[rule_id]
        file = rule.where.split(" ", 1)[0]
        if not marked_general(file, rule.pattern):
            flags.append(Flag(file, rule.target, rule.pattern, next(iter(names))))
    return flags
