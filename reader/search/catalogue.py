"""The catalogue: a Whoosh index of every article's headings, bylines, paper, page, date and key terms.

Exact matching is the exact index's job (:mod:`reader.search.exact`); the
catalogue answers what needs words rather than strings: related reports
("more like this" over each article's :mod:`key terms <reader.search.keyterms>`,
and the follow-ups that name the same people and places within weeks), the
people bylines name and how many articles each signed, and counts per year of
any of its fields (an author's timeline). One document per article:

=========  ==============================================================
id         the article id (unique, stored)
issue      the issue id (stored; an issue's documents are replaced together)
paper      the paper's name (stored)
page       the page number (stored only; 0 if unknown)
date       ``YYYY-MM-DD`` (stored)
day        the date's day number (numeric: weeks around a date are one range query)
year       ``YYYY`` (stored): the facet of timelines
title      kicker, title and subtitle, as jieba words (stored)
author     the names the byline gives (keyword, stored)
keywords   a dozen key terms (keyword, stored: more-like-this reads them back)
names      the names of people and places among its words (keyword, stored)
=========  ==============================================================

It lives in the library's ``index/catalogue/`` folder and is written only by
:func:`sync_catalogue`, inside the index sync (one writer at a time, under its
lock), issue by issue by the fingerprints the exact index uses. A sync killed
half way leaves the last commit usable and the next sync does the rest; a
damaged catalogue is set aside and built again, with a one-line note.
Searches open it read-only (:class:`Catalogue`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

import apsw

from reader.errors import IndexError_
from reader.models import Article
from reader.search.exact import FILE_NAME, ExactIndex, IndexUnusable
from reader.search.keyterms import key_terms
from reader.store import Store

FOLDER = "catalogue"
INDEX_NAME = "articles"
STATE_FILE = "catalogue.json"  # the format and the library generation it reached
ISSUES_FILE = "issues.json"  # issue id -> the fingerprint of what it holds of that issue
FORMAT = 4  # bump when the schema or the key terms change: the catalogue is then built again
_BATCH = 32  # issues between looks at ``cancel`` and progress reports
_COMMIT_SECONDS = 20.0  # a long build commits this often, so a killed one keeps most of its work
LIMIT = 5
FOLLOW_UP_DAYS = 42
_CANDIDATES = 30
LOCK_NAME = ".catalogue.lock"  # beside the index folder: held by whoever writes the catalogue
BACKGROUND_ISSUES = 2000  # more issues than this to catalogue are left to a background process
_POSTINGS = 4000  # more like this asks for its rarest key terms, up to about this many articles in all

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]


class CatalogueMissing(IndexError_):
    """The catalogue has not been built yet (or is being built): related reports and facets wait for it."""


def catalogue_dir(index_dir: Path) -> Path:
    """Where the catalogue of the library whose index folder is ``index_dir`` lives."""
    return index_dir / FOLDER


def schema() -> Any:
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    from reader.word_tokenizer import RjiebaTokenizer

    return Schema(
        id=ID(stored=True, unique=True),
        issue=ID(stored=True),
        paper=ID(stored=True),
        page=STORED(),
        date=ID(stored=True, sortable=True),
        day=NUMERIC(int, bits=32, signed=False),
        year=ID(stored=True),
        title=TEXT(analyzer=RjiebaTokenizer(), stored=True, phrase=False),
        author=KEYWORD(stored=True),
        keywords=KEYWORD(stored=True, scorable=True),
        names=KEYWORD(stored=True),
    )


def document(article: Article) -> dict[str, Any]:
    """The catalogue's document for ``article``."""
    terms = key_terms(article.heading, article.body, article.author)
    return {
        "id": article.id,
        "issue": article.issue_id,
        "paper": article.paper,
        "page": article.page or 0,
        "date": article.date,
        "year": article.date[:4],
        "day": day.toordinal() if (day := _day(article.date)) else 0,
        "title": article.heading or article.title,
        "author": article.author,
        "keywords": " ".join(terms.words),
        "names": " ".join(terms.names),
    }


