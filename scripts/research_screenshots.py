"""Screenshots of the research tools for the README (docs/screenshots/research-*.png).

Run offscreen after scripts/bootstrap.sh::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/research_screenshots.py

It imports the bundled corpus into a throw-away library, opens the real window,
drives it as a reader would (search, a click on the timeline, a highlighted
passage, 历史上的今天) and saves the window or dialog after each step, waiting on
the window's own signals, never on a clock. ``research-dark.png`` is the app's own
screenshot mode (which waits for the timeline and related reports)::

    baoku gui --theme dark --search 黄花 --open-first --panel search --screenshot research-dark.png
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from reader.bookmarks import Bookmarks  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.service import import_and_index  # noqa: E402
from reader.ui.app import make_app  # noqa: E402
from reader.ui.mainwindow import MainWindow  # noqa: E402
from reader.ui.search_service import SearchService  # noqa: E402
from reader.ui.settings import Settings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def wait(signal: object, start: Callable[[], object] | None = None, timeout_ms: int = 60_000) -> None:
    """Run the event loop until ``signal`` fires (after calling ``start``)."""
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    if start is not None:
        start()
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def settle(window: MainWindow, start: Callable[[], object]) -> None:
    wait(window.searchShown, start)
    if window.research.busy:
        wait(window.research.idle)
    QCoreApplication.processEvents()  # lay out what the answers showed or hid


def main() -> None:
    app = make_app()
    work = Path(tempfile.mkdtemp(prefix="baoku-shots-"))
    library = Library(work / "library")
    import_and_index(library, [ROOT / "corpus"])
    settings = Settings(work / "settings.ini")
    settings.language = "zh_CN"
    from PySide6.QtGui import QFont

    from reader.ui.app import install_language
    from reader.ui.style import apply_app_theme, load_theme, sans_family

    translators = install_language(app, settings)  # noqa: F841 - must outlive the window
    apply_app_theme(app, load_theme("light"))
    font = QFont(sans_family())
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    bookmarks = Bookmarks.for_library(library)
    window = MainWindow(library, settings, SearchService(library.root), bookmarks)
    window.resize(1280, 800)
    window.show()
    wait(window.loaded, window.start)
    OUT.mkdir(parents=True, exist_ok=True)
    panel = window.search_panel

    # 1. A search: its timeline above the results, the top bylines, related reports.
    window.focus_search()
    panel.set_query("疫情")
    settle(window, panel.run)
    target = next(a for a in library.iter_articles() if a.title.startswith("坚决把防线防住"))
    wait(window.research.idle, lambda: window.open_article(target.id, panel.last_result.hits[0].spans
                                                           if panel.last_result.hits[0].article_id == target.id
                                                           else None))
    window.grab().save(str(OUT / "research-timeline.png"))

    # 2. A click on a bar: the search narrowed to that month.
    chart = window.research.chart
    k = next(i for i, b in enumerate(chart.timeline.buckets) if b.articles)
    settle(window, lambda: window.research.filter_to_period(chart.timeline.buckets[k].first,
                                                            chart.timeline.buckets[k].last))
    window.grab().save(str(OUT / "research-period.png"))

    # 3. A highlighted passage with a note, in the reading pane and the Highlights tab.
    passage = "从严从紧落实落细各项疫情防控措施"
    window.open_article(target.id)
    start = target.body.index(passage)
    (a, b), = window.reader.document_ranges("body", start, start + len(passage))
    cur = QTextCursor(window.reader.document)
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    window.reader.browser.setTextCursor(cur)
    dialog = window.research.passages.highlight_selection()
    assert dialog is not None
    dialog.note.setPlainText("四项措施，引用时核对原版")
    dialog.accept()
    cur = QTextCursor(window.reader.document)
    cur.setPosition(b)
    window.reader.browser.setTextCursor(cur)  # no selection, the passage in view
    window.reader.browser.ensureCursorVisible()
    window.tabs.setCurrentWidget(window.research.passages.panel)
    app.processEvents()
    window.grab().save(str(OUT / "research-highlights.png"))

    # 4. 历史上的今天 for 2月24日.
    day = window.research.show_on_this_day("02-24")
    day.resize(560, 420)
    app.processEvents()
    day.grab().save(str(OUT / "research-onthisday.png"))
    day.close()

    window.close()
    bookmarks.close()
    library.close()
    print(f"wrote {OUT}/research-{{timeline,period,highlights,onthisday}}.png")


if __name__ == "__main__":
    main()
