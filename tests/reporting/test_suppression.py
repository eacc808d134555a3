"""The suppression rules on small hand-made tables, and on thousands of random ones."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.reporting import suppression as sup
from tests.reporting.attacker import possible_values_of_parts


def shown(cell: sup.Cell) -> str:
    return {None: str(cell.value), sup.SMALL: "<5", sup.COMPLEMENT: "hidden", sup.WITHHELD: "unknown"}[cell.status]


def group(values: list[int]) -> sup.SuppressionTable:
    table = sup.SuppressionTable()
    keys = []
    for i, v in enumerate(values):
        table.add_cell(f"part{i}", v)
        keys.append(f"part{i}")
    table.add_cell("total", sum(values))
    table.add_relation("group", keys, "total")
    table.apply()
    return table


def parts_shown(table: sup.SuppressionTable) -> list[str]:
    return [shown(c) for k, c in table.cells.items() if k.startswith("part")]


def test_counts_of_one_to_four_are_shown_as_less_than_five_and_zero_is_shown():
    table = group([0, 1, 4, 5, 40])
    assert parts_shown(table)[0] == "0"
    assert parts_shown(table)[1:3] == ["<5", "<5"]
    assert parts_shown(table)[4] == "40"


def test_a_lone_small_count_gets_a_complementary_cell_so_the_total_does_not_give_it_away():
    table = group([3, 12, 40, 7])
    shown_parts = parts_shown(table)
    assert shown_parts[0] == "<5"
    assert shown_parts.count("hidden") == 1
    assert shown_parts[3] == "hidden", "the smallest other count is the one hidden"
    assert shown(table.cells["total"]) == "62"


def test_a_complement_that_would_pin_the_small_count_exactly_is_not_enough():
    # 1 + 5 = 6: with the 5 hidden (so 0 or 5+), the reader could tell the "<5" is 1
    table = group([1, 5, 20, 30])
    ranges = possible_values_of_parts(parts_shown(table), shown(table.cells["total"]))
    assert len(ranges[0]) >= 2
    assert parts_shown(table)[2] == "hidden", "hiding the 5 would not have helped, so the 20 is hidden"


def test_two_ones_in_a_group_are_not_left_adding_up_to_two():
    table = group([1, 1, 30, 40])
    ranges = possible_values_of_parts(parts_shown(table), shown(table.cells["total"]))
    assert all(len(r) >= 2 for r, s in zip(ranges, parts_shown(table)) if s == "<5")
    assert "hidden" in parts_shown(table)


def test_a_case_count_whose_complement_is_small_is_hidden_as_well():
    table = sup.SuppressionTable()
    table.add_cell("cases", 30)
    table.add_cell("stigma", 28)
    table.add_complement("stigma", "cases")
    table.apply()
    assert table.cells["stigma"].status == sup.COMPLEMENT
    assert table.cells["stigma~without"].status == sup.SMALL
    assert table.cells["cases"].status is None


def test_a_count_equal_to_the_total_is_shown_because_its_complement_is_zero():
    table = sup.SuppressionTable()
    table.add_cell("cases", 30)
    table.add_cell("stigma", 30)
    table.add_complement("stigma", "cases")
    table.apply()
    assert table.cells["stigma"].status is None


def test_an_at_most_fact_is_used_by_the_reader():
    # with-letter (7) is hidden because 1 case had no letter; but the reader knows
    # 7 letters were sent (so at most 7 cases) and 7 cases have a time (so at least 7)
    table = sup.SuppressionTable()
    for key, value in (("cases", 8), ("with-letter", 7), ("letters", 7), ("timed", 7)):
        table.add_cell(key, value)
    table.add_complement("with-letter", "cases")
    table.add_complement("timed", "with-letter")
    table.add_at_most("cases with a letter within letters", ["with-letter"], ["letters"])
    table.apply()
    assert table.cells["with-letter~without"].status == sup.SMALL
    assert table.exposed() == set()
    domains = table.possible_values()
    assert not sup.is_single_value(domains["with-letter~without"])


def test_a_small_total_hides_everything_that_is_not_zero():
    table = group([0, 2, 1])
    assert parts_shown(table) == ["0", "<5", "<5"]
    assert shown(table.cells["total"]) == "<5"


def test_the_domain_arithmetic_is_exact_on_unions():
    a = ((1, 4),)
    b = sup.COMPLEMENT_DOMAIN
    assert sup.add(a, b) == ((1, 4), (6, sup.INF))
    assert sup.intersect(sup.negate(sup.add(a, b)), ((-5, 0),)) == ((-4, -1),)
    assert sup.is_single_value(((3, 3),)) and not sup.is_single_value(((3, 4),))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=6))
def test_no_small_count_in_a_random_group_can_be_worked_out(values):
    table = group(values)
    parts = parts_shown(table)
    ranges = possible_values_of_parts(parts, shown(table.cells["total"]))
    for value, seen, possible in zip(values, parts, ranges):
        if 0 < value < 5 and seen == "unknown":
            continue   # withheld outright: the reader learns nothing
        if 0 < value < 5:
            assert seen == "<5"
            assert value in possible
            assert len(possible) >= 2, (values, parts)
        elif seen != "hidden":
            assert seen == str(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=5))
def test_no_small_count_or_small_complement_can_be_worked_out_against_the_number_of_cases(extra, counts):
    cases = max(counts) + extra
    table = sup.SuppressionTable()
    table.add_cell("cases", cases)
    for i, c in enumerate(counts):
        table.add_cell(f"c{i}", c)
        table.add_complement(f"c{i}", "cases")
    table.apply()
    total_shown = shown(table.cells["cases"])
    for i, c in enumerate(counts):
        cell = table.cells[f"c{i}"]
        if 0 < c < 5:
            assert cell.status == sup.SMALL
        if 0 < cases - c < 5 and c > 0:
            assert cell.suppressed, "the count would give away the number of cases without it"
        # a reader knows c + without == cases, where "without" is never printed
        if cell.suppressed and total_shown not in ("<5", "hidden"):
            ranges = possible_values_of_parts([shown(cell), "unknown"], total_shown)
            assert len(ranges[0]) >= 2


def test_small_counts_that_would_give_each_other_away_are_withheld():
    table = group([1, 1, 1, 1])
    assert [c.status for k, c in table.cells.items() if k.startswith("part")] == [sup.WITHHELD] * 4
    assert table.exposed() == set()