# -- writing -------------------------------------------------------------------
def sync_catalogue(store: Store, index_dir: Path, progress: ProgressFn | None = None,
                   cancel: CancelFn | None = None, rebuild: bool = False, *, background: bool = True) -> str:
    """Bring the catalogue in ``index_dir`` level with ``store``; a one-line note ("" = nothing to say).

    Run by the index sync once the exact index is level, so searching works
    first. Issues whose fingerprint changed are rewritten, issues gone are
    removed; the work is committed every few seconds, so a cancel or a kill
    keeps what was done. More than :data:`BACKGROUND_ISSUES` issues to write
    (a first import of a large archive) are left to a process of its own
    (:mod:`reader.search.catalogue_job`, if ``background``): the import
    finishes without waiting, and related reports and bylines appear when it
    is done. One writer at a time: while another process writes the
    catalogue, this returns at once (that one catches up with the library).
    """
    from whoosh.util.filelock import FileLock

    if cancel and cancel():
        return ""
    lock = FileLock(str(index_dir.parent / LOCK_NAME))
    if not lock.acquire(blocking=False):
        return ""  # a background build holds it, and catches up with this change too
    try:
        note = _sync_locked(store, index_dir, progress, cancel, rebuild,
                            BACKGROUND_ISSUES if background else None)
    finally:
        lock.release()
    if note is _LEFT_TO_BACKGROUND:
        start_background(store.path, index_dir)
        return ("the catalogue (related reports, bylines) is being built by a background process; "
                "searching works now")
    return note


_LEFT_TO_BACKGROUND = "\x00background"


def _sync_locked(store: Store, index_dir: Path, progress: ProgressFn | None, cancel: CancelFn | None,
                 rebuild: bool, most: int | None) -> str:
    """:func:`sync_catalogue`'s work, holding the catalogue's lock; more than ``most`` issues to
    write returns ``_LEFT_TO_BACKGROUND`` having written nothing."""
    directory = catalogue_dir(index_dir)
    # The catalogue follows the exact index: its record of issues and the library generation it
    # reached (reading the library's own fingerprints costs seconds on a large archive).
    try:
        with ExactIndex(index_dir / FILE_NAME, readonly=True) as exact:
            generation = exact.generation
            state = _read_state(directory)
            if state is not None and not rebuild and state["generation"] == generation \
                    and _usable(directory):
                return ""
            wanted = exact.fingerprints()
    except (IndexUnusable, apsw.Error):
        return ""  # no exact index to follow yet: the next sync builds both
    ix, problem = _open_for_writing(directory, state, rebuild)
    if problem or state is None:
        state = {"format": FORMAT, "generation": -1, "issues": {}}
    indexed: dict[str, str] = state["issues"]
    changed = sorted(i for i, fp in wanted.items() if indexed.get(i) != fp)
    gone = sorted(set(indexed) - set(wanted))
    if most is not None and len(changed) > most:
        return _LEFT_TO_BACKGROUND
    fresh = bool(problem)  # an empty index: nothing to delete first
    writer = _writer(ix)
    started = time.monotonic()
    written = 0
    cancelled = False
    try:
        for iid in gone:
            writer.delete_by_term("issue", iid)
            indexed.pop(iid, None)
        for i in range(0, len(changed), _BATCH):
            if cancel and cancel():
                cancelled = True
                break
            for iid in changed[i : i + _BATCH]:
                if not fresh:
                    writer.delete_by_term("issue", iid)
                for article in store.articles(iid):
                    writer.add_document(**document(article))
                    written += 1
                indexed[iid] = wanted[iid]
            if progress:
                progress("catalogue", min(i + _BATCH, len(changed)), len(changed), "")
            if time.monotonic() - started > _COMMIT_SECONDS:
                writer.commit()
                _write_state(directory, {**state, "issues": indexed})
                writer, started = _writer(ix), time.monotonic()
        writer.commit()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    if cancelled:
        _write_state(directory, {**state, "issues": indexed})
        return "catalogue update cancelled"
    _write_state(directory, {"format": FORMAT, "generation": generation, "issues": indexed})
    if problem in ("", "missing", "rebuild"):
        return ""
    return f"catalogue rebuilt ({problem}): {ix.doc_count()} articles"


