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
import functools
import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import apsw

from reader.errors import IndexError_, NotFoundError, QueryError
from reader.models import Hit, SearchResult
from reader.query import Node, Not, Term, check_date, parse, positive_terms
from reader.search.catalogue import Catalogue
from reader.search.evaluate import TIME_BUDGET, Budget, Plan, either, evaluate, plan
from reader.search.exact import FILE_NAME, ExactIndex, IndexUnusable
from reader.search.hits import make_hit, match_spans
from reader.search.ranking import SORTS, ranked, ranked_set
from reader.store import Store

if TYPE_CHECKING:
    from reader.library import Library

__all__ = ["SORTS", "TIME_BUDGET", "Searcher", "index_path", "match_spans"]


# What walks every match once (a timeline, bylines, saved searches' ids) may take a few times
# what the search's own count took: the query was answered; these only come after it.
WALK_BUDGET = 4 * TIME_BUDGET


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
        self._opened: tuple[int, int] | None = None  # the (device, inode) of the file self._index reads
        self._stop: Callable[[], bool] | None = None  # see stop_when
        self._local = threading.local()
        self.catalogue = Catalogue(library.index_dir)
        """Related reports, bylines and per-year counts of fields (built after the exact index)."""
        self._bylines_kept: tuple[object, ...] = ()  # (the index, library and index generations, how many)
        # How many articles an expression matches in a row id range, while the index holds
        # still: the same query again (another page, another order, back in the history)
        # does not count its matches again, the costliest part of a common word's search.
        self._counts: OrderedDict[tuple[int, str, int, int], int] = OrderedDict()
        # Likewise a common query's few matches in a heading, once walked (see _heading_hits).
        self._headings: OrderedDict[tuple[int, str, int, int], list[int]] = OrderedDict()
        # Likewise the ordered matches of the last query answered as sets (for its next page).
        self._last_set: tuple[tuple[int, Node, int, int, str], list[tuple[int, float]]] | None = None

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

    def stop_when(self, stop: Callable[[], bool] | None) -> None:
        """From now on, stop the index's work (a search, a timeline's count) with
        :class:`~reader.errors.SearchStopped` as soon as ``stop()`` is true (None: never):
        the window's search thread stops a search that a newer one has replaced."""
        self._stop = stop

    def refresh(self) -> None:
        """Pick up a rebuilt index file (the next query notices one itself); an updated one is
        seen by the next query anyway."""
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None
            # what was kept is keyed by the connection's data version, which a new one restarts
            self._counts.clear()
            self._headings.clear()
            self._last_set = None

    def close(self) -> None:
        """Let go of the index and this thread's library connection (searching again reopens them)."""
        self.refresh()
        self.catalogue.close()
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
        if self._index is not None and _file_id(self._path) != self._opened:
            self.refresh()  # rebuilt in a new file (set aside when damaged, remade with more room)
        if self._index is None:
            self._opened = _file_id(self._path)
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
        lo_date, hi_date = _dates(date_from, date_to)
        if lo_date and hi_date and lo_date > hi_date:
            raise QueryError(f"--from {date_from} is after --to {date_to}")
        terms = positive_terms(tree)
        with self._lock:
            index = self._open()
            lo, hi = index.layout.rowid_range(lo_date, hi_date)
            with self._guard(index, tree, budget) as clock:
                p = plan(tree, lo, hi, index.layout)
                if p.expression is not None:
                    total = self._count(index, p.expression, p.lo, p.hi)
                    clock.spend()
                    page = ranked(index, p, sort, wanted, total=total, terms=terms,
                                  heading_hits=functools.partial(self._heading_hits, index))
                else:
                    ordered = self._ranked_set(index, p, terms, sort, clock)
                    total = len(ordered)
                    page = ordered[:wanted] if wanted else ordered
                page = page[offset:]
                article_ids = index.article_ids([r for r, _ in page])
        hits = self._hits(article_ids, [score for _r, score in page], terms)
        return SearchResult(query, total, tuple(hits))

    def matching_ids(self, query: str, *, date_from: str | None = None, date_to: str | None = None) -> set[str]:
        """The ids of every article ``query`` matches (within the dates), without reading any:
        what saved searches compare to tell the new articles. Raises what :meth:`search` raises."""
        with self._walk(query, date_from, date_to) as (index, tree, p, clock):
            if p.expression is not None:
                return index.matching_article_ids(p.expression, p.lo, p.hi)
            return set(index.article_ids(sorted(evaluate(index, p.node, p.lo, p.hi, clock))))

    def matches(self, query: str, *, date_from: str | None = None,
                date_to: str | None = None) -> list[tuple[str, str, int]]:
        """(article id, date, occurrences) of every article matching ``query``, oldest first.

        What saved searches and the author list need of a search: all of it, with no
        ranking or snippets, from the index alone (no article is read). ``occurrences``
        counts the query's (non-excluded) terms in the article as the index finds them
        (:meth:`ExactIndex.per_day_occurrences`). Raises what :meth:`search` raises.
        """
        with self._walk(query, date_from, date_to) as (index, tree, p, clock):
            if p.expression is not None:
                rows = index.occurrences(p.expression, p.lo, p.hi)
            else:
                matched = sorted(evaluate(index, p.node, p.lo, p.hi, clock))
                counts = _term_occurrences(index, tree, p.lo, p.hi)
                rows = [(r, aid, counts.get(r, 1))
                        for r, aid in zip(matched, index.article_ids(matched), strict=True)]
            day = index.layout.day_of_rowid
        return [(aid, _iso(day(r)), n) for r, aid, n in rows if aid]

    def day_counts(self, query: str, *, date_from: str | None = None, date_to: str | None = None,
                   occurrences: bool = True) -> list[tuple[str, int, int | None]]:
        """(date, articles, occurrences) of each issue date with articles matching ``query``,
        oldest first ("" for issues without a date, first): what a timeline is counted from.

        Counted by the index alone, in one grouped pass (no article is read); the articles
        sum to :meth:`search`'s total. Counting ``occurrences`` (else None) costs about as
        much again: a call per match. Raises what :meth:`search` raises.

        >>> searcher.day_counts("疫情")    # doctest: +SKIP
        [('2022-01-11', 3, 7), ('2022-02-24', 1, 1)]
        """
        with self._walk(query, date_from, date_to) as (index, tree, p, clock):
            if p.expression is not None and not occurrences:
                return [(_iso(day), n, None) for day, n in sorted(index.per_day(p.expression, p.lo, p.hi).items())]
            if p.expression is not None:
                per_day = index.per_day_occurrences(p.expression, p.lo, p.hi)
            else:
                counts = _term_occurrences(index, tree, p.lo, p.hi) if occurrences else {}
                per_day = {}
                for r in evaluate(index, p.node, p.lo, p.hi, clock):
                    day = index.layout.day_of_rowid(r)
                    n, k = per_day.get(day, (0, 0))
                    per_day[day] = (n + 1, k + counts.get(r, 1))
        return [(_iso(day), n, k if occurrences else None) for day, (n, k) in sorted(per_day.items())]

    def year_counts(self, query: str, *, date_from: str | None = None,
                    date_to: str | None = None) -> list[tuple[str, int]]:
        """(year, articles) for each year from the first match's to the last's, and ("", n)
        for matches in undated issues (first): :meth:`day_counts` summed per year, cheaper.

        Each year is one count of the index's row ids in that year (row ids begin with
        the date), which SQLite answers without handing each match to a grouping: at
        36,500 issues a word in most articles is counted per year in a third of the time.
        """
        with self._walk(query, date_from, date_to) as (index, tree, p, clock):
            layout = index.layout
            if p.expression is None:
                per_year = Counter(_iso(layout.day_of_rowid(r))[:4]
                                   for r in evaluate(index, p.node, p.lo, p.hi, clock))
                return sorted(per_year.items())
            ends = index.first_last(p.expression, p.lo, p.hi)
            if ends is None:
                return []
            out: list[tuple[str, int]] = []
            first, last = (layout.day_of_rowid(r) for r in ends)
            undated_hi = min(p.hi, layout.undated_hi)
            if first == 0 and (n := index.count(p.expression, p.lo, undated_hi)):
                out.append(("", n))
            dated = [d for d in (first, last) if d > 0]
            if dated:
                for year in range(date.fromordinal(min(dated)).year, date.fromordinal(max(dated)).year + 1):
                    a, b = layout.rowid_range(f"{year:04d}-01-01", f"{year:04d}-12-31")
                    out.append((f"{year:04d}", index.count(p.expression, max(a, p.lo), min(b, p.hi))))
            return out

    def byline_counts(self, query: str | None, *, date_from: str | None = None,
                      date_to: str | None = None) -> list[tuple[str, int, str, str]]:
        """(byline names, articles, first date, last date) of the articles matching ``query``
        (None: every article) whose bylines name someone, one row per distinct ``author`` field.

        The bylines are read from the library once per library and index version and kept
        beside the index; each query then groups its matches by them in one SQL pass, so
        the cost follows the matches, not the library. Raises what :meth:`search` raises.

        >>> searcher.byline_counts("疫情")    # doctest: +SKIP
        [('李明璇', 3, '2022-01-11', '2022-02-24'), ('李明璇 韩云峰', 1, '2022-02-24', '2022-02-24')]
        """
        tree = parse(query) if query else None
        lo_date, hi_date = _dates(date_from, date_to)
        store = self._store()
        with self._lock:
            index = self._open()
            lo, hi = index.layout.rowid_range(lo_date, hi_date)
            key = (index, store.generation, index.generation)
            if self._bylines_kept[:3] != key:
                kept = index.keep_bylines(store.bylines())
                self._bylines_kept = (*key, kept)
            if not self._bylines_kept[3]:  # no byline names anyone: nothing to count
                return []
            if tree is None:
                rows = index.per_byline(None, lo, hi)
            else:
                with self._guard(index, tree, WALK_BUDGET) as clock:
                    p = plan(tree, lo, hi, index.layout)
                    rows = (index.per_byline(p.expression, p.lo, p.hi) if p.expression is not None
                            else index.bylines_of(evaluate(index, p.node, p.lo, p.hi, clock)))
            day = index.layout.day_of_rowid
        return [(names, n, _iso(day(a)), _iso(day(b))) for names, n, a, b in rows]

    def related(self, article_id: str, limit: int = 10) -> list[Hit]:
        """Up to ``limit`` other articles related to ``article_id``, as hits: follow-ups of the
        same story first, then the most alike (:meth:`Catalogue.related
        <reader.search.catalogue.Catalogue.related>`); each hit marks the key terms shared.

        Raises NotFoundError for an unknown article, and
        :class:`~reader.search.catalogue.CatalogueMissing` while there is no catalogue.
        """
        self._store().article(article_id)
        if limit <= 0:
            return []
        found = self.catalogue.related(article_id, limit)
        terms = [Term(w) for w in dict.fromkeys(w for r in found for w in r.shared)]
        return self._hits([r.article_id for r in found], [r.score for r in found], terms)

    @contextlib.contextmanager
    def _walk(self, query: str, date_from: str | None, date_to: str | None
              ) -> Iterator[tuple[ExactIndex, Node, Plan, Budget]]:
        """The index, the query's tree, its plan within the dates and its clock, holding the lock:
        for what walks every match of a search (it gets :data:`WALK_BUDGET`)."""
        tree = parse(query)
        lo_date, hi_date = _dates(date_from, date_to)
        with self._lock:
            index = self._open()
            lo, hi = index.layout.rowid_range(lo_date, hi_date)
            with self._guard(index, tree, WALK_BUDGET) as clock:
                yield index, tree, plan(tree, lo, hi, index.layout), clock

    def _ranked_set(self, index: ExactIndex, p: Plan, terms: list[Term], sort: str,
                    clock: Budget) -> list[tuple[int, float]]:
        """Every match of a query answered as sets, in ``sort`` order (kept for its next page)."""
        key = (index.data_version(), p.node, p.lo, p.hi, sort)
        if self._last_set is None or self._last_set[0] != key:
            matched = evaluate(index, p.node, p.lo, p.hi, clock)
            self._last_set = (key, ranked_set(index, matched, terms, p.lo, p.hi, sort, None))
        return self._last_set[1]

    def _count(self, index: ExactIndex, expression: str, lo: int, hi: int) -> int:
        key = (index.data_version(), expression, lo, hi)
        total = self._counts.get(key)
        if total is None:
            total = self._counts[key] = index.count(expression, lo, hi)
            while len(self._counts) > _COUNTS_KEPT:
                self._counts.popitem(last=False)
        else:
            self._counts.move_to_end(key)
        return total

    def _heading_hits(self, index: ExactIndex, expression: str, lo: int, hi: int, limit: int | None) -> list[int]:
        """The row ids of ``expression``'s first ``limit`` matches (None: all), newest first.
        A walk that found them all (fewer than ``limit``, at most :data:`_HEADINGS_KEPT_ROWS`)
        is kept while the index holds still: the next page, or the same query again, need
        not walk a common phrase's matches again to find the few in a heading."""
        key = (index.data_version(), expression, lo, hi)
        kept = self._headings.get(key)
        if kept is not None:
            self._headings.move_to_end(key)
            return kept[:limit] if limit is not None else kept
        rows = [r for r, _s in index.top(expression, lo, hi, "newest", limit)]
        if (limit is None or len(rows) < limit) and len(rows) <= _HEADINGS_KEPT_ROWS:
            self._headings[key] = rows
            while len(self._headings) > _HEADINGS_KEPT:
                self._headings.popitem(last=False)
        return rows

    @contextlib.contextmanager
    def _guard(self, index: ExactIndex, tree: Node, budget: float | None) -> Iterator[Budget]:
        """The time budget while the index works, and its errors as Baoku's."""
        clock = Budget(TIME_BUDGET if budget is None else budget, _count_terms(tree), index.article_count,
                       self._stop)
        if clock.stopped:  # replaced before it began
            raise clock.error()
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


