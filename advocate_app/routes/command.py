"""`advocate-app plan CASE.json [--json]`: the plan for a case file, headless.

Why so little here: the contract (cli.md) is the JSON of `Plan.to_json()` or the
briefing note; loading errors are UserErrors that cli.py turns into one line
and exit code 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from advocate_app.model.case_file import load_case_file
from advocate_app.routes.briefing import format_briefing
from advocate_app.routes.planner import plan_case


def run(args: argparse.Namespace) -> int:
    case = load_case_file(args.case)
    plan = plan_case(case)
    if getattr(args, "json", False):
        text = json.dumps(plan.to_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = format_briefing(plan, case)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (for example `| head`): not an error for the user.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
