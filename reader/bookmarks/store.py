"""Bookmarks: saved articles with notes and tags, kept in ``bookmarks.db`` beside the library.

A bookmark is keyed by the article's stable id and carries a snapshot of the
article (issue, date, kicker, title, the opening of the body), so it is never
silently lost: when a re-import changes an article, :meth:`Bookmarks.reconcile`
re-attaches the bookmark to the new version (same issue date and title, then
same date and a similar title or text) or marks it *detached*, still listed with
its saved title and note.

The database is SQLite in WAL mode with ``synchronous=FULL``: every public
method that writes is one ``BEGIN IMMEDIATE`` transaction, so a crash or a
SIGKILL leaves the state before or after the call, never half of it. The schema
is versioned (table ``schema_version``) and upgraded in place on open.

>>> import tempfile; from pathlib import Path
>>> from reader.models import Article
>>> art = Article(id="a1", issue_id="i1", date="2022-01-11", seq=1, title="标题", body="正文")
>>> with Bookmarks(Path(tempfile.mkdtemp()) / "bookmarks.db") as marks:
...     marks.add(art, note="读", tags=["经济"]).tags
('经济',)
"""

from __future__ import annotations

import builtins
import difflib
import json
import os
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader.errors import BaokuError, LibraryError, NotFoundError
from reader.models import Article, Bookmark

if TYPE_CHECKING:
    from reader.library import Library

SCHEMA_VERSION = 1
EXPORT_FORMAT = "baoku-bookmarks"
EXPORT_VERSION = 1

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
}

_EXCERPT_CHARS = 200
_SIMILAR_TITLE = 0.6
_SAME_TEXT = 0.8
_COLUMNS = "article_id, issue_id, date, kicker, title, note, created, updated, detached"


class BookmarksFileError(BaokuError):
    """A bookmarks export cannot be read (not JSON, not a bookmarks file) or written."""


Match = Literal["same", "title", "similar", "text", "moved"]
ExportFormat = Literal["json", "markdown"]


@dataclass(frozen=True)
class Reattachment:
    """One bookmark that found its article again.

    ``how`` is "same" (the article with the bookmark's id is back), "title" (same
    issue date and title), "similar" (same date, similar title), "text" (same
    date, nearly the same opening text) or "moved" (same title and nearly the
    same text, under another date).
    """

    old_id: str
    bookmark: Bookmark
    how: Match

    def to_json(self) -> dict[str, object]:
        return {"old_id": self.old_id, "how": self.how, "bookmark": self.bookmark.to_json()}


