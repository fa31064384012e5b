"""Run start-up work once the window has been painted.

Threads started before the first paint (reading the whole issue list, the search warm-up,
a look at the index) take turns with the GUI thread on the interpreter, and the window
would show its first issue later by as much. :func:`after_first_paint` holds them back
until the turn of the event loop after the window's first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window shown but never painted (opened minimised, on a hidden desktop) starts its work
# anyway after this long: nothing must wait on a paint that may not come.
NO_PAINT_MS = 1000


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(NO_PAINT_MS, self, self._run)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._then is not None:
            # not now: the rest of the window paints in this same pass
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        then()


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, on the event loop's turn after ``widget`` is first painted; at
    once if ``widget`` is not visible (nothing would paint it)."""
    if not widget.isVisible():
        then()
        return
    _FirstPaint(widget, then)
