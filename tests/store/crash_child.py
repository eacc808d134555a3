"""Run by test_crash: save cases in a loop until killed, reporting each save only after it returned.

argv: REPORT_FILE. Environment: ADVOCATE_APP_HOME. Every line written to the
report ("<case id> <counter>") is a save whose transaction had committed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import sys

from advocate_app.model.case import Case, Person
from advocate_app.store import CaseStore, NotFound, crypto

PASS = "crash test passphrase"
IDS = [f"{i:032x}" for i in range(1, 7)]


def main(report: str) -> None:
    crypto.POLICY = dataclasses.replace(crypto.POLICY, iterations=1, lanes=1, memory_kib=8)
    rng = random.Random(os.getpid())
    store = CaseStore.open(PASS)
    cases: dict[str, Case] = {}
    for case_id in IDS:
        try:
            cases[case_id] = store.load_case(case_id)
        except NotFound:
            cases[case_id] = Case(account="", id=case_id, person=Person(name=f"Person {case_id[-1]}"))
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    step = 0
    while True:
        step += 1
        case = cases[rng.choice(IDS)]
        counter = int(case.extra.get("n", 0)) + 1
        case.extra["n"] = counter
        case.account = f"save {counter} " + "words " * rng.randint(10, 3000)
        store.save_case(case, next_deadline=dt.date(2027, 1, 1) + dt.timedelta(days=counter % 300))
        os.write(fd, f"{case.id} {counter}\n".encode())
        if step % 7 == 0:
            store.save_document(case.id, kind="letter", route="complaint-council", title=f"letter {counter}",
                                data=os.urandom(rng.randint(100, 30000)), produced=dt.date(2026, 11, 26))
        if step % 25 == 0:
            store.backup()
        if step % 30 == 0:
            scratch = Case(account="scratch " * 500)
            store.save_case(scratch)
            store.delete_case(scratch.id)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
