"""Crash safety of the bookmarks database: SIGKILL a writer at many moments, lose nothing.

The child (this file run as a script) applies a deterministic sequence of
bookmark operations (add, edit, remove, import a batch) to one database and prints ``done N`` after each one
returns, i.e. after its transaction committed. The parent kills it with SIGKILL
right after reading a chosen line, then checks that the database opens, passes
``PRAGMA integrity_check``, and holds exactly the state after the last reported
operation, or after the one in flight when the kill landed: nothing reported
lost, nothing half-applied. The same database is used across all kills, so each
run also starts from a database recovered after a crash.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve()

State = dict[str, tuple[str, tuple[str, ...]]]  # article id -> (note, tags)
Op = tuple[str, str, str, tuple[str, ...]]  # (kind, article id, note, tags)

MAX_OPS = 100_000  # the child stops by itself if nobody kills it


BATCH = 5  # bookmarks per import: a kill inside one must leave all of them or none


def ops(run: int) -> Iterator[Op]:
    """Run ``run``'s operations: add, edit, add, remove, import a batch; over and over."""
    for j in range(MAX_OPS):
        step = j % 5
        if step in (0, 2):
            yield ("add", f"a{run}-{j}", f"第{run}轮第{j}条笔记", (f"run{run}", f"t{j % 3}"))
        elif step == 1:
            yield ("update", f"a{run}-{j - 1}", f"改过的笔记 {run}-{j}", ("edited",))
        elif step == 3:
            yield ("remove", f"a{run}-{j - 3}", "", ())
        else:
            yield ("import", f"b{run}-{j}", f"导入的笔记 {run}-{j}", ("imported",))


def batch(op: Op) -> list[str]:
    return [f"{op[1]}-{k}" for k in range(BATCH)]


def apply(state: State, op: Op) -> State:
    kind, aid, note, tags = op
    new = dict(state)
    if kind == "remove":
        new.pop(aid, None)
    elif kind == "import":
        new.update((i, (note, tags)) for i in batch(op))
    else:  # add and update both set the note and the tags
        new[aid] = (note, tuple(sorted(tags)))
    return new


def child(db: Path, run: int) -> None:
    import json

    from reader.bookmarks import Bookmarks
    from reader.models import Article

    print("start", flush=True)
    marks = Bookmarks(db)
    print("open", flush=True)
    for n, op in enumerate(ops(run)):
        kind, aid, note, tags = op
        if kind == "add":
            art = Article(id=aid, issue_id=f"i{run}", date="2022-01-11", seq=n, title=f"标题{aid}",
                          body="正文" * 50)
            marks.add(art, note=note, tags=tags)
        elif kind == "update":
            marks.update(aid, note=note, tags=tags)
        elif kind == "remove":
            marks.remove(aid)
        else:
            marks.import_json(json.dumps([
                {"article_id": i, "title": f"标题{i}", "date": "2022-01-12", "note": note,
                 "tags": list(tags)} for i in batch(op)]))
        print(f"done {n}", flush=True)
    marks.close()


def read_state(db: Path) -> State:
    """Check the database after a crash and return what it holds."""
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()
    from reader.bookmarks import Bookmarks

    with Bookmarks(db) as marks:
        return {m.article_id: (m.note, m.tags) for m in marks.list()}


def kill_after(db: Path, run: int, line: str) -> int:
    """Start the child, SIGKILL it right after it prints ``line``; the last op it reported."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE), str(db), str(run)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    seen: list[str] = []
    try:
        while True:
            got = proc.stdout.readline()
            if not got:
                raise AssertionError(f"child ended before {line!r}: {proc.stderr.read()}")
            seen.append(got.strip())
            if seen[-1] == line:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The lines it managed to print before dying: whole lines only (``split()`` would cut
        # "done 5" in two words; a line the kill cut short has no newline and was not reported).
        seen += [got.strip() for got in proc.stdout.read().split("\n")[:-1]]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    done = [int(s.split()[1]) for s in seen if s.startswith("done")]
    return done[-1] if done else -1


def survive(db: Path, run: int, line: str, before: State) -> State:
    last = kill_after(db, run, line)
    expected = before
    sequence = ops(run)
    for _ in range(last + 1):
        expected = apply(expected, next(sequence))
    in_flight = apply(expected, next(sequence))
    after = read_state(db)
    lost = set(expected) - set(after) - (set(expected) - set(in_flight))
    assert not lost, f"run {run}: {len(lost)} reported bookmarks lost"
    assert after in (expected, in_flight), f"run {run} killed after {line!r}: unexpected state"
    return after


KILL_LINES = ["start", "open"] + [f"done {n}" for n in (
    0, 1, 2, 3, 5, 8, 12, 17, 23, 30, 38, 47, 57, 68, 80, 95, 110, 130)]


def test_one_kill_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "bookmarks.db"
    survive(db, 0, "done 6", {})


@pytest.mark.slow
def test_twenty_kills_lose_nothing(tmp_path: Path) -> None:
    assert len(KILL_LINES) == 20
    db = tmp_path / "bookmarks.db"
    state: State = {}
    for run, line in enumerate(KILL_LINES):
        state = survive(db, run, line, state)
    assert len(state) > 100  # the loop really wrote


if __name__ == "__main__":
    child(Path(sys.argv[1]), int(sys.argv[2]))
