"""The command line as a script would use it: JSON on stdout, one error line, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def baoku(*args: str, lib: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(lib), *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )


def test_import_issues_articles_json(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    imp = baoku("import", "corpus", "--json", lib=lib)
    assert imp.returncode == 0, imp.stderr
    report = json.loads(imp.stdout)
    assert report["imported"] == 5 and report["skipped"] == 0

    out = baoku("issues", "--json", lib=lib)
    issues = json.loads(out.stdout)
    assert "\\u" not in out.stdout  # UTF-8, not escaped
    assert [i["date"] for i in issues] == ["2022-01-11", "2022-02-24", "2022-03-26", "2022-11-07", "2023-07-23"]
    assert {i["date_source"] for i in issues} == {"masthead", "inferred"}
    assert set(issues[0]) >= {"id", "date", "date_source", "number", "articles", "source"}
    assert issues[0]["number"] == 16076 and issues[0]["source"] == "001_5d5f4632bb365153.txt"

    arts = json.loads(baoku("articles", "2022-01-11", "--json", lib=lib).stdout)
    assert set(arts[0]) >= {"id", "issue_id", "date", "seq", "kicker", "title", "subtitle", "byline", "body",
                            "captions", "continued"}
    assert [a["seq"] for a in arts] == list(range(1, len(arts) + 1))
    telephone = next(a for a in arts if a["title"] == "习近平同白俄罗斯总统卢卡申科通电话")
    assert telephone["continued"] == "第三版" and telephone["byline"] == "新华社北京1月10日电"
    by_id = json.loads(baoku("articles", issues[0]["id"], "--json", lib=lib).stdout)
    assert by_id == arts


def test_errors_are_one_line_and_nonzero(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    missing = baoku("articles", "1999-01-01", lib=lib)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "1999-01-01" in missing.stderr
    nothing = baoku("import", str(tmp_path / "none"), "--json", lib=lib)
    assert nothing.returncode == 1
    assert json.loads(nothing.stdout)["skipped"] == 1


def test_partial_import_succeeds(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = baoku("import", "tests/data/edge", lib=lib)
    assert result.returncode == 0
    assert "skipped   tests/data/edge/empty.txt" in result.stdout


def test_core_never_imports_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, reader\n"
        "for m in pkgutil.walk_packages(reader.__path__, 'reader.'):\n"
        "    if not m.name.startswith('reader.ui'):\n"
        "        importlib.import_module(m.name)\n"
        "assert not [k for k in sys.modules if k.startswith('PySide6')], 'Qt imported by the core'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_default_library_starts_as_the_bundled_corpus(tmp_path: Path) -> None:
    env = {**__import__("os").environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env.pop("BAOKU_HOME", None)
    out = subprocess.run([sys.executable, "-m", "reader", "issues", "--json"], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 5
    assert "first run" in out.stderr
    assert (tmp_path / "data" / "baoku" / "library.db").exists()


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    """`baoku articles … | head`: output cut short by the reader ends quietly, with 141 like a shell."""
    lib = str(tmp_path / "lib")
    subprocess.run([sys.executable, "-m", "reader", "--library", lib, "import", "corpus"],
                   check=True, capture_output=True, cwd=Path(__file__).resolve().parents[2])
    # Every issue's articles, many times over: far more than a pipe buffer holds.
    script = (
        "import sys; from reader.cli import main\n"
        f"args = ['--library', {lib!r}, 'articles', '2022-01-11', '--json']\n"
        "sys.exit(max(main(args) for _ in range(200)))\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(100)
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8")
        assert proc.wait() == 141
    assert err == ""


def test_papers_pages_and_articles_by_page(tmp_path: Path) -> None:
    """Issue 10's command line: papers, an issue's pages, a page's articles, import --paper."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "2022-01-11_01.txt").write_text((ROOT / "corpus" / "002_98064722886ee370.txt")
                                           .read_text(encoding="utf-8"), encoding="utf-8")
    (src / "2022-01-11_02.txt").write_text("第02版：国际\n\n中老铁路开通运营\n\n新华社昆明1月10日电"
                                           "（记者 王明）中老铁路开通运营以来，客货两旺。\n", encoding="utf-8")
    lib = tmp_path / "lib"
    assert baoku("import", "corpus", lib=lib).returncode == 0
    imp = baoku("import", str(src), "--paper", "晋北晚报", "--json", lib=lib)
    assert imp.returncode == 0, imp.stderr
    assert json.loads(imp.stdout)["articles"] == 8

    papers = json.loads(baoku("papers", "--json", lib=lib).stdout)
    assert [(p["name"], p["issues"], p["source"]) for p in papers] == [
        ("大同日报", 5, "manifest"), ("晋北晚报", 1, "option")]
    issues = json.loads(baoku("issues", "--paper", "晋北晚报", "--json", lib=lib).stdout)
    assert [(i["date"], i["paper"], i["paper_source"]) for i in issues] == [("2022-01-11", "晋北晚报", "option")]
    assert [(p["page"], p["name"]) for p in issues[0]["pages"]] == [(1, ""), (2, "国际")]
    assert issues[0]["sources"] == ["2022-01-11_01.txt", "2022-01-11_02.txt"]

    ambiguous = json.loads(baoku("pages", "2022-01-11", "--json", lib=lib).stdout)
    assert sorted(i["paper"] for i in ambiguous) == ["大同日报", "晋北晚报"]
    pages = json.loads(baoku("pages", "2022-01-11", "--paper", "晋北晚报", "--json", lib=lib).stdout)
    assert [(p["page"], p["articles"]) for p in pages[0]["pages"]] == [(1, 7), (2, 1)]
    arts = json.loads(baoku("articles", "2022-01-11", "--paper", "晋北晚报", "--page", "2", "--json",
                            lib=lib).stdout)
    assert [(a["title"], a["paper"], a["page"], a["page_name"]) for a in arts] == [
        ("中老铁路开通运营", "晋北晚报", 2, "国际")]
    assert {"continues_in", "continues_from"} <= set(arts[0])

    renamed = baoku("papers", "rename", "晋北晚报", "大同晚报", "--json", lib=lib)
    assert json.loads(renamed.stdout) == {"old": "晋北晚报", "new": "大同晚报", "issues": 1}


