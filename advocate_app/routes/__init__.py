"""Case -> proposed routes, Section 42 assessment and deadlines. No Qt.

Public entry point: `plan_case(case, today=None) -> Plan` (see `types.py`).
"""
