"""The one way bookmarks.db is written: a transaction under the owner's lock.

Bookmarks and highlights share the file; both write through :func:`write_transaction`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reader.errors import LibraryError


@contextmanager
def write_transaction(db: sqlite3.Connection, lock: threading.RLock,
                      what: str) -> Iterator[sqlite3.Connection]:
    """One write transaction on ``db`` (opened with ``isolation_level=None``), rolled back on
    any error; SQLite's errors become :class:`LibraryError` ("cannot write ``what``: …")."""
    with lock:
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise LibraryError(f"cannot write {what}: {exc}") from None
            raise
