"""The bookmarks database: ``bookmarks.db``, SQLite in WAL mode with ``synchronous=FULL``.

Every public method that writes is one ``BEGIN IMMEDIATE`` transaction, so a
crash or a SIGKILL leaves the state before or after the call, never half of it.
The schema is versioned (table ``schema_version``) and upgraded in place on
open by the chain of ``_MIGRATIONS``.
"""

from __future__ import annotations

import builtins
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.bookmarks.exchange import (
    ExportFormat,
    clean_tags,
    clean_text,
    json_export,
    markdown_export,
    merge_notes,
    parse_export,
    read_export,
    utc_now,
    write_atomically,
)
from reader.bookmarks.matching import (
    Reattachment,
    ReconcileReport,
    articles_by_date,
    excerpt_of,
    find_moved,
    match_article,
    same_snapshot,
    snapshot_of,
)
from reader.bookmarks.transactions import write_transaction
from reader.errors import ForeignBookmarksError, LibraryError, NotFoundError
from reader.integrity import check_bookmarks_db
from reader.models import Article, Bookmark

if TYPE_CHECKING:
    from reader.library import Library

SCHEMA_VERSION = 2

# Each entry upgrades the schema from version n-1 to n; statements run in one transaction.
_MIGRATIONS: dict[int, Sequence[str]] = {
    1: (
        """CREATE TABLE bookmarks (
            article_id TEXT PRIMARY KEY,
            issue_id TEXT NOT NULL,
            date TEXT NOT NULL,
            kicker TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL,
            excerpt TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            detached INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX bookmarks_by_created ON bookmarks(created)",
        """CREATE TABLE bookmark_tags (
            article_id TEXT NOT NULL
                REFERENCES bookmarks(article_id) ON DELETE CASCADE ON UPDATE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (article_id, tag)
        )""",
        "CREATE INDEX bookmark_tags_by_tag ON bookmark_tags(tag)",
        # Ids a bookmark had before it was re-attached, so importing an old export merges.
        """CREATE TABLE aliases (
            old_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL
                REFERENCES bookmarks(article_id) ON DELETE CASCADE ON UPDATE CASCADE
        )""",
    ),
    # The paper and page an article is printed in (issue 10), kept and exported with the bookmark.
    2: (
        "ALTER TABLE bookmarks ADD COLUMN paper TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE bookmarks ADD COLUMN page INTEGER",
    ),
}

_COLUMNS = ("article_id, issue_id, date, kicker, title, note, created, updated, detached, paper, page,"
            " excerpt")


class Bookmarks:
    """The bookmarks database. Safe to share between threads; each call is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"cannot open the bookmarks database {self.path}: {exc}") from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            # Bookmarks are few and precious: pay an fsync per change.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            check_bookmarks_db(self._db, self.path)  # a table missing: off, with a message
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.Error):
                raise LibraryError(
                    f"cannot open the bookmarks database {self.path}: {exc}"
                ) from None
            raise

    @classmethod
    def for_library(cls, library: Library) -> Bookmarks:
        """The bookmarks of ``library`` (``bookmarks.db`` in its directory).

        Raises :class:`ForeignBookmarksError` if that file belongs to another library.
        """
        marks = cls(library.bookmarks_path)
        try:
            marks.bind(library)
        except BaseException:
            marks.close()
            raise
        return marks

    # -- whose bookmarks --------------------------------------------------------
    @property
    def library_id(self) -> str | None:
        """The identity of the library these bookmarks belong to (None: not bound yet)."""
        with self._read() as db:
            return _owner(db)

    def bind(self, library: Library) -> None:
        """Record that these bookmarks belong to ``library``; refuse another library's.

        A library's identity is a random id kept in its ``meta`` (Library.library_id). Two
        libraries that share one bookmarks file (a symlink, a copied file) would otherwise
        re-point each other's bookmarks at every reconcile. A library opened read-only
        before it had an id is not checked.
        """
        wanted = library.library_id
        if wanted is None:
            return
        owner = self.library_id
        if owner is None:
            with self._write() as db:
                # Kept outside the versioned schema: one row, created when first bound.
                db.execute("CREATE TABLE IF NOT EXISTS owner (library_id TEXT NOT NULL)")
                owner = _owner(db)  # again: another process may have bound it meanwhile
                if owner is None:
                    db.execute("INSERT INTO owner VALUES (?)", (wanted,))
                    return
        if owner != wanted:
            raise ForeignBookmarksError(
                f"the bookmarks file {self.path} belongs to another library (not {library.root}); "
                "it was left as it is. Give each library its own bookmarks file (a symbolic link "
                "or a copy shares one), or move this one away to start afresh")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Bookmarks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and schema ------------------------------------------
    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction; rolled back on any error, sqlite errors become LibraryError."""
        return write_transaction(self._db, self._lock, f"the bookmarks database {self.path}")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN")
                try:
                    yield self._db
                finally:
                    self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot read the bookmarks database {self.path}: {exc}") from None

    @property
    def schema_version(self) -> int:
        with self._read() as db:
            return _version(db)

    def _migrate(self) -> None:
        if _version(self._db) == SCHEMA_VERSION:
            return
        with self._write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = _version(db)  # again: another process may have migrated meanwhile
            if version > SCHEMA_VERSION:
                raise LibraryError(
                    f"the bookmarks database {self.path} was written by a newer Baoku "
                    f"(schema {version}, this version reads up to {SCHEMA_VERSION})"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target]:
                    db.execute(statement)
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))

    # -- reading ------------------------------------------------------------
    def get(self, article_id: str) -> Bookmark | None:
        """The bookmark for ``article_id``, or None."""
        with self._read() as db:
            return _get(db, article_id)

    def is_bookmarked(self, article_id: str) -> bool:
        with self._read() as db:
            row = db.execute("SELECT 1 FROM bookmarks WHERE article_id=?", (article_id,))
            return row.fetchone() is not None

    def list(self, tag: str | None = None) -> list[Bookmark]:
        """All bookmarks (or those tagged ``tag``), newest first."""
        with self._read() as db:
            return _select(db, tag)

    def tags(self) -> builtins.list[str]:
        """Every tag in use, sorted."""
        with self._read() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT tag FROM bookmark_tags ORDER BY tag")]

    # -- writing ------------------------------------------------------------
    def add(
        self, article: Article, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark:
        """Bookmark ``article``; idempotent.

        If it is already bookmarked, its snapshot is refreshed and ``note`` and
        ``tags`` replace the saved ones when given (None keeps them).
        """
        snapshot = snapshot_of(article)
        with self._write() as db:
            old = _get(db, article.id)
            if old is None:
                now = utc_now()
                _insert(db, replace(snapshot, note=clean_text(note or ""), tags=clean_tags(tags or ()),
                                    created=now, updated=now), excerpt_of(article))
            else:
                new = replace(old, issue_id=snapshot.issue_id, date=snapshot.date,
                              title=snapshot.title, kicker=snapshot.kicker, detached=False)
                _save(db, old, _edited(new, note, tags), excerpt_of(article))
            found = _get(db, article.id)
            assert found is not None
            return found

    def update(
        self, article_id: str, *, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark:
        """Change a bookmark's note and/or tags (None keeps them); NotFoundError if none."""
        with self._write() as db:
            old = _get(db, article_id)
            if old is None:
                raise NotFoundError(f"no bookmark for article {article_id}")
            new = _edited(old, note, tags)
            _save(db, old, new)
            return new

    def remove(self, article_id: str) -> bool:
        """Delete a bookmark; False if there was none."""
        with self._write() as db:
            cur = db.execute("DELETE FROM bookmarks WHERE article_id=?", (article_id,))
            return cur.rowcount > 0

    # -- keeping up with the library ------------------------------------------
    def reconcile(self, library: Library) -> ReconcileReport:
        """Bring every bookmark in line with ``library`` after an import.

        A bookmark whose article still exists gets a fresh snapshot; one whose
        article vanished is re-attached to an article of the same issue date
        with the same title, else a similar title, else nearly the same opening
        text, else (once, when it first loses its article) an article of any
        date with the same title and nearly the same text; failing that it is
        marked detached and keeps its saved snapshot.
        Articles already bookmarked are only taken when their text matches too,
        and then the two bookmarks are merged (notes and tags kept).
        """
        self.bind(library)  # never another library's bookmarks
        with self._write() as db:
            rows = db.execute(f"SELECT {_COLUMNS}, excerpt FROM bookmarks").fetchall()
            claimed = {r[0] for r in rows}
            orphans: builtins.list[tuple[Bookmark, str]] = []
            reattached: builtins.list[Reattachment] = []
            refreshed = 0
            for row in rows:
                mark = _bookmark(row, ())
                try:
                    article = library.article(mark.article_id)
                except NotFoundError:
                    orphans.append((mark, str(row[-1])))
                    continue
                fresh = replace(snapshot_of(article), note=mark.note, created=mark.created,
                                updated=mark.updated)
                excerpt = excerpt_of(article)
                if same_snapshot(mark, fresh) and row[-1] == excerpt:
                    continue
                _write_snapshot(db, mark.article_id, fresh, excerpt)
                if mark.detached:
                    reattached.append(Reattachment(mark.article_id, _must_get(db, mark.article_id),
                                                   "same"))
                else:
                    refreshed += 1
            unmatched: builtins.list[tuple[Bookmark, str]] = []
            by_date = articles_by_date(library, {m.date for m, _ in orphans}) if orphans else {}
            for mark, excerpt in orphans:
                found = match_article(mark, excerpt, by_date.get(mark.date, []), claimed)
                if found is None:
                    unmatched.append((mark, excerpt))
                    continue
                claimed.add(found[0].id)
                _move(db, mark, found[0])
                reattached.append(Reattachment(mark.article_id, _must_get(db, found[0].id), found[1]))
            # A re-import may date an issue differently; its articles keep title and text.
            # Searching the whole library costs a full scan, so it is done once per
            # bookmark: when it first loses its article, not on every reconcile after.
            moved = find_moved([(m, e) for m, e in unmatched if not m.detached], library, claimed)
            for mark, _ in unmatched:
                target = moved.get(mark.article_id)
                if target is not None:
                    _move(db, mark, target)
                    reattached.append(Reattachment(mark.article_id, _must_get(db, target.id), "moved"))
                elif not mark.detached:
                    db.execute("UPDATE bookmarks SET detached=1 WHERE article_id=?", (mark.article_id,))
            detached = _select(db, None, detached_only=True)
        return ReconcileReport(tuple(reattached), tuple(detached), refreshed)

    # -- export and import ------------------------------------------------------
    def export_json(self) -> str:
        """Every bookmark as a JSON document that :meth:`import_json` reads back."""
        return json_export(self.list())

    def export_markdown(self) -> str:
        """Every bookmark as a Markdown document, by issue date, for reading and printing."""
        return markdown_export(self.list())

    def export_file(self, path: Path | str, fmt: ExportFormat = "json") -> int:
        """Write every bookmark to ``path`` as JSON or Markdown; returns how many.

        The file is replaced atomically: a crash leaves the old file or the new
        one, never half of it. BookmarksFileError if it cannot be written.
        """
        if fmt not in ("json", "markdown"):
            raise ValueError(f"unknown export format {fmt!r}")
        marks = self.list()
        write_atomically(Path(path), markdown_export(marks) if fmt == "markdown" else json_export(marks))
        return len(marks)

    def import_file(self, path: Path | str) -> int:
        """:meth:`import_json` on a file (UTF-8, with or without BOM); returns how many changed."""
        return self.import_json(read_export(Path(path)))

    def import_json(self, text: str) -> int:
        """Merge bookmarks from a JSON export; returns how many were added or changed.

        Idempotent: importing the same file twice changes nothing the second time.
        A bookmark already present (by id, or by an id it had before it was
        re-attached) keeps its snapshot; notes are kept both (one is dropped only
        if the other contains it), tags are joined. The whole file is checked
        before anything is written: a bad file raises BookmarksFileError and
        imports nothing.
        """
        incoming = parse_export(text)
        changed = 0
        with self._write() as db:
            # Oldest first (an export lists newest first), so the import keeps the order.
            for mark in sorted(reversed(incoming), key=lambda m: m.created):
                target = _resolve(db, mark.article_id)
                old = _get(db, target) if target else None
                if old is None:
                    now = utc_now()
                    created = mark.created or now
                    _insert(db, replace(mark, created=created, updated=mark.updated or created),
                            mark.excerpt)
                    changed += 1
                    continue
                new = replace(
                    old,
                    note=merge_notes(old.note, mark.note),
                    tags=clean_tags((*old.tags, *mark.tags)),
                    created=min((c for c in (old.created, mark.created) if c), default=""),
                )
                if new != old:
                    _save(db, old, new)
                    changed += 1
        return changed


