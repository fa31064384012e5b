"""The library's SQLite database: issues, articles and the files they came from.

One file, ``library.db``, in the library directory, in WAL mode; every import
of a file is one transaction, so a crash leaves either the old or the new
version of that issue, never half of one. ``generation`` grows with every
change, so readers (the index, the GUI) can tell when to refresh.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reader.errors import LibraryError, LibraryWriteError, NotFoundError
from reader.failures import disk_cause, probe_write
from reader.models import Article, Issue, Origin, ParsedIssue

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    issue_id TEXT
);
CREATE TABLE IF NOT EXISTS issues (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    date_source TEXT NOT NULL,
    date_note TEXT NOT NULL DEFAULT '',
    number INTEGER,
    source TEXT NOT NULL,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    parser_version INTEGER NOT NULL,
    extras TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issues_by_date ON issues(date);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    kicker TEXT NOT NULL,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL,
    byline TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    captions TEXT NOT NULL,
    highlights TEXT NOT NULL,
    continued TEXT,
    continued_from TEXT,
    title_inferred INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subheads TEXT NOT NULL,
    origins TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_issue ON articles(issue_id, seq);
"""

_ARTICLE_COLUMNS = (
    "id, issue_id, seq, date, kicker, title, subtitle, byline, author, body, captions, "
    "highlights, continued, continued_from, title_inferred, kind, subheads"
)


