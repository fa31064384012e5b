"""The window on damaged files: a damaged library.db is refused with one message (nothing
imported into it, nothing derived from it); a bookmarks.db missing a table turns the bookmarks
panel off with a message, and the window works."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_gui(lib: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(lib), "gui", "--settings",
         str(tmp_path / "s.ini"), *extra],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=300,
    )


def _tree(path: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.rglob("*")) if p.is_file()}


def test_a_damaged_library_is_refused_by_the_window(seeded_root: Path, tmp_path: Path) -> None:
    raw = sqlite3.connect(seeded_root / "library.db")
    raw.execute("DROP TABLE articles")
    raw.commit()
    raw.close()
    before = _tree(seeded_root)
    run = _run_gui(seeded_root, tmp_path, "--screenshot", str(tmp_path / "shot.png"))
    assert run.returncode == 1
    assert str(seeded_root / "library.db") in run.stderr and "repair" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "shot.png").exists()
    assert _tree(seeded_root) == before  # no first-run import, no index update


def test_an_emptied_library_gets_no_bundled_issues(seeded_root: Path, tmp_path: Path) -> None:
    (seeded_root / "library.db").write_bytes(b"")
    for side in ("library.db-wal", "library.db-shm"):
        (seeded_root / side).unlink(missing_ok=True)
    run = _run_gui(seeded_root, tmp_path, "--screenshot", str(tmp_path / "shot.png"))
    assert run.returncode == 1 and "repair" in run.stderr
    assert (seeded_root / "library.db").stat().st_size == 0


def test_a_bookmarks_file_missing_a_table_turns_the_panel_off(seeded_root: Path, tmp_path: Path) -> None:
    from reader.bookmarks import Bookmarks

    Bookmarks(seeded_root / "bookmarks.db").close()
    raw = sqlite3.connect(seeded_root / "bookmarks.db")
    raw.execute("DROP TABLE bookmarks")
    raw.commit()
    raw.close()
    shutil.copy(seeded_root / "bookmarks.db", tmp_path / "before.db")
    run = _run_gui(seeded_root, tmp_path, "--screenshot", str(tmp_path / "shot.png"), "--panel", "bookmarks")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "shot.png").exists()
    assert "bookmarks are not available" in run.stderr and "damaged" in run.stderr


def test_another_librarys_bookmarks_turn_the_panel_off(seeded_root: Path, tmp_path: Path) -> None:
    """A bookmarks.db bound to another library (a symlink shared by two) is not reconciled."""
    from reader.bookmarks import Bookmarks
    from reader.library import Library

    with Library(tmp_path / "other") as other, Bookmarks.for_library(other):
        pass  # bound to the other library
    (seeded_root / "bookmarks.db").unlink(missing_ok=True)
    os.symlink(tmp_path / "other" / "bookmarks.db", seeded_root / "bookmarks.db")
    run = _run_gui(seeded_root, tmp_path, "--screenshot", str(tmp_path / "shot.png"))
    assert run.returncode == 0, run.stderr
    assert "belongs to another library" in run.stderr
