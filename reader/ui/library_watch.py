"""Follow what other processes do to the library: ``baoku import`` in a terminal while the
window is open.

The library's ``generation`` grows with every change (reader.store), and reading it is one
indexed row of SQLite in WAL mode, where readers do not wait for writers: a timer reads it
every couple of seconds on the GUI thread, and ``changed`` fires when it moved without this
window knowing. The window then reloads what it shows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from reader.errors import BaokuError

POLL_MS = 2000


class LibraryWatch(QObject):
    """``changed(generation)`` when the library's generation moves past the last one seen."""

    changed = Signal(int)

    def __init__(self, read_generation: Callable[[], int], parent: QObject | None = None,
                 *, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._read = read_generation
        self.seen = self._current()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def acknowledge(self) -> None:
        """The window has caught up (after its own import): the current generation is seen."""
        self.seen = self._current()

    def poll(self) -> bool:
        """Read the generation now; True (and ``changed``) if it moved."""
        now = self._current()
        if now == self.seen:
            return False
        self.seen = now
        self.changed.emit(now)
        return True

    def _current(self) -> int:
        try:
            return self._read()
        except (BaokuError, sqlite3.Error):
            return self.seen if hasattr(self, "seen") else -1  # busy or gone: ask again next time
