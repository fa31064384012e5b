"""Crash safety of import + index: SIGKILL ``import_and_index`` at 20 moments, lose nothing.

A base library (36 small synthetic issues made from the seed corpus, indexed
in six syncs, and 22 bookmarks on their articles) is copied for every run.
The child (this file run as a script) then runs
``reader.service.import_and_index`` on version B of the archive: 200 new
issues, 8 changed ones (a bookmarked story's text edited, in some its title
too, in some the last story removed) and 2 rewritten with the same bytes.

Every step the child reaches prints one line and waits for the parent's "go"
before going on: the progress callback (walk, parse and store, index), the
inside of each save of an issue (after its rows are written) and each batch of
saves before its COMMIT, the search index's update (opened, each issue written
inside its batch, each batch before its COMMIT, the generation recorded), and
bookmark reconciliation (entering it, each bookmark moved inside its
transaction). So a kill after a given line lands exactly there, the same on
every run; three kills instead let the child go on and land a fixed time later,
0.1 ms or 2 ms into a COMMIT (best effort).

After each kill the parent checks that:

* no worker process outlives the killed one (the kill is for the main process only);
* both databases pass ``PRAGMA integrity_check`` and the library opens;
* no bookmark is gone (each base bookmark's note is still in some bookmark) and
  those on articles the import does not change still point at their article;
* search works before any repair, and every hit it shows is right (the index
  may lag behind what the import stored, never show a wrong article);
* ``sync_index`` leaves the index consistent with the library (its issues,
  articles and generation), saying what it did (a note) whenever it was not,
  and search is then exact: every query's hits are what a brute-force scan of
  the articles' text finds;
* a complete import then brings library, index and bookmarks to exactly the
  state an uninterrupted import reaches (bookmarks re-attached the same way).

``python tests/core/test_import_crash.py report [N ...]`` runs the kills and
prints, per kill, where the child was, what the index needed and what the final
import said.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from brute_search import brute, haystacks

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve()
if str(ROOT) not in sys.path:  # run as a script (the child)
    sys.path.insert(0, str(ROOT))

BASE_ISSUES = 36
NEW_ISSUES = 200
TOUCHED = (5, 17)  # base issues whose file B rewrites with the same bytes
EDIT = "（本报补充报道：第{k}处更正。）"
START = date(2015, 1, 1)
QUERIES = ("大同", "发展", "补充报道", "大同 发展", "补充报道 OR 黄花", "发展 -大同",
           "title:大同", '"本报补充报道"', "更正 -(大同 OR 发展)")
CHILD_TIMEOUT = 180.0  # the child needs a few seconds; a hang fails instead of blocking


# -- the synthetic archive -------------------------------------------------------
@dataclass
class Story:
    title: str
    paras: list[str]

    def text(self) -> str:
        return "\n\n".join([self.title, *self.paras])


def seed_material() -> tuple[list[str], list[str]]:
    """Headline titles and body paragraphs of the seed corpus (as tests/bench_index.py does)."""
    import tempfile

    from reader.library import Library

    with tempfile.TemporaryDirectory(prefix="baoku-seed-") as tmp, Library(tmp) as lib:
        lib.import_paths([ROOT / "corpus"])
        arts = list(lib.iter_articles())
    titles = sorted({a.title for a in arts if a.title and not (a.title_inferred or a.kicker or a.subtitle)})
    paras = [p for a in arts for p in a.body.split("\n") if len(p) >= 20 and p not in a.subheads]
    return titles, paras


def make_issue(rng: random.Random, titles: list[str], paras: list[str], *, tiny: bool = False) -> list[Story]:
    """A small issue (about 4 KB): 3 or 4 stories with distinct titles and openings.

    A tiny one (under 1 KB: two one-paragraph stories) keeps indexing 200 of them cheap.
    """
    n = 2 if tiny else rng.randint(3, 4)
    firsts = rng.sample(paras, n)
    return [Story(t, [f, *rng.sample(paras, 0 if tiny else rng.randint(1, 2))])
            for t, f in zip(rng.sample(titles, n), firsts, strict=True)]


def write_issue(folder: Path, k: int, stories: list[Story]) -> Path:
    path = folder / f"{_day(k)}.txt"
    path.write_text("\n\n\n".join(s.text() for s in stories) + "\n", "utf-8")
    return path


def change(stories: list[Story], m: int, edit: int) -> list[Story]:
    """Version B of a changed issue: story ``edit`` gets a sentence (every 4th a longer
    title too); every 4th issue loses its last story."""
    out = [Story(s.title, list(s.paras)) for s in stories]
    out[edit].paras[-1] += EDIT.format(k=m)
    if m % 4 == 1:
        out[edit].title += "（续）"
    if m % 4 == 3 and edit != len(out) - 1:
        out.pop()
    return out


@dataclass
class World:
    src: Path  # version B of the archive
    base: Path  # the base library (version A imported and indexed, bookmarks made)
    marks: dict[str, str]  # bookmark note -> "unchanged", "changed" or "sibling" (same issue)
    changed: int  # how many base issues B changes


def build_world(root: Path) -> World:
    """Version A imported and indexed in the base library, with bookmarks; then version B."""
    from reader.analysis import segmenter
    from reader.bookmarks import Bookmarks
    from reader.index import sync_index
    from reader.library import Library

    segmenter()  # once here: index workers forked by this process inherit it
    titles, paras = seed_material()
    rng = random.Random(20150101)
    issues = [make_issue(rng, titles, paras, tiny=k >= BASE_ISSUES)
              for k in range(BASE_ISSUES + NEW_ISSUES)]
    src, base = root / "src", root / "base"
    src.mkdir(parents=True)
    paths = [write_issue(src, k, issues[k]) for k in range(BASE_ISSUES)]
    marks: dict[str, str] = {}
    with Library(base) as lib:
        # One index update of 31 issues, then five of one issue each.
        for part in (paths[:31], *([p] for p in paths[31:])):
            lib.import_paths(part)
            sync_index(lib)
        # The stories the parser found as written (it joins a story it takes for a fragment).
        found = {}
        for k in range(BASE_ISSUES):
            arts = {a.title: a for a in lib.articles(lib.find_issues(_day(k))[0].id)}
            found[k] = [(j, arts[s.title]) for j, s in enumerate(issues[k]) if s.title in arts]
        candidates = [k for k in range(BASE_ISSUES) if len(found[k]) >= 2 and k not in TOUCHED]
        changed, kept = candidates[0::2][:8], candidates[1::2][:6]
        with Bookmarks.for_library(lib) as bm:
            for k in (*kept, *changed):
                kinds = ["unchanged"] if k in kept else ["changed", "sibling"]
                for (_j, art), kind in zip(found[k], kinds, strict=False):
                    note = f"note {k}-{kind}"
                    bm.add(art, note=note, tags=[kind])
                    marks[note] = kind
    for m, k in enumerate(changed):
        write_issue(src, k, change(issues[k], m, found[k][0][0]))
    for k in TOUCHED:
        paths[k].write_bytes(paths[k].read_bytes())
        os.utime(paths[k], ns=(time.time_ns(), time.time_ns() + 10**9))
    for k in range(BASE_ISSUES, BASE_ISSUES + NEW_ISSUES):
        write_issue(src, k, issues[k])
    return World(src, base, marks, len(changed))


def _day(k: int) -> str:
    return (START + timedelta(days=k)).isoformat()


# -- the child ------------------------------------------------------------------
def child(lib_dir: Path, src: Path) -> None:
    """import_and_index with a line (and a wait for "go") at every step worth dying at."""
    import reader.bookmarks.store as bookmark_store
    from reader.bookmarks import Bookmarks
    from reader.library import Library
    from reader.search.exact import ExactIndex
    from reader.service import import_and_index
    from reader.store import Store

    def mark(label: str) -> None:
        sys.stdout.write(label + "\n")
        sys.stdout.flush()
        if not sys.stdin.readline():  # the parent is gone
            os._exit(3)

    def before(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(label)
            return original(*args, **kwargs)

        setattr(owner, name, wrapper)

    saves = [0]

    class Tap:
        """The store's connection, with a line inside each save (before its batch commits)."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __getattr__(self, name: str) -> Any:
            return getattr(self.db, name)

        def executemany(self, sql: str, rows: Any) -> Any:
            cur = self.db.executemany(sql, rows)
            if "INTO articles" in sql:
                mark(f"sql-rows {saves[0]}")
            return cur

    original_save = Store.save

    def save(self: Store, *args: Any, **kwargs: Any) -> None:
        saves[0] += 1
        real = self._db
        self._db = Tap(real)  # type: ignore[assignment]
        try:
            original_save(self, *args, **kwargs)
        finally:
            self._db = real

    def before_commit(owner: Any, name: str, label: str) -> None:
        """A line "label N" as the Nth transaction of ``owner.name`` ends, before its COMMIT."""
        original = getattr(owner, name)
        count = [0]

        @contextlib.contextmanager
        def wrapper(self: Any) -> Any:
            with original(self):
                yield
                count[0] += 1
                mark(f"{label} {count[0]}")

        setattr(owner, name, wrapper)

    Store.save = save  # type: ignore[method-assign]
    before_commit(Store, "batch", "sql-commit")  # the batch's files are in, its COMMIT next
    import reader.library as library_module

    library_module._BATCH = 16  # files committed at a time: 14 commits for the 210 files
    import reader.index as index_sync

    index_sync._BATCH_ISSUES = 32  # batches of the size the kill points below count in
    index_sync._PROCESS_MIN = 32  # tokens cut in a worker process, as for an archive
    before(ExactIndex, "fingerprints", "index-open")
    before(ExactIndex, "set_generation", "index-generation")
    writes = [0]
    original_replace = ExactIndex.replace_issue

    def replace_issue(self: Any, *args: Any) -> int:
        writes[0] += 1
        mark(f"index-write {writes[0]}")
        return original_replace(self, *args)

    ExactIndex.replace_issue = replace_issue  # type: ignore[method-assign]
    before_commit(ExactIndex, "transaction", "index-commit")  # the batch is written, its COMMIT next
    before(Bookmarks, "reconcile", "reconcile")
    moves = [0]
    original_move = bookmark_store._move

    def move(*args: Any) -> None:
        moves[0] += 1
        mark(f"bookmark-move {moves[0]}")
        original_move(*args)

    bookmark_store._move = move  # type: ignore[assignment]
    with Library(lib_dir) as lib:
        mark("open")
        _report, note = import_and_index(lib, [src], progress=lambda p, d, t, _x: mark(f"{p} {d}"))
    mark(f"done {note}")


