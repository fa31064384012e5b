"""The issue navigator: a calendar marking the days that have an issue, a year → month →
issue tree, and the chosen issue's details (with where its date came from)."""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping

from PySide6.QtCore import QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QLabel,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.models import Issue
from reader.ui import plaintext as plain
from reader.ui.delegates import ID_ROLE
from reader.ui.issue_calendar import IssueCalendar
from reader.ui.issue_list import IssueList, PaperIssues, by_paper
from reader.ui.style import Theme
from reader.ui.widgets import named
from reader.ui.year_view import YearView

HOLDER_ROLE = int(Qt.ItemDataRole.UserRole) + 40  # a month's (or the undated) row: its key in the model


class IssueTreeModel(QStandardItemModel):
    """Years, their months, and the issues in each month (ID_ROLE holds an issue's id).

    Lazy, so a library of a century of dailies opens at once: the years and months are made
    up front (a few hundred rows), a month's issues only when the month is first expanded
    (Qt asks through :meth:`canFetchMore` / :meth:`fetchMore`) or one of its issues is
    selected (:meth:`index_of`); the undated issues :data:`BATCH` at a time as they are
    scrolled to.
    """

    BATCH = 500  # undated issues (one list, however long) added at a time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}  # the issue rows made so far
        self._holder: dict[str, int] = {}  # issue id -> the key of the row that holds it
        self._waiting: dict[int, list[Issue]] = {}  # key -> its issues not yet made (in order)
        self._rows: dict[int, QStandardItem] = {}  # key -> the month (or undated) row
        self._label: Callable[[Issue], str] = lambda issue: issue.date
        self._adding = False  # rows are being inserted: no fetch may start inside that

    def set_issues(self, issues: list[Issue], labels: Mapping[str, str] | Callable[[Issue], str],
                   year_fmt: str, month_fmt: str,
                   unknown: str = "Date unknown", unnamed: str = "Unnamed paper") -> None:
        """Year → month → issue; with several papers, each paper first; undated issues last.
        ``labels`` gives an issue's row text (by id, or a function of the issue)."""
        self.set_papers(by_paper(issues), labels, year_fmt, month_fmt, unknown, unnamed)

    def set_papers(self, papers: list[PaperIssues], labels: Mapping[str, str] | Callable[[Issue], str],
                   year_fmt: str, month_fmt: str,
                   unknown: str = "Date unknown", unnamed: str = "Unnamed paper") -> None:
        """As :meth:`set_issues`, from issues already grouped (on another thread)."""
        self._label = labels if callable(labels) else (lambda issue: labels[issue.id])
        self.clear()
        self._items, self._holder, self._waiting, self._rows = {}, {}, {}, {}
        self._adding = True
        try:
            root = self.invisibleRootItem()
            if len(papers) <= 1:
                for paper in papers:
                    self._fill(root, paper, year_fmt, month_fmt, unknown)
                return
            for paper in papers:
                item = QStandardItem(paper.paper or unnamed)
                item.setEditable(False)
                self._fill(item, paper, year_fmt, month_fmt, unknown)
                root.appendRow(item)
        finally:
            self._adding = False

    def _fill(self, parent: QStandardItem, paper: PaperIssues, year_fmt: str, month_fmt: str,
              unknown: str) -> None:
        locale = QLocale()
        for year, months in paper.years:
            y = QStandardItem(year_fmt.format(year=year))
            y.setEditable(False)
            y.appendRows([self._holding(month_fmt.format(year=year, month=month,
                                                         name=locale.standaloneMonthName(month)), issues)
                          for month, issues in months])
            parent.appendRow(y)
        if paper.undated:
            parent.appendRow(self._holding(unknown, paper.undated))

    def _holding(self, text: str, issues: list[Issue]) -> QStandardItem:
        """A row whose children are ``issues``, made when first wanted."""
        item = QStandardItem(text)
        item.setEditable(False)
        item.setColumnCount(1)  # now: rows fetched later are inserted alone, not with a column
        key = len(self._rows) + 1
        item.setData(key, HOLDER_ROLE)
        self._rows[key] = item
        self._waiting[key] = list(issues)
        for issue in issues:
            self._holder[issue.id] = key
        return item

    def _key(self, parent: QModelIndex | QPersistentModelIndex) -> int:
        key = parent.data(HOLDER_ROLE) if parent.isValid() else None
        return key if isinstance(key, int) else 0

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return self.canFetchMore(parent) or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        # not while rows go in: a view (or a model tester) asked at rowsInserted would nest
        # an insertion inside the one under way
        return not self._adding and bool(self._waiting.get(self._key(parent)))

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        self._make(self._key(parent), self.BATCH)

    def _make(self, key: int, count: int) -> None:
        """Make the next ``count`` waiting issue rows of the row ``key``."""
        waiting = self._waiting.get(key)
        if not waiting:
            return
        batch, self._waiting[key] = waiting[:count], waiting[count:]
        rows = [self._issue_item(issue) for issue in batch]
        self._adding = True
        try:
            self._rows[key].appendRows(rows)
        finally:
            self._adding = False

    def _issue_item(self, issue: Issue) -> QStandardItem:
        item = QStandardItem(self._label(issue))
        item.setEditable(False)
        item.setData(issue.id, ID_ROLE)
        item.setToolTip(plain.tooltip(issue.date_note or ", ".join(issue.sources) or issue.source))
        self._items[issue.id] = item
        return item

    def index_of(self, issue_id: str) -> QModelIndex:
        """The issue's row, made (with the rows before it in its month) if it was not yet."""
        item = self._items.get(issue_id)
        if item is None and issue_id in self._holder:
            key = self._holder[issue_id]
            waiting = self._waiting.get(key, [])
            at = next((n for n, issue in enumerate(waiting) if issue.id == issue_id), -1)
            if at >= 0:
                self._make(key, max(at + 1, self.BATCH))
            item = self._items.get(issue_id)
        return item.index() if item is not None else QModelIndex()


