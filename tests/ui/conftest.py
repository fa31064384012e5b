"""GUI test fixtures: offscreen Qt, settings in tmp, a seeded library in tmp, the real window.

QT_QPA_PLATFORM must be set before anything imports Qt, hence at the top here.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"

# The offscreen platform plugin warns when a top-level widget with a layout is shown, or a
# popup raises itself or grabs the keyboard: the test platform talking, not the app.
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from reader.ui.settings import Settings

    s = Settings(tmp_path / "settings.ini")
    s.language = "en"
    return s


@pytest.fixture
def seeded_root(tmp_path: Path) -> Path:
    """A library directory holding the bundled issues (imported and indexed)."""
    from reader.library import Library
    from reader.service import import_and_index

    root = tmp_path / "library"
    with Library(root) as lib:
        report, _note = import_and_index(lib, [CORPUS])
    assert report.count("imported") >= 1
    return root


def searcher_factory() -> Any:
    """The real Searcher; a small stand-in only while reader.search has not landed."""
    try:
        import reader.search  # noqa: F401
    except ImportError:
        from gui_fakes import FakeSearcher

        return FakeSearcher
    return None


class WindowHarness:
    """Builds the real MainWindow on a library root and tears it down (threads stopped)."""

    def __init__(self, qtbot: Any, settings: Any) -> None:
        self.qtbot = qtbot
        self.settings = settings
        self.parts: list[Any] = []

    def open(self, root: Path, *, first_run_corpus: Path | None = None, wait: bool = True) -> Any:
        from reader.bookmarks import Bookmarks
        from reader.library import Library
        from reader.ui.mainwindow import MainWindow
        from reader.ui.search_service import SearchService

        library = Library(root)
        bookmarks = Bookmarks.for_library(library)
        search = SearchService(library.root, searcher_factory())
        window = MainWindow(library, self.settings, search, bookmarks, first_run_corpus=first_run_corpus)
        self.qtbot.addWidget(window)
        self.parts.append((window, library, bookmarks))
        window.show()
        if wait:
            with self.qtbot.waitSignal(window.loaded, timeout=60_000):
                window.start()
        else:
            window.start()
        return window

    def close(self, window: Any) -> None:
        for n, (w, library, bookmarks) in enumerate(self.parts):
            if w is window:
                w.close()
                bookmarks.close()
                library.close()
                del self.parts[n]
                return

    def close_all(self) -> None:
        for w, _l, _b in list(self.parts):
            self.close(w)


@pytest.fixture
def harness(qtbot: Any, settings: Any) -> Iterator[WindowHarness]:
    h = WindowHarness(qtbot, settings)
    yield h
    h.close_all()


@pytest.fixture
def window(harness: WindowHarness, seeded_root: Path) -> Any:
    return harness.open(seeded_root)
