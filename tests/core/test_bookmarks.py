"""Bookmarks: the store, re-attaching after re-imports, export/import, and the CLI."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.bookmarks import SCHEMA_VERSION, Bookmarks, BookmarksFileError
from reader.errors import LibraryError, NotFoundError
from reader.library import Library
from reader.models import Article, Issue

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The seed issues, imported once for the tests that only read articles."""
    lib = Library(tmp_path_factory.mktemp("bookmarks") / "lib")
    lib.import_paths([CORPUS])
    yield lib
    lib.close()


@pytest.fixture
def marks(tmp_path: Path) -> Iterator[Bookmarks]:
    m = Bookmarks(tmp_path / "bookmarks.db")
    yield m
    m.close()


def some_articles(library: Library, n: int) -> list[Article]:
    arts = [a for a in library.iter_articles() if a.title]
    assert len(arts) >= n
    return arts[:n]


# -- the store ----------------------------------------------------------------------
def test_add_get_list_remove(seeded: Library, marks: Bookmarks) -> None:
    a, b = some_articles(seeded, 2)
    first = marks.add(a, note="要读", tags=["经济"])
    assert (first.article_id, first.issue_id, first.date, first.title, first.kicker) == (
        a.id, a.issue_id, a.date, a.title, a.kicker)
    assert first.note == "要读" and first.tags == ("经济",) and not first.detached
    assert first.created and first.updated == first.created
    marks.add(b)
    assert [m.article_id for m in marks.list()] == [b.id, a.id]  # newest first
    assert marks.get(a.id) == first
    assert marks.is_bookmarked(a.id) and marks.is_bookmarked(b.id)
    assert marks.remove(a.id) is True
    assert marks.remove(a.id) is False
    assert marks.get(a.id) is None and not marks.is_bookmarked(a.id)
    assert [m.article_id for m in marks.list()] == [b.id]


def test_add_is_idempotent_and_keeps_what_it_is_not_given(seeded: Library, marks: Bookmarks) -> None:
    (a,) = some_articles(seeded, 1)
    marks.add(a, note="第一次", tags=["甲"])
    again = marks.add(a)
    assert (again.note, again.tags) == ("第一次", ("甲",))
    changed = marks.add(a, note="第二次", tags=["乙"])
    assert (changed.note, changed.tags) == ("第二次", ("乙",))
    assert len(marks.list()) == 1


def test_update_tags_and_filter(seeded: Library, marks: Bookmarks) -> None:
    a, b, c = some_articles(seeded, 3)
    marks.add(a, tags=["  经济 ", "经济", "", "民生  新闻"])
    marks.add(b, tags="文化")  # one tag, not three characters
    marks.add(c)
    assert marks.get(a.id).tags == ("民生 新闻", "经济")  # type: ignore[union-attr]
    assert marks.tags() == ["文化", "民生 新闻", "经济"]
    updated = marks.update(c.id, note="补记", tags=["经济"])
    assert (updated.note, updated.tags) == ("补记", ("经济",))
    assert marks.update(c.id, note="只改笔记").tags == ("经济",)
    assert {m.article_id for m in marks.list(tag="经济")} == {a.id, c.id}
    assert marks.list(tag="没有") == []
    marks.update(a.id, tags=[])
    assert marks.tags() == ["文化", "经济"]
    with pytest.raises(NotFoundError):
        marks.update("a-no-such-article", note="x")


def test_survives_close_and_reopen(seeded: Library, tmp_path: Path) -> None:
    (a,) = some_articles(seeded, 1)
    with Bookmarks(tmp_path / "b.db") as m:
        saved = m.add(a, note="第一行\n第二行", tags=["甲", "乙"])
    with Bookmarks(tmp_path / "b.db") as m:
        assert m.list() == [saved]


def test_for_library_uses_the_library_directory(library: Library) -> None:
    with Bookmarks.for_library(library) as m:
        assert m.path == library.bookmarks_path == library.root / "bookmarks.db"
        assert m.list() == []


