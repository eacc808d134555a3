"""The case list's "next deadline": the nearest one still to come, of the routes the person chose."""
from __future__ import annotations

import datetime as dt

from advocate_app.routes.types import Deadline, Plan, Route

TODAY = dt.date(2026, 11, 26)


def _route(route_id: str, *dates: dt.date | None, passed: bool = False) -> Route:
    return Route(id=route_id, strength="recommended", title=route_id, recipient="R", reason="Because.",
                 deadlines=[Deadline("something", d, passed=passed) for d in dates])


def test_nearest_deadline_of_the_chosen_routes_only():
    plan = Plan(routes=[_route("complaint-council", dt.date(2026, 12, 20)),
                        _route("ombudsman-lgsco", dt.date(2026, 12, 1))], today=TODAY)
    assert plan.next_deadline(["complaint-council"]) == dt.date(2026, 12, 20)


def test_with_nothing_chosen_every_proposed_route_counts():
    plan = Plan(routes=[_route("complaint-council", dt.date(2026, 12, 20)),
                        _route("ombudsman-lgsco", dt.date(2026, 12, 1))], today=TODAY)
    assert plan.next_deadline([]) == dt.date(2026, 12, 1)


def test_passed_past_and_undated_deadlines_are_not_next():
    plan = Plan(routes=[_route("complaint-council", dt.date(2026, 11, 25), None),
                        _route("complaint-nhs", dt.date(2026, 12, 3), passed=True)], today=TODAY)
    assert plan.next_deadline() is None
    plan.routes.append(_route("subject-access", TODAY))
    assert plan.next_deadline() == TODAY