def _writer(ix: Any) -> Any:
    return ix.writer(limitmb=64)


def _open_for_writing(directory: Path, state: dict[str, Any] | None, rebuild: bool) -> tuple[Any, str]:
    """The catalogue, opened to write, and why it was made anew ("" if it was not).

    A damaged or outdated catalogue is set aside as ``catalogue.damaged``; one
    whose record of issues is lost (a first build killed before it committed) is
    simply made anew.
    """
    from whoosh import index

    problem = "rebuild" if rebuild else ""
    if not problem:
        try:
            ix = open_index(directory, readonly=False)
            if state is not None:
                return ix, ""
            problem = _UNRECORDED
        except _Unusable as exc:
            problem = str(exc)
    if problem not in ("missing", "rebuild", _UNRECORDED) and directory.exists():
        aside = directory.with_name(directory.name + ".damaged")
        shutil.rmtree(aside, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.replace(directory, aside)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(directory), schema(), INDEX_NAME), problem


_UNRECORDED = "its record of issues was missing"


class _Unusable(Exception):
    """The catalogue cannot be opened: "missing", or what is wrong with it."""


def open_index(directory: Path, *, readonly: bool) -> Any:
    """The Whoosh index in ``directory``, checked; raises :class:`_Unusable` saying why it cannot be."""
    from whoosh import index

    why = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)  # whoosh leaves a damaged file open
        try:
            ix = index.open_dir(str(directory), INDEX_NAME, readonly=readonly)
            with ix.reader() as reader:
                reader.doc_count()
            if set(ix.schema.names()) != set(schema().names()):
                why = "an older layout"
            else:
                return ix
        except index.EmptyIndexError:
            why = "missing"
        except Exception as exc:  # whoosh raises many kinds for a damaged folder
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    raise _Unusable(why)


def _usable(directory: Path) -> bool:
    try:
        open_index(directory, readonly=True).close()
    except _Unusable:
        return False
    return True


def _read_state(directory: Path) -> dict[str, Any] | None:
    """What the catalogue holds: its format, the library generation it reached, issue -> fingerprint."""
    head = _read_json(directory / STATE_FILE)
    issues = _read_json(directory / ISSUES_FILE)
    if head is None or head.get("format") != FORMAT or not isinstance(head.get("generation"), int) \
            or issues is None:
        return None
    return {**head, "issues": issues}


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _write_state(directory: Path, state: dict[str, Any]) -> None:
    """Record the issues first, then the generation they reach (a small file, read to tell if it lags)."""
    for name, value in ((ISSUES_FILE, state["issues"]),
                        (STATE_FILE, {"format": FORMAT, "generation": state["generation"]})):
        path = directory / name
        part = path.with_name(path.name + ".part")
        part.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(part, path)


def catalogue_lags(index_dir: Path, generation: int) -> bool:
    """Whether the catalogue in ``index_dir`` is missing, of another format, or behind ``generation``."""
    head = _read_json(catalogue_dir(index_dir) / STATE_FILE)
    return head is None or head.get("format") != FORMAT or head.get("generation") != generation


def start_background(db_path: Path, index_dir: Path) -> subprocess.Popen[bytes]:
    """Start a process of its own that builds the catalogue (it outlives this one; its errors go
    to ``catalogue.log`` in the index folder)."""
    log = open(index_dir / "catalogue.log", "ab")  # noqa: SIM115 (the child owns it)
    with log:
        proc = subprocess.Popen([sys.executable, "-m", "reader.search.catalogue_job", str(db_path), str(index_dir)],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                                cwd=str(Path(__file__).resolve().parents[2]))
    # Waited for by a thread of its own: reaped when it ends, never dropped while it runs.
    threading.Thread(target=proc.wait, name="baoku-catalogue-reaper", daemon=True).start()
    return proc


