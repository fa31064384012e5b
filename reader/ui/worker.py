"""Background jobs: a QThread that runs one core function with a Progress and a CancelToken.

The function gets its own :class:`~reader.library.Library` (SQLite connections
are per thread), never a widget. The result comes back by signal; progress is
not signalled at all: the status bar polls :attr:`BackgroundJob.progress`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from reader.errors import BaokuError
from reader.jobs import CancelToken, Progress
from reader.library import Library
from reader.ui.issue_list import IssueList

JobFn = Callable[[Progress, CancelToken], Any]


class BackgroundJob(QThread):
    """Runs ``fn(progress, cancel)`` off the GUI thread; ``succeeded(result)`` or ``failed(message)``."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: JobFn, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.title = title
        self.progress = Progress()
        self.cancel_token = CancelToken()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        try:
            result = self.fn(self.progress, self.cancel_token)
        except BaokuError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread silently
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.succeeded.emit(result)


def issues_job(root: Path) -> JobFn:
    """Every issue of the library at ``root`` (read-only), oldest first, arranged for the
    navigator (an :class:`~reader.ui.issue_list.IssueList`): read and grouped off the GUI
    thread (a century of dailies takes a second or two)."""
    def run(_progress: Progress, _cancel: CancelToken) -> Any:
        with Library(root, readonly=True) as library:
            return IssueList.of(library.issues())

    return run


def catch_up_job(root: Path) -> JobFn:
    """Whether the library at ``root`` must be caught up at start (a bool): issues read by
    another version of Baoku, or an index missing, unusable or behind the library (an import
    stopped before it, an earlier version's index). A quick look, but a full scan of the
    parts table and the index and Whoosh modules: off the GUI thread, after the first issue."""
    def run(_progress: Progress, _cancel: CancelToken) -> Any:
        from reader.index import index_lags

        with Library(root, readonly=True) as library:
            return bool(library.outdated()) or index_lags(library)

    return run


def import_job(root: Path, paths: Iterable[Path | str]) -> JobFn:
    """The import + index sequence for ``paths`` into the library at ``root``; returns (report, note)."""
    todo = [Path(p) for p in paths]

    def run(progress: Progress, cancel: CancelToken) -> Any:
        from reader.service import import_and_index

        with Library(root) as library:
            return import_and_index(library, todo, progress=progress, cancel=cancel)

    return run
