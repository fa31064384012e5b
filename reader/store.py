"""The library's SQLite database: papers' issues, their pages and articles, and the files read.

One file, ``library.db``, in the library directory, in WAL mode; the import of
a file is all or nothing, so a crash leaves either the old or the new version
of that issue, never half of one. An import commits its files a batch at a
time (:meth:`Store.batch`); a crash loses the batch in flight, whose files the
next import reads again. ``generation`` grows with every change, so readers
(the index, the GUI) can tell when to refresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import uuid
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from reader.continuations import link_continuations
from reader.errors import LibraryDamagedError, LibraryError, LibraryWriteError, NotFoundError
from reader.failures import disk_cause, probe_write
from reader.integrity import check_library_db, is_new_library_db, library_damaged
from reader.models import Article, Issue, Origin, Page, ParsedIssue
from reader.packing import Packed, pack, unpack_body, unpack_origins, unpack_text

# The library's format. A change an older Baoku would misread (rows it cannot decode, tables it
# does not know) raises it: a Baoku refuses a library of a higher number (Store._refuse_newer).
SCHEMA_VERSION = 2
LIBRARY_ID = "library_id"  # meta: a random id made when the library is, its identity for bookmarks

# A *part* is one parsed source file: a whole issue, one page (版) or one article. An *issue*
# is one paper's one date (and edition): the parts that share them, pages in order. The
# ``issues`` table is derived from ``parts`` (rewritten in the same transaction).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    part_id TEXT,
    ctime_ns INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sources_by_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS parts (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL,
    paper TEXT NOT NULL DEFAULT '',
    paper_source TEXT NOT NULL DEFAULT 'unknown',
    edition TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    date_source TEXT NOT NULL,
    date_note TEXT NOT NULL DEFAULT '',
    number INTEGER,
    page INTEGER,
    page_name TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL DEFAULT 'issue',
    source TEXT NOT NULL,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    parser_version INTEGER NOT NULL,
    extras TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS parts_by_issue ON parts(issue_id);
CREATE INDEX IF NOT EXISTS parts_by_day ON parts(date, source_path);
-- Each part's row holds its file's text, so what the index sync and the upgrade check ask of
-- every part is read from these alone, not from a gigabyte of rows (no semicolons in comments:
-- the v1 migration runs this script statement by statement).
CREATE INDEX IF NOT EXISTS parts_fingerprint ON parts(issue_id, id, sha256, parser_version);
CREATE INDEX IF NOT EXISTS parts_by_version ON parts(parser_version);
CREATE TABLE IF NOT EXISTS stale_issues (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS issues (
    id TEXT PRIMARY KEY,
    paper TEXT NOT NULL,
    paper_source TEXT NOT NULL,
    edition TEXT NOT NULL,
    date TEXT NOT NULL,
    date_source TEXT NOT NULL,
    date_note TEXT NOT NULL,
    number INTEGER,
    articles INTEGER NOT NULL,
    pages TEXT NOT NULL,
    sources TEXT NOT NULL,
    source_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    extras TEXT NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS issues_by_date ON issues(date);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL,
    part_id TEXT NOT NULL REFERENCES parts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    paper TEXT NOT NULL DEFAULT '',
    page INTEGER,
    page_name TEXT NOT NULL DEFAULT '',
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
CREATE INDEX IF NOT EXISTS articles_by_issue ON articles(issue_id);
CREATE INDEX IF NOT EXISTS articles_by_part ON articles(part_id, seq);
-- The bylines of a search's matches, without reading the articles' rows (text and all).
CREATE INDEX IF NOT EXISTS articles_by_author ON articles(author, id) WHERE author != '';
CREATE TABLE IF NOT EXISTS paper_names (key TEXT PRIMARY KEY, name TEXT NOT NULL);
"""

# An issue's fingerprint: each of its files with its text hash and parser version, as one string
# (the index rewrites an issue's articles only when it changes); {issue} is the issue's id.
_FINGERPRINT = ("SELECT GROUP_CONCAT(id || ':' || sha256 || ':' || parser_version, ',') FROM"
                " (SELECT id, sha256, parser_version FROM parts WHERE issue_id = {issue} ORDER BY id)")

# An issue's articles in print order: by page (unknown pages last), then file, then position.
_PRINT_ORDER = "ORDER BY a.page IS NULL, a.page, p.sort_key, p.source, a.seq"
_ARTICLE_COLUMNS = (
    "a.id, a.issue_id, a.seq, a.date, a.kicker, a.title, a.subtitle, a.byline, a.author, a.body,"
    " a.captions, a.highlights, a.continued, a.continued_from, a.title_inferred, a.kind,"
    " a.subheads, COALESCE(n.name, a.paper), a.page, a.page_name, a.part_id"
)
_ARTICLE_FROM = (
    "FROM articles a JOIN parts p ON p.id = a.part_id LEFT JOIN paper_names n ON n.key = a.paper"
)
_ISSUE_COLUMNS = (
    "i.id, i.date, i.date_source, i.date_note, i.number, COALESCE(n.name, i.paper),"
    " i.paper_source, i.edition, i.articles, i.pages, i.sources, i.source_path, i.sha256, i.extras"
)
_ISSUE_FROM = "FROM issues i LEFT JOIN paper_names n ON n.key = i.paper"
_DATE_RANK = {"masthead": 0, "filename": 1, "manifest": 2, "inferred": 3, "unknown": 4}
_PAPER_RANK = {"manifest": 0, "option": 1, "masthead": 2, "path": 3, "unknown": 4}


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


