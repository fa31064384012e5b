"""Real archives: papers, issues of many pages (版), and the folder layouts people keep.

Every folder here is made from the seed issues' own text, rearranged into one
layout (see ``tests/data/layouts.py``); the tests read it back as a reader would:
one issue per paper and day, every article on its page with its headline, a story
printed twice present twice, continuations linked both ways, READMEs skipped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from reader.library import Library
from reader.models import ImportReport

DATA = Path(__file__).resolve().parents[1] / "data"
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))
import layouts  # noqa: E402


def statuses(report: ImportReport) -> dict[str, tuple[str, str]]:
    return {Path(f.path).name: (f.status, f.reason) for f in report.files}


def held(lib: Library) -> int:
    return sum(len(lib.articles(i.id)) for i in lib.issues())


@pytest.mark.parametrize("scheme", ["date_underscore", "compact_dash", "date_folder", "paper_tree",
                                    "section", "header_line"])
def test_one_file_per_page(tmp_path: Path, scheme: str) -> None:
    folder = layouts.per_page_folder(tmp_path / "src", scheme)
    with Library(tmp_path / "lib") as lib:
        report = lib.import_paths([folder])
        status, reason = statuses(report)["README.md"]
        assert status == "skipped" and reason.startswith("not an issue")
        [issue] = lib.issues()
        assert issue.date == "2022-01-11" and issue.date_source in ("masthead", "filename")
        first, third = (101, 103) if scheme == "section" else (1, 3)
        assert [(p.number, p.articles) for p in issue.pages] == [(first, 9), (third, 3)]
        assert report.to_json()["articles"] == held(lib) == issue.article_count == 12
        page1 = lib.articles(issue.id, first)
        assert [a.title for a in page1][:2] == ["扛稳扛牢疫情防控责任 从严从紧落实防控措施",
                                                "市十五届人大常委会召开第九十二次会议"]
        assert {a.page for a in lib.articles(issue.id)} == {first, third}
        if scheme == "paper_tree":
            assert (issue.paper, issue.paper_source) in {("大同日报", "masthead"), ("大同日报", "path")}
        if scheme == "header_line":
            assert issue.pages[0].name == "要闻"
        if scheme != "section":
            start = next(a for a in page1 if a.title == "习近平同白俄罗斯总统卢卡申科通电话")
            rest = lib.article(start.continues_in or "")
            assert rest.page == 3 and rest.title == start.title and rest.continues_from == start.id
            assert lib.article(start.id).continues_in == rest.id


def test_one_file_per_article_with_a_reprint_and_blank_slots(tmp_path: Path) -> None:
    folder = layouts.per_article_folder(tmp_path / "src")
    seeds = layouts.seed_articles()
    with Library(tmp_path / "lib") as lib:
        report = lib.import_paths([folder])
        got = statuses(report)
        assert got["README.md"][0] == "skipped"
        ads = [name for name, (s, r) in got.items() if s == "skipped" and "advertisement" in r]
        assert len(ads) == 2  # 广告 and the empty slot: reported, not articles
        [issue] = lib.issues()
        assert issue.date == "2022-01-11" and issue.date_source == "filename"
        assert [(p.number, p.articles) for p in issue.pages] == [(1, 5), (2, len(seeds) - 5 + 1)]
        articles = lib.articles(issue.id)
        assert report.to_json()["articles"] == held(lib) == len(seeds) + 1
        assert [a.title for a in articles] == [a.title for a in seeds] + [seeds[0].title]
        for mine, seed in zip(articles, seeds, strict=False):
            assert (mine.kicker, mine.subtitle, mine.body) == (seed.kicker, seed.subtitle, seed.body)
            assert mine.byline.replace(" ", "") == seed.byline.replace(" ", "")
        twice = [a for a in articles if a.title == seeds[0].title]
        assert [a.page for a in twice] == [1, 2] and twice[0].id != twice[1].id


def test_markdown_article_files(tmp_path: Path) -> None:
    folder = layouts.markdown_folder(tmp_path / "src")
    seeds = layouts.seed_articles(layouts.SEED_002)
    with Library(tmp_path / "lib") as lib:
        report = lib.import_paths([folder])
        assert statuses(report)["notes.md"][0] == "skipped"
        [issue] = lib.issues()
        assert issue.date == "1946-05-21" and [p.number for p in issue.pages] == [1, 2]
        assert issue.pages[0].name == "要闻"
        articles = lib.articles(issue.id)
        assert sorted(a.title for a in articles) == sorted(a.title for a in seeds)
        for a in articles:
            assert not a.body.startswith(a.title)  # the repeated title is not body text
            assert a.body and a.page in (1, 2)


def test_a_story_in_two_files_of_one_day_never_vanishes(tmp_path: Path) -> None:
    """Issue 14: the same notice in two files of one day; correct one file, the other keeps it."""
    src = tmp_path / "src"
    src.mkdir()
    notice = "\n\n市图书馆春节开放时间\n\n本报讯（记者 王明）市图书馆春节期间每日九时至十七时开放，欢迎读者。\n"
    a, b = src / "2022-01-11_a.txt", src / "2022-01-11_b.txt"
    a.write_text(layouts.seed_text() + notice, encoding="utf-8")
    b.write_text(layouts.seed_text(layouts.SEED_002) + notice, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        report = lib.import_paths([src])
        assert report.to_json()["articles"] == held(lib)
        copies = [x for x in lib.iter_articles() if x.title == "市图书馆春节开放时间"]
        assert len(copies) == 2 and copies[0].id != copies[1].id
        b.write_text(layouts.seed_text(layouts.SEED_002), encoding="utf-8")
        again = lib.import_paths([src])
        assert [f.status for f in again.files] == ["unchanged", "updated"]
        kept = [x for x in lib.iter_articles() if x.title == "市图书馆春节开放时间"]
        assert [x.id for x in kept] == [copies[0].id]


def test_two_papers_in_one_library(tmp_path: Path, corpus_dir: Path) -> None:
    other = layouts.per_page_folder(tmp_path / "rmrb", "date_underscore")
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([corpus_dir])
        lib.import_paths([other], paper="人民日报")
        papers = {p.name: (p.issues, p.first, p.last, p.source) for p in lib.papers()}
        assert papers == {"大同日报": (5, "2022-01-11", "2023-07-23", "manifest"),
                          "人民日报": (1, "2022-01-11", "2022-01-11", "option")}
        same_day = lib.find_issues("2022-01-11")
        assert sorted(i.paper for i in same_day) == ["人民日报", "大同日报"]
        assert [i.paper for i in lib.find_issues("2022-01-11", "人民日报")] == ["人民日报"]
        # The same story in two papers is two articles.
        titles = [a for a in lib.iter_articles() if a.title == "市十五届人大常委会召开第九十二次会议"]
        assert len({a.id for a in titles}) == 2 and {a.paper for a in titles} == {"人民日报", "大同日报"}


def test_renaming_the_unnamed_paper_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "2022-01-11.txt").write_text(layouts.seed_text(layouts.SEED_002), encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src])
        [issue] = lib.issues()
        assert (issue.paper, issue.paper_source) == ("", "unknown")
        ids = [a.id for a in lib.articles(issue.id)]
        assert lib.rename_paper("", "晋北晚报") == 1
        [renamed] = lib.issues()
        assert renamed.paper == "晋北晚报" and [a.id for a in lib.articles(renamed.id)] == ids
        assert {a.paper for a in lib.articles(renamed.id)} == {"晋北晚报"}
        assert [p.name for p in lib.papers()] == ["晋北晚报"]


def test_no_date_evidence_means_unknown_never_the_file_time(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    text = "春耕生产全面展开\n\n本报讯（记者 王明）全市各地抢抓农时，春耕生产全面展开。\n"
    (src / "notes-a.txt").write_text(text, encoding="utf-8")
    os.utime(src / "notes-a.txt", (1_000_000_000, 1_000_000_000))  # 2001-09-09
    (src / "2099-01-01.txt").write_text(text.replace("春耕", "夏收"), encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src])
        issues = lib.issues()
        assert [(i.date, i.date_source) for i in issues] == [("", "unknown"), ("", "unknown")]
        assert any("晚于今天" in i.date_note for i in issues)


def test_an_old_library_upgrades_in_place(tmp_path: Path, corpus_dir: Path) -> None:
    """A schema-1 library (one file = one issue) opens, keeps its articles, and is re-read."""
    root = tmp_path / "lib"
    root.mkdir()
    db = sqlite3.connect(root / "library.db")
    db.executescript(_SCHEMA_V1)
    text = (corpus_dir / layouts.SEED_001).read_text(encoding="utf-8")
    with db:
        db.execute("INSERT INTO meta VALUES ('schema', '1'), ('generation', '3')")
        db.execute("INSERT INTO issues VALUES ('abc', '2022-01-11', 'masthead', '', 16076, 'x.txt',"
                   " '/gone/x.txt', 'sha', 4, '[]', ?)", (text,))
        db.execute("INSERT INTO articles VALUES ('a1', 'abc', 1, '2022-01-11', '', '旧标题', '', '',"
                   " '', '旧正文', '[]', '[]', NULL, NULL, 0, 'article', '[]', '[]')")
        db.execute("INSERT INTO sources VALUES ('/gone/x.txt', 1, 2, 'sha', 'abc')")
    db.close()
    with Library(root) as lib:
        [issue] = lib.issues()
        assert issue.date == "2022-01-11" and [a.title for a in lib.articles(issue.id)] == ["旧标题"]
        assert lib.reparse_outdated() == 1
        [issue] = lib.issues()
        assert len(lib.articles(issue.id)) == 9 and issue.number == 16076
        assert issue.paper == "大同日报"  # its masthead says so


_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, issue_id TEXT);
CREATE TABLE issues (id TEXT PRIMARY KEY, date TEXT NOT NULL, date_source TEXT NOT NULL,
    date_note TEXT NOT NULL DEFAULT '', number INTEGER, source TEXT NOT NULL,
    source_path TEXT NOT NULL, sha256 TEXT NOT NULL, parser_version INTEGER NOT NULL,
    extras TEXT NOT NULL DEFAULT '[]', text TEXT NOT NULL);
CREATE INDEX issues_by_date ON issues(date);
CREATE TABLE articles (id TEXT PRIMARY KEY,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    date TEXT NOT NULL, kicker TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
    byline TEXT NOT NULL, author TEXT NOT NULL, body TEXT NOT NULL, captions TEXT NOT NULL,
    highlights TEXT NOT NULL, continued TEXT, continued_from TEXT, title_inferred INTEGER NOT NULL,
    kind TEXT NOT NULL, subheads TEXT NOT NULL, origins TEXT NOT NULL);
CREATE INDEX articles_by_issue ON articles(issue_id, seq);
"""


