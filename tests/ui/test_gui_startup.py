"""The window's start-up path (issue 12 item 7): what it imports, which thread does the heavy
work, and what waits for the first paint. Structure, not time: the time is measured by
``tests/bench_gui.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from reader.ui.first_paint import after_first_paint

ROOT = Path(__file__).resolve().parents[2]

# Not needed to show the first issue: the parser (its regular expressions), the index and
# search (Whoosh, jieba, the catalogue), the process pool, the charts and printing modules.
HEAVY = ("jieba", "rjieba", "whoosh", "apsw", "reader.parsing.issue", "reader.parsing.units", "reader.index",
         "reader.search", "reader.research.related", "multiprocessing", "PySide6.QtCharts",
         "PySide6.QtPrintSupport")

# Records the heavy modules the GUI thread imports, then runs the app in screenshot mode
# through a search and the first hit opened (argv: library, png, settings).
GUI_THREAD_PROBE = """
import json, sys, threading
from pathlib import Path
HEAVY = {heavy!r}
on_gui = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in HEAVY and threading.current_thread() is threading.main_thread():
            on_gui.append(name)
        return None
sys.meta_path.insert(0, Watch())
from reader.ui.app import Options, run
code = run(Options(library=Path(sys.argv[1]), screenshot=Path(sys.argv[2]), search="黄花", open_first=True,
                   settings_path=Path(sys.argv[3]), import_corpus=False))
print("PROBE " + json.dumps({{"code": code, "on_gui": on_gui,
                             "loaded": sorted(m for m in HEAVY if m in sys.modules)}}))
"""


def test_the_start_up_modules_import_nothing_the_first_issue_does_not_need() -> None:
    """``baoku`` builds the command line (every command registers itself), then the window."""
    code = ("import sys, reader.cli, reader.ui.app\n"
            "reader.cli.build_parser()\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_gui_thread_never_imports_the_parser_the_index_or_search(seeded_root: Path, tmp_path: Path) -> None:
    """Search warm-up, the index and the catalogue load on their threads, through a search
    and an article opened from it: the window's thread only shows what they answer."""
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"}
    result = subprocess.run(
        [sys.executable, "-c", GUI_THREAD_PROBE.format(heavy=HEAVY), str(seeded_root),
         str(tmp_path / "shot.png"), str(tmp_path / "settings.ini")],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300,
        env={**os.environ, **env})
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stderr[-2000:]
    probe = json.loads(lines[0][len("PROBE "):])
    assert probe["code"] == 0
    assert "reader.search" in probe["loaded"]  # the search ran, on its thread
    assert probe["on_gui"] == []


def test_work_waits_for_the_first_paint(qtbot: Any) -> None:
    label = QLabel("报库")
    qtbot.addWidget(label)
    ran: list[str] = []
    after_first_paint(label, lambda: ran.append("hidden"))  # nothing would paint it: at once
    assert ran == ["hidden"]
    label.show()
    after_first_paint(label, lambda: ran.append("shown"))
    assert ran == ["hidden"]  # not before the event loop has painted it
    qtbot.waitUntil(lambda: ran == ["hidden", "shown"])
