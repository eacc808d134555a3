"""The case wizard: eight steps from the person's account to a printed letter.

`CaseWizard(case, store, parent)` is the widget the main window hosts; see
wizard.py. Pages are one module each; the core is reached through core.py.
"""
from advocate_app.gui.wizard.wizard import PAGES, STEPS, CaseWizard, step_label

__all__ = ["PAGES", "STEPS", "CaseWizard", "step_label"]
