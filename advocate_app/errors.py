"""Errors the person at the keyboard can act on.

Why one class: every front end (command line, wizard) shows a `UserError` as its
plain message and nothing else, so core code raises it whenever the cause is the
input, not a bug. Messages say what happened, that nothing was lost, and what to
do next, in plain English, and never contain personal data from a case.
"""
from __future__ import annotations


class UserError(Exception):
    """A problem with the input that the user can fix; shown as one plain line."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
