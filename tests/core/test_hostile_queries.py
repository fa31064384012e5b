"""Hostile queries: each is refused with one clear line or answered exactly, never a hang or a traceback.

The queries (``hostile_queries``) go through the API (``Searcher.search``), the
command line (``baoku search``) and ``baoku search --batch``. A refused query
must raise :class:`QueryError` (exit 1 and one line on stderr on the command
line, ``{"query", "error"}`` in a batch) whose message says what is wrong; an
accepted one must find exactly the articles a brute-force scan of the articles'
text finds. Nothing here measures time: the API runs in a child process and
the command line under a generous timeout, so a hang fails instead of blocking.
``tests/bench_hostile_queries.py`` measures the response times.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from brute_search import brute, haystacks

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve()
if str(ROOT) not in sys.path:  # run as a script (the API child)
    sys.path.insert(0, str(ROOT))

TIMEOUT = 300  # seconds for a whole child: generous, only there to turn a hang into a failure

# (name, query, None if it must be answered, else a part of the message refusing it)
Hostile = tuple[str, str, str | None]


def common_words(texts: list[str], n: int) -> list[str]:
    """The ``n`` most frequent two-character Chinese strings of ``texts`` (ties by text)."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(t[i : i + 2] for i in range(len(t) - 1)
                      if all("\u4e00" <= c <= "\u9fff" for c in t[i : i + 2]))
    return [w for w, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:n]]


def common_chars(texts: list[str], n: int) -> list[str]:
    counts = Counter(c for t in texts for c in t if "\u4e00" <= c <= "\u9fff")
    return [c for c, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:n]]


