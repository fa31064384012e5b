"""Search: a query -> every article that contains it exactly, ranked, with snippets and spans.

The package has one module per noun: :mod:`~reader.search.exact` (the exact
substring index on disk), :mod:`~reader.search.evaluate` (a query tree -> an
index expression or sets), :mod:`~reader.search.ranking` (the order and the
page) and :mod:`~reader.search.hits` (spans and snippets of the articles
shown). :class:`Searcher` puts them together for one library.

The index, not a scan, decides which articles match, and counts the matches
for ranking; the library's text is read only for the hits shown. A search
opens the index file in milliseconds, keeps nothing of the archive in memory
and never writes: :func:`reader.index.sync_index` (run by every import and by
``baoku index``) is the only writer, and a running search sees its work at the
next query.

>>> searcher = Searcher(library)                              # doctest: +SKIP
>>> searcher.search("大同 冷链", sort="newest", limit=5).total    # doctest: +SKIP
3
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import apsw

from reader.errors import IndexError_, NotFoundError, QueryError
from reader.models import Hit, SearchResult
from reader.query import Node, Not, Term, check_date, parse, positive_terms
from reader.search.evaluate import TIME_BUDGET, Budget, evaluate, plan, term_expression
from reader.search.exact import FILE_NAME, ExactIndex, IndexUnusable, day_of_rowid, rowid_range
from reader.search.facets import BUCKETS, buckets
from reader.search.hits import make_hit, match_spans
from reader.search.ranking import SORTS, ranked, ranked_set
from reader.search.related import related_terms
from reader.store import Store

if TYPE_CHECKING:
    from reader.library import Library

__all__ = ["SORTS", "TIME_BUDGET", "Searcher", "index_path", "match_spans"]


def index_path(library: Library) -> Path:
    """Where ``library``'s exact index lives."""
    return library.index_dir / FILE_NAME


