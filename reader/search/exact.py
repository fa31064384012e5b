"""The exact substring index on disk: every article's text as character bigrams in SQLite FTS5.

One file, ``exact.db`` in the library's index folder, written only by
:func:`reader.index.sync_index` and read by any number of searching processes
(WAL: a search never waits for an import, and never writes). Each article is
one row of a contentless FTS5 table with the columns ``body`` (body, captions,
summary box), ``title`` (kicker, title, subtitle), ``author`` (byline, author),
``paper`` and ``page``, tokenised by :func:`reader.analysis.index_tokens`:
a string of n characters is a phrase of n - 1 bigrams, found by SQLite's C code
exactly where the string occurs, whatever jieba makes of it. A one-character
string is the token of that character, written once per article field in a
second table, ``chars``, of the same row ids: a field's characters are marked
with the field (:data:`reader.analysis.CHAR_OF`), and the table keeps only which
articles hold each token (``detail=none``), since a character's places are where
the text is read for a snippet. Kept in the bigrams' table, with positions, the
characters made the index a third bigger and its build half slower; kept with
columns (``detail=column``), they took twice the room they take now. An
expression looks in one table: :func:`table_of` says which.

Row ids sort by date: ``(day << bits) + first + k`` (``day`` the issue date's
ordinal, ``first`` where the issue's run of row ids begins among that day's,
``k`` the article's place in the issue), so "newest first" is FTS5's own reverse row id
order and a date range is a row id range, both without reading a row
(:class:`RowLayout`). A new index gives a day 12 bits, room for 4,096 articles,
or more if the library's busiest date needs them (:func:`day_bits_for`); the
undated issues share the row ids below the year 1000's first day. FTS5 stores a
match's row id as the difference from the previous one: twelve bits keep it to two
bytes between neighbouring days (sixteen took three, and the index a tenth more
room). An update that brings a date busier than its room raises :class:`DayFull`,
and the index is rebuilt with more (:func:`reader.index.sync_index`). The
``docs`` table maps a row id back to the article; ``issues`` records each
indexed issue's fingerprint, so an update rewrites only the issues that changed,
in batches that each commit whole: a crash loses at most the batch in flight,
which the next update writes again.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import apsw

from reader.analysis import CHAR_MARKS, CHAR_OF, index_tokens

# 7: the characters' table keeps articles, not columns; 6: row ids give a day the bits the
# meta table says. An index of an older schema is built again.
SCHEMA_VERSION = 7
FILE_NAME = "exact.db"
# The body first: FTS5 marks where each column's positions begin, except the first column's:
# two bytes that most matches (those in the body) no longer spend (the 3,650-issue benchmark's
# index: 159 MiB with the title first, 128 MiB).
COLUMNS = ("body", "title", "author", "paper", "page")
TEXT_FIELDS = ("title", "author", "body")  # where a term without a field looks: the article's text
# relevance weights of the columns (see _rank): a heading hit outweighs any number of body hits of one term
WEIGHTS = (1.0, 50.0, 2.0, 0.0, 0.0)
DAY_BITS = 12  # a new index's row ids give a day room for 4,096 articles (see RowLayout)
_DATED = date(1000, 1, 1).toordinal()  # the row ids of the days before it hold the undated issues
SPARE = 8  # row ids an issue keeps beyond its articles, so a re-read one more long stays put

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issues (
    id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, day INTEGER NOT NULL,
    first INTEGER NOT NULL, room INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS issues_by_day ON issues(day, first);
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL, issue_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_by_issue ON docs(issue_id);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(
    {", ".join(COLUMNS)}, content='', contentless_delete=1, tokenize='ascii', detail=full
);
CREATE VIRTUAL TABLE IF NOT EXISTS chars USING fts5(
    tokens, content='', contentless_delete=1, tokenize='ascii', detail=none
);
"""
TABLES = ("text", "chars")
_COLUMNS_OF = {"text": COLUMNS, "chars": ("tokens",)}
# FTS5 gathers a transaction's postings in memory and writes them as one segment when the
# transaction ends or this many bytes are gathered (SQLite's default, 1 MB, makes a bulk import
# write hundreds of small segments and merge them again: three times slower). It is the most a
# writer holds; searches do not hold it.
HASH_BYTES = 64 << 20
# FTS5 merges a level's segments into one when it holds this many: its default, 4, rewrites a
# growing index's postings more often (a fifth of the 3,650-issue build went to merging);
# a search reads one more segment per level for each one left unmerged.
AUTOMERGE = 8


