"""Walk mode (``baoku gui --walk-issues N``): step through issues N times, then quit.

A check, not a feature: it drives the real window the way a reader holding
Alt+←/Alt+→ does (the navigator's previous/next-issue actions, so the calendar
re-marks its days each time), one step per turn of the event loop, and exits 0
if the app survives. The regression test for the PySide6 6.12.0 abort runs it
on a large library in a subprocess.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from reader.ui.mainwindow import MainWindow


class IssueWalker(QObject):
    """Once the window has loaded, trigger previous-issue ``steps`` times (turning back at
    either end of the library), then close the window. ``code`` is 0 when all steps ran."""

    def __init__(self, window: MainWindow, steps: int) -> None:
        super().__init__(window)
        self.window = window
        self.left = steps
        self.code = 1
        self._back = True
        window.loaded.connect(self._next, Qt.ConnectionType.QueuedConnection)

    def _next(self) -> None:
        if self.left <= 0:
            self.code = 0
            self.window.close()
            return
        actions = self.window.actions_
        before = self.window.navigator.current_issue
        (actions.prev_issue if self._back else actions.next_issue).trigger()
        if self.window.navigator.current_issue == before:  # at an end: turn round
            self._back = not self._back
            (actions.prev_issue if self._back else actions.next_issue).trigger()
        self.left -= 1
        QTimer.singleShot(0, self._next)
