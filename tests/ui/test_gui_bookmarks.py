"""Bookmarks in the GUI: toggle, note and tags, survive a restart, panel actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reader.ui.delegates import HTML_ROLE, ID_ROLE


def test_bookmark_with_note_survives_a_restart(harness: Any, seeded_root: Path, qtbot: Any) -> None:
    window = harness.open(seeded_root)
    article = window.reader.article
    assert article is not None
    window.marks.add(window.reader.article, note="记下这一篇", tags=("经济",))
    assert window.actions_.bookmark.isChecked()
    assert window.bookmarks_panel.model.rowCount() == 1
    harness.close(window)

    again = harness.open(seeded_root)
    marks = again.marks.bookmarks.list()
    assert [m.article_id for m in marks] == [article.id]
    assert marks[0].note == "记下这一篇"
    model = again.bookmarks_panel.model
    assert model.rowCount() == 1
    assert "记下这一篇" in model.data(model.index(0, 0), HTML_ROLE)
    # the window came back where it was: same article, so the star is lit
    assert again.reader.article.id == article.id
    assert again.actions_.bookmark.isChecked()


def test_ctrl_d_toggles_and_offers_a_note(window: Any, qtbot: Any) -> None:
    article = window.reader.article
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.marks.bookmarks.is_bookmarked(article.id)
    dialog = window.marks.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.note.setPlainText("值得再读")
    dialog.tags.setText("民生, 大同")
    dialog.accept()
    mark = window.marks.bookmarks.get(article.id)
    assert mark.note == "值得再读" and set(mark.tags) == {"民生", "大同"}
    # filter by tag
    panel = window.bookmarks_panel
    pos = panel.tag_filter.findData("民生")
    panel.tag_filter.setCurrentIndex(pos)
    assert panel.model.rowCount() == 1
    # Ctrl+D again removes it
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not window.marks.bookmarks.is_bookmarked(article.id)
    assert not window.actions_.bookmark.isChecked()


def test_panel_opens_and_removes(window: Any, qtbot: Any) -> None:
    issues = window.library.issues()
    first = window.library.articles(issues[0].id)[0]
    window.open_article(first.id)
    window.marks.add(window.reader.article, note="n")
    window.navigator.select_issue(issues[-1].id)
    assert window.reader.article.id != first.id
    panel = window.bookmarks_panel
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(window.articleShown):
        panel.open_button.click()
    assert window.reader.article.id == first.id
    panel.remove_button.click()
    assert panel.model.rowCount() == 0
    assert panel.empty.isVisible() or not panel.isVisible()


def test_export_and_import_from_the_window(harness: Any, seeded_root: Path, tmp_path: Path, qtbot: Any) -> None:
    window = harness.open(seeded_root)
    window.marks.add(window.reader.article, note="导出测试", tags=("甲",))
    article_id = window.reader.article.id
    assert window.marks.write(tmp_path / "b.md", "markdown")
    assert "导出测试" in (tmp_path / "b.md").read_text(encoding="utf-8")
    assert window.marks.write(tmp_path / "b.json", "json")
    window.marks.remove(article_id)
    assert window.bookmarks_panel.model.rowCount() == 0
    assert window.marks.read(tmp_path / "b.json") == 1
    assert window.bookmarks_panel.model.rowCount() == 1
    assert window.marks.bookmarks.get(article_id).note == "导出测试"
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    assert window.marks.read(tmp_path / "bad.json") == -1
    assert window.marks.message_box is not None and window.marks.message_box.text()
    window.marks.message_box.close()


def test_a_reimport_that_changes_the_article_keeps_its_bookmark(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    """Bookmark, edit the issue file, import it again from the window: the panel shows the
    bookmark on the new version of the article, note included; it opens the new text."""
    import shutil

    src = tmp_path / "src"
    src.mkdir()
    seed = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("*.txt"))[0]
    shutil.copyfile(seed, src / seed.name)
    window = harness.open(tmp_path / "lib")
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        window.start_import([src])
    window.importer.report_box.close()
    article = next(a for a in window.library.iter_articles() if len(a.body) > 200 and not a.title_inferred)
    window.marks.add(article, note="回头核对")
    text = (src / seed.name).read_text(encoding="utf-8")
    piece = article.body[100:110]
    assert text.count(piece) == 1
    (src / seed.name).write_text(text.replace(piece, piece + "（补记）"), encoding="utf-8")
    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)  # the first import's thread has ended
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as sig:
        assert window.start_import([src])
    assert sig.args[0].count("updated") == 1
    window.importer.report_box.close()
    (mark,) = window.marks.bookmarks.list()
    assert mark.article_id != article.id and mark.note == "回头核对" and not mark.detached
    model = window.bookmarks_panel.model
    assert model.rowCount() == 1 and "回头核对" in model.data(model.index(0, 0), HTML_ROLE)
    assert model.data(model.index(0, 0), ID_ROLE) == mark.article_id  # the panel shows the new one
    window.open_article(mark.article_id)
    assert "（补记）" in window.reader.article.body
    assert window.actions_.bookmark.isChecked()