def _rank(api: apsw.FTS5ExtensionApi, *_args: Any) -> float:
    """A match's relevance: each phrase's occurrences in each column, saturating as in BM25
    (the first counts most), weighted by column (:data:`WEIGHTS`: a heading far above the
    body). Unlike BM25 it does not weigh a phrase by how rare it is in the index, which
    would need a walk through all of the phrase's matches, whatever the page. It scores the
    ``text`` table's matches: the ``chars`` table keeps neither places nor columns, so
    single characters are ranked by where they are (:func:`reader.search.ranking.ranked`)."""
    score = 0.0
    for phrase in range(api.phrase_count):
        offsets = api.phrase_locations(phrase)
        for column in api.phrase_columns(phrase):
            n = len(offsets[column]) or 1
            score += WEIGHTS[column] * n * 2.2 / (n + 1.2)
    return score


def table_of(expression: str) -> str:
    """The table an FTS5 expression of :func:`reader.analysis.match_expression` phrases looks
    in: ``chars`` if its phrases are single characters, ``text`` if they are longer.
    Raises ValueError for an expression with both, which no one table can answer."""
    phrases = expression.split('"')[1::2]
    single = sum(p[:1] in CHAR_MARKS for p in phrases)
    if single and single < len(phrases):
        raise ValueError("an expression cannot look for single characters and longer strings at once")
    return "chars" if single else "text"


class IndexUnusable(Exception):
    """The file is missing, damaged or from another version; the message says which."""


class IndexOutdated(IndexUnusable):
    """The file was made by another version of Baoku (an index of another schema)."""


def day_of(iso: str) -> int:
    """The ordinal of a YYYY-MM-DD date (0 for no date, or one before the year 1000): the
    high bits of a row id."""
    try:
        day = date.fromisoformat(iso).toordinal()
    except ValueError:
        return 0
    return day if day >= _DATED else 0


@dataclass(frozen=True)
class RowLayout:
    """How an index's row ids sort by date: ``(day << bits) + first + k``, the undated
    issues (day 0) below the year 1000's first day."""

    bits: int

    @property
    def undated_hi(self) -> int:
        """The last row id an undated issue's article may take."""
        return (_DATED << self.bits) - 1

    @property
    def day_sql(self) -> str:
        """:meth:`day_of_rowid` in SQL."""
        return f"(CASE WHEN rowid > {self.undated_hi} THEN rowid >> {self.bits} ELSE 0 END)"

    def day_of_rowid(self, rowid: int) -> int:
        """The date ordinal of a row id's issue (0: undated)."""
        return rowid >> self.bits if rowid > self.undated_hi else 0

    def room(self, day: int) -> int:
        """How many row ids a day has: the undated (day 0) have all those before the first dated day."""
        return (_DATED if day == 0 else 1) << self.bits

    def first_rowid(self, day: int) -> int:
        return day << self.bits

    def rowid_range(self, start: str, end: str) -> tuple[int, int]:
        """The row ids of the articles of issues dated ``start``..``end`` ("" = open)."""
        lo = self.first_rowid(day_of(start)) if start else 0
        last = day_of(end) if end else 0
        hi = self.first_rowid(last) + self.room(last) - 1 if end else (1 << 62)
        return lo, hi