@dataclass(frozen=True)
class ReconcileReport:
    """What :meth:`Bookmarks.reconcile` did.

    ``reattached`` lists bookmarks moved to (or back to) a live article;
    ``detached`` lists every bookmark left without an article (newly or from
    before); ``refreshed`` counts live bookmarks whose snapshot was updated.
    """

    reattached: tuple[Reattachment, ...] = ()
    detached: tuple[Bookmark, ...] = ()
    refreshed: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "reattached": len(self.reattached),
            "detached": len(self.detached),
            "refreshed": self.refreshed,
            "reattached_items": [r.to_json() for r in self.reattached],
            "detached_items": [b.to_json() for b in self.detached],
        }


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
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.Error):
                raise LibraryError(
                    f"cannot open the bookmarks database {self.path}: {exc}"
                ) from None
            raise

    @classmethod
    def for_library(cls, library: Library) -> Bookmarks:
        """The bookmarks of ``library`` (``bookmarks.db`` in its directory)."""
        return cls(library.bookmarks_path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Bookmarks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and schema ------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back on any error, sqlite errors become LibraryError."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise LibraryError(f"cannot write the bookmarks database {self.path}: {exc}") from None
                raise

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
        snapshot = _snapshot(article)
        with self._write() as db:
            old = _get(db, article.id)
            if old is None:
                now = _now()
                _insert(db, replace(snapshot, note=_text(note or ""), tags=_tags(tags or ()),
                                    created=now, updated=now), _excerpt(article))
            else:
                new = replace(old, issue_id=snapshot.issue_id, date=snapshot.date,
                              title=snapshot.title, kicker=snapshot.kicker, detached=False)
                _save(db, old, _edited(new, note, tags), _excerpt(article))
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
                fresh = replace(_snapshot(article), note=mark.note, created=mark.created,
                                updated=mark.updated)
                excerpt = _excerpt(article)
                if _same_snapshot(mark, fresh) and row[-1] == excerpt:
                    continue
                _write_snapshot(db, mark.article_id, fresh, excerpt)
                if mark.detached:
                    reattached.append(Reattachment(mark.article_id, _must_get(db, mark.article_id),
                                                   "same"))
                else:
                    refreshed += 1
            unmatched: builtins.list[tuple[Bookmark, str]] = []
            by_date = _articles_by_date(library, {m.date for m, _ in orphans}) if orphans else {}
            for mark, excerpt in orphans:
                found = _match(mark, excerpt, by_date.get(mark.date, []), claimed)
                if found is None:
                    unmatched.append((mark, excerpt))
                    continue
                claimed.add(found[0].id)
                _move(db, mark, found[0])
                reattached.append(Reattachment(mark.article_id, _must_get(db, found[0].id), found[1]))
            # A re-import may date an issue differently; its articles keep title and text.
            # Searching the whole library costs a full scan, so it is done once per
            # bookmark: when it first loses its article, not on every reconcile after.
            moved = _find_moved([(m, e) for m, e in unmatched if not m.detached], library, claimed)
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
        return _json_export(self.list())

    def export_markdown(self) -> str:
        """Every bookmark as a Markdown document, by issue date, for reading and printing."""
        return _markdown_export(self.list())

    def export_file(self, path: Path | str, fmt: ExportFormat = "json") -> int:
        """Write every bookmark to ``path`` as JSON or Markdown; returns how many.

        The file is replaced atomically: a crash leaves the old file or the new
        one, never half of it. BookmarksFileError if it cannot be written.
        """
        if fmt not in ("json", "markdown"):
            raise ValueError(f"unknown export format {fmt!r}")
        marks = self.list()
        _write_atomically(Path(path), _markdown_export(marks) if fmt == "markdown" else _json_export(marks))
        return len(marks)

    def import_file(self, path: Path | str) -> int:
        """:meth:`import_json` on a file (UTF-8, with or without BOM); returns how many changed."""
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise BookmarksFileError(f"cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise BookmarksFileError(f"{path} is not a bookmarks file (not UTF-8 text)") from None
        return self.import_json(text)

    def import_json(self, text: str) -> int:
        """Merge bookmarks from a JSON export; returns how many were added or changed.

        Idempotent: importing the same file twice changes nothing the second time.
        A bookmark already present (by id, or by an id it had before it was
        re-attached) keeps its snapshot; notes are kept both (one is dropped only
        if the other contains it), tags are joined. The whole file is checked
        before anything is written: a bad file raises BookmarksFileError and
        imports nothing.
        """
        incoming = _parse_export(text)
        changed = 0
        with self._write() as db:
            # Oldest first (an export lists newest first), so the import keeps the order.
            for mark in sorted(reversed(incoming), key=lambda m: m.created):
                target = _resolve(db, mark.article_id)
                old = _get(db, target) if target else None
                if old is None:
                    now = _now()
                    created = mark.created or now
                    _insert(db, replace(mark, created=created, updated=mark.updated or created), "")
                    changed += 1
                    continue
                new = replace(
                    old,
                    note=_merge_notes(old.note, mark.note),
                    tags=_tags((*old.tags, *mark.tags)),
                    created=min((c for c in (old.created, mark.created) if c), default=""),
                )
                if new != old:
                    _save(db, old, new)
                    changed += 1
        return changed


# -- rows -----------------------------------------------------------------------
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
        updated=str(row[7]), detached=bool(row[8]),
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
        " created, updated, detached) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (m.article_id, m.issue_id, m.date, m.kicker, m.title, excerpt, m.note, m.created,
         m.updated, int(m.detached)),
    )
    _set_tags(db, m.article_id, m.tags)


def _save(db: sqlite3.Connection, old: Bookmark, new: Bookmark, excerpt: str | None = None) -> None:
    """Write ``new`` over ``old`` (same article id); ``updated`` moves if note or tags changed."""
    if (new.note, new.tags) != (old.note, old.tags):
        new = replace(new, updated=_now())
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
        "UPDATE bookmarks SET issue_id=?, date=?, kicker=?, title=?, excerpt=?, detached=0"
        " WHERE article_id=?",
        (s.issue_id, s.date, s.kicker, s.title, excerpt, article_id),
    )


