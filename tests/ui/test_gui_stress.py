"""The real app on a large library, in a subprocess: it must survive stepping through issues.

PySide6 6.12.0 loses a reference to ``None`` in every ``QCalendarWidget.setDateTextFormat``
call; the navigator makes one per marked day on every issue change, so on a ~1,500-issue
library the app aborted (``Fatal Python error: none_dealloc``, exit 134) within a few
dozen changes. pyproject.toml pins a PySide6 without the leak; this test catches a
version that has it (checked against 6.12.0).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "000_4a23ad43cd4d0672.txt"  # no masthead: the file name dates it
ISSUES = 1500
STEPS = 200


@pytest.fixture(scope="session")
def large_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of 1,500 daily issues (2019-01-01 on), built once per session in a few seconds.

    Each file is the start of a seed front page under a dated name, with one line that
    makes its text unique (the same text twice would be imported once, as a duplicate).
    """
    from reader.library import Library

    base = tmp_path_factory.mktemp("large")
    sources = base / "issues"
    sources.mkdir()
    head = SEED.read_text(encoding="utf-8")[:2500]
    day = date(2019, 1, 1)
    for n in range(ISSUES):
        (sources / f"{day + timedelta(days=n):%Y-%m-%d}.txt").write_text(
            f"{head}\n\n本报讯 这是第{n + 1}期的编号说明。\n", encoding="utf-8")
    root = base / "library"
    with Library(root) as lib:
        report = lib.import_paths([sources])
        assert report.count("imported") == ISSUES, report.files[:3]
        assert len(lib.issues()) == ISSUES
    return root


def test_two_hundred_issue_changes_on_a_large_library(large_library: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(large_library), "gui",
         "--walk-issues", str(STEPS), "--settings", str(tmp_path / "s.ini")],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=900,
    )
    assert "Fatal Python error" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]
