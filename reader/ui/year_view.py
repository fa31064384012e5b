"""往期回顾: every year of the library as a row of twelve months, each showing how many
issues it holds; a click on a month with issues goes there."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader.models import Issue


def month_counts(issues: list[Issue]) -> dict[str, Counter[int]]:
    """{year: Counter(month -> issues)} for issues with a real date.

    >>> month_counts([Issue("a", "2022-01-11", "masthead", "a.txt")])
    {'2022': Counter({1: 1})}
    """
    out: dict[str, Counter[int]] = {}
    for issue in issues:
        year, month = issue.date[:4], issue.date[5:7]
        if year.isdigit() and month.isdigit():
            out.setdefault(year, Counter())[int(month)] += 1
    return out


class YearView(QDialog):
    """``monthChosen(year, month)`` when a month with issues is clicked."""

    monthChosen = Signal(int, int)

    def __init__(self, issues: list[Issue], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Past issues by month"))
        self.buttons: dict[tuple[int, int], QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        locale = QLocale()
        for m in range(1, 13):
            head = QLabel(locale.standaloneMonthName(m, QLocale.FormatType.ShortFormat))
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, m)
        counts = month_counts(issues)
        for row, year in enumerate(sorted(counts, reverse=True), start=1):
            grid.addWidget(QLabel(year), row, 0)
            for m in range(1, 13):
                n = counts[year][m]
                button = QPushButton(str(n) if n else "·")
                button.setEnabled(bool(n))
                button.setFlat(not n)
                button.setMinimumWidth(40)
                button.setToolTip(self.tr("{count} issues").format(count=n) if n else self.tr("No issues"))
                button.clicked.connect(lambda _c=False, y=int(year), mm=m: self._choose(y, mm))
                grid.addWidget(button, row, m)
                self.buttons[(int(year), m)] = button
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(min(760, inner.sizeHint().width() + 40), min(520, inner.sizeHint().height() + 40))

    def _choose(self, year: int, month: int) -> None:
        self.monthChosen.emit(year, month)
        self.accept()
