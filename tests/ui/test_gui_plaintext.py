"""Names are text (issue 14, item 6): a file named like HTML is shown as its name on every
surface (the issue tooltip, the import report, error dialogs, the status bar, the lists'
tooltips, the bookmarks panel, the about box), never rendered as markup."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from reader.models import Article, Bookmark, Hit

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "001_5d5f4632bb365153.txt"  # dated by its masthead: no date note
NAME = '<h1 style="color:red">x.txt'
DUP = "<b style=\"color:red\">dup.txt"
SKIPPED = '<h1 style="color:red">y.pdf'


def shown(text: str) -> str:
    """What Qt shows for a tooltip or an auto-format label holding ``text``."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    doc = QtGui.QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def label_shows(label: QLabel) -> str:
    if label.textFormat() == Qt.TextFormat.PlainText:
        return label.text()
    assert label.textFormat() != Qt.TextFormat.RichText
    return shown(label.text())


def box_texts(box: QMessageBox) -> list[str]:
    return [label_shows(label) for label in box.findChildren(QLabel)
            if label.objectName() in ("qt_msgbox_label", "qt_msgbox_informativelabel")]


def test_an_html_file_name_is_text_everywhere(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / NAME)
    shutil.copy(SEED, folder / DUP)
    (folder / SKIPPED).write_bytes(b"%PDF-1.4")
    window = harness.open(tmp_path / "lib")
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        assert window.start_import([folder])
    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)

    # the import report: every line of it plain text
    box = window.importer.report_box
    assert box is not None and box.isVisible()
    informative = "\n".join(box_texts(box))
    assert f"Skipped {folder / SKIPPED}: " in informative
    assert f"{folder / NAME}: same text as {DUP}" in informative  # the duplicate of the two
    assert str(folder / SKIPPED) in box.detailedText()
    box.close()

    # the issue's tooltip in the navigator
    [issue] = window.navigator.issues
    assert issue.source in (NAME, DUP)
    item = window.navigator.model.itemFromIndex(window.navigator.model.index_of(issue.id))
    assert shown(item.toolTip()) == issue.source

    # an error dialog naming the file
    error = window.importer.show_error(f"cannot read {folder / NAME}")
    assert box_texts(error) == [f"cannot read {folder / NAME}"]
    error.close()

    # the status bar (QStatusBar paints its message as plain text)
    window.say(f"Bookmarks exported to {folder / NAME}")
    assert window.statusBar().currentMessage() == f"Bookmarks exported to {folder / NAME}"

    # the lists' tooltips: articles, search hits, bookmarks (titles and notes come from files/users)
    article = Article(id="a1", issue_id=issue.id, date=issue.date, seq=1, title=NAME, body="正文")
    window.article_list.model.set_articles([article])
    model = window.article_list.model
    assert shown(model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)) == NAME
    hit = Hit(article_id="a1", issue_id=issue.id, date=issue.date, title=NAME, score=1.0,
              snippet="", snippet_spans=(), spans={})
    window.search_panel.model.set_hits([hit])
    model = window.search_panel.model
    assert shown(model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)) == f"{issue.date} {NAME}"
    mark = Bookmark(article_id="a1", issue_id=issue.id, date=issue.date, title=NAME, note=NAME)
    window.bookmarks_panel.model.set_items([mark])
    model = window.bookmarks_panel.model
    assert shown(model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)) == NAME


def test_a_library_folder_named_like_html_in_the_about_box(harness: Any, tmp_path: Path) -> None:
    window = harness.open(tmp_path / '<h1 style="color:red">lib')
    window.show_about()
    texts = box_texts(window.about_box)
    assert any(str(tmp_path / '<h1 style="color:red">lib') in t for t in texts)
    window.about_box.close()


def test_a_bookmarks_warning_is_text(window: Any) -> None:
    window.marks._warn("Export bookmarks", f"cannot write {NAME}")
    assert box_texts(window.marks.message_box) == [f"cannot write {NAME}"]
    window.marks.message_box.close()
