"""An empty library shows an import button and the drop hint (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import CORPUS


def test_an_empty_library_says_how_to_fill_it(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    window = harness.open(tmp_path / "empty")
    empty = window.reading.empty
    assert empty.isVisible() and not window.reader.browser.isVisible()
    assert empty.import_button.isVisible() and "drop" in empty.hint.text()
    with qtbot.waitSignal(window.importFinished, timeout=120_000):
        window.start_import([CORPUS], report=False)
    assert not empty.isVisible() and window.reader.browser.isVisible()


def test_the_first_run_import_does_not_flash_the_empty_state(harness: Any, tmp_path: Path) -> None:
    window = harness.open(tmp_path / "first", first_run_corpus=CORPUS, wait=False)
    assert not window.reading.empty.isVisible()


def test_paths_given_at_start_are_imported_once_loaded(harness: Any, tmp_path: Path, qtbot: Any) -> None:
    """``baoku FOLDER`` (what the desktop entry's Exec=baoku %F runs for a dropped folder)."""
    window = harness.open(tmp_path / "dropped", wait=False)
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as done:
        window.import_when_loaded([CORPUS])
    assert done.args[0].count("imported") == 5
    assert len(window.navigator.issues) == 5