def test_wal_and_schema_version(marks: Bookmarks) -> None:
    assert marks.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(marks.path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        db.close()


def test_an_older_database_is_migrated_in_place(
    seeded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.bookmarks.store as module

    (a,) = some_articles(seeded, 1)
    path = tmp_path / "b.db"
    with Bookmarks(path) as m:
        saved = m.add(a, note="迁移前")
    migrations = dict(module._MIGRATIONS)
    migrations[SCHEMA_VERSION + 1] = ("ALTER TABLE bookmarks ADD COLUMN colour TEXT NOT NULL DEFAULT ''",)
    monkeypatch.setattr(module, "_MIGRATIONS", migrations)
    monkeypatch.setattr(module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Bookmarks(path) as m:
        assert m.schema_version == SCHEMA_VERSION + 1
        assert m.list() == [saved]
    db = sqlite3.connect(path)
    try:
        assert "colour" in [r[1] for r in db.execute("PRAGMA table_info(bookmarks)")]
    finally:
        db.close()


def test_newer_schema_and_damaged_file_are_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    Bookmarks(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE schema_version SET version = 99")
    db.close()
    with pytest.raises(LibraryError, match="newer Baoku"):
        Bookmarks(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LibraryError, match="bookmarks database"):
        Bookmarks(junk)
    assert junk.read_bytes() == b"this is not a database" * 100  # left alone, not "repaired"


def test_hostile_text_is_stored_safely(seeded: Library, marks: Bookmarks) -> None:
    (a,) = some_articles(seeded, 1)
    mark = marks.add(a, note="坏\ud800字<script>\x00", tags=["\udfff"])
    assert mark.note == "坏\ufffd字<script>\x00" and mark.tags == ("\ufffd",)


def test_usable_from_another_thread(seeded: Library, marks: Bookmarks) -> None:
    (a,) = some_articles(seeded, 1)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            marks.add(a, note="后台")
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert not errors
    assert marks.get(a.id).note == "后台"  # type: ignore[union-attr]


# -- export and import ---------------------------------------------------------------
def test_json_round_trip_and_idempotent_import(seeded: Library, marks: Bookmarks, tmp_path: Path) -> None:
    a, b = some_articles(seeded, 2)
    marks.add(a, note="笔记一", tags=["甲"])
    marks.add(b, note="笔记二\n第二行", tags=["乙", "丙"])
    text = marks.export_json()
    data = json.loads(text)
    assert data["format"] == "baoku-bookmarks" and data["count"] == 2
    assert "\\u" not in text  # readable UTF-8
    with Bookmarks(tmp_path / "other.db") as other:
        assert other.import_json(text) == 2
        assert [m.to_json() for m in other.list()] == [m.to_json() for m in marks.list()]
        assert other.import_json(text) == 0
        assert other.import_json(other.export_json()) == 0
        assert len(other.list()) == 2


def test_import_merges_notes_and_tags(seeded: Library, marks: Bookmarks, tmp_path: Path) -> None:
    (a,) = some_articles(seeded, 1)
    marks.add(a, note="家里的笔记", tags=["甲"])
    with Bookmarks(tmp_path / "work.db") as work:
        work.add(a, note="单位的笔记", tags=["乙"])
        exported = work.export_json()
    assert marks.import_json(exported) == 1
    merged = marks.get(a.id)
    assert merged is not None
    assert "家里的笔记" in merged.note and "单位的笔记" in merged.note
    assert merged.tags == ("乙", "甲")
    assert marks.import_json(exported) == 0  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "",
        '{"format": "something-else", "bookmarks": []}',
        '{"format": "baoku-bookmarks", "version": 99, "bookmarks": []}',
        '{"bookmarks": 3}',
        '[{"article_id": "a1", "title": "好"}, {"title": "没有 id"}]',
        '[{"article_id": "a1"}, {"article_id": "a2", "tags": "不是列表"}]',
        '[{"article_id": "a1"}, "not an object"]',
    ],
)
def test_bad_import_is_a_clear_error_and_imports_nothing(marks: Bookmarks, text: str) -> None:
    with pytest.raises(BookmarksFileError) as info:
        marks.import_json(text)
    assert "\n" not in str(info.value)
    assert marks.list() == []


def test_markdown_export(seeded: Library, marks: Bookmarks) -> None:
    a, b = some_articles(seeded, 2)
    marks.add(a, note="第一行\n<script>alert(1)</script>", tags=["经济"])
    marks.add(b)
    md = marks.export_markdown()
    assert md.startswith("# 书签")
    assert f"## {a.date} · " in md and a.title.split()[0] in md
    assert a.id in md and b.id in md
    assert "#经济" in md
    assert "> 第一行" in md
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_export_and_import_files(seeded: Library, marks: Bookmarks, tmp_path: Path) -> None:
    a, b = some_articles(seeded, 2)
    marks.add(a, note="笔记")
    marks.add(b)
    out = tmp_path / "out.json"
    out.write_text("old contents", encoding="utf-8")
    assert marks.export_file(out) == 2
    assert json.loads(out.read_text(encoding="utf-8"))["count"] == 2
    assert marks.export_file(tmp_path / "out.md", "markdown") == 2
    assert "笔记" in (tmp_path / "out.md").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    with pytest.raises(BookmarksFileError, match="cannot write"):
        marks.export_file(tmp_path / "no" / "such" / "dir.json")
    with Bookmarks(tmp_path / "other.db") as other:
        bom = tmp_path / "bom.json"
        bom.write_bytes(b"\xef\xbb\xbf" + out.read_bytes())
        assert other.import_file(bom) == 2
        with pytest.raises(BookmarksFileError, match="cannot read"):
            other.import_file(tmp_path / "missing.json")
        gbk = tmp_path / "gbk.json"
        gbk.write_bytes('[{"article_id": "a1", "title": "中文"}]'.encode("gbk"))
        with pytest.raises(BookmarksFileError, match="not UTF-8"):
            other.import_file(gbk)
        assert len(other.list()) == 2


# -- keeping up with re-imports ---------------------------------------------------------
class Source:
    """One issue file copied out of corpus/ into a private folder, to be edited and re-imported."""

    def __init__(self, tmp_path: Path) -> None:
        self.dir = tmp_path / "src"
        self.dir.mkdir()
        self.original = sorted(CORPUS.glob("*.txt"))[0]
        self.path = self.dir / self.original.name
        shutil.copyfile(self.original, self.path)
        self._mtime = 1_600_000_000 * 10**9
        self._stamp()

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def write(self, text: str) -> None:
        self.path.write_text(text, encoding="utf-8")
        self._stamp()

    def _stamp(self) -> None:
        # A fresh mtime each time, so the import never mistakes an edit for "unchanged".
        self._mtime += 10**9
        os.utime(self.path, ns=(self._mtime, self._mtime))


def unique_piece(haystack: str, text: str, length: int = 8) -> str:
    """A piece of ``text`` that occurs exactly once in ``haystack``."""
    for start in range(0, max(1, len(text) - length)):
        piece = text[start:start + length]
        if "\n" not in piece and haystack.count(piece) == 1:
            return piece
    raise AssertionError("no unique piece of text found")


def pick(library: Library, source_text: str) -> Article:
    """An article with a body and a title printed once in the issue and in the file."""
    (issue,) = library.issues()
    arts = library.articles(issue.id)
    titles = [a.title for a in arts]
    for a in arts:
        if not a.title_inferred and titles.count(a.title) == 1 and len(a.body) > 100 \
                and len(a.title) >= 6 and source_text.count(a.title) == 1:
            return a
    raise AssertionError("no suitable article in the seed issue")


def reimport(library: Library, src: Source) -> None:
    report = library.import_paths([src.dir])
    assert report.count("updated") == 1, report.to_json()


def test_reattached_after_the_text_changed(tmp_path: Path) -> None:
    src = Source(tmp_path)
    with Library(tmp_path / "lib") as lib, Bookmarks.for_library(lib) as marks:
        lib.import_paths([src.dir])
        art = pick(lib, src.text())
        bystander = next(a for a in lib.articles(art.issue_id) if a.id != art.id)
        marks.add(art, note="重要", tags=["甲"])
        marks.add(bystander, note="旁边那篇")
        old_export = marks.export_json()

        piece = unique_piece(src.text(), art.body[len(art.body) // 2:])
        src.write(src.text().replace(piece, piece + "（本段有增补）"))
        reimport(lib, src)
        with pytest.raises(NotFoundError):
            lib.article(art.id)

        report = marks.reconcile(lib)
        assert [(r.old_id, r.how) for r in report.reattached] == [(art.id, "title")]
        assert report.detached == ()
        new = report.reattached[0].bookmark
        assert new.article_id != art.id and lib.article(new.article_id).title == art.title
        assert "本段有增补" in lib.article(new.article_id).body
        assert (new.note, new.tags, new.title, new.detached) == ("重要", ("甲",), art.title, False)
        assert marks.get(art.id) is None
        # The untouched article kept its id, and the issue (the paper's day) is the same one.
        kept = marks.get(bystander.id)
        assert kept is not None and kept.issue_id == lib.article(bystander.id).issue_id == art.issue_id

        assert marks.reconcile(lib).reattached == ()  # nothing left to do
        # An export from before the re-import merges into the re-attached bookmark.
        assert marks.import_json(old_export) == 0
        assert len(marks.list()) == 2


def test_an_import_from_the_command_line_reattaches_and_says_so(tmp_path: Path) -> None:
    """`baoku import` itself re-attaches bookmarks; the user sees it in the import's note."""
    src = Source(tmp_path)
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src.dir])
        art = pick(lib, src.text())
        with Bookmarks.for_library(lib) as marks:
            marks.add(art, note="重要")
    piece = unique_piece(src.text(), art.body[len(art.body) // 2:])
    src.write(src.text().replace(piece, piece + "（本段有增补）"))
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), "import", str(src.dir), "--json"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    assert "1 bookmark(s) re-attached" in json.loads(done.stdout)["note"]
    with Library(tmp_path / "lib") as lib, Bookmarks.for_library(lib) as marks:
        (mark,) = marks.list()
        assert mark.article_id != art.id and not mark.detached and mark.note == "重要"
        assert "本段有增补" in lib.article(mark.article_id).body


def test_reattached_to_a_similar_title(tmp_path: Path) -> None:
    src = Source(tmp_path)
    with Library(tmp_path / "lib") as lib, Bookmarks.for_library(lib) as marks:
        lib.import_paths([src.dir])
        art = pick(lib, src.text())
        marks.add(art, note="标题改过")
        retitled = art.title[:-1] + ("新" if art.title[-1] != "新" else "旧")
        piece = unique_piece(src.text(), art.body)
        src.write(src.text().replace(art.title, retitled).replace(piece, piece + "又及"))
        reimport(lib, src)

        report = marks.reconcile(lib)
        assert [(r.old_id, r.how) for r in report.reattached] == [(art.id, "similar")]
        new = report.reattached[0].bookmark
        assert new.title == retitled == lib.article(new.article_id).title
        assert new.note == "标题改过"


def test_detached_when_the_article_vanished_and_back_when_it_returns(tmp_path: Path) -> None:
    src = Source(tmp_path)
    with Library(tmp_path / "lib") as lib, Bookmarks.for_library(lib) as marks:
        lib.import_paths([src.dir])
        art = pick(lib, src.text())
        marks.add(art, note="别丢了", tags=["甲"])
        original = src.text()

        other = sorted(CORPUS.glob("*.txt"))[1].read_text(encoding="utf-8")
        src.write(other)  # the file now holds another issue: the article is gone
        reimport(lib, src)
        report = marks.reconcile(lib)
        assert report.reattached == ()
        assert [m.article_id for m in report.detached] == [art.id]
        (listed,) = marks.list()
        assert listed.detached and (listed.title, listed.note, listed.tags, listed.date) == (
            art.title, "别丢了", ("甲",), art.date)
        assert "已脱离" in marks.export_markdown()
        assert json.loads(marks.export_json())["bookmarks"][0]["detached"] is True

        src.write(original)
        reimport(lib, src)
        report = marks.reconcile(lib)
        assert [(r.old_id, r.how) for r in report.reattached] == [(art.id, "same")]
        assert report.detached == ()
        back = marks.get(art.id)
        assert back is not None and not back.detached and back.note == "别丢了"


def test_reattaching_onto_an_already_bookmarked_article_merges(tmp_path: Path) -> None:
    src = Source(tmp_path)
    with Library(tmp_path / "lib") as lib, Bookmarks.for_library(lib) as marks:
        lib.import_paths([src.dir])
        art = pick(lib, src.text())
        marks.add(art, note="旧版的笔记", tags=["旧"])
        piece = unique_piece(src.text(), art.body)
        src.write(src.text().replace(piece, piece + "更正"))
        reimport(lib, src)
        new_art = next(a for a in lib.articles(lib.issues()[0].id) if a.title == art.title)
        marks.add(new_art, note="新版的笔记", tags=["新"])  # bookmarked again before reconciling

        report = marks.reconcile(lib)
        assert [r.how for r in report.reattached] == ["title"]
        (merged,) = marks.list()
        assert merged.article_id == new_art.id
        assert "旧版的笔记" in merged.note and "新版的笔记" in merged.note
        assert set(merged.tags) == {"新", "旧"}


class FakeLibrary:
    """Just what reconcile reads from a library, so the matching rules are tested without the parser."""

    library_id = None  # no identity: bookmarks are not bound to it

    def __init__(self, articles: list[Article]) -> None:
        self.arts = {a.id: a for a in articles}

    def article(self, article_id: str) -> Article:
        if article_id not in self.arts:
            raise NotFoundError(article_id)
        return self.arts[article_id]

    def issues(self) -> list[Issue]:
        keys = sorted({(a.date, a.issue_id) for a in self.arts.values()})
        return [Issue(id=i, date=d, date_source="masthead", source=i) for d, i in keys]

    def articles(self, issue_id: str) -> list[Article]:
        return sorted((a for a in self.arts.values() if a.issue_id == issue_id), key=lambda a: a.seq)

    def iter_articles(self) -> Iterator[Article]:
        return iter(sorted(self.arts.values(), key=lambda a: (a.date, a.issue_id, a.seq)))

    def article_titles(self) -> list[tuple[str, str]]:
        return [(a.id, a.title) for a in self.arts.values()]


def art(aid: str, title: str, body: str, *, date: str = "2022-01-11", issue: str = "i1",
        seq: int = 1) -> Article:
    return Article(id=aid, issue_id=issue, date=date, seq=seq, title=title, body=body)


PHOTO_A = "市民在公园里晨练，太极拳、广场舞、健步走，处处洋溢着健康向上的气息。"
PHOTO_B = "工人们在新建的生产线上调试设备，确保项目按期投产，助力经济稳步增长。"


def test_same_title_twice_each_goes_to_its_closest_text(marks: Bookmarks) -> None:
    marks.add(art("p1", "图片新闻", PHOTO_A, seq=1), note="晨练")
    marks.add(art("p2", "图片新闻", PHOTO_B, seq=2), note="生产线")
    after = FakeLibrary([art("q2", "图片新闻", PHOTO_B + "（记者摄）", issue="i2", seq=1),
                         art("q1", "图片新闻", PHOTO_A + "（记者摄）", issue="i2", seq=2)])
    report = marks.reconcile(after)  # type: ignore[arg-type]
    assert sorted((r.old_id, r.bookmark.article_id, r.how) for r in report.reattached) == [
        ("p1", "q1", "title"), ("p2", "q2", "title")]
    assert marks.get("q1").note == "晨练" and marks.get("q2").note == "生产线"  # type: ignore[union-attr]


def test_an_unrelated_article_is_not_taken(marks: Bookmarks) -> None:
    marks.add(art("p1", "图片新闻", PHOTO_A), note="晨练")
    report = marks.reconcile(FakeLibrary([art("x", "市政府召开常务会议", PHOTO_B)]))  # type: ignore[arg-type]
    assert report.reattached == () and [m.article_id for m in report.detached] == ["p1"]


def test_an_article_whose_issue_was_redated_is_found(marks: Bookmarks) -> None:
    marks.add(art("p1", "晨练成风尚", PHOTO_A), note="晨练")
    moved = FakeLibrary([art("x", "晨练成风尚", PHOTO_A, date="2022-01-12", issue="i9")])
    report = marks.reconcile(moved)  # type: ignore[arg-type]
    assert [(r.old_id, r.how) for r in report.reattached] == [("p1", "moved")]
    got = marks.get("x")
    assert got is not None and got.date == "2022-01-12" and got.note == "晨练"


def test_a_moved_article_is_looked_for_by_title_without_reading_every_article(marks: Bookmarks) -> None:
    """Looking through the whole library for a lost bookmark's article reads the titles, and
    only the articles with its title (at 36,500 issues, reading every text took seconds)."""
    marks.add(art("p1", "晨练成风尚", PHOTO_A), note="晨练")
    others = [art(f"o{n}", f"别的报道{n}", PHOTO_B, date="2022-01-12", issue="i9", seq=n) for n in range(2, 200)]
    library = FakeLibrary([art("x", "晨练成风尚", PHOTO_A, date="2022-01-12", issue="i9"), *others])
    read: list[str] = []
    whole = library.article
    library.article = lambda aid: (read.append(aid), whole(aid))[1]  # type: ignore[method-assign]
    library.iter_articles = None  # type: ignore[assignment,method-assign]  # never walked
    report = marks.reconcile(library)  # type: ignore[arg-type]
    assert [(r.old_id, r.how) for r in report.reattached] == [("p1", "moved")]
    assert read == ["p1", "x"]  # the bookmark's own id (gone), then the one article of its title


def test_a_detached_bookmark_comes_back_when_its_article_does(marks: Bookmarks) -> None:
    a = art("p1", "晨练成风尚", PHOTO_A)
    marks.add(a, note="晨练")
    assert [m.article_id for m in marks.reconcile(FakeLibrary([])).detached] == ["p1"]  # type: ignore[arg-type]
    assert marks.reconcile(FakeLibrary([])).detached[0].note == "晨练"  # type: ignore[arg-type]
    back = marks.reconcile(FakeLibrary([a]))  # type: ignore[arg-type]
    assert [(r.old_id, r.how) for r in back.reattached] == [("p1", "same")] and back.detached == ()


# -- the command line -----------------------------------------------------------------
def baoku(*args: str, lib: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(lib), *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )


def test_cli(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    assert baoku("import", "corpus", "--json", lib=lib).returncode == 0
    with Library(lib) as library:
        a, b = some_articles(library, 2)

    out = baoku("bookmarks", "add", a.id, "--note", "命令行笔记", "--tag", "甲", "--tag", "乙",
                "--json", lib=lib)
    assert out.returncode == 0, out.stderr
    added = json.loads(out.stdout)
    assert (added["article_id"], added["title"], added["note"], added["tags"]) == (
        a.id, a.title, "命令行笔记", ["乙", "甲"])
    assert "\\u" not in out.stdout
    assert baoku("bookmarks", "add", b.id, "--json", lib=lib).returncode == 0

    listed = json.loads(baoku("bookmarks", "list", "--json", lib=lib).stdout)
    assert [m["article_id"] for m in listed] == [b.id, a.id]
    tagged = json.loads(baoku("bookmarks", "list", "--tag", "甲", "--json", lib=lib).stdout)
    assert [m["article_id"] for m in tagged] == [a.id]
    text = baoku("bookmarks", "list", lib=lib).stdout
    assert a.id in text and "命令行笔记" in text

    export = tmp_path / "out" / "marks.json"
    export.parent.mkdir()
    assert baoku("bookmarks", "export", "-o", str(export), lib=lib).returncode == 0
    assert json.loads(export.read_text(encoding="utf-8"))["count"] == 2
    md = baoku("bookmarks", "export", "--format", "markdown", lib=lib)
    assert md.returncode == 0 and "命令行笔记" in md.stdout

    assert baoku("bookmarks", "remove", a.id, lib=lib).returncode == 0
    gone = baoku("bookmarks", "remove", a.id, lib=lib)
    assert gone.returncode == 1 and gone.stderr.count("\n") == 1 and a.id in gone.stderr

    imp = baoku("bookmarks", "import", str(export), "--json", lib=lib)
    assert imp.returncode == 0, imp.stderr
    assert json.loads(imp.stdout) == {"imported": 1, "total": 2, "reattached": 0, "detached": 0}
    again = baoku("bookmarks", "import", str(export), "--json", lib=lib)
    assert json.loads(again.stdout)["imported"] == 0


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    bad = tmp_path / "bad.json"
    bad.write_text('[{"article_id": "a1"}, {"oops": ', encoding="utf-8")
    for args in (
        ("bookmarks", "import", str(bad)),
        ("bookmarks", "import", str(tmp_path / "missing.json")),
        ("bookmarks", "add", "no-such-article"),
        ("bookmarks", "export", "-o", str(tmp_path / "no" / "dir" / "x.json")),
    ):
        out = baoku(*args, lib=lib)
        assert out.returncode == 1, args
        assert out.stderr.startswith("baoku: ") and out.stderr.count("\n") == 1, out.stderr
    assert json.loads(baoku("bookmarks", "list", "--json", lib=lib).stdout) == []


def test_bookmarks_module_is_qt_free() -> None:
    code = "import sys, reader.bookmarks, reader.cli.bookmark_cmds; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize(("paper", "attached"), [("大同日报", True), ("人民日报", False)])
def test_an_export_reattaches_in_another_library_by_paper_date_page_and_text(
        tmp_path: Path, corpus_dir: Path, paper: str, attached: bool) -> None:
    """Issue 14 item 8: the export carries paper, date, page, headline and an excerpt; another
    library holding the same story under other ids finds it, but not another paper's story."""
    import json

    with Library(tmp_path / "a") as lib_a, Bookmarks.for_library(lib_a) as marks_a:
        lib_a.import_paths([corpus_dir])
        article = next(a for a in lib_a.iter_articles() if a.title == "坚决把防线防住、底线守牢")
        marks_a.add(article, note="引用", tags=["疫情"])
        exported = marks_a.export_json()
    [entry] = json.loads(exported)["bookmarks"]
    assert (entry["paper"], entry["date"], entry["page"], entry["title"]) == (
        "大同日报", "2022-02-24", None, "坚决把防线防住、底线守牢")
    assert entry["excerpt"] and entry["excerpt"] in article.body.replace("\n", "")

    src = tmp_path / "pages"
    src.mkdir()
    shutil.copy(corpus_dir / "002_98064722886ee370.txt", src / "2022-02-24_01.txt")
    with Library(tmp_path / "b") as lib_b, Bookmarks.for_library(lib_b) as marks_b:
        lib_b.import_paths([src], paper=paper)
        there = next(a for a in lib_b.iter_articles() if a.title == article.title)
        assert there.id != article.id and there.page == 1
        marks_b.import_json(exported)
        marks_b.reconcile(lib_b)
        [mark] = marks_b.list()
        if attached:
            assert (mark.article_id, mark.detached, mark.page, mark.note) == (there.id, False, 1, "引用")
        else:
            assert mark.detached and mark.article_id == article.id
