"""Search off the GUI thread: one long-lived thread owns the Searcher and its Library.

SQLite connections are per thread, and warming up (jieba, the index) takes
seconds, so a worker object lives in its own QThread: the GUI sends requests by
queued signal with a query id and gets ``finished(id, result)`` or
``failed(id, message)`` back. Requests older than the newest are skipped before
they run; the search panel drops any stale answer that still arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from reader.errors import BaokuError, QueryError, SearchStopped
from reader.library import Library


class SearcherLike(Protocol):
    def warm_up(self) -> None: ...
    def search(self, query: str, *, date_from: str | None = ..., date_to: str | None = ...,
               sort: str = ..., limit: int | None = ..., offset: int = ...) -> Any: ...
    def refresh(self) -> None: ...
    def stop_when(self, stop: Callable[[], bool] | None) -> None: ...


SearcherFactory = Callable[[Library], SearcherLike]


def default_searcher(library: Library) -> SearcherLike:
    from reader.search import Searcher  # heavy (jieba, whoosh): imported on the search thread

    return Searcher(library)


class _Latest:
    """The newest query id, shared with the worker so it can skip superseded requests; and
    the newest call id of each kind of call that a newer one of its kind supersedes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0
        self._calls: dict[str, int] = {}

    def next(self) -> int:
        with self._lock:
            self._value += 1
            return self._value

    @property
    def value(self) -> int:
        with self._lock:
            return self._value

    def call(self, kind: str, cid: int) -> None:
        with self._lock:
            self._calls[kind] = cid

    def superseded(self, kind: str, cid: int) -> bool:
        with self._lock:
            return cid < self._calls.get(kind, 0)


# Other work on the search thread's library and Searcher (the research tools): it gets
# both and returns a result; ``called(id, result)`` or ``callFailed(id, message)`` comes back.
CallFn = Callable[[Library, Any], object]


class _SearchWorker(QObject):
    ready = Signal(str)  # "" when search works, else why it does not
    finished = Signal(int, object)
    failed = Signal(int, str)
    refreshed = Signal()
    called = Signal(int, object)
    callFailed = Signal(int, str)

    def __init__(self, root: Path, factory: SearcherFactory, latest: _Latest) -> None:
        super().__init__()
        self._root = root
        self._factory = factory
        self._latest = latest
        self._library: Library | None = None
        self._searcher: SearcherLike | None = None

    @Slot()
    def warm_up(self) -> None:
        try:
            self._library = Library(self._root)
            self._searcher = self._factory(self._library)
            self._searcher.warm_up()
        except ImportError as exc:
            self._searcher = None
            self.ready.emit(f"search is not available: {exc}")
            return
        except BaokuError as exc:
            self._searcher = None
            self.ready.emit(str(exc))
            return
        self.ready.emit("")

    @Slot(int, str, object)
    def search(self, qid: int, query: str, options: dict[str, Any]) -> None:
        if qid < self._latest.value:
            return  # a newer query is already queued
        if self._searcher is None:
            self.failed.emit(qid, "search is not ready")
            return
        # A newer query stops this one where the index is at (its answer would be dropped).
        self._searcher.stop_when(lambda: qid < self._latest.value)
        try:
            result = self._searcher.search(query, **options)
        except SearchStopped:
            return
        except QueryError as exc:
            self.failed.emit(qid, str(exc))
            return
        except BaokuError as exc:
            self.failed.emit(qid, str(exc))
            return
        self.finished.emit(qid, result)

    @Slot(int, object, str)
    def call(self, cid: int, fn: CallFn, kind: str) -> None:
        if kind and self._latest.superseded(kind, cid):
            return  # nobody waits for it any more: a newer call of its kind is queued
        if self._searcher is None or self._library is None:
            self.callFailed.emit(cid, "search is not ready")
            return
        self._searcher.stop_when((lambda: self._latest.superseded(kind, cid)) if kind else None)
        try:
            result = fn(self._library, self._searcher)
        except SearchStopped:
            return
        except BaokuError as exc:
            self.callFailed.emit(cid, str(exc))
            return
        except Exception as exc:  # a bug in a tool must not leave its caller waiting forever
            self.callFailed.emit(cid, f"{type(exc).__name__}: {exc}")
            return
        self.called.emit(cid, result)

    @Slot()
    def refresh(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.refresh()
            except BaokuError as exc:
                self.ready.emit(str(exc))
                return
        self.refreshed.emit()

    @Slot()
    def close(self) -> None:
        self._searcher = None
        if self._library is not None:
            self._library.close()
            self._library = None


class SearchService(QObject):
    """The GUI's handle on the search thread."""

    ready = Signal(str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    refreshed = Signal()
    called = Signal(int, object)
    callFailed = Signal(int, str)
    _warm = Signal()
    _search = Signal(int, str, object)
    _refresh = Signal()
    _call = Signal(int, object, str)

    def __init__(self, root: Path, factory: SearcherFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = _Latest()
        self._thread = QThread()
        self._thread.setObjectName("baoku-search")
        self._worker = _SearchWorker(Path(root), factory or default_searcher, self._latest)
        self._worker.moveToThread(self._thread)
        self._warm.connect(self._worker.warm_up)
        self._search.connect(self._worker.search)
        self._refresh.connect(self._worker.refresh)
        self._call.connect(self._worker.call)
        self._calls = 0
        # finished is emitted by the search thread itself as it ends: a direct connection
        # closes the worker's SQLite connection on the thread that opened it.
        self._thread.finished.connect(self._worker.close, Qt.ConnectionType.DirectConnection)
        self._worker.ready.connect(self._on_ready)
        self._worker.finished.connect(self.finished)
        self._worker.failed.connect(self.failed)
        self._worker.refreshed.connect(self.refreshed)
        self._worker.called.connect(self.called)
        self._worker.callFailed.connect(self.callFailed)
        self.is_ready = False
        self.problem = ""
        self._started = False

    @property
    def started(self) -> bool:
        """Whether :meth:`start` was called: the search thread and its warm-up are under way."""
        return self._started

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()
            self._warm.emit()

    def search(self, query: str, *, date_from: str | None = None, date_to: str | None = None,
               sort: str = "relevance", limit: int | None = 200, offset: int = 0) -> int:
        """Queue a search (its hits from ``offset`` on); returns its query id (answers come
        with the same id)."""
        qid = self._latest.next()
        options = {"date_from": date_from, "date_to": date_to, "sort": sort, "limit": limit}
        if offset:
            options["offset"] = offset
        self._search.emit(qid, query, options)
        return qid

    def refresh(self) -> None:
        self._refresh.emit()

    def call(self, fn: CallFn, *, kind: str = "") -> int:
        """Run ``fn(library, searcher)`` on the search thread, after the searches queued before
        it; returns the call's id (``called``/``callFailed`` answer with it). A call of a
        ``kind`` is skipped, unanswered, if a newer call of that kind is queued by the time
        its turn comes (the related reports of an article the reader has already left)."""
        self._calls += 1
        if kind:
            self._latest.call(kind, self._calls)
        self._call.emit(self._calls, fn, kind)
        return self._calls

    def stop(self) -> None:
        if self._started:
            self._thread.quit()
            self._thread.wait()
            self._started = False

    def _on_ready(self, problem: str) -> None:
        self.is_ready = not problem
        self.problem = problem
        self.ready.emit(problem)
