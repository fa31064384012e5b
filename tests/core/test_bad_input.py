"""Bad input never loses data or takes Baoku down: a folder of broken, hostile and odd files
imported through the Library API and the CLI, then read-only and full disks.

The folder comes from ``tests/data/make_bad_inputs.py`` (generated: one file is 10 MB).
Faults the OS would raise for root too (an unreadable file, a read-only or full disk) are
injected by ``tests/data/fault_injection.py``; see its docstring for why and how.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))

from fault_injection import Faults, after_walk  # noqa: E402
from make_bad_inputs import LONG_LINE_BYTES, SEEDS, Expected, make_bad_inputs  # noqa: E402

from reader.cli import main as cli_main  # noqa: E402
from reader.errors import IndexError_, LibraryWriteError  # noqa: E402
from reader.index import index_problem, sync_index  # noqa: E402
from reader.library import MAX_FILE_BYTES, Library  # noqa: E402
from reader.parsing import parse_issue  # noqa: E402
from reader.search import Searcher  # noqa: E402
from reader.search.exact import FILE_NAME, ExactIndex  # noqa: E402
from reader.service import import_and_index  # noqa: E402
from reader.textio import decode_bytes  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BAOKU = Path(sys.executable).with_name("baoku")


@pytest.fixture
def faults() -> Iterator[Faults]:
    with Faults() as f:
        yield f


@pytest.fixture
def bad(tmp_path: Path) -> tuple[Path, dict[str, Expected]]:
    dest = tmp_path / "bad"
    return dest, make_bad_inputs(dest)


def by_name(report_files: list[dict[str, object]], dest: Path) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for f in report_files:
        name = Path(str(f["path"])).relative_to(dest).as_posix()
        assert name not in out, f"{name} reported twice"
        out[name] = f
    return out


def check_report(files: dict[str, dict[str, object]], expected: dict[str, Expected]) -> None:
    assert set(files) == set(expected), "every file is reported exactly once"
    for name, e in expected.items():
        f = files[name]
        assert f["status"] == e.status, (name, f)
        if e.status == "skipped":
            assert e.reason in str(f["reason"]), (name, f["reason"])
        else:
            assert f["date"] == e.date, (name, f)
            assert int(str(f["articles"])) > 0, name


def indexed_issues(library: Library) -> set[str]:
    with ExactIndex(library.index_dir / FILE_NAME) as ix:
        return set(ix.fingerprints())


def check_library(library: Library, files: dict[str, dict[str, object]], expected: dict[str, Expected]) -> None:
    """Every good file's issue holds its text verbatim and is found by search; the index agrees."""
    assert sync_index(library) == ""  # already brought up to date by the import
    assert index_problem(library.index_dir) is None
    assert indexed_issues(library) == {i.id for i in library.issues()}
    searcher = Searcher(library)
    good = {name: e for name, e in expected.items() if e.status == "imported"}
    assert len(library.issues()) == len(good)
    for name, e in good.items():
        issue = library.issue(str(files[name]["issue_id"]))
        assert issue.date == e.date
        text = "\n".join(a.plain_text() for a in library.articles(issue.id))
        for s in e.shown:
            assert s in text, (name, s)
        for s in e.absent:
            assert s not in text, (name, s)
        for s in e.kept:
            assert s in library.store.issue_text(issue.id) and s not in text, (name, s)
        assert e.search is not None
        found = searcher.search(e.search, limit=0)
        assert issue.id in {h.issue_id for h in found.hits}, (name, e.search)
    searcher.close()


# -- the bad-input folder ---------------------------------------------------------------
def test_library_api_imports_the_good_files_and_reports_each_bad_one(
        bad: tuple[Path, dict[str, Expected]], faults: Faults, library: Library,
        monkeypatch: pytest.MonkeyPatch) -> None:
    dest, expected = bad
    faults.unreadable(dest / "unreadable.txt")  # chmod 000 does not stop root
    after_walk(dest, monkeypatch.setattr)  # one file deleted, one rewritten, after the walk
    started = time.perf_counter()
    report, _note = import_and_index(library, [dest])
    took = time.perf_counter() - started
    files = by_name([f.to_json() for f in report.files], dest)
    check_report(files, expected)
    check_library(library, files, expected)
    assert took < 60, f"importing the bad folder took {took:.1f} s"


