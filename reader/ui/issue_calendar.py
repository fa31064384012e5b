"""The issue calendar: a QCalendarWidget that paints each day by whether it has an issue.

Days with an issue are bold and underlined in the accent colour (italic when every
issue that day has an inferred date), days without one grey, and other months' days
fainter still. The look is computed when a cell is painted, for the 42 days on show,
so nothing is stored per date: the widget never calls ``setDateTextFormat``, which in
PySide6 6.12.0 loses a reference to ``None`` on every call (marking every issue date
on every change aborted the app on large libraries).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QCalendarWidget, QToolButton, QWidget

from reader.ui.style import Theme

# What a day looks like: the keys :meth:`IssueCalendar.day_kind` returns.
EMPTY, OTHER, ISSUE, GUESSED = "empty", "other", "issue", "guessed"

DayKind = Callable[[str], str | None]  # "YYYY-MM-DD" -> None, "issue" or "guessed"


def blend(a: QColor, b: QColor, share: float) -> QColor:
    """``a`` moved ``share`` of the way towards ``b`` (0: ``a``, 1: ``b``).

    >>> blend(QColor("#000000"), QColor("#ffffff"), 0.5).name()
    '#808080'
    """
    return QColor(
        round(a.red() + (b.red() - a.red()) * share),
        round(a.green() + (b.green() - a.green()) * share),
        round(a.blue() + (b.blue() - a.blue()) * share),
    )


class IssueCalendar(QCalendarWidget):
    """A month calendar whose days say whether the library has an issue on them."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: DayKind = lambda _date: None
        self._colors: dict[str, QColor] = {}
        self.set_theme(theme)
        # The style's arrow icons are dark pixmaps, lost on the dark theme: text arrows take
        # the palette's text colour in every theme.
        for name, text in (("qt_calendar_prevmonth", "‹"), ("qt_calendar_nextmonth", "›")):
            button = self.findChild(QToolButton, name)
            if button is not None:
                button.setIcon(QIcon())
                button.setText(text)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                font = button.font()
                font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
                font.setBold(True)
                button.setFont(font)

    def set_day_kind(self, kind: DayKind) -> None:
        """``kind(date)`` says which days have issues; the days on show are repainted."""
        self._kind = kind
        self.updateCells()

    def set_theme(self, theme: Theme) -> None:
        base = theme.color("base")
        self._colors = {
            EMPTY: theme.color("empty_day"),
            OTHER: blend(theme.color("empty_day"), base, 0.55),
            ISSUE: theme.color("issue_day"),
            GUESSED: theme.color("issue_day"),
            "selection": theme.color("selection"),
            "selection_text": theme.color("selection_text"),
        }
        self.updateCells()

    def day_kind(self, date: QDate) -> str:
        """How ``date`` is painted in the month on show: ISSUE, GUESSED, EMPTY or OTHER."""
        kind = self._kind(date.toString("yyyy-MM-dd"))
        if kind is not None:
            return GUESSED if kind == "guessed" else ISSUE
        return EMPTY if date.month() == self.monthShown() and date.year() == self.yearShown() else OTHER

    def day_color(self, date: QDate) -> QColor:
        return QColor(self._colors[self.day_kind(date)])

    def day_font(self, date: QDate) -> QFont:
        font = QFont(self.font())
        kind = self.day_kind(date)
        if kind in (ISSUE, GUESSED):
            font.setWeight(QFont.Weight.Bold)
            font.setUnderline(True)
            font.setItalic(kind == GUESSED)
        return font

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802 - Qt's name
        painter.save()
        color = self.day_color(date)
        if date == self.selectedDate():
            fill = self._colors["selection"]
            if not self.hasFocus():
                fill = blend(fill, self.palette().color(QPalette.ColorRole.Base), 0.3)
            painter.fillRect(rect.adjusted(1, 1, -1, -1), fill)
            if self.day_kind(date) in (EMPTY, OTHER):
                color = self._colors["selection_text"]
        painter.setFont(self.day_font(date))
        painter.setPen(color)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(date.day()))
        painter.restore()