def _rolled_back() -> sqlite3.OperationalError:
    """SQLite rolled a batch's transaction back by itself (a full disk, an I/O error)."""
    return sqlite3.OperationalError("the library database rolled back the files not yet committed")


class Store:
    """Read and write the library database. Not thread-safe: one Store per thread."""

    def __init__(self, path: Path, *, readonly: bool = False, check_pages: bool | None = None) -> None:
        """Open ``path``; ``check_pages`` False skips the page check (a second connection of a
        process that opened, and so checked, the library already)."""
        self.path = path
        self._batched = False  # inside batch(): a save is a savepoint, not a transaction
        self._saved = 0  # saves of the batch not yet committed
        self._texts: dict[str, str] = {}  # part id -> its file's text (see _part_text)
        self._texts_chars = 0
        new = is_new_library_db(path)  # an emptied library.db raises LibraryDamagedError
        try:
            if readonly:
                self._db = connect_readonly(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, timeout=30)
            if not new:
                # Every page of a library of up to 256 MB is checked when it is opened (~0.4 s);
                # a larger one (a decade of a daily is ~1.2 GB: 2 s) has its tables checked, and
                # a damaged page a read or a write meets is reported then, so a search's first
                # answer and one more issue's import stay fast.
                pages = _size(path) <= _PAGE_CHECK_MAX
                self._check(pages=pages if check_pages is None else check_pages and pages)
                self._refuse_newer()
            if not readonly:
                self._db.execute("PRAGMA journal_mode=WAL")
                if _schema_of(self._db) == 1:
                    _migrate_v1(self._db)
                self._add_fingerprints()  # before the schema: its issues table has them
                self._db.executescript(_SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
                self._db.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (LIBRARY_ID, uuid.uuid4().hex))
                self._refresh_stale()  # an import killed between the files of one issue
                self._db.commit()
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if not readonly:  # an import's inserts land all over the tables' B-trees at size
                self._db.execute(f"PRAGMA cache_size={-_WRITE_CACHE_KB}")
                self._db.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")
        except sqlite3.Error as exc:
            if not new and type(exc) is sqlite3.DatabaseError:  # "file is not a database", "malformed"
                raise library_damaged(path, str(exc)) from None
            cause = None if readonly else disk_cause(exc, path.parent)
            if cause:
                raise LibraryWriteError(f"cannot write to the library {path.parent}: {cause}") from None
            raise LibraryError(f"cannot open the library database {path}: {exc}") from None

    def _check(self, *, pages: bool) -> None:
        """A damaged library.db is never opened (nor given fresh tables) as an empty one."""
        try:
            check_library_db(self._db, self.path, pages=pages)
        except LibraryDamagedError:
            self._db.close()
            raise

    def _refuse_newer(self) -> None:
        """A library a newer Baoku wrote, in a format this one does not know, is not read
        (its text might not read back) nor written (its rows would not be what it expects)."""
        schema = _schema_of(self._db)
        if schema is not None and schema > SCHEMA_VERSION:
            self._db.close()
            raise LibraryError(f"the library {self.path.parent} was written by a newer Baoku (library format"
                               f" {schema}; this one knows up to {SCHEMA_VERSION}): update Baoku to open it")

    def close(self) -> None:
        self._db.close()

    # -- transactions ------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Saves inside it share one transaction, committed when it ends (also when it ends by
        an exception: what was saved stays). Each save is still all or nothing, a savepoint
        of its own. Committing each of an archive's files made importing 3,650 of them about
        a tenth slower (the same index pages written to the WAL again for every file); a
        crash now loses the batch in flight, whose files the next import reads again."""
        if self._batched:  # an outer batch commits
            yield
            return
        self._batched = True
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            self._batched = False
            saved, self._saved = self._saved, 0
            if self._db.in_transaction:
                try:
                    self._db.commit()
                except sqlite3.Error:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.rollback()
                    raise
            elif saved and not failed:  # (a failure on its way out says why itself)
                raise _rolled_back()

    @contextlib.contextmanager
    def _atomic(self) -> Iterator[None]:
        """All or nothing: its own transaction, or inside :meth:`batch` a savepoint."""
        if not self._batched:
            with self._db:
                yield
            return
        if not self._db.in_transaction:
            if self._saved:  # the saves before are gone: say so, do not go on without them
                raise _rolled_back()
            # IMMEDIATE: the write lock first. A deferred BEGIN reads (the save's first statement
            # is a SELECT) and then cannot write if another process committed in between:
            # "database is locked" at once, without the busy timeout's wait.
            self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("SAVEPOINT save")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite may have rolled it all back (a full disk)
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK TO save")
                    self._db.execute("RELEASE save")
            raise
        self._db.execute("RELEASE save")
        self._saved += 1

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
    def source(self, path: str) -> SourceRecord | None:
        """What was recorded of a source file when it was last read, or None."""
        row = self._db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, sha256, part_id FROM sources WHERE path=?", (path,)
        ).fetchone()
        return SourceRecord(*row) if row else None

    def sources_with(self, sha256: str) -> list[SourceRecord]:
        """Every recorded source file whose bytes had this digest (to notice a moved file)."""
        rows = self._db.execute(
            "SELECT path, size, mtime_ns, ctime_ns, sha256, part_id FROM sources WHERE sha256=?",
            (sha256,),
        ).fetchall()
        return [SourceRecord(*r) for r in rows]

    def touch_source(self, path: str, size: int, mtime_ns: int, ctime_ns: int, sha256: str,
                     part_id: str | None) -> None:
        with self._atomic():
            self._db.execute(
                "INSERT OR REPLACE INTO sources (path, size, mtime_ns, ctime_ns, sha256, part_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (path, size, mtime_ns, ctime_ns, sha256, part_id),
            )

    def move_source(self, old: str, new: SourceRecord) -> None:
        """A file found at a new path with the bytes it had at ``old``: the record follows it."""
        with self._db:
            self._db.execute("DELETE FROM sources WHERE path=?", (old,))
            self._db.execute(
                "INSERT OR REPLACE INTO sources (path, size, mtime_ns, ctime_ns, sha256, part_id)"
                " VALUES (?, ?, ?, ?, ?, ?)", tuple(new),
            )
            if new.part_id:
                self._db.execute("UPDATE parts SET source_path=? WHERE id=? AND source_path=?",
                                 (new.path, new.part_id, old))
            self._bump()

    def has_part(self, part_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM parts WHERE id=?", (part_id,)).fetchone() is not None

    def siblings(self, folder: str, day: str) -> list[tuple[str, str, str]]:
        """(part id, paper, paper source) of the files of ``day`` read from ``folder`` itself."""
        lo = folder.rstrip("/") + "/"
        rows = self._db.execute(
            "SELECT id, paper, paper_source, source_path FROM parts"
            " WHERE date=? AND source_path>? AND source_path<?", (day, lo, lo + "\U0010ffff"),
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows if "/" not in r[3][len(lo):]]

    def has_issues(self) -> bool:
        return self._db.execute("SELECT 1 FROM issues LIMIT 1").fetchone() is not None

    def issue_of_part(self, part_id: str) -> str | None:
        row = self._db.execute("SELECT issue_id FROM parts WHERE id=?", (part_id,)).fetchone()
        return str(row[0]) if row else None

    def part_parser_version(self, part_id: str) -> int | None:
        row = self._db.execute("SELECT parser_version FROM parts WHERE id=?", (part_id,)).fetchone()
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
        ctime_ns: int = 0,
        replaces: str | None = None,
        refresh: bool = True,
        packed: Packed | None = None,
    ) -> int:
        """Store one parsed file (replacing ``replaces``, the file's previous part) atomically
        (committed at once, or with the :meth:`batch` it is saved in).

        The file joins the issue of its paper, date and edition. An article whose
        id another file of the library already holds (the same story printed twice
        on one page of one day) gets the next free ``-2``, ``-3`` suffix, so both
        copies stay. The issue's own row (pages, counts) is rewritten in the same
        transaction, or, with ``refresh=False`` (more files of the same issue follow),
        marked stale there and rewritten by the next save that refreshes. ``packed``
        is :func:`pack` of ``parsed``, if it was made beforehand. Returns how many
        articles it stored.
        """
        if packed is None or not len(packed.bodies) == len(packed.origins) == len(parsed.articles):
            packed = pack(parsed)
        part = parsed.issue
        issue_id = issue_key(part.paper, part.date, part.edition, part.id)
        with self._atomic():
            touched = {issue_id}
            for gone in {replaces, part.id} - {None}:
                row = self._db.execute("SELECT issue_id FROM parts WHERE id=?", (gone,)).fetchone()
                if row is None or (gone == replaces and gone != part.id
                                   and self._still_used(str(gone), source_path)):
                    continue
                touched.add(row[0])
                self._db.execute("DELETE FROM articles WHERE part_id=?", (gone,))
                self._db.execute("DELETE FROM parts WHERE id=?", (gone,))
            self._db.execute(
                "INSERT INTO parts (id, issue_id, paper, paper_source, edition, date, date_source,"
                " date_note, number, page, page_name, sort_key, layout, source, source_path, sha256,"
                " parser_version, extras, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    part.id, issue_id, part.paper, part.paper_source, part.edition, part.date,
                    part.date_source, part.date_note, part.number, parsed.page, parsed.page_name,
                    parsed.sort_key, parsed.layout, part.source, source_path, part.sha256,
                    parser_version, json.dumps(list(part.extras), ensure_ascii=False), packed.text,
                ),
            )
            stored = self._free_ids(parsed.articles)
            self._db.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [_article_row(a, issue_id, part.id, body, origins)
                 for a, body, origins in zip(stored, packed.bodies, packed.origins, strict=True)],
            )
            self._db.execute(
                "INSERT OR REPLACE INTO sources (path, size, mtime_ns, ctime_ns, sha256, part_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (source_path, size, mtime_ns, ctime_ns, part.sha256, part.id),
            )
            self._db.executemany("INSERT OR IGNORE INTO stale_issues VALUES (?)",
                                 [(iid,) for iid in touched])
            if refresh:
                self._refresh_stale()
            self._bump()
        return len(stored)

    def refresh_stale(self) -> int:
        """Rewrite the rows of issues left stale (``save(refresh=False)``); how many."""
        with self._atomic():
            return self._refresh_stale()

    def _refresh_stale(self) -> int:
        stale = [r[0] for r in self._db.execute("SELECT id FROM stale_issues").fetchall()]
        for iid in stale:
            self._refresh_issue(iid)
        self._db.execute("DELETE FROM stale_issues")
        return len(stale)

    def _free_ids(self, articles: tuple[Article, ...]) -> list[Article]:
        ids = [a.id for a in articles]
        taken: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            taken.update(r[0] for r in self._db.execute(
                f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        if not taken:
            return list(articles)
        out = []
        for a in articles:
            if a.id in taken:
                base, n = a.id, 2
                while f"{base}-{n}" in taken or self._db.execute(
                        "SELECT 1 FROM articles WHERE id=?", (f"{base}-{n}",)).fetchone():
                    n += 1
                a = replace(a, id=f"{base}-{n}")
                taken.add(a.id)
            out.append(a)
        return out

    def _refresh_issue(self, issue_id: str) -> None:
        """Rewrite the issue's row from its parts (or drop it when it has none left)."""
        parts = self._db.execute(
            "SELECT paper, paper_source, edition, date, date_source, date_note, number, source,"
            " source_path, sha256, extras FROM parts WHERE issue_id=?"
            " ORDER BY page IS NULL, page, sort_key, source", (issue_id,),
        ).fetchall()
        if not parts:
            self._db.execute("DELETE FROM issues WHERE id=?", (issue_id,))
            return
        dated = min(parts, key=lambda r: _DATE_RANK.get(r[4], 9))
        named = min(parts, key=lambda r: _PAPER_RANK.get(r[1], 9))
        number = next((r[6] for r in parts if r[6] is not None), None)
        pages = self._db.execute(
            "SELECT a.page, MAX(a.page_name), COUNT(*) FROM articles a WHERE a.issue_id=?"
            " GROUP BY a.page ORDER BY a.page IS NULL, a.page", (issue_id,),
        ).fetchall()
        extras = [x for r in parts for x in json.loads(r[10])]
        self._db.execute(
            "INSERT OR REPLACE INTO issues (id, paper, paper_source, edition, date, date_source,"
            " date_note, number, articles, pages, sources, source_path, sha256, extras, fingerprint)"
            f" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,({_FINGERPRINT.format(issue='?')}))",
            (
                issue_id, named[0], named[1], parts[0][2], dated[3], dated[4], dated[5], number,
                sum(p[2] for p in pages), json.dumps([list(p) for p in pages], ensure_ascii=False),
                json.dumps([r[7] for r in parts], ensure_ascii=False), parts[0][8],
                parts[0][9] if len(parts) == 1 else "", json.dumps(extras, ensure_ascii=False),
                issue_id,
            ),
        )

    def _still_used(self, part_id: str, except_path: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sources WHERE part_id=? AND path<>?", (part_id, except_path)
        ).fetchone()
        return row is not None

    def rename_paper(self, old: str, new: str) -> int:
        """Show the paper now called ``old`` (its name, or "" for the unnamed paper) as ``new``.

        The name is a label over the key the files gave, so ids and bookmarks stay as
        they are. Returns how many issues now carry the new name.
        """
        keys = [r[0] for r in self._db.execute(
            "SELECT DISTINCT i.paper FROM issues i LEFT JOIN paper_names n ON n.key = i.paper"
            " WHERE COALESCE(n.name, i.paper) = ?", (old,))]
        if not keys:
            raise NotFoundError(f"no paper called {old!r}" if old else "no unnamed paper")
        with self._db:
            for key in keys:
                if key == new:
                    self._db.execute("DELETE FROM paper_names WHERE key=?", (key,))
                else:
                    self._db.execute("INSERT OR REPLACE INTO paper_names VALUES (?, ?)", (key, new))
            self._bump()
        row = self._db.execute(
            f"SELECT COUNT(*) {_ISSUE_FROM} WHERE COALESCE(n.name, i.paper) = ?", (new,)).fetchone()
        return int(row[0])

    # -- reading -----------------------------------------------------------
    def issues(self, paper: str | None = None) -> list[Issue]:
        """All issues (of one paper if given), oldest first; undated issues last."""
        where, args = ("WHERE COALESCE(n.name, i.paper) = ?", (paper,)) if paper is not None else ("", ())
        rows = self._db.execute(
            f"SELECT {_ISSUE_COLUMNS} {_ISSUE_FROM} {where}"
            " ORDER BY i.date = '', i.date, COALESCE(n.name, i.paper), i.edition, i.sources", args
        ).fetchall()
        return [_issue(r) for r in rows]

    def latest_issue(self) -> Issue | None:
        """The issue of the latest date (an undated one if none has a date; None if there is no
        issue): what a reader opens first, found through the date index without reading the rest."""
        last = " COALESCE(n.name, i.paper) DESC, i.edition DESC, i.sources DESC LIMIT 1"
        row = self._db.execute(
            f"SELECT {_ISSUE_COLUMNS} {_ISSUE_FROM} WHERE i.date <> ''"
            " AND i.date = (SELECT MAX(date) FROM issues)"  # the last day alone, by the date index
            " ORDER BY i.date DESC," + last
        ).fetchone() or self._db.execute(f"SELECT {_ISSUE_COLUMNS} {_ISSUE_FROM} ORDER BY" + last).fetchone()
        return _issue(row) if row else None

    def issue(self, issue_id: str) -> Issue:
        row = self._db.execute(
            f"SELECT {_ISSUE_COLUMNS} {_ISSUE_FROM} WHERE i.id=?", (issue_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no issue with id {issue_id}")
        return _issue(row)

    def papers(self) -> list[PaperSummary]:
        """Every paper in the library with its issues' count and first and last dates."""
        rows = self._db.execute(
            f"SELECT COALESCE(n.name, i.paper), COUNT(*), MIN(NULLIF(i.date, '')), MAX(i.date),"
            f" GROUP_CONCAT(DISTINCT i.paper_source) {_ISSUE_FROM}"
            " GROUP BY COALESCE(n.name, i.paper) ORDER BY COALESCE(n.name, i.paper) = '',"
            " COALESCE(n.name, i.paper)"
        ).fetchall()
        return [PaperSummary(r[0], int(r[1]), r[2] or "", r[3] or "",
                             min((s for s in (r[4] or "").split(",") if s),
                                 key=lambda s: _PAPER_RANK.get(s, 9), default="unknown"))
                for r in rows]

    def outdated_parts(self, parser_version: int) -> list[str]:
        """Ids of the files parsed by another version of the parser than ``parser_version``."""
        rows = self._db.execute(
            "SELECT id FROM parts WHERE parser_version < ? OR parser_version > ? ORDER BY date, id",
            (parser_version, parser_version),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def part(self, part_id: str) -> StoredPart:
        """What the library keeps of one parsed file, to read it again."""
        row = self._db.execute(
            "SELECT id, paper, paper_source, edition, date, date_source, number, page, page_name,"
            " sort_key, layout, source, source_path, sha256, text FROM parts WHERE id=?", (part_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no file part with id {part_id}")
        return StoredPart._make((*row[:-1], unpack_text(row[-1])))

    def issue_text(self, issue_id: str) -> str:
        """The text of an issue's files (of a file, given its part id), in page order."""
        rows = self._db.execute(
            "SELECT text FROM parts WHERE issue_id=? OR id=? ORDER BY page IS NULL, page, sort_key,"
            " source", (issue_id, issue_id)
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no issue with id {issue_id}")
        return "\n\n".join(unpack_text(r[0]) for r in rows)

    def articles(self, issue_id: str, page: int | None = None) -> list[Article]:
        """An issue's articles in print order (of one page if ``page`` is given), linked
        across pages where a story continues on another."""
        with self._snapshot():
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE a.issue_id=? {_PRINT_ORDER}", (issue_id,)
            ).fetchall()
            linked = link_continuations([self._article(r) for r in rows])
        return linked if page is None else [a for a in linked if a.page == page]

    def article(self, article_id: str) -> Article:
        with self._snapshot():
            row = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE a.id=?", (article_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no article with id {article_id}")
            article = self._article(row)
        if article.continued or article.continued_from:
            linked = {a.id: a for a in self.articles(article.issue_id)}
            return linked.get(article_id, article)
        return article

    def _article(self, row: tuple[Any, ...]) -> Article:
        """An article from its row of :data:`_ARTICLE_COLUMNS` (its body rebuilt from its file's text)."""
        return _article(row, unpack_body(row[9], lambda: self._part_text(str(row[20]))))

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """One read transaction: an article's row and its file's text, read in two statements,
        come from one state of the library, whatever another process imports meanwhile."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def _part_text(self, part_id: str) -> str:
        """A file's text, from a cache of the last ones read: an issue's articles, or those the
        index reads in a row, share few files. A part id hashes its text, so it never goes stale."""
        text = self._texts.get(part_id)
        if text is None:
            row = self._db.execute("SELECT text FROM parts WHERE id=?", (part_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"the library lost the file an article was read from ({part_id})")
            text = unpack_text(row[0])
            self._texts_chars += len(text)
            while self._texts and self._texts_chars > _TEXTS_KEPT_CHARS:
                self._texts_chars -= len(self._texts.pop(next(iter(self._texts))))
            self._texts[part_id] = text
        return text

    def article_origins(self, article_id: str) -> list[Origin]:
        row = self._db.execute("SELECT origins FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return unpack_origins(row[0])

    def iter_articles(self) -> Iterator[Article]:
        """Every article, by date, issue and print order (all from one state of the library)."""
        with self._snapshot():
            cur = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM}"
                " ORDER BY a.date, a.issue_id, a.page IS NULL, a.page, p.sort_key, p.source, a.seq"
            )
            for row in cur:
                yield self._article(row)

    def article_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM articles")}

    # -- reading for the research tools (reader.research) ---------------------------
    def issue_ids_on_month_day(self, month_day: str) -> list[tuple[str, str]]:
        """(issue id, date) of every issue printed on ``month_day`` ("MM-DD") of any year,
        newest first. Looks the dates up in the date index, one per year the library spans."""
        row = self._db.execute("SELECT MIN(NULLIF(date, '')), MAX(date) FROM issues").fetchone()
        if not row or not row[0] or not str(row[0])[:4].isdigit() or not str(row[1])[:4].isdigit():
            return []
        dates = [f"{y:04d}-{month_day}" for y in range(int(row[0][:4]), int(row[1][:4]) + 1)]
        marks = ",".join("?" * len(dates))
        rows = self._db.execute(
            f"SELECT id, date FROM issues WHERE date IN ({marks}) ORDER BY date DESC, paper, sources", dates
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    # -- for the search index (read only) ------------------------------------
    def busiest_day(self, spare: int) -> int:
        """The most row ids one date's issues take in the search index: their articles, and
        ``spare`` more for each issue (dates before the year 1000 and undated issues left out)."""
        row = self._db.execute(
            "SELECT max(n) FROM (SELECT sum(articles) + ? * count(*) AS n FROM issues"
            " WHERE date >= '1000' AND date GLOB '[0-9][0-9][0-9][0-9]-*' GROUP BY date)", (spare,)
        ).fetchone()
        return int(row[0] or 0) if row else 0

    def article_counts(self) -> dict[str, int]:
        """issue id -> how many articles it has."""
        return {str(i): int(n) for i, n in self._db.execute("SELECT id, articles FROM issues")}

    def issue_fingerprints(self) -> dict[str, tuple[str, str]]:
        """issue id -> (fingerprint, date): an issue's articles change only when its fingerprint does.

        The fingerprint names each of the issue's files with its text hash and parser version.
        """
        if self._has_fingerprints():  # kept on each issue's row, refreshed with it
            rows = self._db.execute("SELECT id, fingerprint, date FROM issues").fetchall()
        else:  # a library opened read-only before a writer added them: worked out here
            rows = self._db.execute(
                "SELECT p.issue_id, GROUP_CONCAT(p.id || ':' || p.sha256 || ':' || p.parser_version, ','),"
                " MAX(i.date) FROM (SELECT issue_id, id, sha256, parser_version FROM parts"
                " ORDER BY issue_id, id) p JOIN issues i ON i.id = p.issue_id GROUP BY p.issue_id"
            ).fetchall()
        return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}

    def _has_fingerprints(self) -> bool:
        return any(r[1] == "fingerprint" for r in self._db.execute("PRAGMA table_info(issues)"))

    def _add_fingerprints(self) -> None:
        """Give a library made before issues kept their fingerprint one for each issue."""
        if self._has_fingerprints() or not self._db.execute("PRAGMA table_info(issues)").fetchall():
            return
        with self._db:
            self._db.execute("ALTER TABLE issues ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''")
            self._db.execute(f"UPDATE issues SET fingerprint = ({_FINGERPRINT.format(issue='issues.id')})")


    def article_heads(self, issue_ids: list[str]) -> list[tuple[str, str, int, str, str, str, str, str]]:
        """(id, issue_id, seq, kicker, title, subtitle, author, kind) of the given issues'
        articles, in print order: what a list of headlines needs, without the texts."""
        if not issue_ids:
            return []
        marks = ",".join("?" * len(issue_ids))
        rows = self._db.execute(
            "SELECT id, issue_id, seq, kicker, title, subtitle, author, kind FROM articles"
            f" WHERE issue_id IN ({marks}) ORDER BY issue_id, seq", issue_ids
        ).fetchall()
        return [(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]))
                for r in rows]

    def article_titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, in no particular order: what finding an article by
        its title needs, without reading any text."""
        return [(str(i), str(t)) for i, t in self._db.execute("SELECT id, title FROM articles")]

    def article_authors(self) -> list[tuple[str, str, str]]:
        """(id, date, author) of every article, in no particular order: the names its byline
        gives (may be empty)."""
        rows = self._db.execute("SELECT id, date, author FROM articles").fetchall()
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def totals(self) -> dict[str, int | str]:
        """What the library holds, counted without reading any text: papers, issues, pages
        read (files), articles, the bytes of the files as they were read, the first and last
        date (undated issues left out)."""
        one = self._db.execute
        first, last = one("SELECT min(date), max(date) FROM issues WHERE date GLOB '[0-9]*'").fetchone()
        return {
            "papers": int(one("SELECT count(DISTINCT paper) FROM issues").fetchone()[0]),
            "issues": int(one("SELECT count(*) FROM issues").fetchone()[0]),
            "files": int(one("SELECT count(*) FROM parts").fetchone()[0]),
            "articles": int(one("SELECT count(*) FROM articles").fetchone()[0]),
            "source_bytes": int(one("SELECT coalesce(sum(size), 0) FROM sources WHERE part_id IS NOT NULL")
                                .fetchone()[0]),
            "first": first or "",
            "last": last or "",
        }

    def bylines(self) -> list[tuple[str, str]]:
        """(id, author) of the articles whose byline names someone, in no particular order."""
        rows = self._db.execute("SELECT id, author FROM articles WHERE author != ''").fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]


_TEXTS_KEPT_CHARS = 2_000_000  # characters of files' texts a Store keeps read (a front page: 5,000)
_PAGE_CHECK_MAX = 256 * 1024 * 1024
_WRITE_CACHE_KB = 64 * 1024  # SQLite's page cache of a writing connection (its default is 2 MB)
# A writer copies the write-ahead log into the database (and syncs it) when the log reaches
# this many pages: 64 MB, not SQLite's 4 MB, so an import of thousands of files, one
# transaction each, copies and syncs a sixteenth as often.
_CHECKPOINT_PAGES = 16384


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class SourceRecord(NamedTuple):
    path: str
    size: int
    mtime_ns: int
    ctime_ns: int
    sha256: str
    part_id: str | None


class StoredPart(NamedTuple):
    id: str
    paper: str
    paper_source: str
    edition: str
    date: str
    date_source: str
    number: int | None
    page: int | None
    page_name: str
    sort_key: str
    layout: str
    source: str
    source_path: str
    sha256: str
    text: str


class PaperSummary(NamedTuple):
    name: str
    issues: int
    first: str
    last: str
    source: str

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "issues": self.issues, "first": self.first or None,
                "last": self.last or None, "source": self.source}


def issue_key(paper: str, day: str, edition: str, part_id: str) -> str:
    """An issue's id: its paper, date and edition (an undated file is an issue of its own).

    >>> issue_key("大同日报", "2022-01-11", "", "x") == issue_key("大同日报", "2022-01-11", "", "y")
    True
    """
    if not day:
        return part_id
    return "i" + hashlib.sha1(f"{paper}\n{day}\n{edition}".encode()).hexdigest()[:11]


def _schema_of(db: sqlite3.Connection) -> int | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError:
        return None
    try:
        return int(row[0]) if row else None
    except (TypeError, ValueError):
        return None  # not a number: the integrity check's to report, not a newer format


def _migrate_v1(db: sqlite3.Connection) -> None:  # noqa: C901
    """Schema 1 (one file = one issue) -> 2 (paper, issue, page; files are parts), in place.

    Each old issue becomes a part with parser version 0, so the next import or the
    app's start reads it again with paper and page; until then its articles stay
    readable and searchable under their old ids.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("ALTER TABLE articles RENAME TO articles_v1")
        db.execute("ALTER TABLE issues RENAME TO issues_v1")
        db.execute("ALTER TABLE sources RENAME TO sources_v1")
        db.execute("DROP INDEX IF EXISTS issues_by_date")
        db.execute("DROP INDEX IF EXISTS articles_by_issue")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(
            "INSERT INTO parts (id, issue_id, date, date_source, date_note, number, source,"
            " source_path, sha256, parser_version, extras, text)"
            " SELECT id, id, date, date_source, date_note, number, source, source_path, sha256, 0,"
            " extras, text FROM issues_v1"
        )
        db.execute(
            "INSERT INTO articles SELECT id, issue_id, issue_id, seq, date, '', NULL, '', kicker,"
            " title, subtitle, byline, author, body, captions, highlights, continued,"
            " continued_from, title_inferred, kind, subheads, origins FROM articles_v1"
        )
        db.execute(
            "INSERT INTO sources (path, size, mtime_ns, sha256, part_id)"
            " SELECT path, size, mtime_ns, sha256, issue_id FROM sources_v1"
        )
        db.execute("DROP TABLE articles_v1")
        db.execute("DROP TABLE issues_v1")
        db.execute("DROP TABLE sources_v1")
        for part_id, day in db.execute("SELECT id, date FROM parts").fetchall():
            iid = issue_key("", day, "", part_id)
            db.execute("UPDATE parts SET issue_id=? WHERE id=?", (iid, part_id))
            db.execute("UPDATE articles SET issue_id=? WHERE part_id=?", (iid, part_id))
        store = Store.__new__(Store)
        store._db = db
        for (iid,) in db.execute("SELECT DISTINCT issue_id FROM parts").fetchall():
            store._refresh_issue(iid)
        db.execute("UPDATE meta SET value='2' WHERE key='schema'")
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _article_row(a: Article, issue_id: str, part_id: str, body: bytes, origins: str) -> tuple[object, ...]:
    return (
        a.id, issue_id, part_id, a.seq, a.date, a.paper, a.page, a.page_name, a.kicker, a.title,
        a.subtitle, a.byline, a.author, body, _json_list(a.captions),
        _json_list(a.highlights), a.continued, a.continued_from,
        int(a.title_inferred), a.kind, _json_list(a.subheads),
        origins,
    )


def _json_list(items: Sequence[Any]) -> str:
    return json.dumps(list(items), ensure_ascii=False) if items else "[]"


def _article(r: tuple[Any, ...], body: str) -> Article:
    return Article(
        id=r[0], issue_id=r[1], seq=r[2], date=r[3], kicker=r[4], title=r[5], subtitle=r[6],
        byline=r[7], author=r[8], body=body, captions=tuple(json.loads(r[10])),
        highlights=tuple(json.loads(r[11])), continued=r[12], continued_from=r[13],
        title_inferred=bool(r[14]), kind=r[15], subheads=tuple(json.loads(r[16])),
        paper=r[17], page=r[18], page_name=r[19],
    )


def _issue(r: tuple[Any, ...]) -> Issue:
    pages = tuple(Page(p[0], p[1] or "", p[2]) for p in json.loads(r[9]))
    sources = tuple(json.loads(r[10]))
    return Issue(
        id=r[0], date=r[1], date_source=r[2], date_note=r[3], number=r[4], paper=r[5],
        paper_source=r[6], edition=r[7], article_count=r[8], pages=pages, sources=sources,
        source=sources[0] if sources else "", source_path=r[11], sha256=r[12],
        extras=tuple(json.loads(r[13])),
    )


# -- reading a damaged library.db (reader.repair rebuilds the library from it) ----------------
@dataclass(frozen=True)
class StoredIssue:
    """An issue as the damaged database still holds it."""

    source_path: str
    source: str
    date: str
    date_source: str
    number: int | None
    sha256: str
    text: str
    paper: str = ""
    paper_source: str = "unknown"
    page: int | None = None
    page_name: str = ""
    layout: str = "issue"
    edition: str = ""


@dataclass
class Salvage:
    """What could be read from a damaged library.db."""

    sources: list[str] = field(default_factory=list)
    issues: list[StoredIssue] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    unreadable_rows: int = 0


def read_salvage(path: Path) -> Salvage:
    """Everything still readable in a damaged library database (nothing, if it is not one)."""
    found = Salvage()
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return found
    try:
        rows, bad = _rows(db, "meta", "key, value")
        found.meta = {str(k): str(v) for k, v in rows}
        rows, bad2 = _rows(db, "sources", "path")
        found.sources = [str(r[0]) for r in rows]
        # schema 2 keeps each file's text in parts; schema 1 in issues
        rows, bad3 = _rows(db, "parts", "source_path, source, date, date_source, number, sha256, text,"
                                        " paper, paper_source, page, page_name, layout, edition")
        if not rows:
            rows, bad3 = _rows(db, "issues", "source_path, source, date, date_source, number, sha256, text")
        readable = [(*r[:6], _kept_text(r[6]), *r[7:]) for r in rows if all(isinstance(v, str) for v in r[:4])]
        found.issues = [StoredIssue(*r) for r in readable if r[6] is not None]
        found.unreadable_rows = bad + bad2 + bad3 + sum(1 for r in readable if r[6] is None)
    finally:
        db.close()
    return found


def _kept_text(value: object) -> str | None:
    """A file's text as the library kept it (deflated, or plain in older libraries); None if damaged."""
    if not isinstance(value, str | bytes):
        return None
    try:
        return unpack_text(value)
    except (zlib.error, UnicodeDecodeError):
        return None


def _rows(db: sqlite3.Connection, table: str, columns: str) -> tuple[list[tuple[Any, ...]], int]:
    """The table's rows, and how many could not be read: all at once, else row by row."""
    try:
        return db.execute(f"SELECT {columns} FROM {table}").fetchall(), 0
    except sqlite3.DatabaseError:
        pass
    try:
        top = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        return [], 0
    rows, bad = [], 0
    for rowid in range(1, int(top) + 1):
        try:
            row = db.execute(f"SELECT {columns} FROM {table} WHERE rowid=?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            bad += 1
            continue
        if row is not None:
            rows.append(row)
    return rows, bad