def build_in_background(db_path: Path, index_dir: Path) -> int:
    """What the background process does: wait for the catalogue's lock, then write until it is
    level with the library (which may change meanwhile). Returns a process exit code."""
    from whoosh.util.filelock import FileLock

    lock = FileLock(str(index_dir.parent / LOCK_NAME))
    lock.acquire(blocking=True)
    try:
        for _ in range(5):  # the library may move on while it writes; five passes catch up with any import
            store = Store(db_path, readonly=True, check_pages=False)
            try:
                _sync_locked(store, index_dir, None, None, False, None)
                if not catalogue_lags(index_dir, store.generation):
                    return 0
            finally:
                store.close()
    finally:
        lock.release()
    return 1


# -- reading -------------------------------------------------------------------
@dataclass(frozen=True)
class Related:
    """A related article: why it is related (``shared`` key terms), and whether it is a follow-up."""

    article_id: str
    issue_id: str
    date: str
    title: str
    paper: str
    score: float
    follow_up: bool
    days: int  # after (positive) or before (negative) the article
    shared: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"article_id": self.article_id, "issue_id": self.issue_id, "date": self.date,
                "title": self.title, "paper": self.paper, "score": round(self.score, 4),
                "kind": "follow-up" if self.follow_up else "related", "days": self.days,
                "shared": list(self.shared)}


class Byline(NamedTuple):
    """A name bylines give: how many articles it signed, the first and last dates, and per year."""

    name: str
    articles: int
    first: str
    last: str
    years: tuple[tuple[str, int], ...]


