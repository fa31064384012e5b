"""The issue calendar: a QCalendarWidget whose days say whether the library has an issue.

Days with an issue are bold and underlined in the accent colour (italic when every issue
that day has an inferred date), days without one in the muted colour (the weekday formats,
set once per theme), other months' days fainter still (the view's disabled text colour,
which Qt uses for them).

Only the issue days on show carry a date format, and ``setDateTextFormat`` is called only
for a day that gains or loses its mark: turning a month costs at most the marks of two
grids, opening another issue of the same month nothing. (PySide6 6.12.0 loses a reference to
``None`` in every call of a method that returns nothing; marking every issue date on every
change aborted the app on large libraries. Painting the cells in Python would be worse: a
``paintCell`` override makes several such calls per cell on every repaint.)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QTableView, QToolButton, QWidget

from reader.ui.style import Theme

# What a day looks like: the keys :meth:`IssueCalendar.day_kind` returns.
EMPTY, OTHER, ISSUE, GUESSED = "empty", "other", "issue", "guessed"
GRID_DAYS = 42  # QCalendarWidget always shows six weeks

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
        self._shown: dict[QDate, str] = {}  # the days given a format, and which
        self.format_calls = 0  # setDateTextFormat calls made (tests keep it small)
        self.set_theme(theme)
        self.currentPageChanged.connect(lambda _y, _m: self.refresh())
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
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        base = theme.color("base")
        self._colors = {
            EMPTY: theme.color("muted"),
            OTHER: blend(theme.color("muted"), base, 0.6),
            ISSUE: theme.color("issue_day"),
            GUESSED: theme.color("issue_day"),
        }
        plain = QTextCharFormat()
        plain.setForeground(QBrush(self._colors[EMPTY]))
        for day in Qt.DayOfWeek:
            if day.value:  # 1..7 (no "Invalid" day)
                self.setWeekdayTextFormat(day, plain)
        view = self.findChild(QTableView, "qt_calendar_calendarview")
        if view is not None:
            palette = view.palette()
            palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, self._colors[OTHER])
            view.setPalette(palette)
        self.refresh(force=True)

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

    def refresh(self, *, force: bool = False) -> None:
        """Mark the days on show; with ``force`` (new issues, new theme) re-set each of them."""
        start = grid_start(self.yearShown(), self.monthShown(), self.firstDayOfWeek())
        days = (start.addDays(n) for n in range(GRID_DAYS))
        wanted = {d: k for d in days if (k := self.day_kind(d)) in (ISSUE, GUESSED)}
        for day in [d for d in self._shown if d not in wanted]:
            self._apply(day, None)
            del self._shown[day]
        for day, kind in wanted.items():
            if force or self._shown.get(day) != kind:
                self._apply(day, kind)
                self._shown[day] = kind

    def _apply(self, day: QDate, kind: str | None) -> None:
        self.format_calls += 1
        fmt = QTextCharFormat()
        if kind is not None:
            fmt.setForeground(QBrush(self._colors[kind]))
            if kind in (ISSUE, GUESSED):
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setFontUnderline(True)
                fmt.setFontItalic(kind == GUESSED)
        self.setDateTextFormat(day, fmt)


def grid_start(year: int, month: int, first_day: Qt.DayOfWeek) -> QDate:
    """The first day QCalendarWidget shows for ``year``/``month``: a whole week before the 1st
    when the 1st falls on the first day of the week, as Qt does."""
    first = QDate(year, month, 1)
    back = (first.dayOfWeek() - first_day.value) % 7
    return first.addDays(-(back or 7))