def _move(db: sqlite3.Connection, mark: Bookmark, article: Article) -> None:
    """Re-attach ``mark`` to ``article``, merging into a bookmark the article may already have."""
    snapshot = _snapshot(article)
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
        merged = replace(target, note=_merge_notes(target.note, mark.note),
                         tags=_tags((*target.tags, *old_tags)),
                         created=min(target.created, mark.created))
        _save(db, target, merged)
    db.execute("DELETE FROM aliases WHERE old_id=?", (article.id,))
    _write_snapshot(db, article.id, snapshot, _excerpt(article))


def _resolve(db: sqlite3.Connection, article_id: str) -> str | None:
    """The id of the bookmark for ``article_id``, following re-attachments."""
    if db.execute("SELECT 1 FROM bookmarks WHERE article_id=?", (article_id,)).fetchone():
        return article_id
    row = db.execute("SELECT article_id FROM aliases WHERE old_id=?", (article_id,)).fetchone()
    return str(row[0]) if row else None


# -- snapshots and matching ------------------------------------------------------
def _snapshot(article: Article) -> Bookmark:
    return Bookmark(
        article_id=article.id, issue_id=article.issue_id, date=article.date,
        title=_text(article.title), kicker=_text(article.kicker),
    )


def _same_snapshot(a: Bookmark, b: Bookmark) -> bool:
    return (a.issue_id, a.date, a.title, a.kicker, a.detached) == (
        b.issue_id, b.date, b.title, b.kicker, b.detached)


def _excerpt(article: Article) -> str:
    return _text((article.body or "\n".join(article.captions))[:_EXCERPT_CHARS])


def _articles_by_date(library: Library, dates: set[str]) -> dict[str, list[Article]]:
    found: dict[str, list[Article]] = {}
    for issue in library.issues():
        if issue.date in dates:
            found.setdefault(issue.date, []).extend(library.articles(issue.id))
    return found


def _norm(text: str) -> str:
    """Text compared for matching: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _match(
    mark: Bookmark, excerpt: str, candidates: list[Article], claimed: set[str]
) -> tuple[Article, Match] | None:
    """The article ``mark`` most likely became, or None."""
    title = _norm(mark.title)
    text = _norm(excerpt)
    scored = []
    for a in candidates:
        t = _norm(a.title)
        title_score = 1.0 if t == title else _ratio(title, t)
        if title and t and (title in t or t in title) and min(len(t), len(title)) >= 4:
            title_score = max(title_score, _SIMILAR_TITLE)
        text_score = _ratio(text, _norm(_excerpt(a)))
        if title_score == 1.0:
            how: Match = "title"
        elif title_score >= _SIMILAR_TITLE:
            how = "similar"
        elif text_score >= _SAME_TEXT and len(text) >= 20:
            how = "text"
        else:
            continue
        # An article that already has a bookmark is only taken if its text matches too.
        if a.id in claimed and text_score < _SIMILAR_TITLE:
            continue
        rank = ("title", "similar", "text").index(how)
        scored.append((rank, a.id in claimed, _norm(a.kicker) != _norm(mark.kicker),
                       -text_score, -title_score, a.seq, a, how))
    if not scored:
        return None
    best = min(scored, key=lambda s: s[:6])
    return best[6], best[7]


def _find_moved(
    lost: Sequence[tuple[Bookmark, str]], library: Library, claimed: set[str]
) -> dict[str, Article]:
    """For bookmarks in ``lost``: an unclaimed article of any date with the same title and text."""
    wanted: dict[str, builtins.list[tuple[Bookmark, str]]] = {}
    for mark, excerpt in lost:
        if len(_norm(excerpt)) >= 20 and _norm(mark.title):
            wanted.setdefault(_norm(mark.title), []).append((mark, _norm(excerpt)))
    if not wanted:
        return {}
    scored = []
    for article in library.iter_articles():
        if article.id in claimed:
            continue
        for mark, text in wanted.get(_norm(article.title), ()):
            score = _ratio(text, _norm(_excerpt(article)))
            if score >= _SAME_TEXT:
                scored.append((-score, mark.article_id, article.id, article))
    found: dict[str, Article] = {}
    for _score, mark_id, article_id, article in sorted(scored, key=lambda s: s[:3]):
        if mark_id not in found and article_id not in claimed:
            found[mark_id] = article
            claimed.add(article_id)
    return found


# -- text -------------------------------------------------------------------------
def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(value: str) -> str:
    """``value`` safe to store: lone surrogates (which SQLite cannot encode) become U+FFFD."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, whitespace collapsed, empty ones dropped, deduplicated and sorted."""
    if isinstance(tags, str):  # one tag, not its characters
        tags = [tags]
    return tuple(sorted({" ".join(_text(t).split()) for t in tags} - {""}))