_COUNTS_KEPT = 256
_HEADINGS_KEPT = 64  # complete lists of heading hits kept (see Searcher._heading_hits) …
_HEADINGS_KEPT_ROWS = 1000  # … each of at most this many row ids


def _dates(date_from: str | None, date_to: str | None) -> tuple[str, str]:
    """The --from/--to dates checked, as YYYY-MM-DD ("": open)."""
    return (check_date(date_from, first=True) if date_from else "",
            check_date(date_to, first=False) if date_to else "")


def _iso(day: int) -> str:
    """A row id's date ordinal as YYYY-MM-DD ("" for no date)."""
    return date.fromordinal(day).isoformat() if day > 0 else ""


def _term_occurrences(index: ExactIndex, tree: Node, lo: int, hi: int) -> dict[int, int]:
    """Row id -> how often the query's positive terms occur there, for a query answered as sets."""
    terms = positive_terms(tree)
    if not terms:
        return {}
    counts: dict[int, int] = {}
    for expression in either(terms):  # one per index table
        for r, _aid, n in index.occurrences(expression, lo, hi):
            counts[r] = counts.get(r, 0) + n
    return counts


def _file_id(path: Path) -> tuple[int, int] | None:
    """What tells one file at ``path`` from another put there later (None: no file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _count_terms(node: Node) -> int:
    if isinstance(node, Term):
        return 1
    if isinstance(node, Not):
        return _count_terms(node.child)
    return sum(_count_terms(c) for c in getattr(node, "children", ()))
