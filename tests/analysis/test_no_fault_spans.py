"""The whole-document "no fault" rule gives the same answer however many phrases a long text holds."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.analysis.classifier import _finds_no_fault

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=12)


def by_pairs(no_fault: list[tuple[int, int]], findings: list[tuple[int, int]]) -> bool:
    """The rule as it reads: a no-finding phrase, and every finding inside one of them."""
    return bool(no_fault) and all(any(lo <= a and b <= hi for lo, hi in no_fault) for a, b in findings)


@settings(max_examples=400, deadline=None)
@given(spans, spans)
def test_the_rule_matches_its_plain_reading(no_fault, findings):
    assert _finds_no_fault({"no-finding": no_fault, "finding": findings}) == by_pairs(no_fault, findings)


def test_a_finding_held_by_a_no_finding_phrase_does_not_count():
    # "unlikely we would find evidence of fault causing injustice" holds "fault causing injustice"
    assert _finds_no_fault({"no-finding": [(10, 70)], "finding": [(40, 70)]})
    assert not _finds_no_fault({"no-finding": [(10, 70)], "finding": [(40, 70), (90, 110)]})
    assert not _finds_no_fault({"finding": [(40, 70)]})
