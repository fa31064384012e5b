"""Progress snapshots and cancel tokens for long work, thread-safe and Qt-free.

The core publishes progress into a :class:`Progress`; a UI polls ``snapshot()``
from a timer and shows it only when it changed. A :class:`CancelToken` is set
by the UI and checked by the core between units of work.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


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