def _edited(mark: Bookmark, note: str | None, tags: Iterable[str] | None) -> Bookmark:
    if note is not None:
        mark = replace(mark, note=_text(note))
    if tags is not None:
        mark = replace(mark, tags=_tags(tags))
    return mark


def _merge_notes(mine: str, theirs: str) -> str:
    """Both notes, unless one already contains the other."""
    if not theirs or theirs in mine:
        return mine
    if not mine or mine in theirs:
        return theirs
    return f"{mine}\n\n{theirs}"


def _md(text: str) -> str:
    """``text`` for Markdown: no HTML, no accidental emphasis, links or headings."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _json_export(marks: Sequence[Bookmark]) -> str:
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": _now(),
        "count": len(marks),
        "bookmarks": [m.to_json() for m in marks],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _markdown_export(marks: Sequence[Bookmark]) -> str:
    lines = ["# 书签 Bookmarks", "", f"导出于 {_now()}，共 {len(marks)} 条。", ""]
    for m in sorted(marks, key=lambda m: (m.date, m.created)):
        heading = f"{m.kicker}｜{m.title}" if m.kicker else m.title
        lines.append(f"## {m.date} · {_md(heading)}")
        lines.append("")
        if m.detached:
            lines.append("- 状态：原文已不在报库中（已脱离），以下为收藏时保存的信息")
        lines.append(f"- 文章 ID：`{m.article_id}`，期 ID：`{m.issue_id}`")
        if m.tags:
            lines.append("- 标签：" + " ".join(f"#{_md(t)}" for t in m.tags))
        edited = f"，更新于 {m.updated}" if m.updated != m.created else ""
        lines.append(f"- 收藏于 {m.created}{edited}")
        if m.note:
            lines.append("")
            lines.extend("> " + _md(line) if line else ">" for line in m.note.splitlines())
        lines.append("")
    return "\n".join(lines)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``path`` through a temporary file and a rename, so it is whole or untouched."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # an ordinary file, not mkstemp's private one
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise BookmarksFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def _parse_export(text: str) -> list[Bookmark]:
    """Every bookmark in an export, checked; BookmarksFileError names the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookmarksFileError(
            f"not a bookmarks file: invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})"
        ) from None
    items: object = data
    if isinstance(data, dict):
        if data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
            raise BookmarksFileError(f"not a bookmarks file: format is {data.get('format')!r}")
        version = data.get("version", EXPORT_VERSION)
        if not isinstance(version, int) or version > EXPORT_VERSION:
            raise BookmarksFileError(
                f"bookmarks file version {version!r} is newer than this Baoku reads ({EXPORT_VERSION})"
            )
        items = data.get("bookmarks")
    if not isinstance(items, list):
        raise BookmarksFileError("not a bookmarks file: expected a list of bookmarks")
    return [_parse_item(n, item) for n, item in enumerate(items, start=1)]


def _parse_item(n: int, item: object) -> Bookmark:
    if not isinstance(item, dict):
        raise BookmarksFileError(f"bookmark {n}: expected an object, got {type(item).__name__}")

    def text(key: str, *, required: bool = False) -> str:
        value = item.get(key, "")
        if value is None and not required:
            value = ""
        if not isinstance(value, str):
            raise BookmarksFileError(f"bookmark {n}: {key!r} must be text")
        if required and not value.strip():
            raise BookmarksFileError(f"bookmark {n}: {key!r} is missing")
        return _text(value)

    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise BookmarksFileError(f"bookmark {n}: 'tags' must be a list of text")
    detached = item.get("detached", False)
    if not isinstance(detached, bool):
        raise BookmarksFileError(f"bookmark {n}: 'detached' must be true or false")
    return Bookmark(
        article_id=text("article_id", required=True).strip(), issue_id=text("issue_id"),
        date=text("date"), title=text("title"), kicker=text("kicker"), note=text("note"),
        tags=_tags(tags), created=text("created"), updated=text("updated"), detached=detached,
    )
