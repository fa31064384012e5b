"""Importing folders: decoding, skipped files with reasons, incremental re-imports, dates."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest

from reader.errors import DecodeError
from reader.library import Library
from reader.parsing.dates import filename_date
from reader.parsing.manifest import ManifestEntry, parse_manifest
from reader.textio import decode_bytes

EDGE = Path(__file__).resolve().parents[1] / "data" / "edge"


def test_edge_folder_imports_good_files_and_reports_bad_ones(library: Library) -> None:
    report = library.import_paths([EDGE])
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status["empty.txt"] == ("skipped", "the file is empty")
    assert status["picture.txt"][0] == "skipped" and "PNG" in status["picture.txt"][1]
    for name in ("2022-03-06-gbk.txt", "2022-03-07-bom.txt", "2022-03-08-crlf.txt",
                 "2022-03-10-html.txt", "ascii-punct-2022-03-11.txt"):
        assert status[name] == ("imported", ""), name
    titles = {a.title for i in library.issues() for a in library.articles(i.id)}
    assert {"国标编码的新闻", "带字节序标记的新闻", "换行符不同的新闻", "网页代码混入正文", "标点半角的新闻"} <= titles


def test_html_in_the_text_comes_through_verbatim(library: Library) -> None:
    library.import_paths([EDGE / "2022-03-10-html.txt"])
    [issue] = library.issues()
    [article] = library.articles(issue.id)
    assert "<script>alert('x')</script>" in article.body
    assert '<img src="file:///etc/passwd">' in article.body
    assert "&amp;" in article.body


def test_gbk_bom_and_crlf_decode_to_the_same_text() -> None:
    text = "本报讯（记者 王小明）3月5日，大同市举行活动。\n"
    assert decode_bytes(text.encode("gbk")).text == text
    assert decode_bytes(text.encode("gb18030")).encoding == "gb18030"
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode()).text == text
    assert decode_bytes(text.replace("\n", "\r\n").encode()).text == text
    assert decode_bytes(text.encode("utf-16")).text == text


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n....", "PNG"),
    (b"abc\x00\x00\x01\x02binary", "NUL"),
    (b"\xff\xfe\x00", "bad byte"),
])
def test_undecodable_files_raise_a_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_latin1_mojibake_is_repaired() -> None:
    text = "本报讯（记者 王小明）大同市举行活动。"
    mangled = text.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(mangled).text == text


def test_reimport_of_unchanged_files_does_nothing(library: Library, corpus_dir: Path) -> None:
    first = library.import_paths([corpus_dir])
    assert first.count("imported") == 5
    generation = library.generation
    again = library.import_paths([corpus_dir])
    assert again.count("unchanged") == 5 and not again.changed
    assert library.generation == generation


def test_changed_file_is_reparsed_and_replaces_its_articles(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = src / "2022-01-11.txt"
    shutil.copy(corpus_dir / "001_5d5f4632bb365153.txt", path)
    library.import_paths([src])
    [old] = library.issues()
    path.write_text(path.read_text(encoding="utf-8").replace("会议以视频方式开到县一级。", "会议以视频方式召开。"),
                    encoding="utf-8")
    report = library.import_paths([src])
    assert [f.status for f in report.files] == ["updated"]
    [new] = library.issues()
    assert new.id == old.id  # the same paper's same day
    bodies = [a.body for a in library.articles(new.id)]
    assert any("会议以视频方式召开。" in b for b in bodies)
    assert not any("会议以视频方式开到县一级。" in b for b in bodies)
    assert new.article_count == old.article_count == len(bodies)


def test_a_file_that_fails_to_store_leaves_nothing_and_the_others_of_its_batch_stay(
        library: Library, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The five seeds are stored in one transaction (a batch); the third fails half-way
    through its save, after its file's row is written: that row goes, the rest stays."""
    import sqlite3

    from reader.store import Store

    free_ids = Store._free_ids
    calls = [0]

    def failing(self: Store, articles: tuple[object, ...]) -> object:
        calls[0] += 1
        if calls[0] == 3:
            raise RuntimeError("a bug met by this issue")
        return free_ids(self, articles)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_free_ids", failing)
    report = library.import_paths([corpus_dir])
    statuses = [f.status for f in report.files]
    assert statuses.count("imported") == 4 and statuses.count("skipped") == 1
    [skipped] = [f for f in report.files if f.status == "skipped"]
    assert skipped.reason == "cannot store the issue: a bug met by this issue"
    db = sqlite3.connect(library.db_path)
    stored = db.execute("SELECT source_path FROM parts").fetchall()
    db.close()
    assert len(stored) == 4 and all(Path(p).name != Path(skipped.path).name for (p,) in stored)
    assert len(library.issues()) == 4
    assert all(i.article_count == len(library.articles(i.id)) > 0 for i in library.issues())
    monkeypatch.setattr(Store, "_free_ids", free_ids)
    again = library.import_paths([corpus_dir])  # the next import stores the one left out
    assert [f.status for f in again.files].count("imported") == 1 and len(library.issues()) == 5


