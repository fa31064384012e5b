"""The open window follows what another process did to the library (issue 14, item 5): an
import through the core API (what ``baoku import`` in a terminal runs) shows up in the
calendar, the issue tree and search, with a note in the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library import Library
from reader.service import import_and_index

NEW_ISSUE = ("大同日报\n\n鹦鹉螺化石在云冈石窟附近出土\n\n"
             "本报讯（记者 测试）5月1日，考古人员在云冈石窟附近发现一枚完整的鹦鹉螺化石。\n")


def test_an_import_elsewhere_shows_up_in_the_open_window(window: Any, seeded_root: Path, tmp_path: Path,
                                                          qtbot: Any) -> None:
    before = len(window.navigator.issues)
    current = window.navigator.current_issue
    refreshed: list[bool] = []
    window.search.refreshed.connect(lambda: refreshed.append(True))
    src = tmp_path / "new"
    src.mkdir()
    (src / "2024-05-01.txt").write_text(NEW_ISSUE, encoding="utf-8")
    with Library(seeded_root) as other:  # another connection, as another process would have
        report, _note = import_and_index(other, [src])
    assert report.count("imported") == 1

    with qtbot.waitSignal(window.watch.changed, timeout=30_000):
        pass  # the window's timer notices the new generation
    qtbot.waitUntil(lambda: len(window.navigator.issues) == before + 1, timeout=10_000)
    assert "2024-05-01" in [i.date for i in window.navigator.issues]
    assert window.navigator.current_issue == current  # the reader stays where they were
    assert "changed outside this window" in window.statusBar().currentMessage()
    assert window.search_panel.date_to.date().toString("yyyy-MM-dd") == "2024-05-01"

    qtbot.waitUntil(lambda: bool(refreshed), timeout=60_000)  # the search thread reloaded the texts
    with qtbot.waitSignal(window.searchShown, timeout=30_000) as sig:
        window.search_panel.set_query("鹦鹉螺")
        window.search_panel.run()
    assert sig.args[0] == 1


def test_the_windows_own_import_is_not_announced_twice(window: Any, tmp_path: Path, qtbot: Any) -> None:
    src = tmp_path / "new"
    src.mkdir()
    (src / "2024-05-01.txt").write_text(NEW_ISSUE, encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        assert window.start_import([src], report=False)
    assert not window.watch.poll()  # already seen: no second reload