class Catalogue:
    """The catalogue of one library, opened read-only and lazily; safe to share across threads.

    Every method raises :class:`CatalogueMissing` while there is no catalogue
    (it is built by the index sync, after the exact index).
    """

    def __init__(self, index_dir: Path) -> None:
        self.directory = catalogue_dir(index_dir)
        self._lock = threading.Lock()
        self._searcher: Any = None

    def ready(self) -> bool:
        """Whether there is a catalogue to ask (it may still be catching up with the library)."""
        try:
            with self._lock:
                self._open()
        except CatalogueMissing:
            return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def _open(self) -> Any:
        """The current searcher (reopened when the catalogue changed); call holding ``_lock``."""
        if self._searcher is not None:
            try:
                self._searcher = self._searcher.refresh()
                return self._searcher
            except Exception:  # rebuilt or damaged since: open it again
                self._searcher = None
        if not (self.directory / STATE_FILE).exists():
            raise CatalogueMissing("related reports and byline counts appear once the catalogue is "
                                   "built (it follows the search index; 'baoku index' builds it)")
        try:
            self._searcher = open_index(self.directory, readonly=True).searcher()
        except _Unusable as exc:
            raise CatalogueMissing(f"the catalogue cannot be used ({exc}); 'baoku index' rebuilds it") from None
        return self._searcher

    def stored(self, article_id: str) -> dict[str, Any] | None:
        """The stored fields of ``article_id``'s document, or None if the catalogue lacks it."""
        with self._lock:
            s = self._open()
            docnum = s.document_number(id=article_id)
            return None if docnum is None else dict(s.stored_fields(docnum))

    def related(self, article_id: str, limit: int = LIMIT) -> list[Related]:
        """Up to ``limit`` articles related to ``article_id``: follow-ups first, then the most alike.

        *Related* articles share its key terms: Whoosh's more-like-this over the
        ``keywords`` field, ranked by BM25 (a term shared by few articles of
        this library weighs most). *Follow-ups* are articles within
        :data:`FOLLOW_UP_DAYS` days of it that share two of its key terms, one
        of them a name: the same people and places, the same story. An article
        the catalogue lacks (not yet caught up) has none.
        """
        from whoosh import query

        if limit <= 0:
            return []
        with self._lock:
            s = self._open()
            docnum = s.document_number(id=article_id)
            if docnum is None:
                return []
            me = s.stored_fields(docnum)
            words = me.get("keywords", "").split()
            names = me.get("names", "").split()
            words += [n for n in names if n not in words]
            if not words:
                return []
            found: dict[int, float] = {}
            rare = _rarest(words, lambda w: s.doc_frequency("keywords", w))
            for hit in s.more_like(docnum, "keywords", text=" ".join(rare), top=_CANDIDATES,
                                   numterms=len(rare)) if rare else ():
                found[hit.docnum] = hit.score
            day = _day(me.get("date", ""))
            if names and day is not None:
                lo, hi = day - timedelta(days=FOLLOW_UP_DAYS), day + timedelta(days=FOLLOW_UP_DAYS)
                within = query.NumericRange("day", lo.toordinal(), hi.toordinal())
                named = query.Or([query.Term("names", n) for n in names])
                for hit in s.search(query.And([within, named]), limit=_CANDIDATES, mask={docnum}):
                    found.setdefault(hit.docnum, hit.score)
            top = max(found.values(), default=0.0) or 1.0
            out = [self._related(s.stored_fields(n), score / top, words, names, day)
                   for n, score in found.items()]
        out.sort(key=lambda r: (not r.follow_up, -r.score, r.date))
        return out[:limit]

    @staticmethod
    def _related(other: dict[str, Any], score: float, words: list[str], names: list[str],
                 day: Date | None) -> Related:
        theirs = set(other.get("keywords", "").split()) | set(other.get("names", "").split())
        shared = tuple(w for w in words if w in theirs)
        other_day = _day(other.get("date", ""))
        days = (other_day - day).days if other_day and day else 0
        follow_up = (day is not None and other_day is not None and abs(days) <= FOLLOW_UP_DAYS
                     and len(shared) >= 2 and any(n in shared for n in names))
        return Related(other["id"], other.get("issue", ""), other.get("date", ""), other.get("title", ""),
                       other.get("paper", ""), score, follow_up, days, shared)

    def authors(self, limit: int | None = None) -> list[Byline]:
        """The people bylines name, with the articles each signed, most first (then by name).

        One pass over the ``author`` field's postings and the ``date`` column:
        milliseconds for a name, a fraction of a second for every name of a large library.
        """
        with self._lock:
            s = self._open()
            reader = s.reader()
            dates = reader.column_reader("date")
            counts: list[tuple[str, list[str]]] = []
            for term in reader.lexicon("author"):
                name = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                days = [_text(dates[d]) for d in reader.postings("author", name).all_ids()]
                if days:
                    counts.append((name, days))
        counts.sort(key=lambda kv: (-len(kv[1]), kv[0]))
        out = []
        for name, days in counts[:limit] if limit else counts:
            known = [d for d in days if d]
            years = Counter(d[:4] for d in known)
            out.append(Byline(name, len(days), min(known, default=""), max(known, default=""),
                              tuple(sorted(years.items()))))
        return out

    def years(self, field: str, values: Iterable[str]) -> list[tuple[str, int]]:
        """How many articles have any of ``values`` in ``field`` (``author``, ``paper``…), per year.

        >>> catalogue.years("author", ["李明璇"])   # doctest: +SKIP
        [('2022', 3)]
        """
        from whoosh import query, sorting

        terms = [query.Term(field, v) for v in values]
        if not terms:
            return []
        with self._lock:
            s = self._open()
            results = s.search(query.Or(terms), groupedby=sorting.FieldFacet("year"), limit=None)
            groups = results.groups("year")
        return sorted((str(y), len(ids)) for y, ids in groups.items())


def _rarest(words: list[str], frequency: Callable[[str], int]) -> list[str]:
    """The rarest of ``words`` (by ``frequency``, the articles having each), rarest first, that
    together have about :data:`_POSTINGS` articles: a more-like-this query costs what its terms'
    articles number, and a common term adds little to its ranking. Words only one article has
    (the article itself) relate it to nothing and are left out; the rarest other is always kept."""
    counted = sorted((frequency(w), w) for w in words)
    out: list[str] = []
    total = 0
    for n, w in counted:
        if n <= 1:
            continue
        if out and total + n > _POSTINGS:
            break
        out.append(w)
        total += n
    return out


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def _day(text: str) -> Date | None:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        return None
