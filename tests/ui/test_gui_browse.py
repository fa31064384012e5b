"""Browsing: issues, articles, keyboard navigation, issue details, calendar marks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont

from reader.ui.settings import DEFAULT_FONT_SIZE


def test_selecting_an_issue_lists_its_articles_in_print_order(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    assert len(issues) >= 2
    target = issues[0]
    window.navigator.select_issue(target.id)
    expected = [a.id for a in window.library.articles(target.id)]
    model = window.article_list.model
    assert [model.article(r).id for r in range(model.rowCount())] == expected
    # the first article opens in the reading pane
    assert window.reader.article is not None and window.reader.article.id == expected[0]


def test_clicking_an_issue_in_the_tree_selects_it(window: Any, qtbot: Any) -> None:
    issue = window.library.issues()[0]
    index = window.navigator.model.index_of(issue.id)
    assert index.isValid()
    with qtbot.waitSignal(window.navigator.issueSelected):
        window.navigator.tree.setCurrentIndex(index)
    assert window.article_list.model.rowCount() == len(window.library.articles(issue.id))


def test_keyboard_moves_between_issues_and_articles(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    window.navigator.select_issue(issues[0].id)
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert window.navigator.current_issue == issues[1].id
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert window.navigator.current_issue == issues[0].id
    articles = window.library.articles(issues[0].id)
    assert window.reader.article.id == articles[0].id
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.article.id == articles[1].id
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.article.id == articles[0].id


def test_calendar_marks_days_with_issues(window: Any) -> None:
    cal = window.navigator.calendar
    issue = window.library.issues()[-1]
    day = QDate.fromString(issue.date, "yyyy-MM-dd")
    window.navigator.select_issue(issue.id)
    assert cal.day_font(day).weight() == QFont.Weight.Bold
    other = next(day.addDays(n) for n in range(1, 40)
                 if day.addDays(n).toString("yyyy-MM-dd") not in {i.date for i in window.library.issues()})
    assert cal.day_font(other).weight() != QFont.Weight.Bold


def test_issue_details_say_where_the_date_came_from(window: Any) -> None:
    for issue in window.library.issues():
        window.navigator.select_issue(issue.id)
        text = window.navigator.details.text()
        assert issue.date in text
        if issue.date_source == "inferred":
            assert "inferred" in text.lower()
        else:
            assert "inferred" not in text.lower()


def test_zoom_and_theme(window: Any, qtbot: Any) -> None:
    size = window.reader.font_size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == size + 1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == size - 1
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.font_size == DEFAULT_FONT_SIZE
    for name in ("sepia", "dark", "light"):
        window.set_theme(name)
        assert window.settings.theme == name
        paper = window.theme.colors["paper"]
        assert paper in window.reader.browser.styleSheet()


def test_copy_article_as_plain_text(window: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    window.copy_article()
    assert QGuiApplication.clipboard().text() == window.reader.article.plain_text()