def test_cli_imports_the_folder_and_shows_html_as_text(bad: tuple[Path, dict[str, Expected]],
                                                       tmp_path: Path) -> None:
    dest, expected = bad
    lib = tmp_path / "cli-lib"
    env = {**os.environ, "BAOKU_TEST_DURING_IMPORT": str(dest),
           "BAOKU_TEST_FAULTS": json.dumps({"unreadable": [str(dest / "unreadable.txt")]})}
    boot = ("import sys; sys.path.insert(0, sys.argv.pop(1)); import fault_injection; "
            "sys.exit(fault_injection.cli_main())")
    run = subprocess.run([sys.executable, "-c", boot, str(DATA), "--library", str(lib), "import", str(dest),
                          "--json"], capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    data = json.loads(run.stdout)
    files = by_name(data["files"], dest)
    check_report(files, expected)
    assert data["imported"] == sum(e.status == "imported" for e in expected.values())
    assert data["skipped"] == sum(e.status == "skipped" for e in expected.values())

    # the real command line reads the library back: markup is text, search finds it as text
    baoku = [str(BAOKU)] if BAOKU.exists() else [sys.executable, "-m", "reader"]
    shown = subprocess.run([*baoku, "--library", str(lib), "articles", "2022-01-16", "--json"],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    [article] = json.loads(shown.stdout)
    assert "<script>alert(1)</script>" in article["title"]
    assert '<img src="file:///etc/passwd">' in article["body"]
    found = subprocess.run([*baoku, "--library", str(lib), "search", '"<font color="', "--json"],
                           capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert [h["article_id"] for h in hits] == [article["id"]]
    assert "<font color=" in hits[0]["snippet"]


def test_a_file_growing_while_read_is_read_again_then_given_up(tmp_path: Path, faults: Faults,
                                                              library: Library) -> None:
    src = tmp_path / "src"
    src.mkdir()
    once, always = src / "2022-01-20-once.txt", src / "2022-01-21-always.txt"
    for path, title in ((once, "增长一次的新闻"), (always, "一直在写的新闻")):
        path.write_text(f"大同日报\n\n{title}\n\n本报讯（记者 测试）1月19日，{title}的正文。\n", encoding="utf-8")
    faults.grows_while_read(once, times=1).grows_while_read(always, times=1000)
    report = library.import_paths([src])
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status[once.name] == ("imported", "")
    assert status[always.name][0] == "skipped"
    assert "kept changing while it was read" in status[always.name][1]
    [issue] = library.issues()
    assert "又添了一段文字" in "".join(a.body for a in library.articles(issue.id))  # the whole file


def test_a_long_line_is_parsed_in_linear_time(tmp_path: Path) -> None:
    """The parser on 10 MB without a line break (what the size cap keeps out of imports)."""
    text = decode_bytes((SEEDS["001"].read_bytes().replace(b"\n", b"") * 1000)[:LONG_LINE_BYTES]
                        .decode("utf-8", "ignore").encode()).text
    started = time.perf_counter()
    parsed = parse_issue(text, source_name="long.txt")
    took = time.perf_counter() - started
    assert sum(len(a.body) + len(a.title) for a in parsed.articles) >= len(text) * 0.9
    assert took < 30, f"parsing 10 MB took {took:.1f} s (about 1 s expected: is it quadratic?)"


def test_a_line_less_file_just_under_the_size_cap_imports(tmp_path: Path, library: Library) -> None:
    src = tmp_path / "src"
    src.mkdir()
    unit = SEEDS["003"].read_text(encoding="utf-8").replace("\n", "").encode("utf-8")
    data = (unit * (MAX_FILE_BYTES // len(unit)))
    assert MAX_FILE_BYTES - len(unit) < len(data) <= MAX_FILE_BYTES
    (src / "2022-01-22-long.txt").write_bytes(data)
    started = time.perf_counter()
    report = library.import_paths([src])
    took = time.perf_counter() - started
    assert [(f.status, f.articles) for f in report.files] == [("imported", 1)]
    assert took < 30, f"importing {len(data) / 1e6:.1f} MB took {took:.1f} s"


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, library: Library,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    (src / "locked").mkdir(parents=True)
    shutil.copy(SEEDS["000"], src / "2022-01-23.txt")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    report = library.import_paths([src])
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status == {"locked": ("skipped", "cannot read the folder: Permission denied"),
                      "2022-01-23.txt": ("imported", "")}


# -- read-only and full disks ---------------------------------------------------------------
@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    """A library holding two seed issues, indexed: what must survive a failed import."""
    root = tmp_path / "lib"
    with Library(root) as lib:
        import_and_index(lib, [SEEDS["000"], SEEDS["001"]])
    return root


@pytest.fixture
def new_issues(tmp_path: Path) -> Path:
    src = tmp_path / "new"
    src.mkdir()
    for key in ("002", "003", "004"):
        shutil.copy(SEEDS[key], src / SEEDS[key].name)
    return src


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, but SQLite's shared-memory and log files: a read-only connection
    creates them where it can (on a really read-only disk it cannot, and reads immutably)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(("-shm", "-wal"))}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def search_ids(capsys: pytest.CaptureFixture[str], root: Path, query: str) -> tuple[set[str], str]:
    code, out, err = cli(capsys, "--library", str(root), "search", query, "--limit", "0", "--json")
    assert code == 0, err
    return {h["article_id"] for h in json.loads(out)["hits"]}, err


def assert_recovers(capsys: pytest.CaptureFixture[str], root: Path, new: Path) -> None:
    """On a healthy disk again, the same import completes and the index is whole."""
    code, out, err = cli(capsys, "--library", str(root), "import", str(new), "--json")
    assert code == 0, err
    assert json.loads(out)["skipped"] == 0
    with Library(root) as lib:
        assert len(lib.issues()) == 5
        assert index_problem(lib.index_dir) is None
        assert indexed_issues(lib) == {i.id for i in lib.issues()}
        assert sync_index(lib) == ""
    hits, _ = search_ids(capsys, root, "健美操")  # only in seed 003, one of the new issues
    assert hits


def test_read_only_library(old_library: Path, new_issues: Path, faults: Faults,
                           capsys: pytest.CaptureFixture[str]) -> None:
    before_hits, _ = search_ids(capsys, old_library, "卢东亮")
    before = snapshot(old_library)
    faults.read_only(old_library)
    message = f"cannot write to the library {old_library}: the disk is read-only (Read-only file system)"

    code, out, err = cli(capsys, "--library", str(old_library), "import", str(new_issues), "--json")
    assert (code, out, err) == (1, "", f"baoku: {message}\n")
    with pytest.raises(LibraryWriteError) as caught:
        Library(old_library)
    assert str(caught.value) == message

    hits, err = search_ids(capsys, old_library, "卢东亮")  # reading still works, same answers
    assert (hits, err) == (before_hits, "")
    code, out, err = cli(capsys, "--library", str(old_library), "issues", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    assert snapshot(old_library) == before

    faults.undo()
    assert_recovers(capsys, old_library, new_issues)


def test_disk_full_mid_index(old_library: Path, new_issues: Path, faults: Faults,
                             capsys: pytest.CaptureFixture[str]) -> None:
    before_hits, _ = search_ids(capsys, old_library, "卢东亮")
    index_before = snapshot(old_library / "index")
    faults.disk_full(old_library, file_bytes=4000)  # the database has room, the index does not

    code, out, err = cli(capsys, "--library", str(old_library), "import", str(new_issues), "--json")
    assert code == 1 and out == ""
    assert err == ("baoku: 3 file(s) imported and stored, but cannot update the search index: the disk is "
                   "full; what it holds is kept, and the next import or 'baoku index' brings it up to date\n")
    assert snapshot(old_library / "index") == index_before  # no half-written batch left behind

    hits, err = search_ids(capsys, old_library, "卢东亮")  # the old results; the search says it lags
    assert before_hits == hits
    assert err.startswith("baoku: the search index has not seen the latest changes") and err.count("\n") == 1

    faults.undo()
    assert_recovers(capsys, old_library, new_issues)


def test_disk_full_mid_import(old_library: Path, new_issues: Path, faults: Faults,
                              capsys: pytest.CaptureFixture[str]) -> None:
    before_hits, _ = search_ids(capsys, old_library, "卢东亮")
    faults.disk_full(old_library, file_bytes=None, db_pages=6)  # room for about one issue

    code, out, err = cli(capsys, "--library", str(old_library), "import", str(new_issues), "--json")
    assert code == 1 and out == ""
    assert err.startswith(f"baoku: cannot write to the library {old_library}: the disk is full "
                          "(database or disk is full); the import stopped at ")
    assert err.count("\n") == 1
    with Library(old_library) as lib:
        issues = lib.issues()
        assert 2 <= len(issues) < 5
        kept = len(issues) - 2  # the message counts the new files that are really there
        assert err.rstrip().endswith(f"the {kept} file(s) stored before it are kept" if kept
                                     else "nothing was imported"), err
        assert all(i.article_count == len(lib.articles(i.id)) > 0 for i in issues)  # whole issues only
    db = sqlite3.connect(old_library / "library.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    hits, _ = search_ids(capsys, old_library, "卢东亮")
    assert before_hits <= hits

    faults.undo()
    assert_recovers(capsys, old_library, new_issues)


def test_disk_full_during_a_rebuild_keeps_the_old_index(old_library: Path, faults: Faults) -> None:
    index_before = snapshot(old_library / "index")
    faults.disk_full(old_library, file_bytes=3000)
    with Library(old_library) as lib, pytest.raises(IndexError_) as caught:
        sync_index(lib, rebuild=True)
    assert str(caught.value).startswith("cannot update the search index: the disk is full; "
                                        "what it holds is kept")
    assert snapshot(old_library / "index") == index_before
    faults.undo()
    with Library(old_library) as lib:
        assert index_problem(lib.index_dir) is None
        assert sync_index(lib, rebuild=True).startswith("index built:")
