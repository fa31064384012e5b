"""Passage highlights with notes, kept beside the bookmarks (in ``bookmarks.db``).

A highlight is anchored to the exact printed characters: the article, the field
("body", "title", "captions:0", ...), the character offsets, and the passage
itself with a little of the text before and after it. When a re-import or an
upgrade changes the article (so its id or the offsets change),
:meth:`Highlights.reanchor` finds the passage again by its text — in the same
article, else among the articles of the same date — and moves the anchor; a
passage that is nowhere any more stays listed, marked *detached*, and is
reported.

>>> import tempfile; from pathlib import Path
>>> from reader.models import Article
>>> art = Article(id="a1", issue_id="i1", date="2022-01-11", seq=1, title="标题", body="甲乙丙丁戊")
>>> with Highlights(Path(tempfile.mkdtemp()) / "bookmarks.db") as marks:
...     marks.add(art, "body", 1, 3, note="要紧").text
'乙丙'
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.bookmarks.exchange import clean_text, utc_now
from reader.bookmarks.matching import articles_by_date
from reader.bookmarks.transactions import write_transaction
from reader.errors import BaokuError, LibraryError, NotFoundError
from reader.models import Article

if TYPE_CHECKING:
    from reader.library import Library

COLORS = ("yellow", "green", "blue", "pink")
_CONTEXT = 16  # characters kept on each side of the passage, to find it again

_SCHEMA = """
CREATE TABLE IF NOT EXISTS highlights (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT 'yellow',
    note TEXT NOT NULL DEFAULT '',
    issue_id TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    detached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS highlights_by_article ON highlights(article_id, field, start);
"""
_COLUMNS = ("id, article_id, field, start, end, text, prefix, suffix, color, note, issue_id, date, "
            "title, created, updated, detached")


class HighlightError(BaokuError):
    """A passage that is not in the article, an unknown colour or field."""


@dataclass(frozen=True)
class Highlight:
    """A highlighted passage: ``text`` == the article's ``field`` text[start:end] while attached."""

    id: int
    article_id: str
    field: str
    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""
    color: str = "yellow"
    note: str = ""
    issue_id: str = ""
    date: str = ""
    title: str = ""
    created: str = ""
    updated: str = ""
    detached: bool = False

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "article_id": self.article_id, "field": self.field,
                "start": self.start, "end": self.end, "text": self.text, "color": self.color,
                "note": self.note, "date": self.date, "title": self.title,
                "created": self.created, "updated": self.updated, "detached": self.detached}


@dataclass(frozen=True)
class ReanchorReport:
    """What :meth:`Highlights.reanchor` did: highlights moved to the passage's new place, and
    those whose passage is nowhere in the library (detached)."""

    moved: tuple[Highlight, ...] = ()
    detached: tuple[Highlight, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"moved": [h.id for h in self.moved], "detached": [h.id for h in self.detached]}


def field_text(article: Article, field: str) -> str:
    """The text of ``field`` ("body", "captions:0", "highlights:1", ...); "" if there is none."""
    name, _, k = field.partition(":")
    if name in ("captions", "highlights"):
        items: tuple[str, ...] = getattr(article, name)
        return items[int(k)] if k.isdigit() and int(k) < len(items) else ""
    if name in ("kicker", "title", "subtitle", "byline", "body") and not k:
        return str(getattr(article, name))
    raise HighlightError(f"no such field {field!r} (use title, body, captions:N, ...)")


def article_fields(article: Article) -> list[str]:
    return (["kicker", "title", "subtitle", "byline", "body"]
            + [f"captions:{k}" for k in range(len(article.captions))]
            + [f"highlights:{k}" for k in range(len(article.highlights))])