def day_bits_for(busiest_day: int) -> int:
    """The day bits a new index takes for a library whose busiest date needs ``busiest_day``
    row ids (its articles and each issue's spare ones): :data:`DAY_BITS`, or enough for
    twice that day."""
    return max(DAY_BITS, (2 * busiest_day).bit_length())


class DayFull(Exception):
    """A day has more articles than the index's row ids give it room for."""

    def __init__(self, layout: RowLayout, day: int) -> None:
        which = date.fromordinal(day).isoformat() if day else "the undated issues"
        super().__init__(f"{which} {'have' if not day else 'has'} more articles than the index had"
                         f" room for: {layout.room(day):,} row ids a day")
        self.layout = layout


@dataclass(frozen=True)
class Doc:
    """What the index writes for one article: its id and its fields' text (not yet normalised)."""

    article_id: str
    title: Sequence[str]
    author: Sequence[str]
    body: Sequence[str]
    paper: str = ""
    page: int | None = None

    def tokens(self) -> Tokens:
        """Its fields' bigrams (the ``text`` table's columns) and characters, each marked
        with its field (the ``chars`` table's one column)."""
        page = [str(self.page)] if self.page is not None else []
        fields = [index_tokens(parts, CHAR_OF[name]) for name, parts in zip(
            COLUMNS, (self.body, self.title, self.author, [self.paper], page), strict=True)]
        return tuple(f[0] for f in fields), (" ".join(f[1] for f in fields if f[1]),)


Tokens = tuple[tuple[str, ...], tuple[str]]


def _connect(path: Path, *, readonly: bool) -> apsw.Connection:
    if not readonly:
        db = apsw.Connection(str(path))
        db.setbusytimeout(30_000)
        return db
    uri = f"file:{path}?mode=ro"
    flags = apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI
    db = apsw.Connection(uri, flags=flags)
    db.setbusytimeout(30_000)
    try:
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except apsw.CantOpenError:  # a read-only disk: no -shm can be made, and nobody writes there
        db.close()
        db = apsw.Connection(f"file:{path}?mode=ro&immutable=1", flags=flags)
    return db


