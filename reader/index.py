"""The library's Whoosh index: schema, incremental sync, lock recovery and self-repair.

One Whoosh document per article, in ``library.index_dir``: the article, issue
and date keys (indexed), a digest of the article's text, and jieba's words of
the heading, the byline and the body with captions and summary box (stored, compressed). The
index serves ranking only; which articles match is decided on the text itself
(see :mod:`reader.search`), so an index that is late or being rebuilt never
changes what a search finds.

Why stored words and not a word field with postings: Whoosh's pure-Python
writer spends about 16 us per posting (adding, external sort, writing); an
article has ~350 distinct words, so 3,650 issues (~38,000 articles, ~13 million
postings) would cost over three minutes in the one writer process. Ranking
needs jieba's words of the best few hits only, which the stored blob gives in
one read per hit, for one pickle per article at write time.

:func:`sync_index` brings the index level with the library:

* only issues whose (file hash, parser version) changed are read, and within
  them only articles whose digest changed are written; an unchanged re-import
  writes nothing;
* jieba's cutting, the costly part, runs in worker processes that read the
  articles straight from the library's database, so the writer only writes;
* ``state.json`` beside the index records the schema version and what was
  indexed; an outdated schema, a missing or unreadable state, a damaged
  segment or a document count out of step with the state makes a full rebuild
  into a fresh directory, swapped in when complete, and a one-line note saying why;
* Whoosh's write lock is an OS file lock, released when its process dies; a
  lock file left behind by a killed process is therefore taken over.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name
from whoosh.util.filelock import FileLock

from reader import store
from reader.errors import IndexError_, LibraryError
from reader.failures import disk_cause
from reader.jobs import worker_pool

if TYPE_CHECKING:
    from reader.library import Library

SCHEMA_VERSION = 2
INDEX_NAME = "articles"
STATE_FILE = "state.json"
_PARALLEL_THRESHOLD = 400  # articles; below this, starting workers costs more than it saves
_CHUNK = 16  # issues per worker task

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]


def make_schema() -> Schema:
    """One document per article: keys (indexed), digest and jieba's words (stored)."""
    return Schema(
        article_id=ID(stored=True, unique=True),
        issue_id=ID(stored=True),
        date=ID(stored=True),
        digest=STORED(),
        words=STORED(),
    )


def pack_words(title: Counter[str], author: Counter[str], body: Counter[str]) -> bytes:
    """jieba's words of an article's three parts, as one compressed blob: 3 lines of words."""
    text = "\x00".join(" ".join(sorted(c)) for c in (title, author, body))
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_words(blob: bytes) -> tuple[str, str, str]:
    """The (title, author, body) word lines of :func:`pack_words`, each " word word ... "."""
    title, author, body = zlib.decompress(blob).decode("utf-8").split("\x00")
    return f" {title} ", f" {author} ", f" {body} "


# -- reading the library's database ------------------------------------------
@dataclass(frozen=True)
class Record:
    """An article's searchable fields, exactly as the library stores them."""

    id: str
    issue_id: str
    date: str
    kicker: str
    title: str
    subtitle: str
    byline: str
    author: str
    body: str
    captions: tuple[str, ...]
    highlights: tuple[str, ...] = ()  # the summary box printed with the story

    @property
    def heading(self) -> str:
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)

    def digest(self) -> str:
        parts = (self.issue_id, self.date, self.kicker, self.title, self.subtitle, self.byline,
                 self.author, self.body, *self.captions, *self.highlights)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


_RECORD_SQL = (
    "SELECT id, issue_id, date, kicker, title, subtitle, byline, author, body, captions, highlights"
    " FROM articles"
)


def connect_readonly(db_path: Path) -> sqlite3.Connection:
    """A read-only connection of our own to ``library.db`` (WAL: reads never block an import)."""
    try:
        return store.connect_readonly(db_path, check_same_thread=False)
    except sqlite3.Error as exc:
        raise LibraryError(f"cannot read the library database {db_path}: {exc}") from None


def read_records(db: sqlite3.Connection, issue_ids: Iterable[str] | None = None) -> list[Record]:
    """Articles of the given issues (all if None), by date and print order."""
    order = " ORDER BY date, issue_id, seq"
    if issue_ids is None:
        rows = db.execute(_RECORD_SQL + order).fetchall()
    else:
        ids = list(issue_ids)
        rows = []
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows.extend(db.execute(f"{_RECORD_SQL} WHERE issue_id IN ({marks}){order}", part))
    return [Record(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(json.loads(r[9])),
                   tuple(json.loads(r[10])))
            for r in rows]


