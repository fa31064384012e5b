"""Bad input through the GUI: the bad-input folder imports in the background while the UI
keeps answering and the report names each skipped file; a read-only or full disk gives
one message (no traceback) and leaves the library and search working.

See tests/data/make_bad_inputs.py (the folder) and tests/data/fault_injection.py (faults
the OS would raise, injected so that they happen for root too).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

DATA = Path(__file__).resolve().parents[1] / "data"
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))

from fault_injection import Faults, after_walk  # noqa: E402
from make_bad_inputs import SMALL_ISSUE, make_bad_inputs  # noqa: E402

NEW_TEXT = "磁盘故障之后补登的新闻正文。"


@pytest.fixture
def faults() -> Iterator[Faults]:
    with Faults() as f:
        yield f


@pytest.fixture
def new_issue(tmp_path: Path) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "2022-02-01.txt").write_text(SMALL_ISSUE.format(title="补登的新闻", body=NEW_TEXT),
                                           encoding="utf-8")
    return folder


def run_search(window: Any, qtbot: Any, query: str) -> Any:
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        window.search_panel.set_query(query)
        window.search_panel.run()
    return window.search_panel.last_result


def import_fails(window: Any, qtbot: Any, folder: Path) -> str:
    """Start an import that must fail; the one message the window then shows."""
    with qtbot.waitSignal(window.importer.failed, timeout=120_000) as sig:
        assert window.start_import([folder])
    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)
    box = window.importer.report_box
    assert box is not None and box.isVisible()
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == sig.args[0]
    assert "Traceback" not in box.text() and "\n" not in box.text()
    box.close()
    return str(sig.args[0])


def import_succeeds(window: Any, qtbot: Any, folder: Path) -> Any:
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as sig:
        assert window.start_import([folder], report=False)
    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)
    return sig.args[0]


def test_the_bad_folder_imports_while_the_ui_answers(harness: Any, tmp_path: Path, qtbot: Any,
                                                     faults: Faults, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "bad"
    expected = make_bad_inputs(dest)
    faults.unreadable(dest / "unreadable.txt")
    after_walk(dest, monkeypatch.setattr)
    window = harness.open(tmp_path / "lib")
    # No clock: the import (wherever it runs) waits, before and after its work, for a timer
    # on the GUI thread to fire. Run on the GUI thread, it would wait in vain.
    import reader.service as service

    real_import = service.import_and_index
    answered = threading.Event()
    waits: list[bool] = []

    def import_while_the_ui_answers(*args: Any, **kwargs: Any) -> Any:
        answered.clear()
        waits.append(answered.wait(60))
        result = real_import(*args, **kwargs)
        answered.clear()
        waits.append(answered.wait(60))
        return result

    monkeypatch.setattr(service, "import_and_index", import_while_the_ui_answers)
    timer = QTimer(interval=5)
    timer.timeout.connect(answered.set)
    with qtbot.waitSignal(window.importFinished, timeout=240_000) as sig:
        timer.start()
        assert window.start_import([dest])
    timer.stop()
    report = sig.args[0]
    assert waits == [True, True], "the GUI thread did not answer while the import ran"
    good = [n for n, e in expected.items() if e.status == "imported"]
    assert report.count("imported") == len(good)
    assert report.count("skipped") == len(expected) - len(good)

    qtbot.waitUntil(lambda: window.importer.job is None, timeout=60_000)
    assert len(window.navigator.issues) == len(good)
    box = window.importer.report_box
    assert box is not None and box.isVisible()
    assert box.text().startswith(f"Files: {len(good)} imported")
    details = box.detailedText().splitlines()
    for name, e in expected.items():
        if e.status == "skipped":
            line = next(d for d in details if d.startswith(f"Skipped {dest / name}: "))
            assert e.reason in line, (name, line)
    box.close()

    [hostile] = window.library.find_issues("2022-01-16")
    [article] = window.library.articles(hostile.id)
    window.open_article(article.id)
    shown = window.reader.document.toPlainText()
    assert "<script>alert(1)</script>" in shown
    assert '<img src="file:///etc/passwd">' in shown
    assert '<a href="https://example.com/">链接</a>' in shown
    assert window.reader.browser.requested == []
    result = run_search(window, qtbot, '"<font color="')
    assert [h.article_id for h in result.hits] == [article.id]


def test_a_read_only_library_gives_one_message(harness: Any, seeded_root: Path, new_issue: Path,
                                              qtbot: Any, faults: Faults) -> None:
    window = harness.open(seeded_root)
    before = run_search(window, qtbot, "卢东亮")
    issues = list(window.navigator.issues)
    faults.read_only(seeded_root)
    message = import_fails(window, qtbot, new_issue)
    assert message == f"cannot write to the library {seeded_root}: the disk is read-only (Read-only file system)"
    assert window.navigator.issues == issues
    after = run_search(window, qtbot, "卢东亮")
    assert [h.article_id for h in after.hits] == [h.article_id for h in before.hits]

    faults.undo()
    report = import_succeeds(window, qtbot, new_issue)
    assert report.count("imported") == 1
    assert run_search(window, qtbot, "补登").total == 1


def test_a_disk_full_mid_index_gives_one_message(harness: Any, seeded_root: Path, new_issue: Path,
                                                qtbot: Any, faults: Faults) -> None:
    window = harness.open(seeded_root)
    before = run_search(window, qtbot, "卢东亮")
    faults.disk_full(seeded_root, file_bytes=2000)
    message = import_fails(window, qtbot, new_issue)
    assert message.startswith("1 file(s) imported and stored, but cannot update the search index: "
                              "the disk is full; what it holds is kept")
    qtbot.waitUntil(lambda: "2022-02-01" in {i.date for i in window.navigator.issues})  # stored: shown
    after = run_search(window, qtbot, "卢东亮")
    assert {h.article_id for h in before.hits} == {h.article_id for h in after.hits}
    assert run_search(window, qtbot, "补登").total == 0  # the index lags until the disk has room

    faults.undo()
    report = import_succeeds(window, qtbot, new_issue)
    assert report.count("unchanged") == 1
    assert run_search(window, qtbot, "补登").total == 1
    from reader.index import index_problem, sync_index

    assert index_problem(window.library.index_dir) is None
    assert sync_index(window.library) == ""
