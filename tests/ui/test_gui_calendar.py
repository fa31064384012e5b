"""The calendar: marks only the month on show, with few ``setDateTextFormat`` calls (issue 14
item 1: PySide6 6.12.0 aborted after enough of them), and says so when a day has no issue
(issue 13 item 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont

from reader.models import Issue
from reader.ui.issue_calendar import EMPTY, GUESSED, ISSUE, OTHER, grid_start
from reader.ui.navigator import Navigator
from reader.ui.style import load_theme


def daily_issues(n: int, start: dt.date = dt.date(2018, 1, 1)) -> list[Issue]:
    """``n`` issues on consecutive days (odd days skipped in odd months)."""
    out: list[Issue] = []
    day = start
    while len(out) < n:
        if not (day.month % 2 and day.day % 2):
            iso = day.isoformat()
            out.append(Issue(id=f"i{iso}", date=iso, date_source="filename", source=f"{iso}.txt"))
        day += dt.timedelta(days=1)
    return out


def make_navigator(qtbot: Any, issues: list[Issue]) -> Navigator:
    nav = Navigator(load_theme("light"))
    qtbot.addWidget(nav)
    nav.set_issues(issues)
    return nav


def test_changing_issue_in_one_month_sets_no_formats(qtbot: Any) -> None:
    issues = daily_issues(1500)
    nav = make_navigator(qtbot, issues)
    nav.select_issue(issues[200].id)
    before = nav.calendar.format_calls
    for issue in [i for i in issues if i.date[:7] == issues[200].date[:7]]:
        nav.select_issue(issue.id)
    assert nav.calendar.format_calls == before


def test_a_month_turned_costs_at_most_two_grids_not_one_call_per_issue(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    issues = daily_issues(1500)
    nav = make_navigator(qtbot, issues)
    assert nav.calendar.format_calls <= 2 * 42
    nav.select_issue(issues[0].id)
    for _ in range(200):  # 200 issue changes, 8 of them into another month
        before = nav.calendar.format_calls
        nav.step(+1)
        assert nav.calendar.format_calls - before <= 2 * 42
    before = nav.calendar.format_calls
    nav.set_theme(load_theme("dark"))
    assert nav.calendar.format_calls - before <= 42


def test_only_the_visible_grid_carries_formats(qtbot: Any) -> None:
    issues = daily_issues(400)
    nav = make_navigator(qtbot, issues)
    nav.select_issue(issues[0].id)
    nav.select_issue(issues[-1].id)
    cal = nav.calendar
    first = QDate.fromString(issues[0].date, "yyyy-MM-dd")
    assert cal.dateTextFormat(first).fontWeight() != QFont.Weight.Bold  # the month left is cleared
    assert sum(1 for f in cal.dateTextFormat().values() if f.propertyCount()) <= 42
    last = QDate.fromString(issues[-1].date, "yyyy-MM-dd")
    assert cal.dateTextFormat(last).fontWeight() == QFont.Weight.Bold
    cal.setCurrentPage(2018, 3)  # paging the calendar marks the new month
    march = QDate(2018, 3, 2)
    assert cal.dateTextFormat(march).fontWeight() == QFont.Weight.Bold
    assert cal.dateTextFormat(QDate(2018, 3, 1)).propertyCount() == 0  # no issue: no date format


def test_grid_start_matches_qt() -> None:
    assert grid_start(2022, 8, Qt.DayOfWeek.Monday) == QDate(2022, 7, 25)  # the 1st is a Monday
    assert grid_start(2022, 1, Qt.DayOfWeek.Monday) == QDate(2021, 12, 27)


def test_days_are_painted_by_whether_they_have_an_issue(qtbot: Any) -> None:
    issues = [Issue(id="a", date="2022-01-11", date_source="masthead", source="a.txt"),
              Issue(id="b", date="2022-01-13", date_source="inferred", source="b.txt")]
    nav = make_navigator(qtbot, issues)
    nav.select_issue("a")
    cal = nav.calendar
    assert cal.day_kind(QDate(2022, 1, 11)) == ISSUE
    assert cal.day_kind(QDate(2022, 1, 13)) == GUESSED
    assert cal.day_kind(QDate(2022, 1, 12)) == EMPTY
    assert cal.day_kind(QDate(2022, 2, 2)) == OTHER
    assert cal.day_font(QDate(2022, 1, 11)).weight() == QFont.Weight.Bold
    assert cal.day_font(QDate(2022, 1, 13)).italic()
    assert cal.day_font(QDate(2022, 1, 12)).weight() != QFont.Weight.Bold


@pytest.mark.parametrize("theme", ["light", "sepia", "dark"])
def test_other_months_days_are_fainter_than_empty_days(qtbot: Any, theme: str) -> None:
    issues = [Issue(id="a", date="2022-01-11", date_source="masthead", source="a.txt")]
    nav = make_navigator(qtbot, issues)
    nav.set_theme(load_theme(theme))
    nav.select_issue("a")
    base = load_theme(theme).color("base")
    empty = nav.calendar.day_color(QDate(2022, 1, 12))
    other = nav.calendar.day_color(QDate(2022, 2, 2))

    def contrast(c: Any) -> int:
        return abs(c.lightness() - base.lightness())

    assert contrast(other) < contrast(empty)


def test_a_day_without_an_issue_says_so_and_offers_the_nearest(qtbot: Any) -> None:
    issues = [Issue(id="a", date="2022-01-11", date_source="masthead", source="a.txt"),
              Issue(id="b", date="2022-01-20", date_source="masthead", source="b.txt")]
    nav = make_navigator(qtbot, issues)
    nav.select_issue("a")
    nav.calendar.clicked.emit(QDate(2022, 1, 15))
    assert nav.current_issue == "a"  # the open issue stays open, and the panel says why
    assert not nav.no_issue.isHidden()
    text = nav.no_issue.text()
    assert "2022-01-15" in text and "2022-01-11" in text and "2022-01-20" in text
    with qtbot.waitSignal(nav.issueSelected) as chosen:
        nav.no_issue.linkActivated.emit("b")
    assert chosen.args == ["b"]
    assert nav.no_issue.isHidden()


def test_the_year_view_shows_months_with_issues_and_goes_there(qtbot: Any) -> None:
    issues = daily_issues(100)
    nav = make_navigator(qtbot, issues)
    view = nav.show_year_view()
    qtbot.addWidget(view)
    assert view.buttons[(2018, 2)].isEnabled() and view.buttons[(2018, 2)].text() == "28"
    assert not view.buttons[(2018, 12)].isEnabled()
    with qtbot.waitSignal(nav.issueSelected):
        view.buttons[(2018, 3)].click()
    assert nav.current_issue == next(i.id for i in issues if i.date.startswith("2018-03"))
    assert (nav.calendar.yearShown(), nav.calendar.monthShown()) == (2018, 3)


def test_month_arrows_are_text_in_every_theme(qtbot: Any) -> None:
    from PySide6.QtWidgets import QToolButton

    nav = make_navigator(qtbot, daily_issues(3))
    for name in ("qt_calendar_prevmonth", "qt_calendar_nextmonth"):
        button = nav.calendar.findChild(QToolButton, name)
        assert button is not None and button.text() in ("‹", "›") and button.icon().isNull()