def hostile_queries(texts: list[str]) -> list[Hostile]:
    """The hostile queries, some made from ``texts`` (the library's article bodies)."""
    sample = texts[:: max(1, len(texts) // 2000)]  # the common words of a big library, sooner
    words = common_words(sample, 200)
    chars = common_chars(sample, 200)
    longest = max(texts, key=len)
    assert len(longest) >= 1000 and len(words) == len(chars) == 200
    return [
        # too big
        ("10,000 Chinese characters", "大同" * 5000, "too long"),
        ("10,000 Latin letters", "a" * 10_000, "too long"),
        ("3,000 OR terms", " OR ".join(["大同"] * 3000), "too long"),
        ("200 OR terms in 1,000 characters", " OR ".join(chars), "too many terms"),
        ("101 terms", " ".join(chars[:101]), "too many terms"),
        ("1,000 levels of parentheses", "(" * 1000 + "大同" + ")" * 1000, "too long"),
        ("499 levels of parentheses", "(" * 499 + "大" + ")" * 499, "too deeply"),
        ("21 levels of parentheses", "(" * 21 + "大同" + ")" * 21, "too deeply"),
        ("5,000-character Chinese string", (longest * 5)[:5000], "too long"),
        ("a 900-letter field name", "a" * 900 + ":大同", "unknown field"),
        ("a 990-character date", "date:" + "9" * 990, "not a date"),
        # big but accepted
        ("100 OR terms: common words", " OR ".join(words[:100]), None),
        ("100 OR terms: common characters", " OR ".join(chars[:100]), None),
        ("100 AND terms: common characters", " ".join(chars[:100]), None),
        ("1 term and 99 exclusions", f"{words[0]} " + " ".join(f"-{w}" for w in words[1:100]), None),
        ("20 levels of parentheses", "(" * 20 + "大同 OR 发展" + ")" * 20, None),
        ("1,000 characters of an article", longest[:1000], None),
        ("1,000 characters found nowhere", "的" * 1000, None),
        ("a 998-character phrase", f'"{longest[:998]}"', None),
        # other engines' syntax: here literal text
        ("unknown field with a wildcard", "body:*", "unknown field body:"),
        ("unknown field", "content:大同", "unknown field content:"),
        ("a URL", "http://www.dtrb.com.cn", "unknown field http:"),
        ("*", "*", None),
        ("大*", "大*", None),
        ("?", "?", None),
        ("~", "~", None),
        ("^", "^", None),
        ("fuzzy", "大同~2", None),
        ("boost", "大同^3", None),
        ("title:*", "title:*", None),
        ("*:*", "*:*", None),
        ("range", "[a TO z]", None),
        ("regular expression", "/大.*/", None),
        ("backwards dates", "date:9999..0001", "ends before it starts"),
        # characters nobody types
        ("control characters", "\x07\x1b[31m大同\x7f", None),
        ("NUL and SOH around a word", "\x00大同\x01", None),
        ("lone high surrogate", "\ud800", None),
        ("lone surrogates around a word", "\udfff大同\ud800", None),
        ("surrogate escapes", "\udc80\udcff", None),
        ("only Chinese punctuation", "，。！？、；：…——", None),
        ("only IME quotes", "「」", "empty quotes"),
        ("only ASCII punctuation", "!@#$%^&*_+={}[]|\\;'<>,.?/`", None),
        ("only whitespace", " \t\u3000\u2028\x0b\x0c\x1c ", "empty"),
        ("only NUL", "\x00\x00", "empty"),
        ("only parentheses", "()", "empty parentheses"),
        ("only dashes", "- - -", "lone '-'"),
        ("only quotes", '""', "empty quotes"),
        ("only OR", "OR OR OR", "lone OR"),
    ]




def check_refusal(name: str, message: str, says: str) -> None:
    assert says in message, f"{name}: {message!r} does not say {says!r}"
    assert message.isprintable() and len(message) <= 200, f"{name}: {message!r}"


# -- the API, in a child process ----------------------------------------------------------
def api_child(lib_dir: Path) -> None:
    """Answer every hostile query; one JSON line each: the hits, or the error."""
    import traceback

    from reader.errors import QueryError
    from reader.library import Library
    from reader.search import Searcher

    with Library(lib_dir, readonly=True) as lib:
        searcher = Searcher(lib)
        for name, query, _ in hostile_queries([a.body for a in lib.iter_articles()]):
            out: dict[str, Any] = {"name": name}
            try:
                result = searcher.search(query, limit=0)
                out.update(total=result.total, ids=[h.article_id for h in result.hits])
            except QueryError as exc:
                out["error"] = str(exc)
            except Exception:  # a traceback is a failure, reported as such
                out["crash"] = traceback.format_exc()
            print(json.dumps(out, ensure_ascii=True), flush=True)


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory: pytest.TempPathFactory, seed_library_dir: Path) -> Path:
    """A copy of the seed library (the CLI writes its index there)."""
    root = tmp_path_factory.mktemp("hostile") / "lib"
    shutil.copytree(seed_library_dir, root)
    return root


@pytest.fixture(scope="module")
def expected(lib_dir: Path) -> tuple[list[Hostile], dict[str, set[str]]]:
    """The hostile queries and, for each one accepted, the articles it must find."""
    from reader.library import Library

    with Library(lib_dir) as lib:
        queries = hostile_queries([a.body for a in lib.iter_articles()])
        hay = haystacks(lib)
    return queries, {name: brute(hay, q) for name, q, says in queries if says is None}


def test_the_api_refuses_or_answers_exactly(lib_dir: Path,
                                            expected: tuple[list[Hostile], dict[str, set[str]]]) -> None:
    queries, truth = expected
    done = subprocess.run([sys.executable, str(HERE), "api", str(lib_dir)], capture_output=True,
                          text=True, timeout=TIMEOUT, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["name"] for a in answers] == [name for name, _, _ in queries]
    for (name, _query, says), got in zip(queries, answers, strict=True):
        assert "crash" not in got, got.get("crash")
        if says is not None:
            assert "error" in got, f"{name} was answered ({got.get('total')} hits), not refused"
            check_refusal(name, got["error"], says)
        else:
            assert "error" not in got, f"{name} was refused: {got.get('error')}"
            assert got["total"] == len(got["ids"]) and set(got["ids"]) == truth[name], name
    found = {name for name, ids in truth.items() if ids}
    assert {"100 OR terms: common words", "1,000 characters of an article", "a 998-character phrase",
            "NUL and SOH around a word", "20 levels of parentheses"} <= found


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    from reader.errors import QueryError
    from reader.query import parse

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 40)  # far fewer frames than 499 levels need
    try:
        with pytest.raises(QueryError, match="too deeply"):
            parse("(" * 499 + "大" + ")" * 499)
    finally:
        sys.setrecursionlimit(limit)


def baoku(lib: Path, *args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(lib), *args],
                          capture_output=True, env=env, input=stdin, timeout=TIMEOUT, cwd=ROOT)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["大同" * 5000], "too long"),
        (["(" * 1000 + "大同" + ")" * 1000], "too long"),
        (["(" * 400 + "大同" + ")" * 400], "too deeply"),
        (["body:*"], "unknown field body:"),
        (["大同", "--from", "x" * 5000], "not a date"),
        ([" \t "], "empty"),
    ],
)
def test_the_cli_refuses_with_one_line(lib_dir: Path, args: list[str], says: str) -> None:
    done = baoku(lib_dir, "search", *args)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    lines = stderr.splitlines()  # refused before the index is even looked at: no note about it
    assert len(lines) == 1 and says in lines[0] and len(lines[0]) <= 200, stderr
    assert done.stdout == b""