class ExactIndex:
    """The exact index file, opened to search (``readonly``) or to update."""

    def __init__(self, path: Path, *, readonly: bool = True, day_bits: int = DAY_BITS) -> None:
        """Open the index at ``path``; a new one (``readonly`` False) gives a day ``day_bits``
        of its row ids (:class:`RowLayout`), an existing one keeps its own."""
        self.path = path
        self.readonly = readonly
        self._pending: tuple[list[list[object]], ...] = tuple([] for _ in TABLES)  # see replace_issue
        if readonly and not path.is_file():
            raise IndexUnusable("missing")
        try:
            self._db = _connect(path, readonly=readonly)
        except apsw.CantOpenError:
            if readonly:
                raise IndexUnusable("missing") from None
            raise
        except (apsw.FullError, apsw.ReadOnlyError, apsw.IOError):  # the disk, not the file
            raise
        except apsw.Error as exc:
            raise IndexUnusable(f"it is damaged ({type(exc).__name__})") from None
        try:
            fresh = self._db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone() is None
            if fresh and not readonly:
                self._db.pragma("journal_mode", "wal")
                with self.transaction():
                    self._db.execute(_SCHEMA)
                    self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                    self._db.execute("INSERT INTO meta VALUES ('day_bits', ?)", (str(day_bits),))
            schema = self.meta("schema")
            self.layout = RowLayout(int(self.meta("day_bits") or DAY_BITS))
            self._db.register_fts5_function("baoku_rank", _rank)  # reads the file: after the first read
            if not readonly:
                self._db.pragma("synchronous", "normal")
                for table in TABLES if schema == str(SCHEMA_VERSION) else ():
                    for key, value in (("hashsize", HASH_BYTES), ("automerge", AUTOMERGE)):
                        if self._db.execute(f"SELECT 1 FROM {table}_config WHERE k=? AND v=?",
                                            (key, value)).fetchone() is None:
                            self._db.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))
        except (apsw.FullError, apsw.ReadOnlyError, apsw.IOError):  # the disk, not the file
            self._db.close()
            raise
        except apsw.Error as exc:
            with contextlib.suppress(Exception):
                self._db.close()
            raise IndexUnusable(f"it is damaged ({type(exc).__name__})") from None
        if schema != str(SCHEMA_VERSION):
            self._db.close()
            raise IndexOutdated(f"it was made by another version (schema {schema}, need {SCHEMA_VERSION})")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ExactIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state -------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    @property
    def generation(self) -> int:
        """The library generation the index was last brought level with (-1: never)."""
        value = self.meta("generation")
        return int(value) if value is not None else -1

    def data_version(self) -> int:
        """A number that changes whenever another connection commits a change to the index."""
        return int(self._db.pragma("data_version"))

    def fingerprints(self) -> dict[str, str]:
        """issue id -> the fingerprint it was indexed at."""
        return {str(i): str(f) for i, f in self._db.execute("SELECT id, fingerprint FROM issues")}

    def article_count(self) -> int:
        return self._one("SELECT count(*) FROM docs")

    def check(self) -> None:
        """Raise IndexUnusable if the tables cannot be read (a quick look, not a full check)."""
        try:
            self._db.execute("SELECT count(*) FROM docs").fetchall()
            for table, token in zip(TABLES, ("的", CHAR_OF["body"] + "的"), strict=True):  # a common token's postings
                self._db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 1",
                                 (f'"{token}"*',)).fetchall()
        except apsw.Error as exc:
            raise IndexUnusable(f"it is damaged ({type(exc).__name__})") from None

    # -- writing -----------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic batch of writes (a crash keeps all of it or none).

        On an error the batch is rolled back, if SQLite has not already done so
        (it has, on a full disk), and the error itself is raised.
        """
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._write_pending()
        except BaseException:
            for rows in self._pending:
                rows.clear()
            if not self._db.getautocommit():
                with contextlib.suppress(apsw.Error):
                    self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _write_pending(self) -> None:
        """Write the rows :meth:`replace_issue` gathered, one statement per table.

        SQLite reads them from one JSON array, in C, without Python's lock: row by row
        (``executemany``), the writer took the lock back for every article, and waited
        for it while the thread that cuts the next batch's tokens held it."""
        for table, rows in zip(TABLES, self._pending, strict=True):
            if rows:
                columns = _COLUMNS_OF[table]
                values = ", ".join(f"value->>{n}" for n in range(len(columns) + 1))
                self._db.execute(f"INSERT INTO {table}(rowid, {', '.join(columns)}) SELECT {values}"
                                 " FROM json_each(?)", (json.dumps(rows, ensure_ascii=False),))
                rows.clear()

    def set_generation(self, generation: int) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))

    def remove_issue(self, issue_id: str) -> int:
        """Drop an issue's articles; returns how many."""
        rowids = [r[0] for r in self._db.execute("SELECT rowid FROM docs WHERE issue_id=?", (issue_id,))]
        if not rowids:
            self._db.execute("DELETE FROM issues WHERE id=?", (issue_id,))
            return 0
        self._write_pending()  # the rows to delete may be among them
        for table in TABLES:
            self._db.executemany(f"DELETE FROM {table} WHERE rowid=?", ((r,) for r in rowids))
        self._db.execute("DELETE FROM docs WHERE issue_id=?", (issue_id,))
        self._db.execute("DELETE FROM issues WHERE id=?", (issue_id,))
        return len(rowids)

    def replace_issue(self, issue_id: str, fingerprint: str, issue_date: str, docs: Sequence[Doc],
                      tokens: Sequence[Tokens] | None = None) -> int:
        """Write an issue's articles in place of what was indexed for it; returns how many.

        ``tokens`` are the docs' :meth:`Doc.tokens`, if they were made beforehand. Only in
        a :meth:`transaction`: the articles' text reaches the index when it ends.
        """
        day = day_of(issue_date)
        row = self._db.execute("SELECT day, first, room FROM issues WHERE id=?", (issue_id,)).fetchone()
        self.remove_issue(issue_id)
        if row is not None and row[0] == day and len(docs) <= row[2]:
            first, room = int(row[1]), int(row[2])
        else:
            room = len(docs) + SPARE
            first = self._free_run(day, room)
        self._db.execute("INSERT INTO issues VALUES (?, ?, ?, ?, ?)", (issue_id, fingerprint, day, first, room))
        base = self.layout.first_rowid(day) + first
        self._db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                             ((base + k, d.article_id, issue_id) for k, d in enumerate(docs)))
        made = tokens or [d.tokens() for d in docs]
        for n, rows in enumerate(self._pending):  # written by the transaction, all at once
            rows.extend([base + k, *t[n]] for k, t in enumerate(made))
        return len(docs)

    def _free_run(self, day: int, room: int) -> int:
        """Where ``room`` unused row ids begin among ``day``'s: after the last issue's, or else
        in the first gap wide enough that earlier removals left."""
        row = self._db.execute("SELECT max(first + room) FROM issues WHERE day=?", (day,)).fetchone()
        end = int(row[0] or 0) if row else 0
        if end + room <= self.layout.room(day):
            return end
        at = 0
        for first, taken in self._db.execute("SELECT first, room FROM issues WHERE day=? ORDER BY first", (day,)):
            if first - at >= room:
                return at
            at = max(at, first + taken)
        raise DayFull(self.layout, day)

    # -- reading -----------------------------------------------------------------
    def count(self, expression: str, lo: int, hi: int) -> int:
        """How many articles in row ids ``lo``..``hi`` match the FTS5 ``expression``."""
        t = table_of(expression)
        return self._one(f"SELECT count(*) FROM {t} WHERE {t} MATCH ? AND rowid BETWEEN ? AND ?",
                         (expression, lo, hi))

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        row = self._db.execute(sql, args).fetchone()
        assert row is not None
        return int(row[0])

    def top(self, expression: str, lo: int, hi: int, order: str, limit: int | None) -> list[tuple[int, float]]:
        """(row id, score) of the matches, best first (``relevance``: each scored by :func:`_rank`,
        so the cost follows the matches in ``lo``..``hi``; only the ``text`` table's, since the
        ``chars`` table gives a match nothing to score), or by date (``newest``, ``oldest``:
        score 0); ``limit`` None: all."""
        t = table_of(expression)
        assert order != "relevance" or t == "text", "single characters are ranked by reader.search.ranking"
        score = f"baoku_rank({t})" if order == "relevance" else "0.0"
        by = {"newest": "rowid DESC", "oldest": "rowid ASC"}.get(order, f"{score} DESC, rowid DESC")
        sql = (f"SELECT rowid, {score} FROM {t} WHERE {t} MATCH ?"
               f" AND rowid BETWEEN ? AND ? ORDER BY {by}")
        args: tuple[Any, ...] = (expression, lo, hi)
        if limit:
            sql += " LIMIT ?"
            args += (limit,)
        return [(int(r), float(s)) for r, s in self._db.execute(sql, args)]

    def first_last(self, expression: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The oldest and the newest matching row id in ``lo``..``hi`` (None: no match)."""
        t = table_of(expression)
        sql = f"SELECT rowid FROM {t} WHERE {t} MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid {{}} LIMIT 1"
        first = self._db.execute(sql.format("ASC"), (expression, lo, hi)).fetchone()
        last = self._db.execute(sql.format("DESC"), (expression, lo, hi)).fetchone()
        return (int(first[0]), int(last[0])) if first and last else None

    def per_day(self, expression: str, lo: int, hi: int) -> dict[int, int]:
        """How many matching articles each issue date (its ordinal) has, within ``lo``..``hi``."""
        t = table_of(expression)
        cur = self._db.execute(
            f"SELECT {self.layout.day_sql}, count(*) FROM {t} WHERE {t} MATCH ?"
            " AND rowid BETWEEN ? AND ? GROUP BY 1", (expression, lo, hi))
        return {int(d): int(n) for d, n in cur}

    # Occurrences come from FTS5's own phrase instances (no text is read): every place each of
    # the expression's phrases matches, in the columns it names, at least 1 per article. A
    # one-character term counts once per article (the chars table keeps no places).
    def per_day_occurrences(self, expression: str, lo: int, hi: int) -> dict[int, tuple[int, int]]:
        """(matching articles, occurrences) per issue date (its ordinal), within ``lo``..``hi``."""
        self._count_instances()
        t = table_of(expression)
        cur = self._db.execute(
            f"SELECT day, count(*), sum(n) FROM (SELECT {self.layout.day_sql} AS day,"
            f" baoku_instances({t}) AS n FROM {t} WHERE {t} MATCH ? AND rowid BETWEEN ? AND ?"
            " LIMIT -1) GROUP BY day", (expression, lo, hi))
        return {int(d): (int(n), int(k)) for d, n, k in cur}

    def occurrences(self, expression: str, lo: int, hi: int) -> list[tuple[int, str, int]]:
        """(row id, article id, occurrences) of each match within ``lo``..``hi``, in row id order."""
        self._count_instances()
        t = table_of(expression)
        cur = self._db.execute(
            f"SELECT {t}.rowid, d.article_id, baoku_instances({t}) FROM {t} JOIN docs d"
            f" ON d.rowid = {t}.rowid WHERE {t} MATCH ? AND {t}.rowid BETWEEN ? AND ? ORDER BY {t}.rowid",
            (expression, lo, hi))
        return [(int(r), str(a), int(n)) for r, a, n in cur]

    # Bylines live in the library, not the index; kept here in this connection's temporary
    # tables (row id -> names), a match's names are one primary key lookup away, in C.
    def keep_bylines(self, rows: Iterable[tuple[str, str]]) -> int:
        """Keep ``rows`` (article id, the names its byline gives) for :meth:`per_byline`, in
        place of those kept before; returns how many of them the index holds."""
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS byline_ids (article_id TEXT PRIMARY KEY, names TEXT NOT NULL);"
            "CREATE TEMP TABLE IF NOT EXISTS bylines (rowid INTEGER PRIMARY KEY, names TEXT NOT NULL);")
        with self._db:
            self._db.execute("DELETE FROM temp.byline_ids; DELETE FROM temp.bylines")
            self._db.executemany("INSERT OR REPLACE INTO temp.byline_ids VALUES (?, ?)",
                                 ((a, n) for a, n in rows if n))
            self._db.execute("INSERT OR REPLACE INTO temp.bylines SELECT d.rowid, b.names"
                             " FROM temp.byline_ids b JOIN docs d ON d.article_id = b.article_id;"
                             "DELETE FROM temp.byline_ids")
        return self._one("SELECT count(*) FROM temp.bylines")

    def per_byline(self, expression: str | None, lo: int, hi: int) -> list[tuple[str, int, int, int]]:
        """(names, matching articles, first row id, last row id) per byline kept by
        :meth:`keep_bylines`, of the matches within ``lo``..``hi`` (None: every article)."""
        if expression is None:
            cur = self._db.execute("SELECT names, count(*), min(rowid), max(rowid) FROM temp.bylines"
                                   " WHERE rowid BETWEEN ? AND ? GROUP BY names", (lo, hi))
        else:
            t = table_of(expression)
            cur = self._db.execute(
                f"SELECT b.names, count(*), min({t}.rowid), max({t}.rowid) FROM {t} JOIN temp.bylines b"
                f" ON b.rowid = {t}.rowid WHERE {t} MATCH ? AND {t}.rowid BETWEEN ? AND ? GROUP BY b.names",
                (expression, lo, hi))
        return [(str(s), int(n), int(a), int(b)) for s, n, a, b in cur]

    def bylines_of(self, rowids: Iterable[int]) -> list[tuple[str, int, int, int]]:
        """Like :meth:`per_byline`, for the articles ``rowids`` (a query answered as sets)."""
        kept = {int(r): str(n) for r, n in self._db.execute("SELECT rowid, names FROM temp.bylines")}
        groups: dict[str, list[int]] = {}
        for r in rowids:
            names = kept.get(r)
            if names is not None:
                groups.setdefault(names, []).append(r)
        return [(s, len(rs), min(rs), max(rs)) for s, rs in groups.items()]

    def _count_instances(self) -> None:
        if not getattr(self, "_instances_registered", False):
            self._db.register_fts5_function("baoku_instances", _instances)
            self._instances_registered = True

    def rowids(self, expression: str | None, lo: int, hi: int) -> set[int]:
        """The row ids (in ``lo``..``hi``) matching ``expression`` (None: every article)."""
        return self.combined("UNION", [expression] if expression is not None else [], lo, hi)

    def combined(self, op: str, expressions: Sequence[str], lo: int, hi: int,
                 minus: Sequence[str] = ()) -> set[int]:
        """The row ids in ``lo``..``hi`` matching all (``op`` "INTERSECT") or any ("UNION") of
        ``expressions`` (none: every article), less those matching any of ``minus``.

        One statement, whichever table each expression looks in: SQLite's compound
        SELECT sets the row ids against each other in C (at 36,500 issues a word less a
        character in most articles takes 40 ms, a set per term in Python 800)."""
        assert op in ("INTERSECT", "UNION")
        args: list[Any] = []

        def select(expression: str) -> str:
            t = table_of(expression)
            args.extend((expression, lo, hi))
            return f"SELECT rowid FROM {t} WHERE {t} MATCH ? AND rowid BETWEEN ? AND ?"

        if expressions:
            sql = f" {op} ".join(select(e) for e in expressions)
        else:
            sql = "SELECT rowid FROM docs WHERE rowid BETWEEN ? AND ?"
            args.extend((lo, hi))
        sql += "".join(f" EXCEPT {select(e)}" for e in minus)
        return {int(r[0]) for r in self._db.execute(sql, args)}

    def matching_article_ids(self, expression: str, lo: int, hi: int) -> set[str]:
        """The ids of the articles (in row ids ``lo``..``hi``) matching ``expression``."""
        t = table_of(expression)
        cur = self._db.execute(
            f"SELECT d.article_id FROM {t} JOIN docs d ON d.rowid = {t}.rowid"
            f" WHERE {t} MATCH ? AND {t}.rowid BETWEEN ? AND ?", (expression, lo, hi))
        return {str(r[0]) for r in cur}

    def article_ids_all(self) -> list[str]:
        """Every indexed article's id."""
        return [str(r[0]) for r in self._db.execute("SELECT article_id FROM docs")]

    def article_ids(self, rowids: Sequence[int]) -> list[str]:
        """The article id of each row id (in order)."""
        out = []
        for r in rowids:
            row = self._db.execute("SELECT article_id FROM docs WHERE rowid=?", (r,)).fetchone()
            out.append(str(row[0]) if row else "")
        return out

    def on_progress(self, stop: Callable[[], bool] | None) -> None:
        """While set, SQLite asks ``stop`` every few thousand steps; True interrupts the statement."""
        if stop is None:
            self._db.set_progress_handler(None)
        else:
            self._db.set_progress_handler(stop, 20_000)


def _instances(api: apsw.FTS5ExtensionApi, *_args: object) -> int:
    """The FTS5 auxiliary function ``baoku_instances(table)``: a matched row's phrase instances
    (1 in ``chars``, which keeps no places)."""
    return api.inst_count or sum(len(api.phrase_columns(p)) for p in range(api.phrase_count)) or 1