def issue_fingerprints(db: sqlite3.Connection) -> dict[str, str]:
    """issue id -> "sha256:parser_version": an issue's articles change only when this does."""
    rows = db.execute(
        "SELECT issue_id, GROUP_CONCAT(id || ':' || sha256 || ':' || parser_version, ',')"
        " FROM (SELECT * FROM parts ORDER BY issue_id, id) GROUP BY issue_id"
    ).fetchall()
    return {r[0]: str(r[1]) for r in rows}


def library_generation(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
    return int(row[0]) if row else 0


# -- the work done in worker processes ---------------------------------------
@dataclass(frozen=True)
class Analysed:
    """One article ready to write: its keys, digest and jieba word counts."""

    id: str
    issue_id: str
    date: str
    digest: str
    words: bytes


def analyse(record: Record) -> Analysed:
    from reader.analysis import word_counts

    author = record.author or record.byline
    body: Counter[str] = word_counts(record.body)
    for extra in (*record.captions, *record.highlights):
        body.update(word_counts(extra))
    return Analysed(record.id, record.issue_id, record.date, record.digest(),
                    pack_words(word_counts(record.heading), word_counts(author), body))


def _analyse_issues(task: tuple[str, list[str], dict[str, str]]) -> list[Analysed | tuple[str, str, str]]:
    """Worker: read the issues' articles, and analyse those whose digest is not ``known``.

    Returns an Analysed per changed article and (id, issue id, digest) for unchanged ones.
    """
    db_path, issue_ids, known = task
    db = connect_readonly(Path(db_path))
    try:
        records = read_records(db, issue_ids)
    finally:
        db.close()
    out: list[Analysed | tuple[str, str, str]] = []
    for r in records:
        digest = r.digest()
        out.append((r.id, r.issue_id, digest) if known.get(r.id) == digest else analyse(r))
    return out


# -- state -------------------------------------------------------------------
@dataclass
class State:
    """What the index holds: schema version, library generation, issues and article digests."""

    schema: int = SCHEMA_VERSION
    generation: int = -1
    issues: dict[str, str] | None = None  # issue id -> fingerprint
    articles: dict[str, list[str]] | None = None  # article id -> [issue id, digest]

    @classmethod
    def load(cls, directory: Path) -> State:
        data = json.loads((directory / STATE_FILE).read_text("utf-8"))
        return cls(int(data["schema"]), int(data["generation"]), dict(data["issues"]),
                   dict(data["articles"]))

    def save(self, directory: Path) -> None:
        tmp = directory / (STATE_FILE + ".tmp")
        data = {"schema": self.schema, "generation": self.generation,
                "issues": self.issues or {}, "articles": self.articles or {}}
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        os.replace(tmp, directory / STATE_FILE)


def index_problem(directory: Path) -> str | None:
    """Why the index in ``directory`` cannot be used as it is, or None if it can."""
    if not any(directory.glob(f"_{INDEX_NAME}_*.toc")):
        return "missing"
    try:
        state = State.load(directory)
    except (OSError, ValueError, KeyError, TypeError):
        return "its state file is missing or unreadable"
    if state.schema != SCHEMA_VERSION:
        return f"it was made by another version (schema {state.schema}, need {SCHEMA_VERSION})"
    try:
        ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
        with ix.reader() as reader:
            count = reader.doc_count()
            if count:
                reader.stored_fields(next(iter(reader.all_doc_ids())))
                next(iter(reader.all_terms()), None)
        if set(ix.schema.names()) != set(make_schema().names()):
            return "its fields are not the ones this version uses"
    except Exception as exc:  # Whoosh raises many kinds on damaged files
        return f"it is damaged ({type(exc).__name__})"
    if count != len(state.articles or {}):
        return f"it is out of step with its state ({count} documents, {len(state.articles or {})} expected)"
    return None


# -- sync --------------------------------------------------------------------
def sync_index(
    library: Library,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    rebuild: bool = False,
) -> str:
    """Bring ``library``'s index level with its articles; returns a one-line note ("" = nothing to say).

    Raises :class:`IndexError_` if another live process is writing the index, or if the
    disk refuses a write (full, read-only): the index is then left as it was before.
    """
    directory = library.index_dir
    db = connect_readonly(library.db_path)
    try:
        return _sync(library.db_path, db, directory, progress, cancel, rebuild)
    except OSError as exc:
        raise _write_error(directory, exc) from None
    finally:
        db.close()


def _write_error(directory: Path, exc: OSError) -> IndexError_:
    cause = disk_cause(exc, directory.parent) or f"{exc.strerror or exc}"
    kept = ("the previous index is kept" if any(directory.glob(f"_{INDEX_NAME}_*.toc"))
            else "search works without it")
    return IndexError_(f"cannot update the search index: {cause}; {kept}, and the next import "
                       "or 'baoku index' brings it up to date")


def _sync(db_path: Path, db: sqlite3.Connection, directory: Path, progress: ProgressFn | None,
          cancel: CancelFn | None, rebuild: bool) -> str:
    problem = None if rebuild else index_problem(directory)
    if rebuild or problem:
        n = _rebuild(db_path, db, directory, progress, cancel)
        if n is None:
            return "index rebuild cancelled"
        if rebuild or problem == "missing":
            return f"index built: {n} articles"
        return f"search index rebuilt ({problem}): {n} articles"
    state = State.load(directory)
    generation = library_generation(db)
    if state.generation == generation:
        return ""
    counts = _update(db_path, db, directory, generation, progress, cancel)
    if counts is None:
        return "index update cancelled"
    added, removed = counts
    if not added and not removed:
        return ""
    return f"index updated: {added} articles written, {removed} removed"


def _open_writer(ix: Any) -> Any:
    try:
        return ix.writer(timeout=5.0)
    except whoosh_index.LockError:
        raise IndexError_("the search index is being written by another Baoku process; try again") from None


def _rebuild(db_path: Path, db: sqlite3.Connection, directory: Path,
             progress: ProgressFn | None, cancel: CancelFn | None) -> int | None:
    """Build a fresh index beside the old one and swap it in when complete."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    guard = _SyncGuard(directory)
    with guard:
        fresh = directory.with_name(directory.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        writer = None
        storage = _Storage(fresh)
        try:
            fresh.mkdir(parents=True)
            ix = storage.create_index(make_schema(), indexname=INDEX_NAME)
            state = State(generation=library_generation(db), issues=issue_fingerprints(db), articles={})
            writer = ix.writer(limitmb=96)
            n = _write(db_path, writer, list(state.issues or {}), {}, state, progress, cancel)
            if n is None:
                writer.cancel()
                ix.close()
                shutil.rmtree(fresh, ignore_errors=True)
                return None
            writer.commit(optimize=True)
            ix.close()
            state.save(fresh)
        except BaseException:  # a full disk, say: the old index stays, the half-built one goes
            _abandon(writer, storage)
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        old = directory.with_name(directory.name + ".old")
        _remove(old)
        if directory.exists() or directory.is_symlink():
            os.replace(directory, old)
        os.replace(fresh, directory)
        _remove(old)  # a folder, or the file that stood where the index belongs
        return len(state.articles or {})


def _remove(path: Path) -> None:
    """Remove ``path`` whether it is a folder, a file or a link (rmtree alone leaves a file)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            path.unlink()


def _update(db_path: Path, db: sqlite3.Connection, directory: Path, generation: int,
            progress: ProgressFn | None, cancel: CancelFn | None) -> tuple[int, int] | None:
    """Write the articles of changed issues, delete those of removed ones: (written, removed)."""
    with _SyncGuard(directory):
        state = State.load(directory)  # again, under the lock: another process may have synced
        if state.generation == generation:
            return 0, 0
        fingerprints = issue_fingerprints(db)
        old_issues = state.issues or {}
        articles = state.articles or {}
        changed = [i for i, fp in fingerprints.items() if old_issues.get(i) != fp]
        gone_issues = set(old_issues) - set(fingerprints)
        by_issue: dict[str, list[str]] = {}
        for aid, (iid, _digest) in articles.items():
            by_issue.setdefault(iid, []).append(aid)
        stale = {aid for iid in (*changed, *gone_issues) for aid in by_issue.get(iid, [])}
        known = {aid: articles[aid][1] for aid in stale}
        if not changed and not gone_issues:
            state.generation = generation
            state.save(directory)
            return 0, 0
        new_state = State(generation=generation, issues=dict(old_issues),
                          articles={a: v for a, v in articles.items() if a not in stale})
        for iid in gone_issues:
            (new_state.issues or {}).pop(iid, None)
        for iid in changed:
            (new_state.issues or {})[iid] = fingerprints[iid]
        storage = _Storage(directory)
        ix = storage.open_index(INDEX_NAME)
        writer = None
        try:
            writer = _open_writer(ix)  # it writes file headers already
            written = _write(db_path, writer, changed, known, new_state, progress, cancel)
            if written is None:
                writer.cancel()
                ix.close()
                return None
            removed = stale - set(new_state.articles or {})
            for aid in removed:
                writer.delete_by_term("article_id", aid)
            if written or removed:
                writer.commit()  # the new table of contents is renamed into place last
            else:
                writer.cancel()
        except BaseException:  # a full disk, say: the last committed index stays as it was
            _abandon(writer, storage)
            ix.close()
            raise
        ix.close()
        new_state.save(directory)
        return written, len(removed)


def _write(db_path: Path, writer: Any, issue_ids: list[str], known: dict[str, str], state: State,
           progress: ProgressFn | None, cancel: CancelFn | None) -> int | None:
    """Analyse the issues' changed articles and write them; fills ``state.articles``.

    Returns how many documents were written, or None if cancelled.
    """
    tasks = [(str(db_path), issue_ids[i : i + _CHUNK], known) for i in range(0, len(issue_ids), _CHUNK)]
    total = len(issue_ids)
    articles = state.articles if state.articles is not None else {}
    state.articles = articles
    parallel = total * 10 >= _PARALLEL_THRESHOLD and (os.cpu_count() or 1) > 1
    pool = worker_pool(min(4, os.cpu_count() or 1)) if parallel else None
    results = pool.map(_analyse_issues, tasks) if pool else map(_analyse_issues, tasks)
    written = 0
    done = 0
    try:
        for task, batch in zip(tasks, results, strict=True):
            if cancel and cancel():
                return None
            for item in batch:
                if isinstance(item, tuple):
                    aid, iid, digest = item
                    articles[aid] = [iid, digest]
                    continue
                writer.update_document(article_id=item.id, issue_id=item.issue_id, date=item.date,
                                       digest=item.digest, words=item.words)
                articles[item.id] = [item.issue_id, item.digest]
                written += 1
            done += len(task[1])
            if progress:
                progress("index", done, total, "")
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return written


class _Storage(FileStorage):
    """Whoosh's FileStorage, keeping the files it (and its temporary storage) creates: a
    write that fails part-way (a full disk) leaves no open file and no half-written file."""

    def __init__(self, path: Path, created: list[tuple[FileStorage, str, Any]] | None = None) -> None:
        super().__init__(str(path))
        self.created = [] if created is None else created

    def create_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        f = super().create_file(name, *args, **kwargs)
        self.created.append((self, name, f))
        return f

    def temp_storage(self, name: str | None = None) -> Any:
        temp = _Storage(Path(self.folder) / (name or f"{random_name()}.tmp"), self.created)
        return temp.create()

    def discard_unused(self) -> None:
        """Close what was created; delete what the index's table of contents does not name."""
        for _storage, _name, f in self.created:
            for close in (getattr(f, "close", None), getattr(getattr(f, "file", None), "close", None)):
                with contextlib.suppress(Exception):
                    if close is not None:
                        close()
        try:
            toc = whoosh_index.TOC.read(self, INDEX_NAME)
            used = [f"{INDEX_NAME}_{seg.segment_id()}." for seg in toc.segments]
            used.append(whoosh_index.TOC._filename(INDEX_NAME, toc.generation))
        except Exception:  # no index committed here yet: nothing created is in use
            used = []
        for storage, name, _f in self.created:
            if storage is self and not any(name.startswith(u) for u in used):
                with contextlib.suppress(OSError):
                    self.delete_file(name)
        self.created.clear()


def _abandon(writer: Any, storage: _Storage) -> None:
    """Give up a writer that failed: release its lock, drop its temporary and half-written files."""
    if writer is not None and not getattr(writer, "is_closed", True):
        try:
            writer.cancel()
        except Exception:  # cancelling flushes, which can fail again on a full disk
            lock = getattr(writer, "writelock", None)
            if lock is not None and getattr(lock, "fd", None) is not None:
                with contextlib.suppress(Exception):
                    lock.release()
            with contextlib.suppress(Exception):
                writer._tempstorage.destroy()
    storage.discard_unused()


class _SyncGuard:
    """One sync at a time per index: an OS lock, so a killed process leaves nothing to clean up."""

    def __init__(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.lock = FileLock(str(directory.parent / ".index-sync.lock"))

    def __enter__(self) -> None:
        try:
            acquired = self.lock.acquire(blocking=False)
        except OSError as exc:
            raise _write_error(self.directory, exc) from None
        if not acquired:
            raise IndexError_("the search index is being updated by another Baoku process; try again")

    def __exit__(self, *exc: object) -> None:
        self.lock.release()
