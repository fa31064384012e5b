"""Saved searches and the history of recent queries, kept beside the bookmarks (``bookmarks.db``).

A saved search is a query with its date range and sort order, and the ids of
the articles it found when it was last opened: after an import,
:func:`new_counts` tells how many articles each finds that it did not then.
The history keeps the last :data:`HISTORY` distinct queries, newest first.

>>> import tempfile; from pathlib import Path
>>> with SavedSearches(Path(tempfile.mkdtemp()) / "bookmarks.db") as saved:
...     saved.save("防控", "疫情 防控", date_from="2022").query
'疫情 防控'
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.bookmarks.exchange import utc_now
from reader.errors import BaokuError, LibraryError, NotFoundError

if TYPE_CHECKING:
    from reader.library import Library

HISTORY = 50
FoundFn = Callable[[str, str | None, str | None], Iterable[str]]  # (query, from, to) -> article ids

_SCHEMA = """
CREATE TABLE IF NOT EXISTS saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    date_from TEXT,
    date_to TEXT,
    sort TEXT NOT NULL DEFAULT 'relevance',
    created TEXT NOT NULL,
    opened TEXT NOT NULL DEFAULT '',
    seen BLOB
);
CREATE TABLE IF NOT EXISTS search_history (
    query TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
"""


class SavedSearchError(BaokuError):
    """A saved search without a name or a query."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    created: str = ""
    opened: str = ""

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "query": self.query, "from": self.date_from, "to": self.date_to,
                "sort": self.sort, "created": self.created, "opened": self.opened}


class SavedSearches:
    """The saved searches and the query history. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"cannot open the saved searches in {self.path}: {exc}") from None

    @classmethod
    def for_library(cls, library: Library) -> SavedSearches:
        return cls(library.bookmarks_path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SavedSearches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                with self._db:
                    return self._db.execute(sql, tuple(args)).fetchall()
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot use the saved searches in {self.path}: {exc}") from None

    # -- saved searches ------------------------------------------------------------------
    def save(self, name: str, query: str, *, date_from: str | None = None, date_to: str | None = None,
             sort: str = "relevance", seen: Iterable[str] = ()) -> SavedSearch:
        """Save (or replace) the search ``name``; ``seen`` are the articles it finds now."""
        name, query = name.strip(), query.strip()
        if not name or not query:
            raise SavedSearchError("a saved search needs a name and a query")
        now = utc_now()
        self._run("INSERT OR REPLACE INTO saved_searches VALUES (?,?,?,?,?,?,?,?)",
                  (name, query, date_from, date_to, sort, now, now, _pack(seen)))
        return self.get(name)

    def get(self, name: str) -> SavedSearch:
        rows = self._run("SELECT name, query, date_from, date_to, sort, created, opened FROM saved_searches"
                         " WHERE name=?", (name,))
        if not rows:
            raise NotFoundError(f"no saved search {name!r}")
        return SavedSearch(*rows[0])

    def list(self) -> list[SavedSearch]:
        rows = self._run("SELECT name, query, date_from, date_to, sort, created, opened FROM saved_searches"
                         " ORDER BY name")
        return [SavedSearch(*r) for r in rows]

    def remove(self, name: str) -> bool:
        with self._lock:
            before = len(self.list())
            self._run("DELETE FROM saved_searches WHERE name=?", (name,))
            return len(self.list()) < before

    def seen(self, name: str) -> set[str]:
        rows = self._run("SELECT seen FROM saved_searches WHERE name=?", (name,))
        if not rows:
            raise NotFoundError(f"no saved search {name!r}")
        return _unpack(rows[0][0])

    def opened(self, name: str, found: Iterable[str]) -> None:
        """The search was opened and found ``found``: none of them is new any more."""
        self._run("UPDATE saved_searches SET opened=?, seen=? WHERE name=?", (utc_now(), _pack(found), name))

    # -- history ---------------------------------------------------------------------------
    def remember(self, query: str) -> None:
        """Put ``query`` first in the history (keeping the last :data:`HISTORY`)."""
        query = query.strip()
        if not query:
            return
        self._run("INSERT OR REPLACE INTO search_history VALUES (?, ?)", (query, utc_now()))
        self._run("DELETE FROM search_history WHERE query NOT IN"
                  " (SELECT query FROM search_history ORDER BY at DESC, rowid DESC LIMIT ?)", (HISTORY,))

    def history(self) -> builtins.list[str]:
        return [str(r[0]) for r in self._run("SELECT query FROM search_history ORDER BY at DESC, rowid DESC")]


def new_counts(saved: SavedSearches, found_by: FoundFn) -> dict[str, int]:
    """For each saved search, how many articles it finds now that it did not when last opened.

    ``found_by(query, date_from, date_to)`` gives the ids of the articles a search finds
    (:meth:`reader.search.Searcher.matching_ids`); a search that no longer parses counts 0.
    """
    out = {}
    for s in saved.list():
        try:
            found = set(found_by(s.query, s.date_from, s.date_to))
        except BaokuError:
            out[s.name] = 0
            continue
        out[s.name] = len(found - saved.seen(s.name))
    return out


def _pack(ids: Iterable[str]) -> bytes:
    return zlib.compress(json.dumps(sorted(set(ids))).encode("ascii"))


def _unpack(blob: bytes | None) -> set[str]:
    return set(json.loads(zlib.decompress(blob))) if blob else set()
