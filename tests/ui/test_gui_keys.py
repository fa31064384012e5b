"""Keys a reader's hands know (issue 13 item 8): Back/Forward, find in the article apart
from the archive search, go to a date, the latest issue, Ctrl+↓ on into the next issue,
Ctrl+wheel zoom; and room to read (item 7): side panels that fold, F11, the measure."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from reader.ui.reading_layout import MAX_CHARS, MIN_CHARS

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def test_back_and_forward_retrace_the_articles_read(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    first = window.library.articles(issues[0].id)
    window.navigator.select_issue(issues[0].id)
    window.open_article(first[2].id)
    window.navigator.select_issue(issues[1].id)
    second = window.reader.article.id
    qtbot.keyClick(window, Qt.Key.Key_Left, ALT)
    assert window.reader.article.id == first[2].id
    qtbot.keyClick(window, Qt.Key.Key_Left, ALT)
    assert window.reader.article.id == first[0].id
    qtbot.keyClick(window, Qt.Key.Key_Right, ALT)
    qtbot.keyClick(window, Qt.Key.Key_Right, ALT)
    assert window.reader.article.id == second
    assert not window.reading.forward.isEnabled()


def test_ctrl_down_on_the_last_article_continues_into_the_next_issue(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    last = window.library.articles(issues[0].id)[-1]
    window.open_article(last.id)
    qtbot.keyClick(window, Qt.Key.Key_Down, CTRL)
    assert window.navigator.current_issue == issues[1].id
    assert window.reader.article.id == window.library.articles(issues[1].id)[0].id
    qtbot.keyClick(window, Qt.Key.Key_Up, CTRL)
    assert window.reader.article.id == last.id


def test_ctrl_f_finds_in_the_article_and_ctrl_k_searches_the_archive(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    article = window.reader.article
    needle = article.body[:2]
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    bar = window.reading.find_bar
    assert bar.isVisible()
    assert window.tabs.currentWidget() is not window.search_panel
    bar.box.setText(needle)  # keyClicks types ASCII only
    assert bar.matches and bar.current == 0
    cursor = window.reader.browser.textCursor()
    assert cursor.selectedText() == needle
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reader.article is article  # Esc closed the bar, nothing else
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert window.tabs.currentWidget() is window.search_panel


def test_go_to_a_date_and_the_latest_issue(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    dialog = window.reading.ask_date()
    window.reading.date_edit.setDate(QDate.fromString(issues[0].date, "yyyy-MM-dd"))
    dialog.accept()
    assert window.navigator.current_issue == issues[0].id
    qtbot.keyClick(window, Qt.Key.Key_Home, ALT)
    assert window.navigator.current_issue == issues[-1].id


def test_ctrl_wheel_zooms_the_reading_text(window: Any) -> None:
    size = window.reader.font_size
    viewport = window.reader.browser.viewport()
    event = QWheelEvent(QPointF(10, 10), QPointF(viewport.mapToGlobal(QPoint(10, 10))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, CTRL, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    assert window.reader.font_size == size + 1


def test_side_panels_fold_away_and_f11_is_a_focus_mode(window: Any, qtbot: Any) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not window.tabs.isVisible() and not window.article_list.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.tabs.isVisible()
    window.reading.toggle_focus_mode()
    assert not window.tabs.isVisible() and window.reading.focus_mode.isChecked()
    window.reading.toggle_focus_mode()
    assert window.tabs.isVisible() and not window.reading.focus_mode.isChecked()


@pytest.mark.parametrize("theme", ["sepia", "dark", "light"])  # light last: later tests expect it
def test_the_measure_holds_enough_characters_at_1024_and_centres_in_wide_windows(
        window: Any, qtbot: Any, theme: str) -> None:
    window.set_theme(theme)  # the chrome's stylesheet widens the side panels' minimum
    measure = window.reading.measure
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.splitter.width() >= 1000)
    qtbot.waitUntil(lambda: measure.chars_per_line() >= MIN_CHARS)
    narrow = window.splitter.sizes()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.splitter.width() >= 1500 or window.splitter.width() < 1024)
    if window.splitter.width() >= 1500:  # the side panels get back what they gave
        qtbot.waitUntil(lambda: window.splitter.sizes()[1] > narrow[1])
    window.reading.set_panels_visible(False)
    measure.update()
    assert measure.chars_per_line() <= MAX_CHARS + 1