def test_status_says_what_the_library_holds_and_its_size(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    assert baoku("import", "corpus", lib=lib).returncode == 0
    status = json.loads(baoku("status", "--json", lib=lib).stdout)
    articles = sum(len(json.loads(baoku("articles", d, "--json", lib=lib).stdout))
                   for d in ("2022-01-11", "2022-02-24", "2022-03-26", "2022-11-07", "2023-07-23"))
    assert (status["issues"], status["files"], status["articles"]) == (5, 5, articles)
    assert (status["first"], status["last"]) == ("2022-01-11", "2023-07-23")
    assert status["source_bytes"] == sum(p.stat().st_size for p in (ROOT / "corpus").glob("*.txt"))
    assert status["library_bytes"] > 0 and status["index_bytes"] > 0 and status["index_level"] is True
    assert status["disk_per_text"] == round((status["library_bytes"] + status["index_bytes"])
                                            / status["source_bytes"], 2)
    text = baoku("status", lib=lib).stdout
    assert "5 issues (2022-01-11 … 2023-07-23)" in text and "level with the library" in text


def test_a_library_a_newer_baoku_wrote_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    """A format this version does not know (its text might not read back) is neither read nor
    written: one line says why, and the file is not touched."""
    import hashlib
    import sqlite3

    from reader.store import SCHEMA_VERSION

    lib = tmp_path / "lib"
    assert baoku("import", "corpus", "--json", lib=lib).returncode == 0
    db = sqlite3.connect(lib / "library.db")
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION + 1),))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = hashlib.sha256((lib / "library.db").read_bytes()).hexdigest()
    for args in (("issues", "--json"), ("search", "大同"), ("import", "corpus")):
        out = baoku(*args, lib=lib)
        assert out.returncode != 0 and out.stdout == "", args
        (line,) = out.stderr.strip().splitlines()
        assert "newer Baoku" in line and "update Baoku" in line, line
    assert hashlib.sha256((lib / "library.db").read_bytes()).hexdigest() == before
