"""``baoku search`` and ``baoku index`` in a subprocess: JSON out, one-line errors, batch mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.analysis import normalize
from reader.library import Library


def baoku(lib: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, input=stdin,
                          timeout=300)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("clilib")
    done = baoku(root, "import", str(corpus_dir))
    assert done.returncode == 0, done.stderr
    assert "index built" in done.stdout
    return root


def brute(lib: Path, text: str) -> set[str]:
    with Library(lib) as library:
        return {a.id for a in library.iter_articles()
                if any(normalize(text) in normalize(f) for f in
                       (a.kicker, a.title, a.subtitle, a.byline, a.author, a.body, *a.captions))}


def test_search_json(lib: Path) -> None:
    done = baoku(lib, "search", "大同", "--json", "--limit", "0")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == "大同"
    assert data["total"] == len(data["hits"])
    assert {h["article_id"] for h in data["hits"]} == brute(lib, "大同")
    hit = data["hits"][0]
    assert {"article_id", "issue_id", "date", "title", "score", "snippet", "spans"} <= set(hit)
    for s, e in hit["spans"]["body"]:
        with Library(lib) as library:
            assert library.article(hit["article_id"]).body[s:e] == "大同"


def test_search_options(lib: Path) -> None:
    data = json.loads(baoku(lib, "search", "大同", "--json", "--limit", "3", "--sort", "oldest").stdout)
    assert len(data["hits"]) == 3
    dates = [h["date"] for h in data["hits"]]
    assert dates == sorted(dates)
    first = dates[0]
    later = json.loads(baoku(lib, "search", "大同", "--json", "--limit", "0", "--from", first,
                             "--to", "2100").stdout)
    assert later["total"] == len(brute(lib, "大同"))
    none = json.loads(baoku(lib, "search", "大同", "--json", "--to", "1990").stdout)
    assert none["total"] == 0


def test_search_text_output(lib: Path) -> None:
    done = baoku(lib, "search", "大同", "--limit", "2")
    assert done.returncode == 0
    assert "【大同】" in done.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["(大同"], "unbalanced parenthesis"),
        (['"大同'], "unbalanced quote"),
        (["OR"], "lone OR"),
        (["foo:bar"], "unknown field"),
        (["date:2022-02-30"], "impossible date"),
        (["大同", "--from", "2022-02-30"], "impossible date"),
        (["大同", "--limit", "-1"], "negative"),
        ([], "either a QUERY or --batch"),
    ],
)
def test_malformed_queries_are_one_line_and_exit_1(lib: Path, args: list[str], says: str) -> None:
    done = baoku(lib, "search", *args)
    assert done.returncode == 1
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_batch(lib: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("大同\n\n疫情 防控\n(broken\ntitle:大同\n", "utf-8")
    done = baoku(lib, "search", "--batch", str(queries), "--limit", "0")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["query"] for d in lines] == ["大同", "疫情 防控", "(broken", "title:大同"]
    assert lines[0]["total"] == len(brute(lib, "大同"))
    assert "unbalanced parenthesis" in lines[2]["error"]
    assert done.returncode == 1  # one query failed
    stdin = baoku(lib, "search", "--batch", "-", stdin="大同\n")
    assert json.loads(stdin.stdout)["total"] == lines[0]["total"]
    assert stdin.returncode == 0


def test_index_command(lib: Path) -> None:
    done = baoku(lib, "index")
    assert done.returncode == 0 and done.stdout.strip() == "index up to date"
    done = baoku(lib, "index", "--rebuild", "--json")
    assert json.loads(done.stdout)["index"].startswith("index built:")


def test_search_never_writes_a_damaged_index_and_index_repairs_it(tmp_path: Path, corpus_dir: Path) -> None:
    root = tmp_path / "lib"
    assert baoku(root, "import", str(corpus_dir)).returncode == 0
    exact = root / "index" / "exact.db"
    exact.write_bytes(b"not a database" * 1000)
    done = baoku(root, "search", "大同", "--json")
    assert done.returncode == 1
    assert "search index cannot be used" in done.stderr and "'baoku index'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert exact.read_bytes() == b"not a database" * 1000  # the search wrote nothing
    done = baoku(root, "index")
    assert done.returncode == 0 and "search index rebuilt" in done.stdout
    done = baoku(root, "search", "大同", "--json")
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["total"] == len(brute(root, "大同"))
