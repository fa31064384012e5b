"""A bookmarks.db belongs to one library (issue 14, item 7): two libraries sharing one
bookmarks file (a symlink) must not re-point each other's bookmarks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.bookmarks import Bookmarks
from reader.errors import ForeignBookmarksError
from reader.library import Library
from reader.service import import_and_index
from reader.store import LIBRARY_ID

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def test_a_library_has_a_lasting_identity(tmp_path: Path) -> None:
    with Library(tmp_path / "a") as a:
        ident = a.store.meta(LIBRARY_ID)
    with Library(tmp_path / "b") as b:
        other = b.store.meta(LIBRARY_ID)
    assert ident and other and ident != other
    with Library(tmp_path / "a") as a:
        assert a.store.meta(LIBRARY_ID) == ident
    with Library(tmp_path / "a", readonly=True) as a:
        assert a.store.meta(LIBRARY_ID) == ident


def test_a_shared_bookmarks_file_is_refused_by_the_other_library(tmp_path: Path) -> None:
    files = sorted(CORPUS.iterdir())
    (tmp_path / "src-a").mkdir()
    (tmp_path / "src-b").mkdir()
    for f in files[:3]:
        shutil.copy(f, tmp_path / "src-a")
    for f in files[3:]:
        shutil.copy(f, tmp_path / "src-b")
    with Library(tmp_path / "a") as a:
        import_and_index(a, [tmp_path / "src-a"])
        article = a.articles(a.issues()[0].id)[0]
        with Bookmarks.for_library(a) as marks:
            marks.add(article, note="甲库的书签")
            assert marks.library_id == a.store.meta(LIBRARY_ID)
    (tmp_path / "b").mkdir()
    os.symlink(tmp_path / "a" / "bookmarks.db", tmp_path / "b" / "bookmarks.db")

    with Library(tmp_path / "b") as b:
        with pytest.raises(ForeignBookmarksError, match="belongs to another library"):
            Bookmarks.for_library(b)
        _report, note = import_and_index(b, [tmp_path / "src-b"])
        assert "Bookmarks not checked" in note and "another library" in note
    run = subprocess.run([sys.executable, "-m", "reader", "--library", str(tmp_path / "b"), "bookmarks",
                          "list"], capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert run.returncode == 1
    [line] = run.stderr.splitlines()
    assert "belongs to another library" in line

    with Library(tmp_path / "a") as a, Bookmarks.for_library(a) as marks:
        [mark] = marks.list()
        assert mark.article_id == article.id and not mark.detached and mark.note == "甲库的书签"
        assert not marks.reconcile(a).detached


def test_bookmarks_made_before_identities_are_claimed_by_their_library(tmp_path: Path) -> None:
    with Library(tmp_path / "a") as a:
        with Bookmarks(a.bookmarks_path) as marks:  # an older Baoku: never bound
            assert marks.library_id is None
        with Bookmarks.for_library(a) as marks:
            assert marks.library_id == a.store.meta(LIBRARY_ID)