@pytest.mark.parametrize(
    "query",
    [
        b"*",
        "大*".encode(),
        "\x07\x1b[31m大同".encode(),
        "，。！？".encode(),
        b"\xed\xa0\x80\xff\xfe\xe5\xa4\xa7\xe5\x90\x8c",  # a surrogate in UTF-8 form, stray bytes, 大同
    ],
)
def test_the_cli_answers_odd_text(lib_dir: Path, query: bytes) -> None:
    done = baoku(lib_dir, "search", query, "--json", "--limit", "0")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    from reader.library import Library

    with Library(lib_dir) as lib:
        text = os.fsdecode(query)  # as Python hands the argument to Baoku
        assert {h["article_id"] for h in data["hits"]} == brute(haystacks(lib), text)


def test_batch_answers_every_line(lib_dir: Path, tmp_path: Path,
                                  expected: tuple[list[Hostile], dict[str, set[str]]]) -> None:
    queries, truth = expected
    lines: list[tuple[str, str | None, bytes]] = []  # (name, what must be refused, line)
    for name, query, says in queries:
        if "\n" in query or "\r" in query or not query.strip():
            continue  # a batch line is one query; empty lines are skipped
        try:
            lines.append((name, says, query.encode("utf-8")))
        except UnicodeEncodeError:  # lone surrogates: not UTF-8 text, an error on that line
            lines.append((name, "not UTF-8", query.encode("utf-8", "surrogatepass")))
    batch = tmp_path / "hostile.txt"
    batch.write_bytes(b"\n".join(line for _, _, line in lines) + b"\n")
    done = baoku(lib_dir, "search", "--batch", str(batch), "--limit", "0")
    assert done.returncode == 1  # some lines were refused
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == len(lines)
    for (name, says, _), got in zip(lines, out, strict=True):
        if says is not None:
            check_refusal(name, got.get("error", ""), says)
        else:
            assert "error" not in got, f"{name}: {got['error']}"
            assert {h["article_id"] for h in got["hits"]} == truth[name], name
    assert sum("not UTF-8" in (o.get("error") or "") for o in out) == 3


if __name__ == "__main__":
    if sys.argv[1] == "api":
        api_child(Path(sys.argv[2]))


def test_a_costly_query_is_refused_once_its_time_is_up(lib_dir: Path) -> None:
    """Past the time budget a query of more than ten terms is refused with one line; up to ten
    terms (an ordinary query, issue 12) are always answered, however long they take."""
    from reader.errors import QueryError
    from reader.library import Library
    from reader.search import Searcher

    ten = ["大同", "太原", "疫情", "发展", "工作", "城市", "建设", "文化", "经济", "服务"]
    with Library(lib_dir) as lib:
        searcher = Searcher(lib)
        try:
            assert searcher.search("大同", budget=0).total > 0
            assert searcher.search(" OR ".join(ten), budget=0).total > 0
            assert searcher.search("中 国 -大同 发展", budget=0).total > 0  # answered as sets
            assert searcher.year_counts(" OR ".join(ten))  # what walks every match: the same
            with pytest.raises(QueryError, match=r"too costly for this library: its 11 terms took over 0 s "
                                                 r"across [\d,]+ articles; use fewer or rarer terms"):
                searcher.search(" OR ".join([*ten, "群众"]), budget=0)
            many = " OR ".join(["大同", "太原", "疫情", "发展", "工作"] * 20)
            assert searcher.search(many).total == searcher.search("大同 OR 太原 OR 疫情 OR 发展 OR 工作").total
        finally:
            searcher.close()


def test_a_search_stops_when_asked_and_the_next_one_is_answered(seed_library_dir: Path) -> None:
    """The window's search thread stops a search a newer one replaced (no time limit does it
    for an ordinary query any more): stopped wherever the index is at, by SQLite's progress
    handler or between the lookups of a query answered as sets; the next search is whole."""
    from reader.errors import SearchStopped
    from reader.library import Library
    from reader.search import Searcher

    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        try:
            expected = {q: searcher.search(q).total for q in ("大同", "疫 防控 -大同", "大同 OR 太原")}
            searcher.stop_when(lambda: True)
            for query in expected:
                with pytest.raises(SearchStopped):
                    searcher.search(query)
            with pytest.raises(SearchStopped):
                searcher.year_counts("疫 防控 -大同")
            searcher.stop_when(lambda: False)
            assert {q: searcher.search(q).total for q in expected} == expected
        finally:
            searcher.close()
