"""The catalogue: built in the index sync, kept level issue by issue, rebuilt when damaged."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from reader.index import index_lags, sync_index
from reader.library import Library
from reader.search import catalogue as catalogue_module
from reader.search.catalogue import (
    STATE_FILE,
    Catalogue,
    CatalogueMissing,
    catalogue_dir,
    sync_catalogue,
)


@pytest.fixture
def src(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(corpus_dir, folder)
    return folder


def _ids(library: Library) -> set[str]:
    from whoosh import index

    ix = index.open_dir(str(catalogue_dir(library.index_dir)), catalogue_module.INDEX_NAME, readonly=True)
    with ix.searcher() as s:
        return {f["id"] for f in s.all_stored_fields()}


def test_the_sync_builds_a_catalogue_of_every_article(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        catalogue = Catalogue(lib.index_dir)
        assert catalogue.ready()
        articles = list(lib.iter_articles())
        assert _ids(lib) == {a.id for a in articles}
        target = next(a for a in articles if a.title.startswith("坚决把防线防住"))
        doc = catalogue.stored(target.id)
        assert doc is not None
        assert (doc["date"], doc["year"], doc["paper"], doc["author"]) == \
            (target.date, target.date[:4], target.paper, target.author)
        assert "卢东亮" in doc["names"].split() and len(doc["keywords"].split()) == 12


def _bylines(library: Library) -> dict[str, list[str]]:
    """name -> the dates of the articles whose byline gives it, read from the library."""
    out: dict[str, list[str]] = {}
    for _aid, day, names in library.store.article_authors():
        for name in names.split():
            out.setdefault(name, []).append(day)
    return out


def test_author_facets_count_the_articles_each_byline_names(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        expected = _bylines(lib)
        catalogue = Catalogue(lib.index_dir)
        found = {b.name: b for b in catalogue.authors()}
        assert {n: b.articles for n, b in found.items()} == {n: len(d) for n, d in expected.items()}
        for name, days in expected.items():
            b = found[name]
            assert (b.first, b.last) == (min(days), max(days))
            assert b.years == tuple(sorted(Counter(d[:4] for d in days).items()))
        assert catalogue.years("author", ["李明璇"]) == list(found["李明璇"].years)
        top = sorted(expected, key=lambda n: (-len(expected[n]), n))[:2]
        assert [b.name for b in catalogue.authors(2)] == top


def test_author_facets_stay_exact_when_an_issue_is_replaced(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    target = sorted(src.glob("*.txt"))[0]
    target.write_text(target.read_text("utf-8").rstrip("\n") + "\n\n本报讯（记者 韩云峰）新加的一段。\n", "utf-8")
    assert library.import_paths([src]).count("updated") == 1
    sync_index(library)
    counts = {b.name: b.articles for b in Catalogue(library.index_dir).authors()}
    assert counts == {n: len(d) for n, d in _bylines(library).items()}


def test_related_reports_find_the_follow_up_of_the_same_story(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        target = next(a for a in lib.iter_articles() if a.title.startswith("坚决把防线防住"))
        found = Catalogue(lib.index_dir).related(target.id)
        assert 0 < len(found) <= 5 and target.id not in {r.article_id for r in found}
        first = found[0]
        assert first.follow_up and first.date == "2022-03-26" and "卢东亮" in first.shared
        assert first.days == 30 and first.paper == target.paper
        for r in found:
            other = lib.article(r.article_id)
            assert r.shared and all(t in other.plain_text() for t in r.shared)
            assert not r.follow_up or (abs(r.days) <= 42 and len(r.shared) >= 2)
        similar = {lib.article(r.article_id).title for r in found}
        assert any("疫情" in t for t in similar)  # a similar story, not only the same names
        assert Catalogue(lib.index_dir).related("no-such-article") == []


def test_one_more_issue_updates_only_that_issue(library: Library, src: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first = sorted(src.glob("*.txt"))[-1]
    held = tmp_path / "held"
    held.mkdir()
    shutil.move(first, held / first.name)
    library.import_paths([src])
    sync_index(library)
    catalogue = Catalogue(library.index_dir)
    before = _ids(library)
    assert catalogue.ready()
    written: list[str] = []
    document = catalogue_module.document
    monkeypatch.setattr(catalogue_module, "document", lambda a: written.append(a.id) or document(a))
    report = library.import_paths([held])
    assert report.count("imported") == 1
    sync_index(library)
    new_issue = next(f.issue_id for f in report.files if f.status == "imported")
    assert new_issue is not None
    new_ids = {a.id for a in library.articles(new_issue)}
    assert set(written) == new_ids
    assert _ids(library) == before | new_ids
    assert catalogue.stored(next(iter(new_ids))) is not None  # a running reader sees it
    written.clear()
    assert sync_index(library) == "" and written == []


def test_a_damaged_catalogue_is_set_aside_and_rebuilt(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    directory = catalogue_dir(library.index_dir)
    for f in directory.iterdir():
        if f.suffix in (".seg", ".toc"):
            f.write_bytes(b"\x00garbage")
    with pytest.raises(CatalogueMissing):
        Catalogue(library.index_dir).authors()
    library.store.set_meta("touch", "1")  # the library moved on: the sync looks again
    note = sync_catalogue(library.store, library.index_dir)
    assert note.startswith("catalogue rebuilt (")
    assert (directory.parent / "catalogue.damaged").is_dir()
    assert _ids(library) == {a.id for a in library.iter_articles()}


def test_a_catalogue_without_its_record_is_built_again(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    assert not index_lags(library)
    (catalogue_dir(library.index_dir) / STATE_FILE).unlink()
    assert not Catalogue(library.index_dir).ready()
    assert index_lags(library)  # the window starts a sync for it
    assert sync_index(library) == "catalogue rebuilt (its record of issues was missing): 39 articles"
    assert Catalogue(library.index_dir).ready()
    assert _ids(library) == {a.id for a in library.iter_articles()}


def test_a_sync_killed_half_way_keeps_its_commits_and_the_next_finishes(
        library: Library, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library.import_paths([src])
    monkeypatch.setattr(catalogue_module, "_BATCH", 1)
    monkeypatch.setattr(catalogue_module, "_COMMIT_SECONDS", -1.0)  # commit after every issue

    class Killed(BaseException):
        pass

    def progress(phase: str, done: int, total: int, _msg: str) -> None:
        if phase == "catalogue" and done == 3:
            raise Killed

    with pytest.raises(Killed):
        sync_index(library, progress=progress)
    kept = _ids(library)
    assert kept and kept < {a.id for a in library.iter_articles()}
    assert Catalogue(library.index_dir).ready()
    sync_index(library)
    assert _ids(library) == {a.id for a in library.iter_articles()}


def test_cancel_stops_the_catalogue_too(library: Library, src: Path) -> None:
    library.import_paths([src])
    assert sync_index(library, cancel=lambda: True) == "index update cancelled"
    assert not Catalogue(library.index_dir).ready()


def test_a_large_catalogue_is_built_by_a_background_process(library: Library, src: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """More issues than BACKGROUND_ISSUES: the sync leaves them to a process of its own, and
    searching works before it is done."""
    import subprocess

    from reader.search import Searcher

    library.import_paths([src])
    monkeypatch.setattr(catalogue_module, "BACKGROUND_ISSUES", 2)
    started: list[subprocess.Popen[bytes]] = []
    start = catalogue_module.start_background
    monkeypatch.setattr(catalogue_module, "start_background",
                        lambda db, where: started.append(start(db, where)) or started[-1])
    note = sync_index(library)
    assert "background" in note and len(started) == 1
    assert Searcher(library).search("大同").total > 0  # the exact index is level already
    assert started[0].wait(timeout=120) == 0
    assert Catalogue(library.index_dir).ready() and not index_lags(library)
    assert _ids(library) == {a.id for a in library.iter_articles()}
    assert sync_index(library) == ""


def test_a_sync_leaves_the_catalogue_to_whoever_is_writing_it(library: Library, src: Path) -> None:
    from whoosh.util.filelock import FileLock

    library.import_paths([src])
    library.index_dir.mkdir(parents=True)
    lock = FileLock(str(library.root / catalogue_module.LOCK_NAME))
    assert lock.acquire(blocking=False)
    try:
        assert sync_index(library).startswith("index built")
        assert not Catalogue(library.index_dir).ready()
    finally:
        lock.release()
    assert catalogue_module.build_in_background(library.db_path, library.index_dir) == 0
    assert Catalogue(library.index_dir).ready() and not index_lags(library)


_KILL_DURING_CATALOGUE = """
import os, signal, sys
from reader import index
from reader.library import Library
from reader.search import catalogue
catalogue._BATCH = 1
catalogue._COMMIT_SECONDS = -1.0  # commit after every issue

def progress(phase, done, total, detail):
    if phase == "catalogue" and done == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)

with Library(sys.argv[1]) as lib:
    index.sync_index(lib, progress=progress)
"""


@pytest.mark.parametrize("at", [1, 3])
def test_a_sync_killed_by_sigkill_in_the_catalogue_leaves_it_usable(library: Library, src: Path, at: int) -> None:
    import signal
    import subprocess
    import sys

    library.import_paths([src])
    done = subprocess.run([sys.executable, "-c", _KILL_DURING_CATALOGUE, str(library.root), str(at)],
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    catalogue = Catalogue(library.index_dir)
    if catalogue.ready():  # what the last commit holds can be read
        assert catalogue.authors() is not None
    assert index_lags(library)
    assert sync_index(library) in ("", "catalogue rebuilt (its record of issues was missing): 39 articles")
    assert _ids(library) == {a.id for a in library.iter_articles()}
    assert Catalogue(library.index_dir).ready() and not index_lags(library)