def test_a_reread_cut_short_by_the_database_says_why_and_keeps_the_old_parse(
        library: Library, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-reading after an upgrade, a batch at a time: when SQLite rolls the batch back by
    itself (as on a full disk) the error names the disk's refusal, and every file keeps
    the parse it had, to be re-read next time."""
    import sqlite3

    from reader.errors import LibraryError
    from reader.store import Store

    library.import_paths([corpus_dir])
    before = {i.id: [a.id for a in library.articles(i.id)] for i in library.issues()}
    db = sqlite3.connect(library.db_path)
    with db:
        db.execute("UPDATE parts SET parser_version = parser_version - 1")
    db.close()
    free_ids = Store._free_ids
    calls = [0]

    def full(self: Store, articles: tuple[object, ...]) -> object:
        calls[0] += 1
        if calls[0] == 3:
            self._db.execute("ROLLBACK")  # what SQLite may do itself when the disk is full
            raise sqlite3.OperationalError("database or disk is full")
        return free_ids(self, articles)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_free_ids", full)
    with pytest.raises(LibraryError, match="database or disk is full"):
        library.reparse_outdated()
    assert len(library.outdated()) == 5  # the two re-read before it went with the batch
    assert {i.id: [a.id for a in library.articles(i.id)] for i in library.issues()} == before
    monkeypatch.setattr(Store, "_free_ids", free_ids)
    assert library.reparse_outdated() == 5 and not library.outdated()


def test_import_never_writes_to_the_sources(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(corpus_dir, src)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.iterdir()}
    library.import_paths([src])
    assert before == {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.iterdir()}


def test_two_files_of_one_day_make_one_issue_with_both(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "2022-01-11-a.txt").write_text("甲版新闻\n\n本报讯（记者 甲）1月10日，甲事发生。\n", encoding="utf-8")
    (src / "2022-01-11-b.txt").write_text("乙版新闻\n\n本报讯（记者 乙）1月10日，乙事发生。\n", encoding="utf-8")
    library.import_paths([src])
    [issue] = library.issues()
    assert issue.date == "2022-01-11" and issue.sources == ("2022-01-11-a.txt", "2022-01-11-b.txt")
    assert [a.title for a in library.articles(issue.id)] == ["甲版新闻", "乙版新闻"]
    assert library.find_issues("2022-01-11") == [issue]


def test_identical_copies_are_reported_as_duplicates(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(corpus_dir / "003_48a213a88ada2c8a.txt", src / name)
    report = library.import_paths([src])
    assert [f.status for f in report.files] == ["imported", "duplicate"]
    assert len(library.issues()) == 1


def test_filename_and_manifest_dates(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "2021" / "12" / "30").mkdir(parents=True)
    body = (corpus_dir / "003_48a213a88ada2c8a.txt").read_text(encoding="utf-8")
    (src / "2021" / "12" / "30" / "page1.txt").write_text(body, encoding="utf-8")
    (src / "issue-b.txt").write_text(body.replace("良言", "良言甲"), encoding="utf-8")
    (src / "manifest.tsv").write_text("# file\tdate\tnumber\nissue-b.txt\t2021-06-01\t15888\n", encoding="utf-8")
    library.import_paths([src])
    found = {(i.date, i.date_source, i.number) for i in library.issues()}
    assert found == {("2021-12-30", "filename", None), ("2021-06-01", "manifest", 15888)}


@pytest.mark.parametrize(("path", "expected"), [
    ("2022-01-11.txt", "2022-01-11"),
    ("20220111.txt", "2022-01-11"),
    ("archive/2022/01/11/front.txt", "2022-01-11"),
    ("大同日报2022年1月11日.txt", "2022-01-11"),
    ("2022-02-30.txt", None),
    ("001_5d5f4632bb365153.txt", None),
])
def test_dates_in_file_names(path: str, expected: str | None) -> None:
    found = filename_date(path)
    assert (found.isoformat() if found else None) == expected


def test_manifest_ignores_bad_lines() -> None:
    assert parse_manifest("a.txt,2022-01-11\n# c\nb.txt\tnot-a-date\nc.txt") == {
        "a.txt": ManifestEntry("2022-01-11", None)}


def test_missing_path_is_reported(library: Library, tmp_path: Path) -> None:
    report = library.import_paths([tmp_path / "nope"])
    assert [(f.status, f.reason) for f in report.files] == [("skipped", "no such file or folder")]


def test_masthead_weekday_disagreement_is_noted(library: Library, tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("# 大同日报\n\n中共大同市委机关报\n\n2022年1月12日 星期二\n\n(第16077号)\n\n测试标题\n\n"
                 "本报讯（记者 甲）1月11日，测试。\n", encoding="utf-8")
    library.import_paths([p])
    [issue] = library.issues()
    assert (issue.date, issue.date_source, issue.number) == ("2022-01-12", "masthead", 16077)
    assert "星期二" in issue.date_note and "星期三" in issue.date_note


def test_parallel_import_matches_serial(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    for n in range(70):  # above the threshold where the import parses in worker processes
        (src / f"2020-01-{n % 28 + 1:02d}-{n}.txt").write_text(texts[n % 5] + f"\n编号{n}。\n", encoding="utf-8")
    with Library(tmp_path / "par") as par, Library(tmp_path / "ser") as ser:
        par.import_paths([src], workers=2)
        ser.import_paths([src], workers=1)
        assert [(i.id, i.date) for i in par.issues()] == [(i.id, i.date) for i in ser.issues()]


def test_an_upgrade_rereads_every_issue_from_the_stored_text(library: Library, corpus_dir: Path,
                                                             tmp_path: Path) -> None:
    """Issues parsed by an older Baoku are re-read by the next import (the GUI's start runs one),
    from the text the library keeps: the source files may be gone. Dates keep their source,
    ids of unchanged articles stay, bookmarks stay attached."""
    import sqlite3

    from reader.bookmarks import Bookmarks
    from reader.service import import_and_index

    src = tmp_path / "src"
    shutil.copytree(corpus_dir, src)
    (src / "manifest.tsv").write_text("002_98064722886ee370.txt\t2022-02-25\n", encoding="utf-8")
    import_and_index(library, [src])
    fresh = {i.id: (i.date, i.date_source, i.date_note, [a.id for a in library.articles(i.id)])
             for i in library.issues()}
    some = next(iter(library.iter_articles()))
    with Bookmarks.for_library(library) as marks:
        marks.add(some, note="升级后还在")
    shutil.rmtree(src)
    # What an older version left: another parser version, a first article lost, an old note.
    db = sqlite3.connect(library.db_path)
    with db:
        # Kept deflated, under half the file.
        kept, = db.execute("SELECT sum(length(text)) FROM parts").fetchone()
        assert kept < 0.5 * sum(len(p.read_bytes()) for p in corpus_dir.glob("*.txt"))
        # Older libraries deflated it from UTF-8, and kept it plain before that: both still read.
        (part_id,), (utf8_id,) = db.execute("SELECT id FROM parts LIMIT 2").fetchall()
        db.execute("UPDATE parts SET text = ? WHERE id = ?", (library.store.part(part_id).text, part_id))
        db.execute("UPDATE parts SET text = ? WHERE id = ?",
                   (zlib.compress(library.store.part(utf8_id).text.encode()), utf8_id))
        # Articles' bodies are kept as the runs of the file's text they copy: a few bytes each.
        # Older libraries kept them deflated, or plain before that: both still read.
        bodies, = db.execute("SELECT sum(length(body)) FROM articles").fetchone()
        assert bodies < 0.05 * sum(len(a.body.encode()) for a in library.iter_articles())
        plain = next(a for a in library.iter_articles() if a.seq == 2)
        db.execute("UPDATE articles SET body = ? WHERE id = ?", (plain.body, plain.id))
        deflated = next(a for a in library.iter_articles() if a.seq == 3)
        db.execute("UPDATE articles SET body = ? WHERE id = ?", (zlib.compress(deflated.body.encode()), deflated.id))
        db.execute("UPDATE parts SET parser_version = 1, date_note = 'latest dateline …'")
        db.execute("DELETE FROM articles WHERE seq = 1")
    db.close()
    assert library.store.article(plain.id).body == plain.body
    assert library.store.article(deflated.id).body == deflated.body
    assert len(library.outdated()) == 5

    report, note = import_and_index(library, [])
    assert report.files == () and "5 file(s) re-read" in note
    assert library.outdated() == []
    assert {i.id: (i.date, i.date_source, i.date_note, [a.id for a in library.articles(i.id)])
            for i in library.issues()} == fresh
    assert library.issues()[1].date_source == "manifest"  # 002, dated by the manifest, still is
    with Bookmarks.for_library(library) as marks:
        (mark,) = marks.list()
        assert mark.article_id == some.id and not mark.detached
    assert import_and_index(library, [])[1] == ""  # nothing left to do


def test_the_latest_issue_is_the_last_dated_one_of_the_list(tmp_path: Path) -> None:
    """Read alone through the date index (the window's first issue): the same as the last
    dated issue of ``issues()``, whichever paper sorts last that day; undated ones do not count."""
    def news(n: int) -> str:
        return (f"大同新闻第{n}号\n\n　　本报讯 大同市今天举行第{n}次座谈会，研究冷链物流和文化旅游。\n\n"
                f"黄花产业再上台阶\n\n　　云州区的黄花今年丰收，第{n}批产品运往各地。\n")

    for k, paper in enumerate(("大同日报", "晋北晚报")):
        folder = tmp_path / "src" / paper
        folder.mkdir(parents=True)
        for day in (3, 9):
            (folder / f"2024-01-{day:02d}.txt").write_text(news(10 * k + day), encoding="utf-8")
        (folder / f"notes-{k}.txt").write_text(news(100 + k), encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        for paper in ("大同日报", "晋北晚报"):
            lib.import_paths([tmp_path / "src" / paper], paper=paper)
        issues = lib.issues()
        dated = [i for i in issues if i.date]
        assert len({i.paper for i in dated if i.date == "2024-01-09"}) == 2
        assert len(dated) < len(issues)  # and undated ones
        assert lib.latest_issue() == dated[-1]


def test_two_libraries_importing_into_one_both_finish(tmp_path: Path, corpus_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two imports at once (two windows, or a window and `baoku import`), each committing many
    small batches: each waits for the other's batch, neither fails with "database is locked",
    and the library holds every file of both."""
    import threading

    import reader.library as library_module

    monkeypatch.setattr(library_module, "_BATCH", 2)
    seeds = sorted(corpus_dir.glob("*.txt"))
    folders = []
    for k in range(2):
        folder = tmp_path / f"in{k}"
        folder.mkdir()
        for day in range(1, 25):
            (folder / f"2023-{k + 1:02d}-{day:02d}.txt").write_text(
                seeds[day % len(seeds)].read_text("utf-8") + f"\n\n第{k}批第{day}份。\n", "utf-8")
        folders.append(folder)
    with Library(tmp_path / "lib"):
        pass
    failures: list[BaseException] = []
    imported: list[str] = []

    def run(folder: Path) -> None:
        try:
            with Library(tmp_path / "lib") as lib:
                imported.extend(f.status for f in lib.import_paths([folder]).files)
        except BaseException as exc:  # noqa: BLE001 - reported below, from the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in folders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert imported == ["imported"] * 48
    with Library(tmp_path / "lib") as lib:
        text = "\n".join(a.body for a in lib.iter_articles())
    assert all(f"第{k}批第{day}份" in text for k in range(2) for day in range(1, 25))