# -- rows -----------------------------------------------------------------------
def _owner(db: sqlite3.Connection) -> str | None:
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='owner'").fetchone()
    row = db.execute("SELECT library_id FROM owner").fetchone() if exists else None
    return str(row[0]) if row else None


def _version(db: sqlite3.Connection) -> int:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _bookmark(row: Sequence[object], tags: tuple[str, ...]) -> Bookmark:
    return Bookmark(
        article_id=str(row[0]), issue_id=str(row[1]), date=str(row[2]), kicker=str(row[3]),
        title=str(row[4]), note=str(row[5]), tags=tags, created=str(row[6]),
        updated=str(row[7]), detached=bool(row[8]), paper=str(row[9] or ""),
        page=int(str(row[10])) if row[10] is not None else None, excerpt=str(row[11] or ""),
    )


def _get(db: sqlite3.Connection, article_id: str) -> Bookmark | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id=?", (article_id,)).fetchone()
    if row is None:
        return None
    tags = tuple(r[0] for r in db.execute(
        "SELECT tag FROM bookmark_tags WHERE article_id=? ORDER BY tag", (article_id,)))
    return _bookmark(row, tags)


def _must_get(db: sqlite3.Connection, article_id: str) -> Bookmark:
    found = _get(db, article_id)
    if found is None:  # pragma: no cover - only inside a transaction that just wrote it
        raise NotFoundError(f"no bookmark for article {article_id}")
    return found


