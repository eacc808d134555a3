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


def test_an_entry_shipped_with_the_app_is_read_when_the_user_cache_has_none(monkeypatch, tmp_path):
    import advocate_app.resources as resources

    expected = _parsed("bank_holidays_england.toml")
    read_toml("bank_holidays_england.toml")
    entry = next(paths.cache_dir().glob("toml-bank_holidays_england@*.bin"))
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    entry.rename(shipped / entry.name)
    monkeypatch.setattr(resources, "shipped_cache_entry", lambda name: shipped / name)

    def must_not_parse(_text):  # noqa: ANN001, ANN202
        raise AssertionError("parsed again, although the installed app shipped the entry")

    monkeypatch.setattr(tomllib, "loads", must_not_parse)
    assert read_toml("bank_holidays_england.toml") == expected
    monkeypatch.undo()
    monkeypatch.setattr(resources, "shipped_cache_entry", lambda name: shipped / name)
    (shipped / entry.name).write_bytes(b"damaged")
    assert read_toml("bank_holidays_england.toml") == expected   # parsed again, and stored for the user
    assert entry.exists()