class Searcher:
    """Answers queries on one library; cheap to create, opens lazily, safe to share across threads."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._db_path = library.db_path
        self._path = index_path(library)
        self._lock = threading.RLock()
        self._index: ExactIndex | None = None
        self._local = threading.local()

    # -- opening -----------------------------------------------------------
    def warm_up(self) -> None:
        """Open the index if there is one (milliseconds); one made later opens at the first search."""
        with self._lock, contextlib.suppress(IndexError_):
            self._open()

    def problem(self) -> str | None:
        """Why searching cannot work now (no index, a damaged one), in one line; None if it can."""
        with self._lock:
            try:
                self._open()
            except IndexError_ as exc:
                return str(exc)
        return None

    def refresh(self) -> None:
        """Pick up a rebuilt index file; an updated one is seen by the next query anyway."""
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None

    def close(self) -> None:
        """Let go of the index and this thread's library connection (searching again reopens them)."""
        self.refresh()
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    def behind(self) -> int | None:
        """How many library changes the index has not seen (0: none; None: no usable index)."""
        with self._lock:
            try:
                index = self._open()
            except IndexError_:
                return None
            return max(0, self._store().generation - index.generation)

    def _open(self) -> ExactIndex:
        if self._index is None:
            try:
                self._index = ExactIndex(self._path, readonly=True)
            except IndexUnusable as exc:
                why = "has not been built yet" if str(exc) == "missing" else f"cannot be used: {exc}"
                raise IndexError_(f"the search index {why}; 'baoku index' (or the next import) "
                                  "brings it up to date") from None
        return self._index

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            # the library was checked, pages and all, when it was opened: tables suffice here
            store = self._local.store = Store(self._db_path, readonly=True, check_pages=False)
        return store

    # -- searching -----------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        sort: str = "relevance",
        limit: int | None = 20,
        budget: float | None = None,
        offset: int = 0,
    ) -> SearchResult:
        """Every article matching ``query``; the best ``limit`` of them (None or 0: all) as hits,
        skipping the first ``offset`` (the next page of a list: only its hits are read).

        Raises :class:`QueryError` for a malformed query, date or sort order,
        and for a query of several terms that takes longer than ``budget``
        seconds (default :data:`TIME_BUDGET`) in the index; a one-term query is
        always answered. Raises :class:`IndexError_` if there is no usable index.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort order {sort!r} (use relevance, newest or oldest)")
        if limit is not None and limit < 0:
            raise QueryError("the limit cannot be negative")
        if offset < 0:
            raise QueryError("the offset cannot be negative")
        wanted = offset + limit if limit else None
        tree = parse(query)
        lo_date = check_date(date_from, first=True) if date_from else ""
        hi_date = check_date(date_to, first=False) if date_to else ""
        if lo_date and hi_date and lo_date > hi_date:
            raise QueryError(f"--from {date_from} is after --to {date_to}")
        lo, hi = rowid_range(lo_date, hi_date)
        terms = positive_terms(tree)
        with self._lock:
            index = self._open()
            with self._guard(index, tree, budget) as clock:
                p = plan(tree, lo, hi)
                if p.expression is not None:
                    total = index.count(p.expression, p.lo, p.hi)
                    clock.spend()
                    page = ranked(index, p, sort, wanted, total=total, terms=terms)
                else:
                    matched = evaluate(index, p.node, p.lo, p.hi, clock)
                    total = len(matched)
                    page = ranked_set(index, matched, terms, p.lo, p.hi, sort, wanted)
                page = page[offset:]
                article_ids = index.article_ids([r for r, _ in page])
        hits = self._hits(article_ids, [score for _r, score in page], terms)
        return SearchResult(query, total, tuple(hits))

    def matching_ids(self, query: str) -> set[str]:
        """The ids of every article ``query`` matches, without reading any (for checks and tools)."""
        tree = parse(query)
        lo, hi = rowid_range("", "")
        with self._lock:
            index = self._open()
            with self._guard(index, tree, None) as clock:
                p = plan(tree, lo, hi)
                if p.expression is not None:
                    return index.matching_article_ids(p.expression, p.lo, p.hi)
                return set(index.article_ids(sorted(evaluate(index, p.node, p.lo, p.hi, clock))))

    def matches(self, query: str, *, date_from: str | None = None,
                date_to: str | None = None, occurrences: bool = True) -> list[tuple[str, str, int]]:
        """(article id, date, occurrences) of every article matching ``query``, oldest first.

        What the timeline, saved searches and the author list need of a search: all
        of it, with no ranking or snippets. The index decides which articles match;
        ``occurrences`` counts the query's (non-excluded) terms in each matched
        article's text — or is 0 with ``occurrences=False``, which reads no text (a
        common word matches a hundred thousand articles: seconds of reading). Raises
        what :meth:`search` raises.
        """
        tree = parse(query)
        lo_date = check_date(date_from, first=True) if date_from else ""
        hi_date = check_date(date_to, first=False) if date_to else ""
        lo, hi = rowid_range(lo_date, hi_date)
        with self._lock:
            index = self._open()
            with self._guard(index, tree, None) as clock:
                p = plan(tree, lo, hi)
                rowids = sorted(index.rowids(p.expression, p.lo, p.hi) if p.expression is not None
                                else evaluate(index, p.node, p.lo, p.hi, clock))
                article_ids = index.article_ids(rowids)
        if not occurrences:
            return [(article_id, _day_text(rowid), 0) for rowid, article_id in zip(rowids, article_ids, strict=True)]
        store = self._store()
        out: list[tuple[str, str, int]] = []
        for rowid, article_id in zip(rowids, article_ids, strict=True):
            day = day_of_rowid(rowid)
            when = date.fromordinal(day).isoformat() if day > 0 else ""
            try:
                a = store.article(article_id)
            except NotFoundError:  # the library moved on since the index was written
                continue
            text = "\x00".join((a.kicker, a.title, a.subtitle, a.byline, a.author, a.body,
                                *a.captions, *a.highlights))
            out.append((article_id, when, max(1, len(match_spans(text, query)))))
        return out

    def timeline(self, query: str, *, by: str = "year", date_from: str | None = None,
                 date_to: str | None = None) -> list[tuple[str, int]]:
        """How many articles match ``query`` per year ("2022") or month ("2022-01"), in date order.

        Issues without a date count under "" (last). Raises what :meth:`search` raises.

        >>> searcher.timeline("疫情", by="month")    # doctest: +SKIP
        [('2022-01', 12), ('2022-02', 3)]
        """
        if by not in BUCKETS:
            raise QueryError(f"unknown time step {by!r} (use year or month)")
        tree = parse(query)
        lo, hi = rowid_range(check_date(date_from, first=True) if date_from else "",
                             check_date(date_to, first=False) if date_to else "")
        with self._lock:
            index = self._open()
            with self._guard(index, tree, None) as clock:
                p = plan(tree, lo, hi)
                if p.expression is not None:
                    per_day = index.per_day(p.expression, p.lo, p.hi)
                else:
                    per_day = dict(Counter(map(day_of_rowid, evaluate(index, p.node, p.lo, p.hi, clock))))
        return buckets(per_day, by)

    def related(self, article_id: str, limit: int = 10) -> list[Hit]:
        """Up to ``limit`` other articles most like ``article_id`` ("more like this"), best first.

        They share the article's most telling words (jieba's keywords, see
        :mod:`reader.search.related`), ranked like a search for them; the hits
        mark those words. Raises NotFoundError for an unknown article.
        """
        store = self._store()
        article = store.article(article_id)
        terms = related_terms(article)
        if not terms or limit <= 0:
            return []
        either = " OR ".join(f"({term_expression(t)})" for t in terms)
        with self._lock:
            index = self._open()
            try:
                page = index.top(either, 0, 1 << 62, "relevance", limit + 1)
                article_ids = index.article_ids([r for r, _ in page])
            except apsw.Error as exc:
                raise IndexError_(f"the search index cannot be read ({type(exc).__name__}); "
                                  "'baoku index' repairs it") from None
        pairs = [(a, s) for a, (_r, s) in zip(article_ids, page, strict=True) if a != article_id]
        return self._hits([a for a, _s in pairs][:limit], [s for _a, s in pairs][:limit], terms)

    @contextlib.contextmanager
    def _guard(self, index: ExactIndex, tree: Node, budget: float | None) -> Iterator[Budget]:
        """The time budget while the index works, and its errors as Baoku's."""
        clock = Budget(TIME_BUDGET if budget is None else budget, _count_terms(tree), index.article_count)
        index.on_progress(lambda: clock.spent)
        try:
            yield clock
        except apsw.InterruptError:
            raise clock.error() from None
        except apsw.SQLError as exc:  # an expression FTS5 will not take (too complex, say)
            raise QueryError(f"the query cannot be searched: {exc}") from None
        except apsw.Error as exc:
            raise IndexError_(f"the search index cannot be read ({type(exc).__name__}); "
                              "'baoku index' repairs it") from None
        finally:
            index.on_progress(None)

    def _hits(self, article_ids: list[str], scores: list[float], terms: list[Term]) -> list[Hit]:
        """The hits for the articles shown, read from the library (one lookup each)."""
        store = self._store()
        hits = []
        for aid, score in zip(article_ids, scores, strict=True):
            try:
                article = store.article(aid)
            except NotFoundError:  # changed since the index saw it: the next update catches up
                continue
            hits.append(make_hit(article, score, terms))
        return hits


def _day_text(rowid: int) -> str:
    """The date (YYYY-MM-DD) a row id stands for; "" for an undated issue's."""
    day = day_of_rowid(rowid)
    return date.fromordinal(day).isoformat() if day > 0 else ""


def _count_terms(node: Node) -> int:
    if isinstance(node, Term):
        return 1
    if isinstance(node, Not):
        return _count_terms(node.child)
    return sum(_count_terms(c) for c in getattr(node, "children", ()))
