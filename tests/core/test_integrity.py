"""A damaged library.db is never taken for an empty one (issue 14, item 3).

Each kind of damage (emptied to 0 bytes, the ``articles`` table dropped, pages
overwritten with garbage) must give one clear line naming the file and ``baoku
repair``; nothing derived from the library (the index, bookmark reconciliation,
an import) may run on it; bookmarks stay listable and exportable; and ``baoku
repair`` rebuilds the library from the source files and the texts it still holds.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.bookmarks import Bookmarks
from reader.errors import BookmarksDamagedError, LibraryDamagedError
from reader.library import Library
from reader.service import import_and_index

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
PAGE = 4096


def baoku(*args: str, lib: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the seed issues (imported from a copy, indexed) with one bookmark."""
    base = tmp_path_factory.mktemp("integrity")
    shutil.copytree(CORPUS, base / "src")
    with Library(base / "lib") as lib:
        import_and_index(lib, [base / "src"])
        article = lib.articles(lib.issues()[0].id)[1]
        with Bookmarks.for_library(lib) as marks:
            marks.add(article, note="要紧的一篇")
    return base


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template; returns its library directory (sources in ../src)."""
    shutil.copytree(template, tmp_path / "t")
    return tmp_path / "t" / "lib"


def empty_it(db: Path) -> None:
    db.write_bytes(b"")


def drop_articles(db: Path) -> None:
    raw = sqlite3.connect(db)
    raw.execute("DROP TABLE articles")
    raw.commit()
    raw.close()


def overwrite_pages(db: Path) -> None:
    """Garbage over every third page after the first two (the header and schema stay)."""
    data = bytearray(db.read_bytes())
    rnd = random.Random(14)
    for page in range(3, len(data) // PAGE, 3):
        data[page * PAGE:(page + 1) * PAGE] = rnd.randbytes(PAGE)
    db.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": empty_it, "articles-dropped": drop_articles, "pages-overwritten": overwrite_pages}


def digest(path: Path) -> dict[str, str]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_library_is_refused_and_nothing_derived_is_touched(copy: Path, damage: str) -> None:
    db = copy / "library.db"
    DAMAGE[damage](db)
    before = {**digest(copy / "index"), **digest(db), **digest(copy / "bookmarks.db")}

    with pytest.raises(LibraryDamagedError) as caught:
        Library(copy)
    assert str(db) in str(caught.value) and "repair" in str(caught.value)

    for command in (["search", "大同"], ["import", str(copy.parent / "src")], ["issues"],
                    ["index", "--rebuild"]):
        run = baoku(*command, lib=copy)
        assert run.returncode == 1, (command, run.stdout)
        [line] = run.stderr.splitlines()
        assert "damaged" in line and str(db) in line and "repair" in line, line
    listed = baoku("bookmarks", "list", "--json", lib=copy)
    assert listed.returncode == 0, listed.stderr
    [mark] = json.loads(listed.stdout)
    assert mark["note"] == "要紧的一篇" and not mark["detached"]
    assert "damaged" in listed.stderr
    exported = baoku("bookmarks", "export", "--format", "markdown", lib=copy)
    assert exported.returncode == 0 and "要紧的一篇" in exported.stdout
    after = {**digest(copy / "index"), **digest(db), **digest(copy / "bookmarks.db")}
    assert after == before  # not the index, not library.db, not the bookmarks


@pytest.mark.parametrize("damage", DAMAGE)
def test_repair_rebuilds_from_the_sources_and_keeps_the_damaged_file(copy: Path, damage: str) -> None:
    with Library(copy) as lib:
        expected = {(i.date, i.source, i.article_count) for i in lib.issues()}
    DAMAGE[damage](copy / "library.db")
    damaged_bytes = (copy / "library.db").read_bytes()

    run = baoku("repair", "--json", lib=copy)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    kept = Path(data["damaged_kept"])
    assert kept.parent == copy and kept.name.startswith("library.db.damaged-")
    assert kept.read_bytes() == damaged_bytes
    with Library(copy) as lib:
        if damage == "empty":  # nothing left to say where the issues came from
            assert lib.issues() == []
        else:
            assert {(i.date, i.source, i.article_count) for i in lib.issues()} == expected
    if damage != "empty":
        found = json.loads(baoku("search", "大同", "--json", lib=copy).stdout)
        assert found["total"] > 0
        [mark] = json.loads(baoku("bookmarks", "list", "--json", lib=copy).stdout)
        assert not mark["detached"]  # the article came back with the same id


def test_repair_with_the_sources_named_again(copy: Path) -> None:
    """An emptied library.db knows nothing: `repair FOLDER` imports the folder as well."""
    empty_it(copy / "library.db")
    run = baoku("repair", str(copy.parent / "src"), "--json", lib=copy)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["reimported"] == 5
    [mark] = json.loads(baoku("bookmarks", "list", "--json", lib=copy).stdout)
    assert not mark["detached"]


def test_repair_rebuilds_issues_whose_files_are_gone_from_the_kept_text(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "src")
    copy = tmp_path / "lib"
    with Library(copy) as lib:
        lib.import_paths([tmp_path / "src"])
        expected = {(i.date, i.source, i.article_count) for i in lib.issues()}
    shutil.rmtree(tmp_path / "src")
    drop_articles(copy / "library.db")
    run = baoku("repair", "--json", lib=copy)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["from_stored_text"] == 5 and data["lost"] == []
    with Library(copy) as lib:
        assert {(i.date, i.source, i.article_count) for i in lib.issues()} == expected


def test_a_new_library_is_not_damaged(tmp_path: Path) -> None:
    """An absent library.db, or an empty one with nothing beside it, is a new library."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "library.db").write_bytes(b"")
    for root in (tmp_path / "a", tmp_path / "b"):
        with Library(root) as lib:
            assert lib.issues() == []


def test_a_bookmarks_file_missing_a_table_is_a_clear_error(copy: Path) -> None:
    raw = sqlite3.connect(copy / "bookmarks.db")
    raw.execute("DROP TABLE bookmark_tags")
    raw.commit()
    raw.close()
    with pytest.raises(BookmarksDamagedError, match="bookmark_tags"):
        Bookmarks(copy / "bookmarks.db")
    run = baoku("bookmarks", "list", lib=copy)
    assert run.returncode == 1
    [line] = run.stderr.splitlines()
    assert "bookmarks.db" in line and "damaged" in line
