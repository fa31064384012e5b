"""``baoku cite``, ``onthisday`` and ``search --histogram`` in a subprocess: JSON out, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def baoku(lib: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("researchlib")
    done = baoku(root, "import", str(corpus_dir))
    assert done.returncode == 0, done.stderr
    return root


def article_id(lib: Path, title: str) -> str:
    done = baoku(lib, "search", f"title:{title}", "--json")
    return str(json.loads(done.stdout)["hits"][0]["article_id"])


def test_cite_text_and_json(lib: Path) -> None:
    aid = article_id(lib, "坚决把防线防住")
    done = baoku(lib, "cite", aid)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "李明璇. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24.\n"  # no page: a front page file
    data = json.loads(baoku(lib, "cite", aid, "--style", "apa", "--json").stdout)
    assert data == [{"article_id": aid, "title": "坚决把防线防住、底线守牢", "subtitle": "",
                     "date": "2022-02-24", "authors": ["李明璇"], "paper": "大同日报", "page": None,
                     "citation": "李明璇. (2022, February 24). 坚决把防线防住、底线守牢. 大同日报."}]


def test_cite_errors_are_one_line(lib: Path) -> None:
    for args in (("cite", "nosuchid"), ("cite",), ("cite", "--bookmarks", "--search", "大同")):
        done = baoku(lib, *args)
        assert done.returncode == 1 and done.stdout == ""
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("baoku: ")


def test_export_search_hits_and_bookmarks(lib: Path, tmp_path: Path) -> None:
    ris = baoku(lib, "cite", "--search", "李明璇", "--format", "ris").stdout
    total = json.loads(baoku(lib, "search", "李明璇", "--json").stdout)["total"]
    assert ris.count("TY  - NEWS") == ris.count("ER  - ") == total > 0
    aid = article_id(lib, "坚决把防线防住")
    assert baoku(lib, "bookmarks", "add", aid, "--note", "防控").returncode == 0
    out = tmp_path / "marks.csv"
    assert baoku(lib, "cite", "--bookmarks", "--format", "csv", "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # for spreadsheets
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["article_id"], r["note"]) for r in rows] == [(aid, "防控")]
    items = json.loads(baoku(lib, "cite", "--bookmarks", "--format", "csl-json").stdout)
    assert items[0]["type"] == "article-newspaper" and items[0]["note"] == "防控"


def test_search_histogram(lib: Path) -> None:
    for granularity in ("year", "month"):
        data = json.loads(baoku(lib, "search", "大同", "--histogram", granularity, "--json").stdout)
        h = data["histogram"]
        assert h["granularity"] == granularity
        assert sum(b["articles"] for b in h["buckets"]) == h["total"] == data["total"] > 0
        assert sum(b["occurrences"] for b in h["buckets"]) == h["occurrences"] >= data["total"]
    data = json.loads(baoku(lib, "search", "大同", "--histogram", "month", "--json",
                            "--from", "2022-01", "--to", "2022-03").stdout)
    assert [b["period"] for b in data["histogram"]["buckets"]] == ["2022-01", "2022-02", "2022-03"]
    text = baoku(lib, "search", "大同", "--histogram", "year").stdout
    assert text.splitlines()[0].endswith("occurrences") and "2022" in text


def test_onthisday(lib: Path) -> None:
    data = json.loads(baoku(lib, "onthisday", "2026-02-24", "--json").stdout)
    assert data["month_day"] == "02-24" and [i["date"] for i in data["issues"]] == ["2022-02-24"]
    assert data["total"] == len(data["issues"][0]["articles"]) > 0
    assert json.loads(baoku(lib, "onthisday", "2022-02-24", "--json").stdout)["issues"] == []
    done = baoku(lib, "onthisday", "02-30")
    assert done.returncode == 1 and "no such day" in done.stderr


def test_related(lib: Path) -> None:
    aid = article_id(lib, "坚决把防线防住")
    data = json.loads(baoku(lib, "related", aid, "--json").stdout)
    found = data["related"]
    assert 0 < len(found) <= 5 and aid not in {r["article_id"] for r in found}
    assert all(r["shared"] and r["date"] and r["kind"] in ("related", "follow-up") for r in found)
    kinds = [r["kind"] for r in found]
    assert kinds == sorted(kinds, key=lambda k: k != "follow-up")  # follow-ups first
    # 3月26日's 慎终如始守好疫情防控: the same people, a month later
    assert any(r["kind"] == "follow-up" and r["date"] == "2022-03-26" for r in found)
    done = baoku(lib, "related", "nosuchid")
    assert done.returncode == 1 and "no article" in done.stderr


def test_authors(lib: Path) -> None:
    everyone = json.loads(baoku(lib, "authors", "--json", "--limit", "0").stdout)["authors"]
    names = {a["name"]: a for a in everyone}
    assert names["李明璇"]["articles"] == 3 and names["李明璇"]["query"] == "author:李明璇"
    assert sum(names["李明璇"]["years"].values()) == 3  # the catalogue's counts, per year
    some = json.loads(baoku(lib, "authors", "疫情", "--json").stdout)["authors"]
    assert some[0]["name"] == "李明璇" or some[0]["articles"] >= 2
    assert all(a["articles"] <= names[a["name"]]["articles"] for a in some)
    page = json.loads(baoku(lib, "search", "author:李明璇", "--histogram", "year", "--json").stdout)
    assert page["total"] == page["histogram"]["total"] == 3


def test_highlights_cli_and_export(lib: Path) -> None:
    aid = article_id(lib, "坚决把防线防住")
    done = baoku(lib, "highlights", "add", aid, "--text", "从严从紧落实落细各项疫情防控措施", "--note", "措施",
                 "--json")
    assert done.returncode == 0, done.stderr
    h = json.loads(done.stdout)
    assert h["field"] == "body" and h["end"] - h["start"] == 16
    listed = json.loads(baoku(lib, "highlights", "list", "--search", "措施", "--json").stdout)
    assert [x["id"] for x in listed] == [h["id"]]
    md = baoku(lib, "cite", "--highlights", "--format", "markdown").stdout
    assert "坚决把防线防住、底线守牢\\[N\\]" in md and "「从严从紧落实落细各项疫情防控措施」 — 措施" in md
    assert baoku(lib, "highlights", "note", str(h["id"]), "改", "--color", "pink").returncode == 0
    assert json.loads(baoku(lib, "highlights", "list", "--json").stdout)[0]["color"] == "pink"
    bad = baoku(lib, "highlights", "add", aid, "--text", "没有这句话")
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
    assert baoku(lib, "highlights", "remove", str(h["id"])).returncode == 0
    assert baoku(lib, "highlights", "remove", str(h["id"])).returncode == 1


def test_saved_searches_count_new_articles_after_an_import(tmp_path: Path, corpus_dir: Path) -> None:
    lib = tmp_path / "lib"
    first = sorted(corpus_dir.glob("*.txt"))[:2]
    rest = tmp_path / "rest"
    rest.mkdir()
    for f in sorted(corpus_dir.glob("*.txt"))[2:]:
        (rest / f.name).write_bytes(f.read_bytes())
    assert baoku(lib, "import", *map(str, first)).returncode == 0
    saved = json.loads(baoku(lib, "saved", "add", "防控", "疫情 防控", "--json").stdout)
    assert saved["name"] == "防控" and saved["total"] > 0
    assert json.loads(baoku(lib, "saved", "list", "--json").stdout)[0]["new"] == 0
    assert baoku(lib, "import", str(rest)).returncode == 0
    listed = json.loads(baoku(lib, "saved", "list", "--json").stdout)
    after = json.loads(baoku(lib, "search", "疫情 防控", "--json").stdout)["total"]
    assert listed[0]["new"] == after - saved["total"] > 0
    ran = json.loads(baoku(lib, "saved", "run", "防控", "--json").stdout)
    assert ran["total"] == after and ran["new"] == listed[0]["new"]
    assert json.loads(baoku(lib, "saved", "list", "--json").stdout)[0]["new"] == 0
    assert json.loads(baoku(lib, "history", "--json").stdout) == ["疫情 防控"]
    assert baoku(lib, "saved", "remove", "防控").returncode == 0
    assert baoku(lib, "saved", "run", "防控").returncode == 1
