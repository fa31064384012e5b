"""The reading measure: lines of a readable length, centred in wide windows, and never fewer
than :data:`MIN_CHARS` characters in narrow ones.

Chinese reads best at roughly 30-40 characters a line. In a wide window the reading pane's
viewport is narrowed with side margins (the page stays centred, the scroll bar stays at the
edge); in a narrow one the side panels give way (down to their minimum) and the page margin
shrinks, so at 1024×640 the body still has at least 25 characters a line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QTextBrowser

MAX_CHARS = 38
MIN_CHARS = 25
WIDE_MARGIN, NARROW_MARGIN, TIGHT_MARGIN = 36, 18, 8
PANEL_MIN = 120  # px a side panel keeps when the reading pane needs room


def char_px(font_size_pt: float, dpi: float) -> float:
    """The advance of one Chinese character at ``font_size_pt`` (an em)."""
    return font_size_pt * dpi / 72


class ReadingMeasure(QObject):
    """Keeps ``browser``'s text between MIN_CHARS and MAX_CHARS characters wide;
    ``font_size()`` gives the body size in points (it changes with zoom)."""

    def __init__(self, browser: QTextBrowser, font_size: Callable[[], float],
                 splitter: QSplitter | None = None, reader_index: int = 2) -> None:
        super().__init__(browser)
        self.browser = browser
        self._font_size = font_size
        self.splitter = splitter
        self.reader_index = reader_index
        self._taken: dict[int, int] = {}  # px taken from each side panel, given back when there is room
        browser.installEventFilter(self)
        if splitter is not None:
            splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            if watched is self.splitter:
                # the window was resized (a drag of a handle is not a resize): once the splitter
                # has shared out the new width, which happens after this filter
                QTimer.singleShot(0, self, self.make_room)
            elif watched is self.browser:
                self.update()
        return False

    def em(self) -> float:
        return char_px(self._font_size(), self.browser.logicalDpiY())

    def min_width(self) -> int:
        """The reading pane's width that holds MIN_CHARS characters with a narrow margin."""
        bar = self.browser.verticalScrollBar().sizeHint().width()
        return int(MIN_CHARS * self.em() + 2 * TIGHT_MARGIN + bar + 4)

    def update(self) -> None:
        em = self.em()
        width = self.browser.width() - self.browser.verticalScrollBar().sizeHint().width()
        if width >= (MIN_CHARS + 4) * em + 2 * WIDE_MARGIN:
            margin = WIDE_MARGIN
        elif width >= MIN_CHARS * em + 2 * NARROW_MARGIN + 4:
            margin = NARROW_MARGIN
        else:
            margin = TIGHT_MARGIN  # a narrow window: characters before white space
        doc = self.browser.document()
        if doc.documentMargin() != margin:
            doc.setDocumentMargin(margin)
        page = int(MAX_CHARS * em + 2 * margin)
        side = max(0, (width - page) // 2)
        self.browser.setViewportMargins(side, 0, side, 0)

    def chars_per_line(self) -> float:
        """How many characters of body text fit on a line now (for checks)."""
        viewport = self.browser.viewport().width()
        return (viewport - 2 * self.browser.document().documentMargin()) / self.em()

    def make_room(self) -> None:
        """In a narrow window, shrink the side panels so the reading pane holds MIN_CHARS;
        in a wider one, give them back what was taken."""
        splitter = self.splitter
        if splitter is None:
            return
        sizes = splitter.sizes()
        need = self.min_width() - sizes[self.reader_index]
        if need < 0 and self._taken:
            spare = -need
            for i in list(self._taken):
                back = min(spare, self._taken[i])
                sizes[i] += back
                sizes[self.reader_index] -= back
                spare -= back
                self._taken[i] -= back
                if not self._taken[i]:
                    del self._taken[i]
            splitter.setSizes(sizes)
            return
        if need <= 0:
            return
        for i in sorted((i for i in range(len(sizes)) if i != self.reader_index),
                        key=lambda i: -sizes[i]):
            if need <= 0:
                break
            widget = splitter.widget(i)
            floor = max(PANEL_MIN, widget.minimumSizeHint().width() if widget is not None else 0)
            give = min(need, max(0, sizes[i] - floor))
            sizes[i] -= give
            sizes[self.reader_index] += give
            need -= give
            self._taken[i] = self._taken.get(i, 0) + give
        splitter.setSizes(sizes)
