"""Keeping the search index level with the library: incremental sync, one writer at a time.

The exact index (:mod:`reader.search.exact`, one SQLite file in the library's
``index/`` folder) is written only here. :func:`sync_index` compares each
issue's fingerprint (text hash and parser version, from :class:`reader.store.Store`)
with the one the index recorded, and rewrites only the issues that changed, in
batches that each commit whole, then records the library generation it reached:

* an unchanged library costs one read of a number; one new issue, one batch;
* a crash (or a cancel) keeps every batch committed before it, and the next
  sync writes the rest: nothing is half-written, nothing rebuilt;
* a missing, damaged or outdated index file is set aside and built again, with
  a one-line note saying why;
* one process writes at a time: an OS file lock, released when its holder
  dies. A second writer waits for it (``wait`` tells the user so), then finds
  the work done or does the rest. Searches never take it and never write.

The import streams: each batch reads its issues' articles from the library,
writes them and lets them go, so memory does not grow with the archive.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import apsw
from whoosh.util.filelock import FileLock

from reader.errors import IndexError_
from reader.failures import disk_cause
from reader.jobs import worker_pool
from reader.search.catalogue import catalogue_lags, sync_catalogue
from reader.search.exact import (
    FILE_NAME,
    SPARE,
    DayFull,
    Doc,
    ExactIndex,
    IndexOutdated,
    IndexUnusable,
    Tokens,
    day_bits_for,
)
from reader.store import Store

if TYPE_CHECKING:
    from reader.library import Library

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]
WaitFn = Callable[[str], None]

LOCK_NAME = ".index-sync.lock"
_BATCH = 32  # issues removed per transaction
# Issues written per transaction: about this many articles (FTS5 writes one segment per
# transaction, so larger batches merge less), and at most this many issues (each batch is
# what a crash or a cancel can lose, and the progress bar's step).
_BATCH_ARTICLES = 8192
_BATCH_ISSUES = 1024
_PROCESS_MIN = 256  # issues to write for their tokens to be cut in another process
_OLD_FILES = ("state.json", "_articles_*.toc", "articles_*")  # the Whoosh index of Baoku 0.1


def index_file(library: Library) -> Path:
    return library.index_dir / FILE_NAME


def index_problem(directory: Path) -> str | None:
    """Why the index in ``directory`` (a library's ``index_dir``) cannot be searched, or None."""
    try:
        with ExactIndex(directory / FILE_NAME, readonly=True) as ix:
            ix.check()
    except IndexUnusable as exc:
        return str(exc)
    return None


def index_lags(library: Library) -> bool:
    """Whether ``library``'s index is missing, unusable or behind the library (a quick look)."""
    try:
        with ExactIndex(index_file(library), readonly=True) as ix:
            return ix.generation != library.generation or catalogue_lags(library.index_dir, library.generation)
    except (IndexUnusable, apsw.Error):
        return True


def sync_index(
    library: Library,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    rebuild: bool = False,
    wait: WaitFn | None = None,
) -> str:
    """Bring ``library``'s index level with its articles; returns a one-line note ("" = nothing to say).

    If another process is updating the index, waits for it (calling ``wait``
    once with a line saying so; ``cancel`` still stops the wait). Raises
    :class:`IndexError_` if the disk refuses a write (full, read-only): every
    batch committed before stays, and the next sync finishes the work.
    """
    directory = library.index_dir
    try:
        if directory.exists() and not directory.is_dir():  # a file where the index belongs
            directory.unlink()
        directory.mkdir(parents=True, exist_ok=True)
        with _SyncLock(directory, wait, cancel) as held:
            if not held:
                return "index update cancelled"
            note = _sync(library.store, index_file(library), progress, cancel, rebuild)
            more = sync_catalogue(library.store, directory, progress, cancel, rebuild)  # after the exact index
            return "; ".join(n for n in (note, more) if n)
    except (OSError, apsw.Error) as exc:
        raise _write_error(directory, exc) from None


def _write_error(directory: Path, exc: OSError | apsw.Error) -> IndexError_:
    cause = disk_cause(exc, directory.parent) if isinstance(exc, OSError) else None
    if cause is None and isinstance(exc, apsw.FullError):
        cause = "the disk is full"
    if cause is None and isinstance(exc, apsw.ReadOnlyError | apsw.CantOpenError):
        cause = "the disk is read-only"
    cause = cause or f"{getattr(exc, 'strerror', None) or exc}"
    return IndexError_(f"cannot update the search index: {cause}; what it holds is kept, and the "
                       "next import or 'baoku index' brings it up to date")


def _open_for_writing(path: Path, day_bits: Callable[[], int]) -> tuple[ExactIndex, str]:
    """The index, opened to write; a damaged file is set aside first, an outdated one deleted
    (it holds nothing the library does not), and either said why. A new file gives a day
    ``day_bits()`` bits of row ids (asked only then: it reads the library)."""
    if not path.exists():
        return ExactIndex(path, readonly=False, day_bits=day_bits()), "missing"
    try:
        return ExactIndex(path, readonly=False), ""
    except IndexOutdated as exc:
        problem, aside = str(exc), None
    except IndexUnusable as exc:
        problem, aside = str(exc), path.with_name(path.name + ".damaged")
    _set_aside(path, aside)
    return ExactIndex(path, readonly=False, day_bits=day_bits()), problem


def _set_aside(path: Path, aside: Path | None) -> None:
    """Move the index file to ``aside`` (None: delete it), and drop its -wal and -shm."""
    with contextlib.suppress(OSError):
        if aside is None:
            os.unlink(path)
        else:
            os.replace(path, aside)
    for extra in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(str(path) + extra)


def _sync(store: Store, path: Path, progress: ProgressFn | None, cancel: CancelFn | None,
          rebuild: bool) -> str:
    """:func:`sync_index`'s work on the exact index.

    A new index gives a day room for twice the library's busiest date (at least 4,096 row
    ids). An update that brings a busier date than that (:class:`DayFull`) rebuilds the
    index with room for it: the old file is deleted first, so until the rebuild is done
    (or, if it is cancelled, until the next update finishes it) searches find only what
    it has written, and say that the index lags."""
    def needed() -> int:  # a new index's day bits: the busiest date's, and more than a full one had
        return max(full.layout.bits + 1 if full else 0, day_bits_for(store.busiest_day(SPARE)))

    full: DayFull | None = None
    for _attempt in range(4):  # more than one only if imports meanwhile keep making days busier
        try:
            note = _sync_level(store, path, progress, cancel, rebuild or full is not None, needed)
        except DayFull as exc:
            full = exc
            _set_aside(path, None)
            if path.exists():  # say so, rather than rebuild it again and again
                raise IndexError_(f"cannot rebuild the search index with room for more articles a day"
                                  f" ({exc}): {path} cannot be deleted") from None
            continue
        return note if full is None else f"search index rebuilt ({full}): {note.removeprefix('index built: ')}"
    raise IndexError_(f"cannot make room in the search index ({full}); 'baoku index' tries again")


def _sync_level(store: Store, path: Path, progress: ProgressFn | None, cancel: CancelFn | None,
                rebuild: bool, day_bits: Callable[[], int]) -> str:
    _remove_old_format(path.parent)
    generation = store.generation  # first: a change made meanwhile is seen by the next sync
    ix, problem = _open_for_writing(path, day_bits)
    with ix:
        if not rebuild and not problem and ix.generation == generation:
            return ""
        wanted = store.issue_fingerprints()
        indexed = ix.fingerprints()
        # A rebuild rewrites every issue in place, batch by batch: until it is done (or if the
        # disk fills), the index still holds every issue, in its new or its old form.
        # In date order, so row ids (which begin with the date) ascend: FTS5 keeps gathering
        # postings in memory only while they do, and writes a small segment each time they do not.
        changed = sorted((i for i, (fp, _d) in wanted.items() if rebuild or indexed.get(i) != fp),
                         key=lambda i: (wanted[i][1], i))
        gone = sorted(set(indexed) - set(wanted))
        written = removed = 0
        for i in range(0, len(gone), _BATCH):
            with ix.transaction():
                removed += sum(ix.remove_issue(iid) for iid in gone[i : i + _BATCH])
        done = 0
        # While SQLite writes one batch (in C, without Python's lock), another process reads the
        # next batch's articles from the library and cuts them into tokens: the two cores both
        # work. (A thread did it once: Python's lock then let it and the writer take turns.)
        # A few issues are cut on a thread: starting a process would cost more than cutting them.
        with (worker_pool(1) if len(changed) >= _PROCESS_MIN
              else ThreadPoolExecutor(1, thread_name_prefix="baoku-tokens")) as cutter:
            ahead: Future[list[_Prepared]] | None = None
            counts = store.article_counts()
            for batch in itertools.chain(_batches(changed, counts), [[]]):  # [] ends the pipeline
                if cancel and cancel():
                    return "index update cancelled"
                following = cutter.submit(_read_and_cut, store.path, batch) if batch else None
                if ahead is not None:
                    prepared = ahead.result()
                    with ix.transaction():
                        for iid, docs, tokens in prepared:
                            fingerprint, issue_date = wanted[iid]
                            written += ix.replace_issue(iid, fingerprint, issue_date, docs, tokens)
                    done += len(prepared)
                    if progress:
                        progress("index", done, len(changed), "")
                ahead = following
        with ix.transaction():
            ix.set_generation(generation)
        total = ix.article_count()
    if rebuild or problem == "missing":
        return f"index built: {total} articles"
    if problem:
        return f"search index rebuilt ({problem}): {total} articles"
    if not written and not removed:
        return ""
    return f"index updated: {written} articles written, {removed} removed"


_Prepared = tuple[str, list[Doc], list[Tokens]]


def _batches(issue_ids: list[str], counts: dict[str, int]) -> Iterator[list[str]]:
    """The issues a batch at a time: about ``_BATCH_ARTICLES`` articles (``counts``), at most
    ``_BATCH_ISSUES`` issues."""
    batch: list[str] = []
    size = 0
    for iid in issue_ids:
        batch.append(iid)
        size += counts.get(iid, 0)
        if size >= _BATCH_ARTICLES or len(batch) >= _BATCH_ISSUES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


_readers = threading.local()  # the library, opened to read, in each process or thread that cuts


def _read_and_cut(db_path: Path, issue_ids: list[str]) -> list[_Prepared]:
    """The issues' articles, read from the library and cut into tokens (in a worker process
    or thread, with a connection of its own). Only their ids go back with the tokens: the
    text stays here."""
    store: Store | None = getattr(_readers, "store", None)
    if store is None or store.path != db_path:
        store = _readers.store = Store(db_path, readonly=True, check_pages=False)
    out: list[_Prepared] = []
    for iid in issue_ids:
        docs = [_doc(a) for a in store.articles(iid)]
        out.append((iid, [Doc(d.article_id, (), (), ()) for d in docs], [d.tokens() for d in docs]))
    return out


def _doc(article: object) -> Doc:
    from reader.models import Article

    assert isinstance(article, Article)
    return Doc(article.id, (article.kicker, article.title, article.subtitle), (article.byline, article.author),
               (article.body, *article.captions, *article.highlights), article.paper, article.page)


def _remove_old_format(directory: Path) -> None:
    """Delete the files of the Whoosh index earlier versions kept in the same folder."""
    for pattern in _OLD_FILES:
        for f in directory.glob(pattern):
            with contextlib.suppress(OSError):
                f.unlink()


class _SyncLock:
    """One sync at a time per library: an OS lock, so a killed holder leaves nothing to clean up."""

    def __init__(self, directory: Path, wait: WaitFn | None, cancel: CancelFn | None) -> None:
        self.lock = FileLock(str(directory.parent / LOCK_NAME))
        self.wait = wait
        self.cancel = cancel

    def __enter__(self) -> bool:
        told = False
        while not self.lock.acquire(blocking=False):
            if self.cancel and self.cancel():
                return False
            if not told:
                told = True
                if self.wait:
                    self.wait("another Baoku process is updating the search index; waiting for it to finish")
            time.sleep(0.1)
        return True

    def __exit__(self, *exc: object) -> None:
        if self.lock.locked:
            self.lock.release()
