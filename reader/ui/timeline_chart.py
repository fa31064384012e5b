"""The timeline of a search as a bar chart: articles per year (or month), drawn with QPainter.

Bars in the theme's accent colour, labels in its muted colour. Clicking a bar
asks for that period (``periodPicked(first_day, last_day)``), dragging across
bars for the range they cover; the window turns that into the search's date
range. The chart holds data from :mod:`reader.research.timeline`, nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from reader.research.timeline import Timeline
from reader.ui.style import Theme

_LABEL_H = 16
_PAD = 6


class TimelineChart(QWidget):
    """Bars per period; ``periodPicked(first, last)`` on a click or a drag across bars."""

    periodPicked = Signal(str, str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._timeline: Timeline | None = None
        self._press: int | None = None
        self._drag: tuple[int, int] | None = None
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.hide()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(280, 84)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show ``timeline`` (hidden when it is None or has fewer than two periods)."""
        self._timeline = timeline
        self._drag = None
        self.setVisible(bool(timeline and len(timeline.buckets) > 1))
        self.update()

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    # -- geometry ------------------------------------------------------------------
    def bar_rect(self, k: int) -> QRectF:
        """Where bucket ``k``'s column is (the full height it may use)."""
        n = len(self._timeline.buckets) if self._timeline else 1
        width = (self.width() - 2 * _PAD) / max(n, 1)
        return QRectF(_PAD + k * width, _PAD, width, self.height() - 2 * _PAD - _LABEL_H)

    def bucket_at(self, pos: QPoint) -> int | None:
        if not self._timeline or not self._timeline.buckets:
            return None
        n = len(self._timeline.buckets)
        width = (self.width() - 2 * _PAD) / n
        k = int((pos.x() - _PAD) // width) if width > 0 else -1
        return min(max(k, 0), n - 1)

    # -- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        timeline = self._timeline
        if not timeline or not timeline.buckets:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self._theme.color
        top = max(b.articles for b in timeline.buckets) or 1
        lo, hi = self._drag if self._drag else (-1, -1)
        lo, hi = min(lo, hi), max(lo, hi)
        font = p.font()
        font.setPixelSize(10)
        p.setFont(font)
        step = self._label_step(p)
        for k, b in enumerate(timeline.buckets):
            r = self.bar_rect(k)
            if lo <= k <= hi:
                p.fillRect(r, c("selection"))
            h = r.height() * b.articles / top
            gap = min(2.0, r.width() * 0.15)
            bar = QRectF(r.left() + gap, r.bottom() - h, max(r.width() - 2 * gap, 1.0), h)
            p.fillRect(bar, c("accent") if b.articles else c("border"))
            if k % step == 0:
                p.setPen(c("muted"))
                label = b.period if timeline.granularity == "year" else b.period[2:]
                p.drawText(QRectF(r.left(), r.bottom() + 2, r.width() * step, _LABEL_H),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
        p.setPen(c("border"))
        p.drawLine(_PAD, int(self.bar_rect(0).bottom()), self.width() - _PAD, int(self.bar_rect(0).bottom()))
        p.end()

    def _label_step(self, p: QPainter) -> int:
        """Label every bar, or every second, fifth… so labels do not overlap."""
        if not self._timeline:
            return 1
        widest = p.fontMetrics().horizontalAdvance(self._timeline.buckets[-1].period) + 6
        width = self.bar_rect(0).width()
        for step in (1, 2, 3, 4, 6, 12, 24, 60):
            if width * step >= widest:
                return step
        return 120

    # -- picking -------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self.bucket_at(event.position().toPoint())
            if self._press is not None:
                self._drag = (self._press, self._press)
                self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        k = self.bucket_at(event.position().toPoint())
        if self._timeline and k is not None:
            b = self._timeline.buckets[k]
            if b.occurrences is None:
                self.setToolTip(self.tr("{period}: {articles} articles").format(period=b.period, articles=b.articles))
            else:
                self.setToolTip(self.tr("{period}: {articles} articles, {occurrences} matches").format(
                    period=b.period, articles=b.articles, occurrences=b.occurrences))
        if self._press is not None and k is not None:
            self._drag = (self._press, k)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._press is None or not self._timeline:
            return
        end = self.bucket_at(event.position().toPoint())
        first, last = sorted((self._press, self._press if end is None else end))
        self._press = None
        buckets = self._timeline.buckets
        self.periodPicked.emit(buckets[first].first, buckets[last].last)
