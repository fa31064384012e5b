"""The index: incremental by content hash, self-repairing, lock recovery, and the tokenizer contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.errors import IndexError_
from reader.index import STATE_FILE, index_problem, sync_index
from reader.library import Library
from reader.search import Searcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def src(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(corpus_dir, folder)
    return folder


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in directory.iterdir()}


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


def test_a_changed_issue_rewrites_only_its_changed_articles(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    state = json.loads((library.index_dir / STATE_FILE).read_text("utf-8"))
    target = sorted(src.glob("*.txt"))[0]
    text = target.read_text("utf-8")
    target.write_text(text.rstrip("\n") + "\n\n这是一段新加的独一无二的结尾文字。\n", "utf-8")
    report = library.import_paths([src])
    assert report.count("updated") == 1
    new_issue = next(f.issue_id for f in report.files if f.status == "updated")
    assert new_issue is not None
    n_articles = len(library.articles(new_issue))
    note = sync_index(library)
    assert note.startswith("index updated:")
    written = int(note.split(":")[1].split()[0])
    assert 1 <= written <= n_articles
    after = json.loads((library.index_dir / STATE_FILE).read_text("utf-8"))
    untouched = {a: v for a, v in state["articles"].items() if v[0] != after["articles"].get(a, [None])[0]}
    assert set(after["articles"]) == {a.id for a in library.iter_articles()}
    assert all(v[0] == new_issue for a, v in after["articles"].items() if a in untouched)
    hits = Searcher(library).search("独一无二的结尾", limit=0)
    assert hits.total == 1 and hits.hits[0].issue_id == new_issue


def test_deleted_segment_file_is_rebuilt_with_a_message(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    segments = list(library.index_dir.glob("*.seg"))
    assert segments
    for seg in segments:
        seg.unlink()
    assert "damaged" in (index_problem(library.index_dir) or "")
    note = sync_index(library)
    assert note.startswith("search index rebuilt (it is damaged")
    assert index_problem(library.index_dir) is None
    searcher = Searcher(library)
    assert searcher.search("大同").total > 0


def test_missing_state_or_old_schema_is_rebuilt(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    (library.index_dir / STATE_FILE).unlink()
    assert sync_index(library).startswith("search index rebuilt (its state file")
    state_path = library.index_dir / STATE_FILE
    state = json.loads(state_path.read_text("utf-8"))
    state["schema"] = 0
    state_path.write_text(json.dumps(state), "utf-8")
    assert sync_index(library).startswith("search index rebuilt (it was made by another version")
    assert sync_index(library) == ""


def test_rebuild_on_request(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    count = sum(1 for _ in library.iter_articles())
    assert sync_index(library, rebuild=True) == f"index built: {count} articles"


def test_cancel_leaves_the_index_consistent(library: Library, src: Path) -> None:
    library.import_paths([src])
    assert sync_index(library, cancel=lambda: True) == "index rebuild cancelled"
    assert index_problem(library.index_dir) == "missing"
    assert sync_index(library).startswith("index built")


_HOLD_LOCKS = textwrap.dedent(
    """
    import sys
    from whoosh.util.filelock import FileLock
    locks = [FileLock(p) for p in sys.argv[1:]]
    assert all(lock.acquire() for lock in locks)
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def _lock_files(library: Library) -> list[str]:
    return [str(library.root / ".index-sync.lock"), str(library.index_dir / "articles_WRITELOCK")]


def test_a_lock_held_by_a_live_process_is_one_clear_error(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCKS, *_lock_files(library)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        target = sorted(src.glob("*.txt"))[0]
        target.write_text(target.read_text("utf-8") + "\n\n锁住时加的一段话。\n", "utf-8")
        assert library.import_paths([src]).changed
        with pytest.raises(IndexError_, match="another Baoku process"):
            sync_index(library)
        # Searching works while another process writes.
        assert Searcher(library).search("大同").total > 0
    finally:
        holder.kill()
        holder.communicate()


def test_a_lock_left_by_a_killed_process_is_recovered(library: Library, src: Path) -> None:
    library.import_paths([src])
    sync_index(library)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCKS, *_lock_files(library)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()  # SIGKILL: no clean-up runs, the lock files stay behind
    holder.communicate()
    assert all(Path(p).exists() for p in _lock_files(library))
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