def connect_readonly(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A read-only connection to the database at ``path``, also on a read-only disk.

    SQLite reads a WAL database through a shared-memory file beside it, which it
    cannot create where nothing can be written ("unable to open database file");
    as nobody can write the database there either, it is then read as immutable.
    """
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=check_same_thread)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        db.close()
        if not path.is_file() or probe_write(path.parent) is None:
            raise
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, timeout=30,
                             check_same_thread=check_same_thread)
    return db


class Store:
    """Read and write the library database. Not thread-safe: one Store per thread."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        try:
            if readonly:
                self._db = connect_readonly(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
                self._db.commit()
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            cause = None if readonly else disk_cause(exc, path.parent)
            if cause:
                raise LibraryWriteError(f"cannot write to the library {path.parent}: {cause}") from None
            raise LibraryError(f"cannot open the library database {path}: {exc}") from None

    def close(self) -> None:
        self._db.close()

    # -- change tracking -------------------------------------------------
    @property
    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def meta(self, key: str) -> str | None:
        """A value kept in the library's ``meta`` table (None if never set)."""
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot write the library database {self.path}: {exc}") from None

    def _bump(self) -> None:
        self._db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'"
        )

    # -- sources -----------------------------------------------------------
    def source(self, path: str) -> tuple[int, int, str, str | None] | None:
        """(size, mtime_ns, sha256, issue_id) recorded for a source file, or None."""
        row = self._db.execute(
            "SELECT size, mtime_ns, sha256, issue_id FROM sources WHERE path=?", (path,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def touch_source(self, path: str, size: int, mtime_ns: int, sha256: str, issue_id: str | None) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                (path, size, mtime_ns, sha256, issue_id),
            )

    def has_issue(self, issue_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM issues WHERE id=?", (issue_id,)).fetchone() is not None

    def issue_parser_version(self, issue_id: str) -> int | None:
        row = self._db.execute("SELECT parser_version FROM issues WHERE id=?", (issue_id,)).fetchone()
        return int(row[0]) if row else None

    # -- writing -----------------------------------------------------------
    def save(
        self,
        parsed: ParsedIssue,
        *,
        source_path: str,
        size: int,
        mtime_ns: int,
        parser_version: int,
        replaces: str | None = None,
    ) -> None:
        """Store one parsed issue (replacing ``replaces``, the file's previous issue) atomically."""
        issue = parsed.issue
        with self._db:
            if replaces and replaces != issue.id and not self._still_used(replaces, source_path):
                self._db.execute("DELETE FROM articles WHERE issue_id=?", (replaces,))
                self._db.execute("DELETE FROM issues WHERE id=?", (replaces,))
            self._db.execute("DELETE FROM articles WHERE issue_id=?", (issue.id,))
            self._db.execute(
                "INSERT OR REPLACE INTO issues VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    issue.id, issue.date, issue.date_source, issue.date_note, issue.number,
                    issue.source, source_path, issue.sha256, parser_version,
                    json.dumps(list(issue.extras), ensure_ascii=False), parsed.text,
                ),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [_article_row(a) for a in parsed.articles],
            )
            self._db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                (source_path, size, mtime_ns, issue.sha256, issue.id),
            )
            self._bump()

    def _still_used(self, issue_id: str, except_path: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sources WHERE issue_id=? AND path<>?", (issue_id, except_path)
        ).fetchone()
        return row is not None

    # -- reading -----------------------------------------------------------
    def issues(self) -> list[Issue]:
        """All issues, oldest first (ties broken by source name)."""
        rows = self._db.execute(
            "SELECT i.id, i.date, i.date_source, i.date_note, i.number, i.source, i.source_path,"
            " i.sha256, i.extras, (SELECT COUNT(*) FROM articles a WHERE a.issue_id = i.id)"
            " FROM issues i ORDER BY i.date, i.source"
        ).fetchall()
        return [_issue(r) for r in rows]

    def issue(self, issue_id: str) -> Issue:
        row = self._db.execute(
            "SELECT i.id, i.date, i.date_source, i.date_note, i.number, i.source, i.source_path,"
            " i.sha256, i.extras, (SELECT COUNT(*) FROM articles a WHERE a.issue_id = i.id)"
            " FROM issues i WHERE i.id=?",
            (issue_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no issue with id {issue_id}")
        return _issue(row)

    def outdated_issues(self, parser_version: int) -> list[str]:
        """Ids of the issues parsed by another version of the parser than ``parser_version``."""
        rows = self._db.execute(
            "SELECT id FROM issues WHERE parser_version<>? ORDER BY date, id", (parser_version,)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def issue_text(self, issue_id: str) -> str:
        row = self._db.execute("SELECT text FROM issues WHERE id=?", (issue_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no issue with id {issue_id}")
        return str(row[0])

    def articles(self, issue_id: str) -> list[Article]:
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE issue_id=? ORDER BY seq", (issue_id,)
        ).fetchall()
        return [_article(r) for r in rows]

    def article(self, article_id: str) -> Article:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return _article(row)

    def article_origins(self, article_id: str) -> list[Origin]:
        row = self._db.execute("SELECT origins FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return [Origin(*o) for o in json.loads(row[0])]

    def iter_articles(self) -> Iterator[Article]:
        """Every article, by date then print order."""
        cur = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY date, issue_id, seq"
        )
        for row in cur:
            yield _article(row)

    def article_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM articles")}

    # -- for the search index (read only) ------------------------------------
    def issue_fingerprints(self) -> dict[str, tuple[str, str]]:
        """issue id -> (fingerprint, date): an issue's articles change only when its fingerprint does.

        The fingerprint is the issue's text hash and parser version.
        """
        rows = self._db.execute("SELECT id, sha256, parser_version, date FROM issues").fetchall()
        return {str(r[0]): (f"{r[1]}:{r[2]}", str(r[3])) for r in rows}


def _article_row(a: Article) -> tuple[object, ...]:
    return (
        a.id, a.issue_id, a.seq, a.date, a.kicker, a.title, a.subtitle, a.byline, a.author,
        a.body, json.dumps(list(a.captions), ensure_ascii=False),
        json.dumps(list(a.highlights), ensure_ascii=False), a.continued, a.continued_from,
        int(a.title_inferred), a.kind, json.dumps(list(a.subheads)),
        json.dumps([list(asdict(o).values()) for o in a.origins], ensure_ascii=False),
    )


def _article(r: tuple[Any, ...]) -> Article:
    return Article(
        id=r[0], issue_id=r[1], seq=r[2], date=r[3], kicker=r[4], title=r[5], subtitle=r[6],
        byline=r[7], author=r[8], body=r[9], captions=tuple(json.loads(r[10])),
        highlights=tuple(json.loads(r[11])), continued=r[12], continued_from=r[13],
        title_inferred=bool(r[14]), kind=r[15], subheads=tuple(json.loads(r[16])),
    )


def _issue(r: tuple[Any, ...]) -> Issue:
    return Issue(
        id=r[0], date=r[1], date_source=r[2], date_note=r[3], number=r[4], source=r[5],
        source_path=r[6], sha256=r[7], extras=tuple(json.loads(r[8])), article_count=r[9],
    )
