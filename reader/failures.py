"""Why a write to the library failed, in words a user can act on.

A full or read-only disk reaches Baoku in several guises: an ``OSError`` with
ENOSPC or EROFS from a file write (the search index), SQLite's "database or
disk is full" or "attempt to write a readonly database", or only "unable to
open database file" / "disk I/O error" when SQLite cannot create its journal.
:func:`disk_cause` names the cause; where SQLite does not say, writing a small
probe file into the directory asks the operating system directly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from pathlib import Path

_ERRNO_CAUSES = {
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EIO: "the disk reported an input/output error",
    errno.ENOENT: "the folder is gone",
}
# SQLite's own words for "the OS refused": the probe finds out which refusal it was.
_SQLITE_UNCLEAR = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM")
_PROBE_BYTES = 8192  # enough to need a fresh block on a full disk


def os_cause(exc: OSError) -> str:
    """An OSError in words: "the disk is full (No space left on device)"."""
    what = _ERRNO_CAUSES.get(exc.errno or 0, "the system refused the write")
    return f"{what} ({exc.strerror or exc})"


def probe_write(directory: Path) -> str | None:
    """Why a new file cannot be written in ``directory``; None if it can."""
    try:
        fd, name = tempfile.mkstemp(prefix=".baoku-probe-", dir=directory)
    except OSError as exc:
        return os_cause(exc)
    try:
        os.write(fd, b"\0" * _PROBE_BYTES)
    except OSError as exc:
        return os_cause(exc)
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
    return None


def disk_cause(exc: BaseException, directory: Path) -> str | None:
    """What ``exc``, raised writing into ``directory``, says about the disk; None if nothing."""
    if isinstance(exc, OSError):
        return os_cause(exc) if exc.errno in _ERRNO_CAUSES else None
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return f"the disk is full ({text})"
    if name.startswith(_SQLITE_UNCLEAR) or any(
        s in text for s in ("readonly database", "unable to open database", "disk I/O error")
    ):
        found = probe_write(directory)
        if found:
            return found
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return f"the library database is read-only ({text})"
    return None