class Highlights:
    """The highlights table in ``bookmarks.db``. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # as precious as the bookmarks
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"cannot open the highlights in {self.path}: {exc}") from None

    @classmethod
    def for_library(cls, library: Library) -> Highlights:
        return cls(library.bookmarks_path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Highlights:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._db, self._lock, f"the highlights in {self.path}")

    # -- reading -----------------------------------------------------------------------
    def list(self, article_id: str | None = None, *, text: str | None = None) -> list[Highlight]:
        """Highlights (of one article, in reading order; else all, newest first); ``text``
        keeps those whose passage or note contains it."""
        sql = f"SELECT {_COLUMNS} FROM highlights"
        where, args = [], []
        if article_id is not None:
            where.append("article_id = ?")
            args.append(article_id)
        if text:
            where.append("(instr(text, ?) > 0 OR instr(note, ?) > 0)")
            args += [text, text]
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY field, start" if article_id is not None else " ORDER BY created DESC, id DESC"
        with self._lock:
            try:
                rows = self._db.execute(sql, args).fetchall()
            except sqlite3.Error as exc:
                raise LibraryError(f"cannot read the highlights in {self.path}: {exc}") from None
        return [_highlight(r) for r in rows]

    def get(self, highlight_id: int) -> Highlight:
        with self._lock:
            row = self._db.execute(f"SELECT {_COLUMNS} FROM highlights WHERE id=?", (highlight_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no highlight {highlight_id}")
        return _highlight(row)

    # -- writing -----------------------------------------------------------------------
    def add(self, article: Article, field: str, start: int, end: int, *, color: str = "yellow",
            note: str = "") -> Highlight:
        """Highlight ``field``[start:end] of ``article``."""
        text = field_text(article, field)
        if not 0 <= start < end <= len(text):
            raise HighlightError(f"{start}..{end} is not a passage of the {field} ({len(text)} characters)")
        if color not in COLORS:
            raise HighlightError(f"unknown colour {color!r} (use {', '.join(COLORS)})")
        now = utc_now()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO highlights (article_id, field, start, end, text, prefix, suffix, color, note,"
                " issue_id, date, title, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, field, start, end, text[start:end], text[max(0, start - _CONTEXT):start],
                 text[end:end + _CONTEXT], color, clean_text(note), article.issue_id, article.date,
                 article.title or article.heading, now, now))
            new_id = int(cur.lastrowid or 0)
        return self.get(new_id)

    def add_text(self, article: Article, passage: str, *, color: str = "yellow", note: str = "") -> Highlight:
        """Highlight the first place ``passage`` is printed in ``article`` (heading first)."""
        for field in article_fields(article):
            at = field_text(article, field).find(passage) if passage else -1
            if at >= 0:
                return self.add(article, field, at, at + len(passage), color=color, note=note)
        raise HighlightError(f"the article does not print {passage!r}")

    def update(self, highlight_id: int, *, note: str | None = None, color: str | None = None) -> Highlight:
        if color is not None and color not in COLORS:
            raise HighlightError(f"unknown colour {color!r} (use {', '.join(COLORS)})")
        old = self.get(highlight_id)
        with self._write() as db:
            db.execute("UPDATE highlights SET note=?, color=?, updated=? WHERE id=?",
                       (old.note if note is None else clean_text(note), color or old.color, utc_now(),
                        highlight_id))
        return self.get(highlight_id)

    def remove(self, highlight_id: int) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM highlights WHERE id=?", (highlight_id,)).rowcount > 0

    # -- after re-imports --------------------------------------------------------------
    def reanchor(self, library: Library) -> ReanchorReport:
        """Put every highlight back on its passage after the library changed.

        A highlight whose article still prints the passage at its offsets is
        left alone. Otherwise the passage is looked for by its text: in its
        article (if it still exists), then in the articles of the same date; the
        occurrence whose surrounding text matches best (then nearest the old
        offset) wins. Found nowhere: the highlight is marked detached (and
        attached again if a later import brings the passage back).
        """
        moved, detached = [], []
        by_date: dict[str, list[Article]] | None = None
        for h in self.list():
            try:
                article: Article | None = library.article(h.article_id)
            except NotFoundError:
                article = None
            if article is not None and _prints(article, h.field, h.start, h.end, h.text):
                if h.detached:
                    self._move(h, article, h.field, h.start)
                    moved.append(self.get(h.id))
                continue
            candidates = [article] if article is not None else []
            if by_date is None:
                wanted = {x.date for x in self.list() if x.date}
                by_date = articles_by_date(library, wanted)
            candidates += [a for a in by_date.get(h.date, []) if article is None or a.id != article.id]
            found = _find(h, candidates)
            if found is None:
                if not h.detached:
                    with self._write() as db:
                        db.execute("UPDATE highlights SET detached=1 WHERE id=?", (h.id,))
                detached.append(self.get(h.id))
                continue
            self._move(h, *found)
            moved.append(self.get(h.id))
        return ReanchorReport(tuple(moved), tuple(detached))

    def _move(self, h: Highlight, article: Article, field: str, start: int) -> None:
        with self._write() as db:
            db.execute("UPDATE highlights SET article_id=?, field=?, start=?, end=?, issue_id=?, date=?,"
                       " title=?, detached=0 WHERE id=?",
                       (article.id, field, start, start + len(h.text), article.issue_id, article.date,
                        article.title or article.heading, h.id))


def _prints(article: Article, field: str, start: int, end: int, text: str) -> bool:
    try:
        return field_text(article, field)[start:end] == text
    except HighlightError:
        return False


def _find(h: Highlight, candidates: list[Article]) -> tuple[Article, str, int] | None:
    """Where ``h``'s passage is printed now: the best match of its surrounding text."""
    best: tuple[tuple[int, int, int], tuple[Article, str, int]] | None = None
    for rank, article in enumerate(candidates):
        for field in article_fields(article):
            text = field_text(article, field)
            at = text.find(h.text)
            while at >= 0:
                context = (_common_suffix(text[:at], h.prefix) + _common_prefix(text[at + len(h.text):], h.suffix))
                key = (-context, min(rank, 1), abs(at - h.start))
                if best is None or key < best[0]:
                    best = (key, (article, field, at))
                at = text.find(h.text, at + 1)
    return best[1] if best else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _highlight(r: tuple[Any, ...]) -> Highlight:
    return Highlight(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]), str(r[6]),
                     str(r[7]), str(r[8]), str(r[9]), str(r[10]), str(r[11]), str(r[12]), str(r[13]),
                     str(r[14]), bool(r[15]))
