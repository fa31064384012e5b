"""Progress snapshots, cancel tokens and worker processes for long work, Qt-free.

The core publishes progress into a :class:`Progress`; a UI polls ``snapshot()``
from a timer and shows it only when it changed. A :class:`CancelToken` is set
by the UI and checked by the core between units of work. :func:`worker_pool`
gives the process pool that imports and index updates cut their work across.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_PARENT_POLL = 0.5  # seconds between a worker's checks that the process it works for lives


@dataclass(frozen=True)
class Snapshot:
    phase: str
    done: int
    total: int
    detail: str = ""


class Progress:
    """A (phase, done, total, detail) cell written by a worker and read by anyone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snap = Snapshot("", 0, 0)

    def update(self, phase: str, done: int, total: int, detail: str = "") -> None:
        with self._lock:
            self._snap = Snapshot(phase, done, total, detail)

    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snap

    def __call__(self, phase: str, done: int, total: int, detail: str = "") -> None:
        self.update(phase, done, total, detail)


class CancelToken:
    """Set once by whoever wants the work to stop; checked by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers exit by themselves when the process that made them dies.

    A pool's idle workers wait on a pipe that they themselves hold open, so a
    process killed mid-import (SIGKILL, the OOM killer, a crash) would leave
    them waiting forever, holding memory and the library's files open.
    """
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when work is cut up

    return ProcessPoolExecutor(max_workers=max_workers, initializer=_watch_parent)


def _watch_parent() -> None:
    """In a worker: exit as soon as its parent is gone (it is then re-parented)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="baoku-parent-watch", daemon=True).start()
