"""The GUI's log: set up on first use, never holding personal data.

Why lazy: importing `logging` (and writing the log file) is not needed to show
the unlock window, and start-up time is measured. The log is set up when
something is first logged or when the advocate unlocks (before the store and
the rest of the core, which log through the standard `logging` module, load).
Messages name error types and places, never case content.
"""
from __future__ import annotations

import threading
from typing import Any

LOG_LIMIT = 256_000
_lock = threading.Lock()
_ready = False


def setup() -> None:
    """Send advocate_app's log records to a file in the app's cache folder (once)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        import logging

        from advocate_app import paths

        root = logging.getLogger("advocate_app")
        try:
            paths.ensure_dirs()
            path = paths.log_file()
            if path.exists() and path.stat().st_size > LOG_LIMIT:  # keep one old log, not a growing file
                path.replace(path.with_suffix(".log.1"))
            paths.private_file(path)  # 0600 before the handler opens it
            handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        _ready = True


def logger(name: str) -> Any:
    """A `logging.Logger` for `name`, with the log set up. Thread-safe."""
    setup()
    import logging

    return logging.getLogger(name)
