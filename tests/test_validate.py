"""The one checked reader of data-file tables: one message naming the entry and the key."""
from __future__ import annotations

import pytest

from advocate_app.validate import Entry, new_id


class DataError(ValueError):
    pass


def entry(**data: object) -> Entry:
    return Entry(data, "factor 'stigma.1'", DataError)


def test_good_values_are_read_and_stripped():
    e = entry(label=" Stigma ", rank=3, ask=[" an apology "], paper="")
    assert (e.text("label"), e.whole_number("rank"), e.text_list("ask"), e.optional_text("paper")) == (
        "Stigma", 3, ["an apology"], "")
    assert e.whole_number("missing", required=False) is None and e.text_list("missing") == []


@pytest.mark.parametrize("read, message", [
    (lambda e: e.text("label"), "factor 'stigma.1': 'label' is missing or empty"),
    (lambda e: e.text("blank"), "factor 'stigma.1': 'blank' is missing or empty"),
    (lambda e: e.whole_number("flag"), "factor 'stigma.1': 'flag' must be a whole number"),
    (lambda e: e.text_list("mixed"), "factor 'stigma.1': 'mixed' must be a list of text"),
    (lambda e: e.optional_text("rank"), "factor 'stigma.1': 'rank' must be text"),
    (lambda e: e.only_keys({"blank", "flag", "mixed", "rank"}), r"factor 'stigma.1': unknown keys \['extra'\]"),
])
def test_each_mistake_is_one_message_in_the_loader_s_own_error(read, message: str):
    with pytest.raises(DataError, match=f"^{message}$"):
        read(entry(blank="  ", flag=True, mixed=["a", 2], rank=1, extra=0))


def test_ids_must_be_present_and_unique():
    seen: set[str] = set()
    assert new_id({"id": "stigma"}, "sources", "source", seen, DataError) == "stigma"
    with pytest.raises(DataError, match="source 'stigma' appears more than once"):
        new_id({"id": "stigma"}, "sources", "source", seen, DataError)
    with pytest.raises(DataError, match=r"a \[\[sources\]\] entry has no 'id'"):
        new_id({"label": "x"}, "sources", "source", seen, DataError)
