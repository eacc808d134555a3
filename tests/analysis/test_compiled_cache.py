"""The compiled cache's lazily read regular-expression programs.

A new process reads only the programs its account needs from the cache file's
tail; what it gets must be exactly what compiling the pattern gives, and a
damaged program must never be trusted.
"""
from __future__ import annotations

import re

from advocate_app import paths
from advocate_app.analysis import compiled_cache
from advocate_app.analysis.compiled_cache import LazyPrograms, compile_regex, regex_code, regex_codes

SOURCES = [r"(?<!\w)didn't listen(?!\w)", r"\bcut (?:my|our) hours\b", r"(?i)shouted at (me|us)"]
TEXT = "They didn't listen. Then they cut my hours and SHOUTED AT US."


def _build(calls: list[int]) -> dict:
    calls.append(1)
    return {"codes": regex_codes(SOURCES), "other": [1, 2, 3]}


def _cache_file(name: str):
    files = list(paths.cache_dir().glob(f"{name}-*.bin"))
    assert len(files) == 1
    return files[0]


def test_programs_read_back_one_at_a_time_are_the_ones_compiled() -> None:
    calls: list[int] = []
    built = compiled_cache.cached("lazy-test", [b"a"], lambda: _build(calls), lazy="codes")
    again = compiled_cache.cached("lazy-test", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1], "the second call should read the cache, not build"
    assert isinstance(again["codes"], LazyPrograms) and len(again["codes"]) == len(SOURCES)
    assert again["other"] == built["other"]
    for source in SOURCES:
        assert again["codes"].get(source) == regex_code(source)
        cached_regex = compile_regex(source, again["codes"].get(source))
        assert [m.span() for m in cached_regex.finditer(TEXT)] == [m.span() for m in re.finditer(source, TEXT)]
    assert again["codes"].get("not a cached pattern") is None


def test_a_damaged_program_is_compiled_from_its_source_and_the_cache_rebuilt() -> None:
    calls: list[int] = []
    compiled_cache.cached("lazy-damaged", [b"a"], lambda: _build(calls), lazy="codes")
    path = _cache_file("lazy-damaged")
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF          # inside the last program of the tail, which the body's checksum does not cover
    path.write_bytes(bytes(data))
    read_back = compiled_cache.cached("lazy-damaged", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1], "the body is sound, so the file is read"
    damaged = [s for s in SOURCES if read_back["codes"].get(s) is None]
    assert damaged, "the damaged program must not be handed to the regex engine"
    assert not path.exists(), "a damaged cache is removed so the next start rebuilds it"
    for source in SOURCES:   # every pattern still matches as Python compiles it
        regex = compile_regex(source, read_back["codes"].get(source))
        assert [m.span() for m in regex.finditer(TEXT)] == [m.span() for m in re.finditer(source, TEXT)]
    compiled_cache.cached("lazy-damaged", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1] and _cache_file("lazy-damaged").exists()


def test_a_cache_file_cut_short_in_its_tail_is_rebuilt() -> None:
    calls: list[int] = []
    compiled_cache.cached("lazy-short", [b"a"], lambda: _build(calls), lazy="codes")
    path = _cache_file("lazy-short")
    good = path.read_bytes()
    path.write_bytes(good[:-10])
    value = compiled_cache.cached("lazy-short", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1]
    assert value["codes"] == regex_codes(SOURCES)
    assert path.read_bytes() == good


def test_an_old_entry_that_cannot_be_removed_does_not_stop_the_new_one_being_written(monkeypatch) -> None:
    """On Windows a running app's mapped cache file cannot be deleted; the new lexicon's entry is stored anyway."""
    from pathlib import Path

    calls: list[int] = []
    compiled_cache.cached("lazy-locked", [b"old"], lambda: _build(calls), lazy="codes")
    old = _cache_file("lazy-locked")
    real_unlink = Path.unlink

    def locked(self: Path, missing_ok: bool = False) -> None:
        if self == old:
            raise PermissionError("in use by another process")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    compiled_cache.cached("lazy-locked", [b"new"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1]
    stored = list(paths.cache_dir().glob("lazy-locked-*.bin"))
    assert len(stored) == 2 and old in stored
    compiled_cache.cached("lazy-locked", [b"new"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1], "the new entry was written, so it is read, not built again"


def test_programs_are_read_whole_where_the_file_system_cannot_map_files(monkeypatch) -> None:
    """Mapping is a speed-up only: where it fails, the cache is read, not rebuilt at every start."""
    import mmap

    calls: list[int] = []
    compiled_cache.cached("lazy-nomap", [b"a"], lambda: _build(calls), lazy="codes")

    def cannot_map(*args, **kwargs):
        raise OSError("mapping not supported")

    monkeypatch.setattr(mmap, "mmap", cannot_map)
    again = compiled_cache.cached("lazy-nomap", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1]
    assert [again["codes"].get(s) for s in SOURCES] == [regex_code(s) for s in SOURCES]


def _ship(monkeypatch, tmp_path, name: str):
    """Move the user's entry `name` to a stand-in for the installed app's shipped caches."""
    from advocate_app import resources

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    entry = _cache_file(name)
    target = shipped / entry.name
    entry.rename(target)
    monkeypatch.setattr(resources, "shipped_cache_entry", lambda file_name: shipped / file_name)
    return target


def _must_not_build() -> dict:
    raise AssertionError("built again, although the installed app shipped this entry")


def test_an_entry_shipped_with_the_app_is_read_and_nothing_is_compiled_or_written(monkeypatch, tmp_path) -> None:
    calls: list[int] = []
    built = compiled_cache.cached("shipped-test", [b"a"], lambda: _build(calls), lazy="codes")
    _ship(monkeypatch, tmp_path, "shipped-test")
    value = compiled_cache.cached("shipped-test", [b"a"], _must_not_build, lazy="codes")
    assert value["other"] == built["other"]
    for source in SOURCES:
        regex = compile_regex(source, value["codes"].get(source))
        assert value["codes"].get(source) == regex_code(source)
        assert [m.span() for m in regex.finditer(TEXT)] == [m.span() for m in re.finditer(source, TEXT)]
    assert not list(paths.cache_dir().glob("shipped-test-*.bin")), "a shipped entry needs no copy in the user's cache"


def test_a_damaged_shipped_entry_is_not_trusted_and_the_user_cache_is_built(monkeypatch, tmp_path) -> None:
    calls: list[int] = []
    compiled_cache.cached("shipped-bad", [b"a"], lambda: _build(calls), lazy="codes")
    shipped = _ship(monkeypatch, tmp_path, "shipped-bad")
    data = bytearray(shipped.read_bytes())
    data[40] ^= 0xFF   # inside the body, which its checksum covers
    shipped.write_bytes(bytes(data))
    value = compiled_cache.cached("shipped-bad", [b"a"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1] and value["codes"] == regex_codes(SOURCES)
    assert _cache_file("shipped-bad").exists()


def test_a_shipped_entry_for_other_inputs_is_not_used(monkeypatch, tmp_path) -> None:
    calls: list[int] = []
    compiled_cache.cached("shipped-other", [b"a"], lambda: _build(calls), lazy="codes")
    _ship(monkeypatch, tmp_path, "shipped-other")
    compiled_cache.cached("shipped-other", [b"changed lexicon"], lambda: _build(calls), lazy="codes")
    assert calls == [1, 1], "an entry is found by its key, so a changed lexicon is compiled afresh"
