"""Deleting a bookmark that has a note or tags offers undo (issue 13 item 10)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_d_on_a_noted_bookmark_can_be_undone(window: Any, qtbot: Any) -> None:
    article = window.reader.article
    marks = window.marks
    marks.add(article, note="要再读一遍", tags=("冷链", "大同"))
    before = marks.bookmarks.get(article.id)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL)  # a second Ctrl+D deletes it
    assert not marks.is_bookmarked(article.id)
    bar = window.reading.undo_bar
    assert bar.isVisible() and bar.pending
    assert article.title in bar.label.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    again = marks.bookmarks.get(article.id)
    assert again is not None
    assert (again.note, set(again.tags), again.created) == (before.note, set(before.tags), before.created)
    assert window.actions_.bookmark.isChecked()
    assert not bar.isVisible()


def test_the_undo_button_restores_a_bookmark_removed_in_the_panel(window: Any, qtbot: Any) -> None:
    article = window.reader.article
    marks = window.marks
    marks.add(article, note="", tags=("档案",))
    marks.remove(article.id)
    bar = window.reading.undo_bar
    bar.undo_button.click()
    assert marks.bookmarks.get(article.id).tags == ("档案",)


def test_a_bare_bookmark_is_removed_without_an_undo_bar(window: Any, qtbot: Any) -> None:
    article = window.reader.article
    window.marks.add(article)
    window.marks.remove(article.id)
    assert not window.reading.undo_bar.pending
    assert not window.reading.undo_bar.undo()
