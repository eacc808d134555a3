"""SpanIndex answers as a scan of every span would: the plan's evidence overlap and the no-fault rule rely on it."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.model.spans import SpanIndex

span = st.tuples(st.integers(0, 120), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(span, max_size=12), span)
def test_overlaps_and_holds_agree_with_a_scan(spans, probe):
    index = SpanIndex(spans)
    start, end = probe
    assert index.overlaps(start, end) == any(start < e and s < end for s, e in spans)
    assert index.holds(start, end) == any(s <= start and end <= e for s, e in spans)
    assert bool(index) == bool(spans)
