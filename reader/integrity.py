"""Is a library database whole? A damaged ``library.db`` is never taken for an empty one.

SQLite opens a 0-byte file as a new, empty database, and a dropped table or
overwritten pages surface only later, as tracebacks or, worse, as "nothing
there": tables created afresh and the whole library re-imported as new, an
index update that removes every article, bookmarks detached from articles
that are merely unreadable. So a database that existed is checked on open,
before anything is written or derived from it: its tables and key columns are
there, and ``PRAGMA quick_check`` passes. The check raises
:class:`~reader.errors.LibraryDamagedError` (or
:class:`~reader.errors.BookmarksDamagedError`) with one line naming the file
and what to do.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from reader.errors import BookmarksDamagedError, LibraryDamagedError

# What the library's code reads, by schema version (schema 1 is migrated once it passed);
# columns added later by a migration are not required here.
LIBRARY_TABLES_V1: Mapping[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "sources": ("path", "size", "mtime_ns", "sha256", "issue_id"),
    "issues": ("id", "date", "date_source", "source", "source_path", "sha256", "text"),
    "articles": ("id", "issue_id", "seq", "date", "title", "body", "origins"),
}
LIBRARY_TABLES: Mapping[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "sources": ("path", "size", "mtime_ns", "sha256", "part_id"),
    "parts": ("id", "issue_id", "date", "date_source", "source", "source_path", "sha256", "text"),
    "issues": ("id", "paper", "date", "date_source", "pages", "sources"),
    "articles": ("id", "issue_id", "part_id", "seq", "date", "title", "body", "origins"),
}
LIBRARY_META = ("generation",)
BOOKMARK_TABLES: Mapping[str, tuple[str, ...]] = {
    "schema_version": ("version",),
    "bookmarks": ("article_id", "issue_id", "date", "title", "note", "detached"),
    "bookmark_tags": ("article_id", "tag"),
    "aliases": ("old_id", "article_id"),
}


def repair_command(db_path: Path) -> str:
    """The command that rebuilds a damaged library.db, to copy."""
    return f"baoku --library {shlex.quote(str(db_path.parent))} repair"


def library_damaged(db_path: Path, what: str) -> LibraryDamagedError:
    command = repair_command(db_path)
    return LibraryDamagedError(
        f"the library database {db_path} is damaged ({what}): run `{command}` to rebuild it from "
        "the source files (the damaged file is kept beside it)", db_path, what, command)


def is_new_library_db(db_path: Path) -> bool:
    """Whether ``library.db`` is yet to be made: absent, or empty in a directory holding nothing
    derived from it (a first open killed before it wrote anything).

    An empty library.db beside an index or a bookmarks file lost its contents: it is damaged.
    Raises :class:`LibraryDamagedError` then.
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return True
    except OSError:
        return False  # let SQLite say what is wrong with it
    if size > 0:
        return False
    root = db_path.parent
    if (root / "index").exists() or (root / "bookmarks.db").exists():
        raise library_damaged(db_path, "it is empty, 0 bytes")
    return True


def check_library_db(db: sqlite3.Connection, db_path: Path, *, pages: bool = True) -> None:
    """Raise :class:`LibraryDamagedError` unless ``db`` (an existing library.db) is whole.

    ``pages=False`` checks the tables only: ``PRAGMA quick_check`` reads every page (about
    1.7 ms a MB), too slow to open a large library for a search or one more issue; a damaged
    page a read or a write meets is reported then (SQLite checks each page it reads).
    """
    try:
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() \
            if db.execute("PRAGMA table_info(meta)").fetchall() else None
        tables = LIBRARY_TABLES_V1 if row is not None and str(row[0]) == "1" else LIBRARY_TABLES
        problem = _problem(db, tables, pages=pages)
        if problem is None:
            for key in LIBRARY_META:
                if db.execute("SELECT 1 FROM meta WHERE key=?", (key,)).fetchone() is None:
                    problem = f"the library's {key!r} is missing"
                    break
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem is not None:
        raise library_damaged(db_path, problem)


def check_bookmarks_db(db: sqlite3.Connection, db_path: Path) -> None:
    """Raise :class:`BookmarksDamagedError` unless ``db`` (a migrated bookmarks.db) is whole."""
    try:
        problem = _problem(db, BOOKMARK_TABLES)
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
    if problem is not None:
        raise BookmarksDamagedError(
            f"the bookmarks database {db_path} is damaged ({problem}); bookmarks are off until "
            f"it is replaced (from a bookmarks export, or moved aside to start afresh)")


def _problem(db: sqlite3.Connection, tables: Mapping[str, tuple[str, ...]], *,
             pages: bool = True) -> str | None:
    """The first thing wrong with ``db``'s pages or tables, or None."""
    rows = db.execute("PRAGMA quick_check").fetchall() if pages else [("ok",)]
    if rows != [("ok",)]:
        return f"quick_check: {rows[0][0] if rows else 'no answer'}"
    for table, columns in tables.items():
        have = {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}
        if not have:
            return f"the table {table!r} is missing"
        lacking = [c for c in columns if c not in have]
        if lacking:
            return f"the table {table!r} lacks {', '.join(lacking)}"
    return None
