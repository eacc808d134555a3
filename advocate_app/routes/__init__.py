"""Case -> proposed routes, Section 42 assessment and deadlines. No Qt.

Public entry point: `plan_case(case, today=None) -> Plan` (see `types.py`).
"""
from advocate_app.routes.planner import plan_case

__all__ = ["plan_case"]
