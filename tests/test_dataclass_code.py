"""Dataclasses made from code compiled by an earlier run behave exactly as freshly made ones.

Why it matters: every record the classifier returns is a dataclass, so a wrong
method here would be a wrong suggestion; and the point of the cache is that a
second run compiles nothing.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from advocate_app import dataclass_code, paths


@pytest.fixture
def home(tmp_path):
    paths.init(tmp_path)
    yield tmp_path
    paths.init(None)


@pytest.fixture
def compilations(monkeypatch):
    made: list[str] = []

    def counting(source, *args):
        made.append(source)
        return compile(source, *args)

    monkeypatch.setattr(dataclass_code, "_compile", counting)
    return made


def make_classes():
    """The same definitions each time: a frozen record and a mutable one with a default factory."""
    @dataclass(frozen=True)
    class Finding:
        """A test record."""
        source: str
        weight: float = 0.5

    @dataclass
    class Case:
        """A test record."""
        name: str
        findings: list[Finding] = field(default_factory=list)
        note: str = ""

    return Finding, Case


def behaviour(finding_cls, case_cls) -> dict:
    """What a user of these records could notice."""
    a, b = finding_cls("stigma"), finding_cls("stigma", 0.5)
    case = case_cls("Sam")
    case.findings.append(a)
    other = case_cls("Sam")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.weight = 1.0   # type: ignore[misc]
    with pytest.raises(TypeError):
        finding_cls()    # type: ignore[call-arg]
    return {"repr": (repr(a), repr(case)), "equal": a == b, "hash": hash(a) == hash(b),
            "set": len({a, b}), "factory": other.findings == [] and other.findings is not case.findings,
            "case equal": case == case_cls("Sam", [finding_cls("stigma")]),
            "fields": [f.name for f in dataclasses.fields(case_cls)]}


def test_records_made_from_cached_code_behave_as_fresh_ones(home, compilations):
    plain = behaviour(*make_classes())
    with dataclass_code.compiled_once():
        first = behaviour(*make_classes())
    assert compilations, "the first run compiles the methods"
    compilations.clear()
    with dataclass_code.compiled_once():
        second = behaviour(*make_classes())
    assert compilations == [], "a later run compiles nothing"
    assert plain == first == second
    assert plain["repr"][0] == "make_classes.<locals>.Finding(source='stigma', weight=0.5)"


def test_a_damaged_entry_is_compiled_again_and_replaced(home, compilations):
    with dataclass_code.compiled_once():
        make_classes()
    entry = dataclass_code.entry_path()
    entry.write_bytes(entry.read_bytes()[:-20] + b"\0" * 20)
    compilations.clear()
    with dataclass_code.compiled_once():
        assert behaviour(*make_classes()) == behaviour(*make_classes())
    assert compilations, "nothing is trusted from a damaged entry"
    compilations.clear()
    with dataclass_code.compiled_once():
        make_classes()
    assert compilations == [], "the entry was written again, whole"


def test_dataclasses_is_left_as_it_was_even_after_an_error(home):
    with pytest.raises(RuntimeError):
        with dataclass_code.compiled_once():
            assert "exec" in vars(dataclasses)
            raise RuntimeError("an import failed")
    assert "exec" not in vars(dataclasses)


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, compilations):
    blocked = tmp_path / "home"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    paths.init(blocked)
    try:
        with dataclass_code.compiled_once():
            records = behaviour(*make_classes())
    finally:
        paths.init(None)
    assert records == behaviour(*make_classes())
    assert compilations