def test_a_small_month_of_article_files(tmp_path: Path) -> None:
    count = layouts.article_month(tmp_path / "src", days=3, pages=4, per_page=2)
    with Library(tmp_path / "lib") as lib:
        report = lib.import_paths([tmp_path / "src"])
        assert report.count("imported") == count == 24
        issues = lib.issues()
        assert [i.date for i in issues] == ["2019-10-01", "2019-10-02", "2019-10-03"]
        assert all([p.number for p in i.pages] == [1, 2, 3, 4] for i in issues)
        assert report.to_json()["articles"] == held(lib) == 24


def test_moved_folder_is_noted_not_duplicated(tmp_path: Path, corpus_dir: Path) -> None:
    src = tmp_path / "a"
    shutil.copytree(corpus_dir, src)
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src])
        moved = src.rename(tmp_path / "b")
        report = lib.import_paths([moved])
        assert {f.status for f in report.files if f.path.endswith(".txt")} == {"moved"}
        assert len(lib.issues()) == 5


def test_a_same_size_edit_with_its_mtime_restored_is_read(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = src / "2022-02-24.txt"
    path.write_text(layouts.seed_text(layouts.SEED_002), encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src])
        st = path.stat()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("微笑大同", "微笑云冈", 1), encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert path.stat().st_size == st.st_size
        report = lib.import_paths([src])
        assert [f.status for f in report.files] == ["updated"]
        assert any("微笑云冈" in a.title + a.body for a in lib.iter_articles())


def test_prose_with_no_date_paper_or_headline_is_not_an_issue(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "我的读报笔记.txt").write_text(
        "今天翻了几份旧报纸，觉得当年的版面很有意思，记下几点想法。\n\n"
        "一是标题短，二是照片多，三是评论写得直白，读起来很痛快。以后有空再整理成文章吧。\n",
        encoding="utf-8")
    shutil.copy(layouts.CORPUS / layouts.SEED_002, src / "issue.txt")
    with Library(tmp_path / "lib") as lib:
        got = statuses(lib.import_paths([src]))
        assert got["issue.txt"][0] == "imported"
        status, reason = got["我的读报笔记.txt"]
        assert status == "skipped" and reason.startswith("not an issue")
