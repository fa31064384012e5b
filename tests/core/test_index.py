"""The index: incremental by issue fingerprint, self-repairing, one writer at a time, never a search."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.index import index_problem, sync_index
from reader.library import Library
from reader.search import Searcher
from reader.search.exact import FILE_NAME, SCHEMA_VERSION, ExactIndex

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def src(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(corpus_dir, folder)
    return folder


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """The index's files (an empty write-ahead log and SQLite's shared memory hold nothing)."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()
            if not p.name.endswith("-shm") and not (p.name.endswith("-wal") and not p.stat().st_size)}


def indexed(library: Library) -> dict[str, str]:
    with ExactIndex(library.index_dir / FILE_NAME) as ix:
        return ix.fingerprints()


def test_build_then_unchanged_reimport_writes_nothing(library: Library, src: Path) -> None:
    library.import_paths([src])
    note = sync_index(library)
    count = sum(1 for _ in library.iter_articles())
    assert note == f"index built: {count} articles"
    assert index_problem(library.index_dir) is None
    before = snapshot(library.index_dir)
    report = library.import_paths([src])
    assert not report.changed
    assert sync_index(library) == ""
    assert snapshot(library.index_dir) == before


def test_a_changed_issue_rewrites_only_that_issue(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    before = indexed(library)
    target = sorted(src.glob("*.txt"))[0]
    text = target.read_text("utf-8")
    target.write_text(text.rstrip("\n") + "\n\n这是一段新加的独一无二的结尾文字。\n", "utf-8")
    report = library.import_paths([src])
    assert report.count("updated") == 1
    new_issue = next(f.issue_id for f in report.files if f.status == "updated")
    assert new_issue is not None
    n_articles = len(library.articles(new_issue))
    note = sync_index(library)
    assert note.startswith(f"index updated: {n_articles} articles written")
    after = indexed(library)
    assert {i: f for i, f in after.items() if i != new_issue} == \
        {i: f for i, f in before.items() if i in after and i != new_issue}
    hits = Searcher(library).search("独一无二的结尾", limit=0)
    assert hits.total == 1 and hits.hits[0].issue_id == new_issue


def test_a_damaged_index_file_is_set_aside_and_rebuilt_with_a_message(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    path = library.index_dir / FILE_NAME
    path.write_bytes(b"\x00garbage" * 4096)
    assert "damaged" in (index_problem(library.index_dir) or "")
    note = sync_index(library)
    assert note.startswith("search index rebuilt (it is damaged")
    assert (library.index_dir / (FILE_NAME + ".damaged")).exists()
    assert index_problem(library.index_dir) is None
    assert Searcher(library).search("大同").total > 0


def test_an_index_of_another_version_is_rebuilt(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    import apsw

    db = apsw.Connection(str(library.index_dir / FILE_NAME))
    db.execute("UPDATE meta SET value='0' WHERE key='schema'")
    db.close()
    assert index_problem(library.index_dir) == \
        f"it was made by another version (schema 0, need {SCHEMA_VERSION})"
    assert sync_index(library).startswith("search index rebuilt (it was made by another version")
    assert sync_index(library) == ""


def test_the_old_whoosh_index_files_are_removed(library: Library, src: Path) -> None:
    library.index_dir.mkdir(parents=True)
    for name in ("state.json", "_articles_3.toc", "articles_abc123.seg"):
        (library.index_dir / name).write_text("old", "utf-8")
    library.import_paths([src])
    assert sync_index(library).startswith("index built")
    assert sorted(p.name for p in library.index_dir.iterdir()
                  if not p.name.endswith(("-wal", "-shm"))) == sorted([FILE_NAME, "catalogue"])


def test_rebuild_on_request(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    count = sum(1 for _ in library.iter_articles())
    assert sync_index(library, rebuild=True) == f"index built: {count} articles"


def test_cancel_keeps_what_was_committed_and_the_next_sync_finishes(library: Library, src: Path) -> None:
    library.import_paths([src])
    assert sync_index(library, cancel=lambda: True) == "index update cancelled"
    assert indexed(library) == {}
    searcher = Searcher(library)
    assert searcher.behind() == library.generation + 1
    assert sync_index(library).startswith("index updated:")
    assert searcher.behind() == 0
    assert searcher.search("大同").total > 0


_HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from whoosh.util.filelock import FileLock
    lock = FileLock(sys.argv[1])
    assert lock.acquire()
    print("locked", flush=True)
    sys.stdin.readline()
    lock.release()
    print("released", flush=True)
    sys.stdin.read()
    """
)


def _hold(library: Library) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(library.root / ".index-sync.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def _release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "released"


def test_a_sync_waits_for_another_process_and_says_so(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    holder = _hold(library)
    try:
        target = sorted(src.glob("*.txt"))[0]
        target.write_text(target.read_text("utf-8") + "\n\n锁住时加的一段话。\n", "utf-8")
        assert library.import_paths([src]).changed
        # Searching works while another process holds the lock, and sees the old index.
        assert Searcher(library).search("锁住时加的").total == 0
        told: list[str] = []

        def wait(line: str) -> None:
            told.append(line)
            _release(holder)  # the other process finishes while this one waits

        assert sync_index(library, wait=wait).startswith("index updated:")
        assert told == ["another Baoku process is updating the search index; waiting for it to finish"]
        assert Searcher(library).search("锁住时加的").total == 1
    finally:
        holder.kill()
        holder.communicate()


def test_an_import_while_another_process_holds_the_lock_waits_and_reports(
        library: Library, src: Path, tmp_path: Path) -> None:
    """Two real processes: `baoku import --json` waits for the holder, then exits 0 with its report."""
    library.import_paths([src])
    sync_index(library)
    holder = _hold(library)
    more = tmp_path / "more"
    more.mkdir()
    first = sorted(src.glob("*.txt"))[0]
    (more / "2023-05-04.txt").write_text(first.read_text("utf-8") + "\n\n等锁的导入加的一段话。\n", "utf-8")
    try:
        importer = subprocess.Popen(
            [sys.executable, "-m", "reader", "--library", str(library.root), "import", str(more), "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        assert importer.stderr is not None
        assert "waiting for it to finish" in importer.stderr.readline()
        _release(holder)
        out, err = importer.communicate(timeout=120)
        assert importer.returncode == 0, err
        report = json.loads(out)
        assert report["imported"] == 1 and report["note"].startswith("index updated: ")
        assert Searcher(library).search("等锁的导入").total == 1
    finally:
        holder.kill()
        holder.communicate()


def test_a_lock_left_by_a_killed_process_is_recovered(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    holder = _hold(library)
    holder.kill()  # SIGKILL: no clean-up runs, the lock file stays behind
    holder.communicate()
    assert (library.root / ".index-sync.lock").exists()
    target = sorted(src.glob("*.txt"))[0]
    target.write_text(target.read_text("utf-8") + "\n\n锁之后加的一段话。\n", "utf-8")
    library.import_paths([src])
    assert sync_index(library).startswith("index updated:")
    assert Searcher(library).search("锁之后加的").total == 1


def test_core_modules_import_neither_jieba_nor_qt() -> None:
    code = (
        "import sys\n"
        "import reader.analysis, reader.index, reader.query, reader.search, reader.cli.search_cmds\n"
        "from reader.cli import build_parser; build_parser()\n"
        "print('jieba' in sys.modules, 'PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    assert out.split() == ["False", "False"]


def test_two_imports_at_once_both_finish_with_their_reports(tmp_path: Path, corpus_dir: Path) -> None:
    """Two real `baoku import --json` processes on one library: both exit 0, the index holds both."""
    root = tmp_path / "lib"
    folders = []
    for n, seed in enumerate(sorted(corpus_dir.glob("*.txt"))[:2]):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        (folder / f"2023-0{n + 1}-01.txt").write_text(seed.read_text("utf-8") + f"\n\n并发导入第{n}份。\n", "utf-8")
        folders.append(folder)
    with Library(root):
        pass  # the library exists before the two processes race to fill it
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "--library", str(root), "import", str(f), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
             for f in folders]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert json.loads(out)["imported"] == 1
    with Library(root) as library:
        assert sync_index(library) == ""  # nothing left for a third process to do
        searcher = Searcher(library)
        assert searcher.search("并发导入第0份").total == searcher.search("并发导入第1份").total == 1


def test_thousands_of_undated_issues_share_day_zero_and_all_are_found(tmp_path: Path) -> None:
    """Undated issues all sort on day 0: more of them than any fixed share of a day's row ids
    (4,096 issues once raised an error and stopped the index) are written and found, and an
    issue re-read longer than the room it had moves without losing another's articles."""
    from reader.search.exact import Doc

    with ExactIndex(tmp_path / FILE_NAME, readonly=False) as ix:
        with ix.transaction():
            for n in range(5000):
                ix.replace_issue(f"undated-{n}", "v1", "unknown", [Doc(f"a{n}", ("标题",), (), (f"第{n}号正文",))])
        lo, hi = ix.layout.rowid_range("", "")
        with ix.transaction():
            longer = [Doc(f"a7-{k}", ("标题",), (), (f"加长{k}",)) for k in range(40)]
            ix.replace_issue("undated-7", "v2", "unknown", longer)
        assert ix.article_count() == 5000 - 1 + 40
        assert set(ix.article_ids_all()) >= {"a0", "a4999", "a7-0", "a7-39"} and "a7" not in ix.article_ids_all()
        from reader.analysis import match_expression

        assert ix.count(match_expression("第4999号"), lo, hi) == 1
        assert ix.count(match_expression("加长39"), lo, hi) == 1
        assert ix.count(match_expression("正文"), lo, hi) == 4999


def _answers(library: Library) -> list[object]:
    """What a reader sees of some searches: totals, hits in order, timelines, per date range."""
    searcher = Searcher(library)
    out: list[object] = []
    for query, start, end in (("大同", None, None), ("发展", "2022-01-01", "2022-06-30"), ("疫 防控", None, None),
                              ("大同 -疫情", None, "2022-03-01"), ("date:2022-02 发展", None, None),
                              ("市", None, None), ("title:市 -大同", None, None)):
        found = searcher.search(query, date_from=start, date_to=end, limit=None)
        out += [found.total, [h.article_id for h in found.hits],
                searcher.year_counts(query, date_from=start, date_to=end),
                searcher.day_counts(query, date_from=start, date_to=end),
                searcher.search(query, date_from=start, date_to=end, sort="newest", limit=5).hits]
    searcher.close()
    return out


def test_a_day_fuller_than_its_row_ids_rebuilds_the_index_with_room(
        library: Library, src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new index gives a day room for twice the library's busiest date; a day that later
    outgrows it (many papers' issues on one date) rebuilds the index with room for it, says
    so, and answers as before. A search opened on the old file sees the new one."""
    import reader.index
    from reader.search.exact import SPARE, day_bits_for

    library.import_paths([src])
    sync_index(library)
    expected = _answers(library)
    busiest = library.store.busiest_day(SPARE)
    assert busiest == max(i.article_count for i in library.issues()) + SPARE
    with ExactIndex(library.index_dir / FILE_NAME) as ix:
        assert ix.layout.bits == day_bits_for(busiest) == 12
    searcher = Searcher(library)
    assert searcher.search("大同").total > 0

    first = iter([2])  # the first index made gives a day 4 row ids: every seed day outgrows it
    monkeypatch.setattr(reader.index, "day_bits_for", lambda n: next(first, day_bits_for(n)))
    shutil.rmtree(library.index_dir)
    note = sync_index(library)
    assert note == ("search index rebuilt (2022-01-11 has more articles than the index had room for:"
                    " 4 row ids a day): 39 articles")
    with ExactIndex(library.index_dir / FILE_NAME) as ix:
        assert ix.layout.bits == 12 and ix.article_count() == sum(i.article_count for i in library.issues())
    assert _answers(library) == expected
    assert searcher.search("大同").total == expected[0]  # the searcher opened the new file
    searcher.close()


def test_an_index_of_an_older_schema_is_built_again(library: Library, src: Path) -> None:
    """An index of schema 6 (characters kept with their columns) is deleted by the next
    update, which says so and builds it again: every search answers as before."""
    import apsw

    library.import_paths([src])
    sync_index(library)
    expected = _answers(library)
    db = apsw.Connection(str(library.index_dir / FILE_NAME))
    db.execute("UPDATE meta SET value='6' WHERE key='schema'")
    db.close()
    assert index_problem(library.index_dir) == f"it was made by another version (schema 6, need {SCHEMA_VERSION})"
    total = sum(i.article_count for i in library.issues())
    assert sync_index(library) == (f"search index rebuilt (it was made by another version (schema 6, need"
                                   f" {SCHEMA_VERSION})): {total} articles")
    assert _answers(library) == expected
    assert not list(library.index_dir.glob(f"{FILE_NAME}.*"))  # not kept as exact.db.damaged: no damage


def test_a_running_search_counts_an_issue_imported_meanwhile(library: Library, src: Path, tmp_path: Path) -> None:
    """The same query again reuses its count only while the index holds still: after another
    process's import, the new issue is counted (and found) by the search already open."""
    library.import_paths([src])
    sync_index(library)
    searcher = Searcher(library)
    before = searcher.search("大同").total
    assert searcher.search("大同").total == before  # the count remembered
    more = tmp_path / "more"
    more.mkdir()
    (more / "2023-08-01.txt").write_text("大同新闻\n\n\u3000\u3000大同市今天召开会议，研究部署下一步工作。\n", "utf-8")
    subprocess.run([sys.executable, "-m", "reader", "--library", str(library.root), "import", str(more)],
                   check=True, capture_output=True, cwd=ROOT, timeout=120)
    again = searcher.search("大同", limit=0)
    assert again.total == before + 1
    assert any("召开会议" in h.snippet for h in again.hits)


def test_a_library_from_before_issue_fingerprints_gets_them_and_its_index_stays(
        library: Library, src: Path) -> None:
    """Issues keep their fingerprint on their row (the sync reads 36,500 of them in
    milliseconds); a library made before gets them when next opened to write, equal to
    what the index recorded, so nothing is rewritten."""
    import sqlite3

    library.import_paths([src])
    sync_index(library)
    before = library.store.issue_fingerprints()
    assert before == {i: (fp, d) for i, (fp, d) in indexed_with_dates(library).items()}
    root = library.root
    library.close()
    db = sqlite3.connect(root / "library.db")
    db.execute("ALTER TABLE issues DROP COLUMN fingerprint")
    db.commit()
    db.close()
    with Library(root, readonly=True) as old:
        assert old.store.issue_fingerprints() == before  # worked out from the parts
    with Library(root) as again:
        assert again.store.issue_fingerprints() == before
        assert sync_index(again) == ""


def indexed_with_dates(library: Library) -> dict[str, tuple[str, str]]:
    dates = {i.id: i.date for i in library.issues()}
    return {i: (fp, dates[i]) for i, fp in indexed(library).items()}