class Navigator(QWidget):
    """``issueSelected(id)`` when the reader picks an issue in the calendar or the tree."""

    issueSelected = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._issues: list[Issue] = []
        self._by_date: dict[str, list[Issue]] = {}
        self._pos: dict[str, int] = {}  # issue id -> its place in _issues
        self._dates: list[str] = []  # the dated issues' dates, in order (for bisect)
        self._current: str | None = None
        self.calendar = IssueCalendar(theme)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.model = IssueTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.no_issue = named(QLabel(), "details")  # a day without an issue: say so, offer the nearest
        self.no_issue.setWordWrap(True)
        self.no_issue.setTextFormat(Qt.TextFormat.RichText)
        self.no_issue.setContentsMargins(10, 6, 10, 0)
        self.no_issue.hide()
        self.no_issue.linkActivated.connect(self._nearest_chosen)
        self.year_button = QToolButton()
        self.year_button.setText(self.tr("Past issues"))
        self.year_button.setToolTip(self.tr("Every month of the library at a glance"))
        self.year_button.setAutoRaise(True)
        self.year_button.clicked.connect(self.show_year_view)
        self.year_view: YearView | None = None
        self.details = named(QLabel(), "details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setContentsMargins(10, 6, 10, 8)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.calendar)
        self.splitter.addWidget(self.tree)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.year_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.no_issue)
        layout.addWidget(self.details)
        self.calendar.clicked.connect(self._date_clicked)
        self.calendar.activated.connect(self._date_clicked)
        self.calendar.set_day_kind(self._day_kind)
        self.tree.selectionModel().currentChanged.connect(self._tree_changed)

    # -- data ------------------------------------------------------------------------
    def set_issues(self, issues: list[Issue] | IssueList) -> None:
        """Show ``issues``: a list, or one arranged on another thread (:class:`IssueList`);
        the open issue, if it is among them, is selected in the calendar and the tree."""
        listed = issues if isinstance(issues, IssueList) else IssueList.of(issues)
        self._issues = listed.issues  # dated (by date) first, as stored
        self._by_date = listed.by_date
        self._pos = listed.pos
        self._dates = listed.dates
        # labels are made as rows are: the tree makes a month's rows when it is opened
        self.model.set_papers(listed.papers, self.issue_label, self.tr("{year}"), self.tr("{name} {year}"),
                              self.tr("Date unknown"), self.tr("Unnamed paper"))
        self._mark_days()
        if self._current and self._current in self._pos:
            self.select_issue(self._current, notify=False)

    @property
    def issues(self) -> list[Issue]:
        return list(self._issues)

    def newest(self) -> Issue | None:
        """The issue of the latest date (the last undated one if none has a date)."""
        if self._dates:
            return self._issues[len(self._dates) - 1]
        return self._issues[-1] if self._issues else None

    def issue_label(self, issue: Issue) -> str:
        d = QDate.fromString(issue.date, "yyyy-MM-dd")
        if d.isValid():
            text = self.tr("{month}/{day}").format(month=d.month(), day=d.day())
        else:
            text = issue.source  # no date: the file it came from says which one it is
        if issue.number:
            text += " " + self.tr("No. {number}").format(number=issue.number)
        if issue.date_source == "inferred":
            text += " " + self.tr("(date inferred)")
        same_day = self._by_date.get(issue.date, ())
        if d.isValid() and len(same_day) > 1:
            papers = {i.paper for i in same_day}
            text += f" · {issue.paper}" if len(papers) > 1 and issue.paper else f" · {issue.source}"
        return text

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.calendar.set_theme(theme)

    def _mark_days(self) -> None:
        self.calendar.refresh()

    def _day_kind(self, date: str) -> str | None:
        issues = self._by_date.get(date)
        if not issues:
            return None
        return "guessed" if all(i.date_source == "inferred" for i in issues) else "issue"

    # -- selection ---------------------------------------------------------------------
    @property
    def current_issue(self) -> str | None:
        return self._current

    def select_issue(self, issue_id: str, *, notify: bool = True) -> bool:
        pos = self._pos.get(issue_id)
        if pos is None:
            return False
        issue = self._issues[pos]
        changed = issue_id != self._current
        self._current = issue_id
        index = self.model.index_of(issue_id)
        if index.isValid():
            blocked = self.tree.selectionModel().blockSignals(True)
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().blockSignals(blocked)
            self.tree.scrollTo(index)
        d = QDate.fromString(issue.date, "yyyy-MM-dd")
        if d.isValid():
            blocked = self.calendar.blockSignals(True)
            self.calendar.setSelectedDate(d)
            self.calendar.blockSignals(blocked)
            self._mark_days()
        self.details.setText(self.describe(issue))
        self.no_issue.hide()
        if notify and changed:
            self.issueSelected.emit(issue_id)
        return True

    def step(self, delta: int) -> bool:
        """Select the previous (-1) or next (+1) issue by date; False at either end."""
        if not self._issues:
            return False
        count = len(self._issues)
        pos = self._pos.get(self._current or "", -1 if delta > 0 else count)
        target = pos + delta
        if not 0 <= target < count:
            return False
        return self.select_issue(self._issues[target].id)

    def describe(self, issue: Issue) -> str:
        """The issue's details: date, number, article count, and where the date came from."""
        sources = {
            "masthead": self.tr("the masthead"),
            "filename": self.tr("the file name"),
            "manifest": self.tr("the manifest"),
            "inferred": self.tr("inferred from the text"),
        }
        lines = [issue.date or self.tr("Date unknown")]
        if issue.paper:
            lines[0] = f"{issue.paper}  {lines[0]}"
        if issue.number:
            lines[0] += "  " + self.tr("No. {number}").format(number=issue.number)
        lines[0] += "  " + self.tr("{count} articles").format(count=issue.article_count)
        numbered = [p for p in issue.pages if p.number is not None]
        if numbered:
            lines[0] += "  " + self.tr("{count} pages").format(count=len(numbered))
        if issue.date_source == "inferred":
            lines.append(self.tr("Date inferred (not printed in the issue)."))
            if issue.date_note:
                lines.append(issue.date_note)
        elif issue.date_source == "unknown":
            lines.append(self.tr("Nothing in the text or the file name gives the date."))
            if issue.date_note:
                lines.append(issue.date_note)
        else:
            lines.append(self.tr("Date from {source}").format(source=sources.get(issue.date_source, issue.date_source)))
        if len(issue.sources) > 1:
            lines.append(self.tr("Files: {first} and {more} more").format(
                first=issue.sources[0], more=len(issue.sources) - 1))
        else:
            lines.append(self.tr("File: {name}").format(name=issue.source))
        return "\n".join(lines)

    def _date_clicked(self, date: QDate) -> None:
        found = self._by_date.get(date.toString("yyyy-MM-dd"))
        if found:
            self.select_issue(found[0].id)
        else:
            self.say_no_issue(date)

    def nearest(self, date: str) -> tuple[Issue | None, Issue | None]:
        """The last dated issue before ``date`` and the first after it (None at either end)."""
        lo, hi = bisect_left(self._dates, date), bisect_right(self._dates, date)
        return (self._issues[lo - 1] if lo else None), (self._issues[hi] if hi < len(self._dates) else None)

    def say_no_issue(self, date: QDate) -> None:
        """No issue that day: say so (the open issue stays open) and link the nearest ones."""
        day = date.toString("yyyy-MM-dd")
        before, after = self.nearest(day)
        links = [f'<a href="{html.escape(i.id)}">{html.escape(label.format(date=i.date))}</a>'
                 for i, label in ((before, "◀ {date}"), (after, "{date} ▶")) if i is not None]
        text = html.escape(self.tr("No issue on {date}.").format(date=day))
        if links:
            text += " " + html.escape(self.tr("Nearest:")) + " " + "　".join(links)
        self.no_issue.setText(text)
        self.no_issue.show()

    def go_to_date(self, date: QDate) -> bool:
        """Open the issue of ``date``; if there is none, say so and offer the nearest."""
        found = self._by_date.get(date.toString("yyyy-MM-dd"))
        if found:
            return self.select_issue(found[0].id)
        self.calendar.setCurrentPage(date.year(), date.month())
        self.say_no_issue(date)
        return False

    def _nearest_chosen(self, issue_id: str) -> None:
        self.select_issue(issue_id)

    def show_year_view(self) -> YearView:
        """往期回顾: the months with issues; a click opens that month's first issue."""
        view = YearView(self._issues, self)
        view.monthChosen.connect(self.go_to_month)
        view.setWindowModality(Qt.WindowModality.WindowModal)
        view.show()
        self.year_view = view
        return view

    def go_to_month(self, year: int, month: int) -> bool:
        prefix = f"{year:04d}-{month:02d}"
        at = bisect_left(self._dates, prefix)
        first = self._issues[at] if at < len(self._dates) and self._dates[at].startswith(prefix) else None
        self.calendar.setCurrentPage(year, month)
        return self.select_issue(first.id) if first is not None else False

    def _tree_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue_id = current.data(ID_ROLE)
        if isinstance(issue_id, str):
            self.select_issue(issue_id)