def _select(db: sqlite3.Connection, tag: str | None, *, detached_only: bool = False) -> list[Bookmark]:
    where, params = [], []
    if tag is not None:
        where.append("article_id IN (SELECT article_id FROM bookmark_tags WHERE tag=?)")
        params.append(tag)
    if detached_only:
        where.append("detached")
    sql = f"SELECT {_COLUMNS} FROM bookmarks"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = db.execute(sql + " ORDER BY created DESC, rowid DESC", params).fetchall()
    tags: dict[str, list[str]] = {}
    for aid, t in db.execute("SELECT article_id, tag FROM bookmark_tags ORDER BY tag"):
        tags.setdefault(aid, []).append(t)
    return [_bookmark(r, tuple(tags.get(r[0], ()))) for r in rows]


def _insert(db: sqlite3.Connection, m: Bookmark, excerpt: str) -> None:
    db.execute(
        "INSERT INTO bookmarks (article_id, issue_id, date, kicker, title, excerpt, note,"
        " created, updated, detached, paper, page) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (m.article_id, m.issue_id, m.date, m.kicker, m.title, excerpt, m.note, m.created,
         m.updated, int(m.detached), m.paper, m.page),
    )
    _set_tags(db, m.article_id, m.tags)


def _save(db: sqlite3.Connection, old: Bookmark, new: Bookmark, excerpt: str | None = None) -> None:
    """Write ``new`` over ``old`` (same article id); ``updated`` moves if note or tags changed."""
    if (new.note, new.tags) != (old.note, old.tags):
        new = replace(new, updated=utc_now())
    if new != old:
        db.execute(
            "UPDATE bookmarks SET issue_id=?, date=?, kicker=?, title=?, note=?, created=?,"
            " updated=?, detached=? WHERE article_id=?",
            (new.issue_id, new.date, new.kicker, new.title, new.note, new.created, new.updated,
             int(new.detached), old.article_id),
        )
        if new.tags != old.tags:
            _set_tags(db, old.article_id, new.tags)
    if excerpt is not None:
        db.execute("UPDATE bookmarks SET excerpt=? WHERE article_id=?", (excerpt, old.article_id))


