"""Private, atomic file handling for the store, its backups and exports.

Why: a store, a backup or an exported case file must be readable by this user
only (0600 files, 0700 folders on POSIX) from the moment it exists, and must
never be left half-written: we write beside the target, flush to disk, then
rename over it in one step.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import os
import secrets
from pathlib import Path
from typing import Iterator

from advocate_app.files import write_atomically

POSIX = os.name == "posix"
SIDE_FILES = ("-wal", "-shm", "-journal")


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Everything created inside is private to the user (umask 077), restored afterwards."""
    if not POSIX:
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and parents we create) as 0700; take group/other access off an existing one.

    Never adds permissions: a folder the user made read-only stays read-only.
    """
    with private_umask():
        folder.mkdir(parents=True, exist_ok=True)
    if POSIX:
        mode = folder.stat().st_mode & 0o777
        if mode & 0o077:
            with contextlib.suppress(OSError):  # a read-only disk: nothing can be created there either
                os.chmod(folder, mode & 0o700)


def make_private_file(path: Path) -> None:
    """0600 where it is not already; a read-only disk (chmod refused) is left as it is."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o177:
            os.chmod(path, 0o600)


def tighten_store_files(db: Path) -> None:
    """0600 on the database and its -wal/-shm companions, whichever exist."""
    for candidate in (db, *(Path(str(db) + side) for side in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            make_private_file(candidate)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); harmless elsewhere."""
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a finished file to disk before it is renamed into place (read-write handle: Windows needs one)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_sibling(target: Path, tag: str) -> Path:
    """A hidden name beside `target`, so a rename onto it stays on the same filesystem."""
    return target.with_name(f".{target.name}.{tag}-{secrets.token_hex(4)}")


def output_problem(target: Path) -> str | None:
    """Why `target` must not be written (a link, a device, a folder, nowhere to write), or None.

    Why: an export or report replaces its target by renaming a new file over
    it. Over a symlink that would silently put a plain-text case somewhere
    unexpected; over a device node (as root) it would replace the device.
    """
    target = Path(target)
    if target.is_symlink():
        return "is a link; please give the name of a plain file"
    if target.exists():
        if target.is_dir():
            return "is a folder; please give a file name such as case.json"
        if not target.is_file():
            return "is not a plain file (it is a device or a pipe); please give the name of a plain file"
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return "is in a folder that does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "is in a folder that cannot be written to"
    return None


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write `data` to `target` as 0600, all or nothing. Never over a link, device or other non-file."""
    write_atomically(target, data)
    make_private_file(Path(target))


def timestamp(now: _dt.datetime | None = None) -> str:
    return (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def move_aside(db: Path, label: str = "unreadable") -> Path:
    """Rename a damaged store (and its -wal/-shm) out of the way; never delete or overwrite it."""
    stamp = timestamp()
    moved = db.with_name(f"{db.name}.{label}-{stamp}")
    counter = 1
    while moved.exists():
        moved = db.with_name(f"{db.name}.{label}-{stamp}-{counter}")
        counter += 1
    for side in SIDE_FILES:
        companion = Path(str(db) + side)
        if companion.exists():
            os.replace(companion, Path(str(moved) + side))
    os.replace(db, moved)
    fsync_dir(db.parent)
    return moved
