"""Writing a file all at once and privately: the one atomic writer outside the store.

Why one helper: a letter, a case file, an exported summary and a cache hold
personal information or must never be seen half-written. Each is written to
a hidden temporary file beside the target (same filesystem), made readable
only by its owner (0600 on POSIX), flushed to disk, then moved into place in
one step. A failure at any point leaves the target as it was and no
temporary file behind; the caller turns the OSError into its own plain words.
"""
from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

TEMP_SUFFIX = ".part"


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path`, owner-only, all or nothing; raises OSError (nothing changed) on failure.

    Never over a link, a folder or a device: renaming over a symlink would put a
    plain-text case somewhere unexpected, and over a device node (as root) would
    replace the device.
    """
    target = Path(path)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OSError(errno.EINVAL, "it is a link, folder or device, not a plain file")
    folder = target.parent if str(target.parent) else Path(".")
    temp = folder / f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)   # whatever the umask
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        if os.name == "posix":
            dir_fd = os.open(folder, os.O_RDONLY)   # the rename itself survives a power cut
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
