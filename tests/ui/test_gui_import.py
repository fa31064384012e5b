"""Importing from the GUI: in the background (the UI keeps answering), with a report; HTML stays text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextImageFormat

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

HOSTILE = """大同日报

测试<script>alert(1)</script>标题

本报讯（记者 测试）这是一段正文<img src="file:///etc/passwd">，其中含有看似网页标记的文字<b>粗体</b>。

另一段正文&amp;实体，仍应原样显示。
"""


def test_import_a_folder_while_the_ui_answers(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    window = harness.open(tmp_path / "empty")  # no first-run import: first_run_corpus is None
    assert window.navigator.issues == []
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    ticks: list[bool] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(window.importer.job is not None and window.importer.job.isRunning()))
    timer.start()
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as sig:
        assert window.start_import([folder])
        assert window.job_status.isVisible()
        assert window.job_status.cancel_button.isEnabled()
    timer.stop()
    assert any(ticks), "the GUI thread's timer never fired while the import ran"
    report = sig.args[0]
    assert report.count("imported") == len(list(CORPUS.glob("*.txt")))
    assert report.count("skipped") == 1
    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)
    assert not window.job_status.isVisible()
    assert len(window.navigator.issues) == report.count("imported")
    box = window.importer.report_box
    assert box is not None and box.isVisible()
    assert "notes.pdf" in box.detailedText()
    box.close()


def test_cancel_stops_the_import(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    window = harness.open(tmp_path / "empty")
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as sig:
        window.start_import([CORPUS])
        window.job_status.cancel()
    report = sig.args[0]
    assert report.cancelled or report.count("imported") <= len(list(CORPUS.glob("*.txt")))
    window.importer.report_box.close()


def test_html_in_an_article_stays_text(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "2022-05-01.txt").write_text(HOSTILE, encoding="utf-8")
    window = harness.open(tmp_path / "lib")
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        window.start_import([folder], report=False)
    articles = [a for i in window.library.issues() for a in window.library.articles(i.id)]
    assert articles
    seen = ""
    for a in articles:
        window.open_article(a.id)
        seen += window.reader.document.toPlainText()
        block = window.reader.document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                assert not it.fragment().charFormat().isImageFormat()
                assert not isinstance(it.fragment().charFormat(), QTextImageFormat)
                it += 1
            block = block.next()
    assert "<script>alert(1)</script>" in seen
    assert '<img src="file:///etc/passwd">' in seen
    assert "<b>粗体</b>" in seen
    assert "&amp;" in seen
    assert window.reader.browser.requested == []


def test_dropping_a_folder_imports_it(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    window = harness.open(tmp_path / "empty")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CORPUS))])
    # QDragEnterEvent takes a QPoint in PySide6 6.11 (the pinned version), QDropEvent a QPointF
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        window.dropEvent(drop)
    assert len(window.navigator.issues) == len(list(CORPUS.glob("*.txt")))
    window.importer.report_box.close()


def test_an_upgrade_rereads_the_library_in_the_background_at_start(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    """A library parsed by an older Baoku is re-read at start-up, off the GUI thread, with progress."""
    import sqlite3

    from reader.library import Library

    root = tmp_path / "lib"
    with Library(root) as lib:
        lib.import_paths([CORPUS])
        expected = {i.id: [a.id for a in lib.articles(i.id)] for i in lib.issues()}
    db = sqlite3.connect(root / "library.db")
    with db:
        db.execute("UPDATE parts SET parser_version = 1")
        db.execute("DELETE FROM articles WHERE seq = 1")
    db.close()
    window = harness.open(root, wait=False)
    caught_up: list[Any] = []
    window.importFinished.connect(caught_up.append)
    assert window.importer.job is None  # the look at the library runs in the background too
    qtbot.waitUntil(lambda: window.is_loaded, timeout=60_000)
    assert len(caught_up) == 1  # started by that look, in the background
    assert window.library.outdated() == []
    assert {i.id: [a.id for a in window.library.articles(i.id)] for i in window.library.issues()} == expected
    assert window.article_list.model.rowCount() == len(expected[window.navigator.current_issue])


def test_the_list_is_read_again_off_the_gui_thread_after_an_import(harness: Any, tmp_path: Path, qtbot: Any,
                                                                   monkeypatch: Any) -> None:
    """After an import the whole list is read and arranged on a thread (most of a second at
    36,500 issues): the window's own library is not asked for it; the open issue stays open."""
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    first = sorted(folder.glob("*.txt"))[0]
    first.rename(tmp_path / first.name)  # imported second
    window = harness.open(tmp_path / "lib")
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        window.start_import([folder], report=False)
    shown = window.navigator.current_issue
    read_here: list[object] = []
    monkeypatch.setattr(window.library, "issues", lambda *a, **k: read_here.append(a) or [])
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as sig:
        window.start_import([tmp_path / first.name], report=False)
    assert sig.args[0].count("imported") == 1
    assert read_here == []
    assert len(window.navigator.issues) == len(list(CORPUS.glob("*.txt")))
    assert window.navigator.current_issue == shown