# -- the parent -------------------------------------------------------------------
@dataclass(frozen=True)
class Kill:
    label: str  # kill when the child reaches this line
    delay: float = 0.0  # or this long after letting it go on from there


@dataclass
class Run:
    labels: list[str]  # every line the child printed
    times: list[float]  # when each line came, seconds after the start
    stderr: str


def run_child(lib_dir: Path, src: Path, kill: Kill | None, scratch: Path) -> Run:
    """Run the child; kill it (SIGKILL, the main process only) at ``kill``; None: let it finish."""
    err_path = scratch / "child-stderr.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen([sys.executable, str(HERE), "child", str(lib_dir), str(src)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True,
                                cwd=ROOT, start_new_session=True)
    assert proc.stdin is not None and proc.stdout is not None
    labels: list[str] = []
    times: list[float] = []
    start = time.monotonic()
    hung = threading.Event()

    def stop_a_hang() -> None:  # a child that hangs ends the test instead of blocking it
        hung.set()
        _kill_group(proc.pid)

    watchdog = threading.Timer(CHILD_TIMEOUT, stop_a_hang)
    watchdog.start()
    try:
        while True:
            line = proc.stdout.readline()
            if not line:
                break
            labels.append(line.rstrip("\n"))
            times.append(time.monotonic() - start)
            if kill and _reached(labels[-1], kill.label):
                if kill.delay:
                    proc.stdin.write("go\n")
                    proc.stdin.flush()
                    time.sleep(kill.delay)
                os.kill(proc.pid, signal.SIGKILL)
                break
            proc.stdin.write("go\n")
            proc.stdin.flush()
        proc.wait(timeout=30)
        orphans = _wait_for_group(proc.pid, 60.0)  # returns as soon as they are gone; a busy machine is slow to reap
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _kill_group(proc.pid)  # workers hold the pipe open: no EOF while one lives
        # What it printed before the kill landed: whole lines only (one the kill cut short
        # has no newline yet, and its label was never reached).
        labels += proc.stdout.read().split("\n")[:-1]
        proc.stdin.close()
        proc.stdout.close()
    stderr = err_path.read_text(errors="replace")
    assert not hung.is_set(), f"the child hung after {labels[-1:]}: {stderr}"
    if kill:
        assert proc.returncode == -signal.SIGKILL, f"child ended before {kill.label!r}: {stderr}"
    else:
        assert proc.returncode == 0, stderr
    assert not orphans, f"worker processes outlived the killed import: {orphans}"
    return Run(labels, times, stderr)


