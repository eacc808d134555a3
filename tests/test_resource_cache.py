"""The parsed-TOML cache (resources.read_toml) gives exactly what parsing gives, dates included.

Why: rules, deadlines and letters are read through it; a damaged or stale
entry must be parsed again, never trusted.
"""
from __future__ import annotations

import tomllib

from advocate_app import paths
from advocate_app.resources import read_toml, resource_path


def _parsed(*parts: str) -> dict:
    return tomllib.loads(resource_path(*parts).read_text(encoding="utf-8"))


def test_cached_toml_equals_parsed_toml_with_its_dates():
    for parts in (("bank_holidays_england.toml",), ("routes", "complaint-council.toml"), ("templates", "letters.toml")):
        assert read_toml(*parts) == _parsed(*parts)     # parsed, and stored
        assert read_toml(*parts) == _parsed(*parts)     # from the cache
    entries = list(paths.cache_dir().glob("toml-bank_holidays_england@*.bin"))
    assert len(entries) == 1


def test_a_damaged_entry_is_parsed_again():
    read_toml("bank_holidays_england.toml")
    entry = next(paths.cache_dir().glob("toml-bank_holidays_england@*.bin"))
    data = entry.read_bytes()
    entry.write_bytes(data[:60] + bytes([data[60] ^ 0xFF]) + data[61:])
    assert read_toml("bank_holidays_england.toml") == _parsed("bank_holidays_england.toml")
    entry.write_bytes(b"garbage")
    assert read_toml("bank_holidays_england.toml") == _parsed("bank_holidays_england.toml")
