"""Test-wide safety: offscreen Qt, every app path in a temporary folder, no network.

Why: tests must never touch a real advocate's data, need no display, and prove
the app opens no network connection, ever.
"""
from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

from advocate_app import paths  # noqa: E402


class NetworkAttempted(AssertionError):
    pass


_real_socket = socket.socket
_real_create_connection = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo


class _GuardedSocket(_real_socket):
    """Local (AF_UNIX) sockets are allowed: Qt and multiprocessing use them; the network is not."""

    def __init__(self, family: int = -1, *args, **kwargs):  # type: ignore[no-untyped-def]
        fam = family if family != -1 else socket.AF_INET
        if fam in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAttempted("the app tried to open a network socket")
        super().__init__(family, *args, **kwargs)


def _refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    raise NetworkAttempted("the app tried to reach the network")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)


@pytest.fixture(autouse=True)
def private_paths(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every data, config and cache path (ours and Qt's) goes to a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    paths.init(home / "app")
    for var, sub in (("XDG_DATA_HOME", "xdg-data"), ("XDG_CONFIG_HOME", "xdg-config"),
                     ("XDG_CACHE_HOME", "xdg-cache"), ("HOME", "home")):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("ADVOCATE_APP_HOME", str(home / "app"))
    yield home
    paths.init(None)