def _set_tags(db: sqlite3.Connection, article_id: str, tags: tuple[str, ...]) -> None:
    db.execute("DELETE FROM bookmark_tags WHERE article_id=?", (article_id,))
    db.executemany("INSERT INTO bookmark_tags VALUES (?, ?)", [(article_id, t) for t in tags])


def _write_snapshot(db: sqlite3.Connection, article_id: str, s: Bookmark, excerpt: str) -> None:
    db.execute(
        "UPDATE bookmarks SET issue_id=?, date=?, kicker=?, title=?, excerpt=?, detached=0,"
        " paper=?, page=? WHERE article_id=?",
        (s.issue_id, s.date, s.kicker, s.title, excerpt, s.paper, s.page, article_id),
    )


def _move(db: sqlite3.Connection, mark: Bookmark, article: Article) -> None:
    """Re-attach ``mark`` to ``article``, merging into a bookmark the article may already have."""
    snapshot = snapshot_of(article)
    target = _get(db, article.id)
    db.execute("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (mark.article_id, mark.article_id))
    if target is None:
        db.execute("UPDATE bookmarks SET article_id=? WHERE article_id=?",
                   (article.id, mark.article_id))
    else:
        old_tags = tuple(r[0] for r in db.execute(
            "SELECT tag FROM bookmark_tags WHERE article_id=?", (mark.article_id,)))
        db.execute("UPDATE aliases SET article_id=? WHERE article_id=?",
                   (article.id, mark.article_id))
        db.execute("DELETE FROM bookmarks WHERE article_id=?", (mark.article_id,))
        merged = replace(target, note=merge_notes(target.note, mark.note),
                         tags=clean_tags((*target.tags, *old_tags)),
                         created=min(target.created, mark.created))
        _save(db, target, merged)
    db.execute("DELETE FROM aliases WHERE old_id=?", (article.id,))
    _write_snapshot(db, article.id, snapshot, excerpt_of(article))


def _resolve(db: sqlite3.Connection, article_id: str) -> str | None:
    """The id of the bookmark for ``article_id``, following re-attachments."""
    if db.execute("SELECT 1 FROM bookmarks WHERE article_id=?", (article_id,)).fetchone():
        return article_id
    row = db.execute("SELECT article_id FROM aliases WHERE old_id=?", (article_id,)).fetchone()
    return str(row[0]) if row else None


def _edited(mark: Bookmark, note: str | None, tags: Iterable[str] | None) -> Bookmark:
    if note is not None:
        mark = replace(mark, note=clean_text(note))
    if tags is not None:
        mark = replace(mark, tags=clean_tags(tags))
    return mark
