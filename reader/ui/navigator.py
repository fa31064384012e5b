"""The issue navigator: a calendar marking the days that have an issue, a year → month →
issue tree, and the chosen issue's details (with where its date came from)."""

from __future__ import annotations

import html
from collections import defaultdict

from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, Signal
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
from reader.ui.style import Theme
from reader.ui.widgets import named
from reader.ui.year_view import YearView


class IssueTreeModel(QStandardItemModel):
    """Years, their months, and the issues in each month (ID_ROLE holds an issue's id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}

    def set_issues(self, issues: list[Issue], labels: dict[str, str], year_fmt: str, month_fmt: str,
                   unknown: str = "Date unknown", unnamed: str = "Unnamed paper") -> None:
        """Year → month → issue; with several papers, each paper first; undated issues last."""
        self.clear()
        self._items = {}
        papers: dict[str, list[Issue]] = defaultdict(list)
        for issue in issues:
            papers[issue.paper].append(issue)
        root = self.invisibleRootItem()
        if len(papers) <= 1:
            self._fill(root, issues, labels, year_fmt, month_fmt, unknown)
            return
        for paper in sorted(papers, key=lambda p: (p == "", p)):
            item = QStandardItem(paper or unnamed)
            item.setEditable(False)
            self._fill(item, papers[paper], labels, year_fmt, month_fmt, unknown)
            root.appendRow(item)

    def _fill(self, parent: QStandardItem, issues: list[Issue], labels: dict[str, str], year_fmt: str,
              month_fmt: str, unknown: str) -> None:
        by_year: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
        undated: list[Issue] = []
        for issue in issues:
            if issue.date:
                by_year[issue.date[:4]][issue.date[5:7]].append(issue)
            else:
                undated.append(issue)
        for year in sorted(by_year):
            y = QStandardItem(year_fmt.format(year=year))
            y.setEditable(False)
            for month in sorted(by_year[year]):
                name = QLocale().standaloneMonthName(int(month))
                m = QStandardItem(month_fmt.format(year=year, month=int(month), name=name))
                m.setEditable(False)
                for issue in by_year[year][month]:
                    m.appendRow(self._issue_item(issue, labels))
                y.appendRow(m)
            parent.appendRow(y)
        if undated:
            u = QStandardItem(unknown)
            u.setEditable(False)
            for issue in undated:
                u.appendRow(self._issue_item(issue, labels))
            parent.appendRow(u)

    def _issue_item(self, issue: Issue, labels: dict[str, str]) -> QStandardItem:
        item = QStandardItem(labels[issue.id])
        item.setEditable(False)
        item.setData(issue.id, ID_ROLE)
        item.setToolTip(plain.tooltip(issue.date_note or ", ".join(issue.sources) or issue.source))
        self._items[issue.id] = item
        return item

    def index_of(self, issue_id: str) -> QModelIndex:
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
    def set_issues(self, issues: list[Issue]) -> None:
        self._issues = list(issues)
        self._by_date = defaultdict(list)
        for issue in issues:
            self._by_date[issue.date].append(issue)
        labels = {i.id: self.issue_label(i) for i in issues}
        self.model.set_issues(issues, labels, self.tr("{year}"), self.tr("{name} {year}"),
                              self.tr("Date unknown"), self.tr("Unnamed paper"))
        self._mark_days()
        if self._current and self._current in labels:
            self.select_issue(self._current, notify=False)

    @property
    def issues(self) -> list[Issue]:
        return list(self._issues)

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
        issue = next((i for i in self._issues if i.id == issue_id), None)
        if issue is None:
            return False
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
        ids = [i.id for i in self._issues]
        pos = ids.index(self._current) if self._current in ids else (-1 if delta > 0 else len(ids))
        target = pos + delta
        if not 0 <= target < len(ids):
            return False
        return self.select_issue(ids[target])

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
        """The last issue before ``date`` and the first after it (None at either end)."""
        before = [i for i in self._issues if i.date < date]
        after = [i for i in self._issues if i.date > date]
        return (before[-1] if before else None), (after[0] if after else None)

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
        first = next((i for i in self._issues if i.date.startswith(prefix)), None)
        self.calendar.setCurrentPage(year, month)
        return self.select_issue(first.id) if first is not None else False

    def _tree_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        issue_id = current.data(ID_ROLE)
        if isinstance(issue_id, str):
            self.select_issue(issue_id)
