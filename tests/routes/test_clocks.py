"""The case list's clocks: only what has been sent and is awaited, named in words."""
from __future__ import annotations

import datetime as dt

from advocate_app.model.case import Case, ComplaintRecord, LetterRecord, Organisation
from advocate_app.routes.clocks import next_clock, running_clocks

TODAY = dt.date(2026, 11, 2)   # a Monday


def test_nothing_sent_means_no_clock_even_with_chosen_routes():
    case = Case(account="x", chosen_routes=["complaint-council", "subject-access"])
    assert running_clocks(case, TODAY) == []
    assert next_clock(case, TODAY) is None


def test_a_complaint_made_starts_the_acknowledgement_and_reply_clocks():
    case = Case(account="x", complaints=[ComplaintRecord(route="complaint-council", made=dt.date(2026, 10, 30))])
    clocks = running_clocks(case, TODAY)
    assert [c.kind for c in clocks] == ["acknowledgement", "complaint-response"]
    ack, reply = clocks
    assert ack.date == dt.date(2026, 11, 4)          # 3 working days after Friday 30 October
    assert reply.date == dt.date(2027, 4, 30)
    assert ack.what == "acknowledgement due: complaint to the council"
    assert next_clock(case, TODAY) == ack
    # Once the acknowledgement day has gone, the reply is what the list shows.
    assert next_clock(case, dt.date(2026, 11, 20)).what == "reply due: complaint to the council"


def test_a_reply_received_stops_the_clock_and_an_overdue_reply_stays_as_passed():
    answered = Case(account="x", complaints=[ComplaintRecord(route="complaint-nhs", made=dt.date(2026, 1, 5),
                                                             response=dt.date(2026, 3, 1))])
    assert running_clocks(answered, TODAY) == []
    waiting = Case(account="x", complaints=[ComplaintRecord(route="complaint-nhs", made=dt.date(2026, 1, 5))])
    clock = next_clock(waiting, TODAY)
    assert clock.kind == "complaint-response" and clock.passed(TODAY)


def test_a_records_request_sent_and_a_complaint_to_a_named_provider():
    case = Case(account="x",
                organisations=[Organisation(name="Brightside Support", kind="provider")],
                complaints=[ComplaintRecord(organisation="Brightside Support", made=dt.date(2026, 10, 1))],
                letters=[LetterRecord(route="subject-access", sent=dt.date(2026, 10, 20)),
                         LetterRecord(route="rectification", produced=dt.date(2026, 10, 20))])
    clocks = running_clocks(case, TODAY)
    assert [(c.route, c.date) for c in clocks] == [
        ("subject-access", dt.date(2026, 11, 20)),
        ("complaint-provider", dt.date(2026, 12, 24)),
    ]
    assert clocks[0].what == "reply due: request for the person's records"
