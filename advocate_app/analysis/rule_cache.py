"""A cache of compiled lexicon rules on disk, so each launch does not re-parse the lexicon.

Why: turning about 1,200 reviewable patterns into regular expressions takes
seconds in pure Python, which every start of the command line or the wizard
would pay. The rules depend only on the lexicon files and on the compiler, so
they are stored as plain JSON under the app's cache folder (no personal data),
keyed by a hash of both. A missing, stale or unreadable cache is simply rebuilt;
it can never change what the lexicon says.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

from advocate_app import paths
from advocate_app.analysis.matcher import Rule
from advocate_app.analysis.patterns import Anchor

# Bump when the meaning of a compiled rule changes without the files changing.
FORMAT = "advocate-rules/1"


def _compiler_fingerprint() -> str:
    """The compiler's own source, when it can be read (it cannot inside some frozen bundles)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("patterns.py", "matcher.py", "lexicon.py", "rule_cache.py"):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def cache_key(parts: list[bytes]) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(_compiler_fingerprint().encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:32]


def _keys_to_json(keys: frozenset[tuple[str, str]] | None) -> list[list[str]] | None:
    return None if keys is None else sorted([kind, value] for kind, value in keys)


def _keys_from_json(data: list[list[str]] | None) -> frozenset[tuple[str, str]] | None:
    return None if data is None else frozenset((kind, value) for kind, value in data)


def _rule_to_json(rule: Rule) -> dict:
    a = rule.anchor
    return {"target": rule.target, "kind": rule.kind, "weight": rule.weight, "pattern": rule.pattern,
            "where": rule.where, "source": rule.source,
            "anchor": {"keys": _keys_to_json(a.keys), "before": a.tokens_before,
                       "start": _keys_to_json(a.start_keys), "second": _keys_to_json(a.second_keys),
                       "span": a.tokens_span, "required": [_keys_to_json(k) for k in a.required]}}


def _rule_from_json(data: dict) -> Rule:
    a = data["anchor"]
    anchor = Anchor(keys=_keys_from_json(a["keys"]) or frozenset(), tokens_before=int(a["before"]),
                    start_keys=_keys_from_json(a["start"]), second_keys=_keys_from_json(a["second"]),
                    tokens_span=int(a["span"]),
                    required=tuple(_keys_from_json(k) or frozenset() for k in a["required"]))
    return Rule(target=data["target"], kind=data["kind"], weight=float(data["weight"]),
                pattern=data["pattern"], where=data["where"], source=data["source"], anchor=anchor)


def cached_rules(name: str, parts: list[bytes], build: Callable[[], list[Rule]]) -> list[Rule]:
    """The rules for these lexicon files: from the cache when it matches, else built and stored."""
    key = cache_key(parts)
    path = paths.cache_dir() / f"{name}-{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and data.get("key") == key:
            return [_rule_from_json(r) for r in data["rules"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rules = build()
    _store(path, {"format": FORMAT, "key": key, "rules": [_rule_to_json(r) for r in rules]})
    return rules


def _store(path: Path, data: dict) -> None:
    """Write atomically and privately; a cache that cannot be written is not an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(path.name.split("-")[0] + "-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, separators=(",", ":"))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass
