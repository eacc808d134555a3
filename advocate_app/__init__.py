"""advocate_app: offline help for independent advocates in mental health social care."""

__version__ = "0.1.0"
