"""历史上的今天: a window listing what the library's papers printed on this day in earlier years.

Newest year first; each article under its issue's date (and how many years
ago). Activating an article asks the main window to open it; the dialog stays.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.research.onthisday import OnThisDay
from reader.ui.widgets import named

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class OnThisDayDialog(QDialog):
    """``dayChanged(MM-DD)`` when another day is picked; ``openRequested(article_id)``."""

    dayChanged = Signal(str)
    openRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("On this day (历史上的今天)"))
        self.day = QDateEdit()
        self.day.setDisplayFormat("MM-dd")
        self.day.setCalendarPopup(True)
        self.summary = named(QLabel(), "muted")
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self._ids: list[str] = []
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Day:")))
        row.addWidget(self.day)
        row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        self.resize(520, 480)
        self.day.dateChanged.connect(lambda d: self.dayChanged.emit(d.toString("MM-dd")))
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)

    def set_day(self, month_day: str) -> None:
        """Put ``month_day`` in the day box without asking for it again."""
        month, day = (int(x) for x in month_day.split("-"))
        self.day.blockSignals(True)
        self.day.setDate(QDate(2024, month, day))  # a leap year, so 02-29 is a day
        self.day.blockSignals(False)

    def show_day(self, found: OnThisDay) -> None:
        self.set_day(found.month_day)
        self.tree.clear()
        self._ids = [a.id for issue in found.issues for a in issue.articles]
        for issue in found.issues:
            head = self.tr("{date} · {years} years ago").format(date=issue.date, years=issue.years_ago)
            if issue.paper:
                head += f" · {issue.paper}"
            top = QTreeWidgetItem([head])
            for a in issue.articles:
                item = QTreeWidgetItem([a.title or a.heading])
                item.setData(0, ID_ROLE, a.id)
                item.setToolTip(0, a.title or a.heading)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.summary.setText(self.tr("{articles} articles in {issues} issues").format(
            articles=found.total, issues=len(found.issues)) if found.issues
            else self.tr("Nothing printed on this day in earlier years"))

    def article_ids(self) -> list[str]:
        """The ids of the articles listed, in order."""
        return list(self._ids)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        aid = item.data(0, ID_ROLE)
        if aid:
            self.openRequested.emit(str(aid))