def _reached(line: str, label: str) -> bool:
    return line == label or line.startswith(label + " ")


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group ``pgid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(entry.name))
    return out


def _wait_for_group(pgid: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _kill_group(pgid: int) -> None:
    """Kill what is left of the child's process group (the child itself was its leader)."""
    for pid in _group(pgid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# -- checks -------------------------------------------------------------------------
def integrity(db: Path) -> None:
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], db
    finally:
        raw.close()




def search_is_exact(lib: Any, *, lagging: bool = False) -> dict[str, int]:
    """Every query's hits are what a brute-force scan of the articles finds; ``lagging``: the
    index may not have seen the latest import yet, so every hit shown is right (precision)."""
    from reader.search import Searcher

    hay = haystacks(lib)
    searcher = Searcher(lib)
    totals = {}
    try:
        for q in QUERIES:
            result = searcher.search(q, limit=0)
            got = [h.article_id for h in result.hits]
            assert len(got) == len(set(got))
            if lagging:
                assert set(got) <= brute(hay, q), f"search {q!r} shows a wrong hit"
                continue
            assert len(got) == result.total
            assert set(got) == brute(hay, q), f"search {q!r} is not exact"
            totals[q] = result.total
    finally:
        searcher.close()
    return totals


def index_view(lib: Any) -> dict[str, Any] | None:
    """What the index holds, if it is usable as it is: issues, articles, generation."""
    from reader.index import index_problem
    from reader.search.exact import FILE_NAME, ExactIndex

    if index_problem(lib.index_dir) is not None:
        return None
    with ExactIndex(lib.index_dir / FILE_NAME) as ix:
        return {"issues": ix.fingerprints(), "articles": set(ix.article_ids_all()),
                "generation": ix.generation}


def index_is_consistent(lib: Any, *, generation: bool = True) -> bool:
    """The index holds exactly the library's issues and articles (and, with ``generation``,
    knows it: it recorded the library's generation)."""
    view = index_view(lib)
    if view is None:
        return False
    issues = {i: fp for i, (fp, _date) in lib.store.issue_fingerprints().items()}
    return bool(view["issues"] == issues and view["articles"] == lib.store.article_ids()
                and (view["generation"] == lib.generation or not generation))


def bookmarks_of(lib: Any) -> dict[str, tuple[str, bool, tuple[str, ...]]]:
    """note -> (article id, detached, tags) of every bookmark, read without reconciling."""
    from reader.bookmarks import Bookmarks

    integrity(lib.bookmarks_path)
    with Bookmarks.for_library(lib) as marks:
        return {m.note: (m.article_id, m.detached, m.tags) for m in marks.list()}


def nothing_lost(before: dict[str, tuple[str, bool, tuple[str, ...]]],
                 after: dict[str, tuple[str, bool, tuple[str, ...]]], live: set[str],
                 kinds: dict[str, str]) -> None:
    for note, (old_id, _detached, _tags) in before.items():
        holders = [n for n in after if note in n.split("\n")]
        assert holders, f"bookmark {note!r} is gone"
        if kinds[note] == "unchanged":
            assert after[note][:2] == (old_id, False), f"bookmark {note!r} moved"
            assert old_id in live, f"the article of bookmark {note!r} is gone"


@dataclass
class Final:
    articles: set[str]
    index: dict[str, Any] | None
    marks: dict[str, tuple[str, bool, tuple[str, ...]]]
    totals: dict[str, int]


def final_state(lib: Any) -> Final:
    view = index_view(lib)
    assert view is not None and index_is_consistent(lib)
    return Final(lib.store.article_ids(), view, bookmarks_of(lib), search_is_exact(lib))


@dataclass
class Outcome:
    kill: Kill
    reached: str  # the last line the child printed
    index_ok: bool  # the index was consistent with the library right after the kill
    sync_note: str  # what sync_index said (repaired, caught up, or nothing)
    final_note: str  # what the complete import said


def survive(world: World, kill: Kill, run_dir: Path, expected: Final) -> Outcome:
    from reader.index import index_problem, sync_index
    from reader.library import Library
    from reader.service import import_and_index

    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.copytree(world.base, run_dir / "lib")
    lib_dir = run_dir / "lib"
    with Library(world.base) as base:
        before = bookmarks_of(base)
    run = run_child(lib_dir, world.src, kill, run_dir)
    integrity(lib_dir / "library.db")
    with Library(lib_dir) as lib:
        live = lib.store.article_ids()
        nothing_lost(before, bookmarks_of(lib), live, world.marks)
        index_ok = index_is_consistent(lib)
        content_ok = index_is_consistent(lib, generation=False)
        if index_problem(lib.index_dir) is None:
            search_is_exact(lib, lagging=not content_ok)  # before any repair: what it shows is right
        note = sync_index(lib)
        assert content_ok or note, "the index was out of step and sync_index said nothing"
        assert index_is_consistent(lib), f"sync_index left the index inconsistent ({note})"
        search_is_exact(lib)
        _report, final_note = import_and_index(lib, [world.src])
        got = final_state(lib)
    nothing_lost(before, got.marks, got.articles, world.marks)
    assert got.articles == expected.articles
    assert got.index == expected.index
    assert got.marks == expected.marks, "bookmarks differ from an uninterrupted import"
    assert got.totals == expected.totals
    return Outcome(kill, run.labels[-1] if run.labels else "", index_ok, note, final_note)


KILLS = (
    Kill("open"),                       # library opened, nothing done
    Kill("scan 100"),                   # walking the folder
    Kill("parse 36"),                   # the 8 changed issues stored, no new one yet
    Kill("sql-rows 1"),                 # first issue's rows written, its batch's transaction open
    Kill("sql-commit 3"),               # just before a batch's COMMIT
    Kill("sql-commit 5", 0.0001),       # 0.1 ms after letting a COMMIT go (best effort)
    Kill("parse 60"),                   # a sixth of the issues stored
    Kill("sql-rows 120"),               # half, inside a transaction
    Kill("parse 236"),                  # every issue stored, index not touched
    Kill("index-open"),                 # the index opened to write, nothing written
    Kill("index-write 1"),              # the first issue being written, its batch open
    Kill("index-commit 1"),             # the first batch written, just before its COMMIT
    Kill("index-commit 2", 0.0001),     # 0.1 ms after letting a COMMIT go (best effort)
    Kill("index 64"),                   # two batches committed
    Kill("index-write 100"),            # inside a batch, half-way through the issues
    Kill("index-commit 5"),             # before a later COMMIT
    Kill("index-commit 6", 0.002),      # 2 ms after letting a COMMIT go
    Kill("index-generation"),           # every batch committed, the generation not yet recorded
    Kill("index-commit 8"),             # the generation written, its COMMIT next
    Kill("bookmark-move 2"),            # inside the bookmarks' reconcile transaction
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("crashworld"))


@pytest.fixture(scope="module")
def expected(world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[Final, list[str]]:
    """The state an uninterrupted import reaches, and every line the child prints on the way."""
    from reader.library import Library

    run_dir = tmp_path_factory.mktemp("clean")
    shutil.copytree(world.base, run_dir / "lib")
    run = run_child(run_dir / "lib", world.src, None, run_dir)
    with Library(run_dir / "lib") as lib:
        return final_state(lib), run.labels


def test_an_uninterrupted_import_reattaches_every_bookmark(world: World,
                                                           expected: tuple[Final, list[str]]) -> None:
    final, labels = expected
    assert final.index and len(final.articles) > 300
    kinds = world.marks
    for note, (aid, detached, _tags) in final.marks.items():
        assert aid in final.articles or detached
        if kinds.get(note) != "sibling":  # a sibling's story may be the one removed
            assert not detached, f"bookmark {note!r} detached"
    assert final.totals["补充报道"] == world.changed == 8
    assert labels[-1].startswith("done") and "re-attached" in labels[-1]
    for kill in KILLS:  # every kill point is a line the child really prints
        assert any(_reached(line, kill.label) for line in labels), kill.label


def test_a_kill_before_the_index_commit_loses_nothing(world: World, tmp_path: Path,
                                                      expected: tuple[Final, list[str]]) -> None:
    survive(world, Kill("index-commit 1"), tmp_path / "run", expected[0])


@pytest.mark.slow
def test_twenty_kills_lose_nothing(world: World, tmp_path: Path,
                                   expected: tuple[Final, list[str]]) -> None:
    assert len(KILLS) == 20
    for n, kill in enumerate(KILLS):
        survive(world, kill, tmp_path / f"run{n}", expected[0])
        shutil.rmtree(tmp_path / f"run{n}", ignore_errors=True)


def report(only: set[int]) -> None:  # pragma: no cover - a manual tool
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="baoku-crash-"))
    os.environ.setdefault("BAOKU_CACHE", str(ROOT / ".pytest_cache" / "baoku-cache"))
    try:
        t0 = time.perf_counter()
        world = build_world(root / "world")
        (root / "clean").mkdir()
        shutil.copytree(world.base, root / "clean" / "lib")
        run = run_child(root / "clean" / "lib", world.src, None, root / "clean")
        from reader.library import Library

        with Library(root / "clean" / "lib") as lib:
            final = final_state(lib)
        print(f"clean run: {len(run.labels)} lines, {len(final.articles)} articles, "
              f"{run.labels[-1]} ({time.perf_counter() - t0:.1f} s)", flush=True)
        for n, kill in enumerate(KILLS, 1):
            if only and n not in only:
                continue
            t = time.perf_counter()
            where = kill.label + (f" +{kill.delay * 1000:g} ms" if kill.delay else "")
            try:
                out = survive(world, kill, root / f"run{n}", final)
            except AssertionError as exc:
                print(json.dumps({"n": n, "kill": where, "FAILED": str(exc).splitlines()[0]},
                                 ensure_ascii=False), flush=True)
                continue
            print(json.dumps({"n": n, "kill": where, "last line": out.reached,
                              "index consistent": out.index_ok, "sync": out.sync_note,
                              "final import": out.final_note,
                              "s": round(time.perf_counter() - t, 1)}, ensure_ascii=False),
                  flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1] == "report":
        report({int(n) for n in sys.argv[2:]})
