"""A library: a data directory holding everything Baoku derives from the issue files.

``Library(root)`` opens (or creates) the directory; ``import_paths`` reads
files and folders, parses each issue and stores it, and reports per file what
happened. Source files are only ever read. Re-importing an unchanged file does
nothing; a changed file replaces the issue it produced before.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.errors import BaokuError, LibraryError, LibraryWriteError, NotFoundError
from reader.failures import disk_cause
from reader.jobs import worker_pool
from reader.models import Article, FileReport, FileStatus, ImportReport, Issue, ParsedIssue
from reader.parsing import PARSER_VERSION, parse_issue
from reader.parsing.manifest import MANIFEST_NAMES, Manifest, read_manifest
from reader.store import Store
from reader.textio import decode_bytes

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_PARALLEL_THRESHOLD = 64
# A daily's whole issue is well under 1 MB of text (a front page is 15-20 KB). Anything
# much bigger is not one issue; it is never read whole into memory, nor indexed as one
# giant article (a paragraph of millions of characters also takes the reading pane
# seconds to lay out).
MAX_FILE_BYTES = 4 * 1024 * 1024
_READ_CHUNK = 1 << 20


class Library:
    """The library directory: ``library.db`` (issues and articles), ``index/``, ``bookmarks.db``."""

    def __init__(self, root: Path | str, *, readonly: bool = False) -> None:
        self.root = Path(root).expanduser()
        if not readonly:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(f"cannot create the library directory {self.root}: {exc.strerror}") from None
        self.store = Store(self.db_path, readonly=readonly)

    @property
    def db_path(self) -> Path:
        return self.root / "library.db"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def bookmarks_path(self) -> Path:
        return self.root / "bookmarks.db"

    @property
    def library_id(self) -> str | None:
        """The library's identity: a random id made with it (None: read-only and made before ids)."""
        from reader.store import LIBRARY_ID

        return self.store.meta(LIBRARY_ID)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------
    @property
    def generation(self) -> int:
        return self.store.generation

    def issues(self) -> list[Issue]:
        return self.store.issues()

    def issue(self, issue_id: str) -> Issue:
        return self.store.issue(issue_id)

    def find_issues(self, key: str) -> list[Issue]:
        """Issues whose id or date (YYYY-MM-DD) is ``key``."""
        found = [i for i in self.issues() if key in (i.id, i.date)]
        if not found:
            raise NotFoundError(f"no issue with id or date {key!r}")
        return found

    def articles(self, issue_id: str) -> list[Article]:
        return self.store.articles(issue_id)

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def iter_articles(self) -> Iterator[Article]:
        return self.store.iter_articles()

    # -- importing ---------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Import files and folders; never raises for a bad file, reports it instead.

        Raises :class:`LibraryError` (:class:`LibraryWriteError` for a full or
        read-only disk) if the library itself cannot be written: the import stops
        there, and every issue stored before stays complete.
        """
        reports: list[FileReport] = []
        candidates: list[tuple[Path, Manifest]] = []
        for path in paths:
            candidates.extend(_collect(Path(path), reports))
        total = len(candidates)
        todo: list[_Job] = []
        for n, (path, manifest) in enumerate(candidates):
            if cancel and cancel():
                return ImportReport(tuple(reports), cancelled=True)
            try:
                job = self._prepare(path, manifest, reports)
            except sqlite3.DatabaseError as exc:
                raise self._failure(exc, path, reports) from None
            if job:
                todo.append(job)
            if progress and n % 50 == 0:
                progress("scan", n, total, path.name)
        done = total - len(todo)
        if progress:
            progress("parse", done, total, "")
        results: Iterable[tuple[_Job, ParsedIssue | str]]
        if len(todo) >= _PARALLEL_THRESHOLD and (workers or os.cpu_count() or 1) > 1:
            pool = worker_pool(workers or min(4, os.cpu_count() or 1))
            results = zip(todo, pool.map(_parse_job, todo, chunksize=16), strict=True)
        else:
            pool = None
            results = ((job, _parse_job(job)) for job in todo)
        try:
            seen: dict[str, str] = {}
            for job, result in results:
                if cancel and cancel():
                    return ImportReport(tuple(reports), cancelled=True)
                try:
                    reports.append(self._store_result(job, result, seen))
                except sqlite3.DatabaseError as exc:
                    raise self._failure(exc, job.path, reports) from None
                done += 1
                if progress:
                    progress("parse", done, total, job.path.name)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        return ImportReport(tuple(reports))

    def outdated(self) -> list[str]:
        """Issues parsed by an older (or newer) version of Baoku than this one."""
        return self.store.outdated_issues(PARSER_VERSION)

    def reparse_outdated(
        self, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> int:
        """Re-read issues parsed by another version of Baoku, from the text the library keeps.

        After an upgrade, the whole library gets the better parser without the
        source files (which may have moved): dates come again from the text, the
        file name, or what the manifest said; an inferred date with nothing in the
        text to go on keeps the day it had. Returns how many issues were re-read.
        """
        ids = self.outdated()
        for n, issue_id in enumerate(ids):
            if cancel and cancel():
                return n
            old = self.store.issue(issue_id)
            manifest = old.date_source == "manifest"
            parsed = parse_issue(
                self.store.issue_text(issue_id), source_name=old.source, source_path=old.source_path,
                sha256=old.sha256, manifest_date=old.date if manifest else None,
                manifest_number=old.number if manifest else None,
                fallback_date=date.fromisoformat(old.date),
            )
            known = self.store.source(old.source_path)
            try:
                self.store.save(parsed, source_path=old.source_path, size=known[0] if known else 0,
                                mtime_ns=known[1] if known else 0, parser_version=PARSER_VERSION)
            except sqlite3.DatabaseError as exc:
                raise self._db_failure(exc) from None
            if progress:
                progress("update", n + 1, len(ids), old.source)
        return len(ids)

    def _failure(self, exc: sqlite3.DatabaseError, at: Path, reports: list[FileReport]) -> LibraryError:
        """The one error an import stops with when the library database cannot be written."""
        stored = sum(1 for f in reports if f.status in ("imported", "updated"))
        kept = (f"the {stored} file(s) stored before it are kept" if stored
                else "nothing was imported")
        return self._db_failure(exc, f"the import stopped at {at.name}; {kept}")

    def _db_failure(self, exc: sqlite3.DatabaseError, where: str = "") -> LibraryError:
        """A failed database write in words: the disk's refusal if it was one, then ``where``."""
        then = f"; {where}" if where else ""
        cause = disk_cause(exc, self.root)
        if cause:
            return LibraryWriteError(f"cannot write to the library {self.root}: {cause}{then}")
        return LibraryError(f"the library database failed ({exc}){then}")

    def _prepare(self, path: Path, manifest: Manifest, reports: list[FileReport]) -> _Job | None:
        def skip(reason: str) -> None:
            reports.append(FileReport(str(path), "skipped", reason))

        try:
            st = path.stat()
            key = _storable(str(path.resolve()))
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
            skip(_unreadable(exc))
            return None
        if not stat.S_ISREG(st.st_mode):
            skip(_not_regular(st.st_mode))
            return None
        known = self.store.source(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns and known[3] \
                and self.store.issue_parser_version(known[3]) == PARSER_VERSION:
            reports.append(FileReport(str(path), "unchanged", issue_id=known[3]))
            return None
        try:
            st, data = _read_source(path)
        except _Unreadable as exc:
            skip(str(exc))
            return None
        except OSError as exc:
            skip(_unreadable(exc))
            return None
        sha = hashlib.sha256(data).hexdigest()
        if known and known[2] == sha and known[3] \
                and self.store.issue_parser_version(known[3]) == PARSER_VERSION:
            self.store.touch_source(key, st.st_size, st.st_mtime_ns, sha, known[3])
            reports.append(FileReport(str(path), "unchanged", issue_id=known[3]))
            return None
        entry = manifest.get(path.name)
        return _Job(path, key, data, sha, st.st_size, st.st_mtime_ns, known[3] if known else None,
                    entry[0] if entry else None, entry[1] if entry else None)

    def _store_result(self, job: _Job, result: ParsedIssue | str, seen: dict[str, str]) -> FileReport:
        if isinstance(result, str):
            return FileReport(str(job.path), "skipped", result)
        issue = result.issue
        if issue.id in seen or (self.store.has_issue(issue.id) and job.previous != issue.id
                                and self.store.issue_parser_version(issue.id) == PARSER_VERSION):
            self.store.touch_source(job.key, job.size, job.mtime_ns, job.sha, issue.id)
            other = seen.get(issue.id, "a file imported before")
            return FileReport(str(job.path), "duplicate", f"same text as {other}", issue.id, issue.date)
        seen[issue.id] = job.path.name
        try:
            self.store.save(result, source_path=job.key, size=job.size, mtime_ns=job.mtime_ns,
                            parser_version=PARSER_VERSION, replaces=job.previous)
        except sqlite3.IntegrityError as exc:  # this issue's data: report, keep going
            return FileReport(str(job.path), "skipped", f"cannot store the issue: {exc}")
        except sqlite3.DatabaseError:  # the database or its disk: no later file would fare better
            raise
        except Exception as exc:  # a bug with this issue: report, keep going
            return FileReport(str(job.path), "skipped", f"cannot store the issue: {exc}")
        status: FileStatus = "updated" if job.previous else "imported"
        return FileReport(str(job.path), status, "", issue.id, issue.date, len(result.articles))


@dataclass(frozen=True)
class _Job:
    path: Path
    key: str
    data: bytes
    sha: str
    size: int
    mtime_ns: int
    previous: str | None
    manifest_date: str | None
    manifest_number: int | None


def _parse_job(job: _Job) -> ParsedIssue | str:
    """Decode and parse one file; a string result is the reason it was skipped."""
    try:
        decoded = decode_bytes(job.data)
        if not any(ch.isalnum() for ch in decoded.text):
            return "the file holds no words, only punctuation and symbols"
        parsed = parse_issue(
            decoded.text,
            source_name=_storable(job.path.name, readable=True),
            source_path=_storable(str(job.path), readable=True),
            sha256=job.sha,
            manifest_date=job.manifest_date,
            manifest_number=job.manifest_number,
            fallback_date=date.fromtimestamp(job.mtime_ns / 1e9),
        )
        if not parsed.articles:  # nothing a reader could open or a search could find
            return (f"no articles found: none of its {len(decoded.text):,} characters reads as a "
                    "headline or a paragraph of news")
        return parsed
    except BaokuError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must not stop the import of the rest
        return f"could not parse the issue ({type(exc).__name__}: {exc})"


def _collect(path: Path, reports: list[FileReport]) -> Iterator[tuple[Path, Manifest]]:
    """Issue files under ``path`` in a stable order, with the manifest that covers them.

    Anything that is not a folder is a candidate (``_prepare`` skips pipes and devices
    without opening them); folders that cannot be listed, and links back to a folder
    already walked (a symlink loop), are reported as skipped.
    """
    if not path.exists():
        reports.append(FileReport(str(path), "skipped", "no such file or folder"))
        return
    if not path.is_dir():
        yield path, read_manifest(path.parent)
        return

    def unlistable(exc: OSError) -> None:
        reports.append(FileReport(str(exc.filename or path), "skipped",
                                  f"cannot read the folder: {exc.strerror}"))

    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(path, onerror=unlistable, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            reports.append(FileReport(dirpath, "skipped", f"cannot read the folder: {exc.strerror}"))
            dirnames[:] = []
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen_dirs:
            reports.append(FileReport(dirpath, "skipped",
                                      "symbolic link loop: a link to a folder already read, not read twice"))
            dirnames[:] = []
            continue
        seen_dirs.add(ident)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        manifest = read_manifest(Path(dirpath))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or name.lower() in MANIFEST_NAMES:
                continue
            if p.suffix.lower() not in TEXT_SUFFIXES:
                reports.append(FileReport(str(p), "skipped", f"not an issue file ({p.suffix} files are not read)"))
                continue
            yield p, manifest


def _storable(text: str, *, readable: bool = False) -> str:
    r"""A path as text SQLite can store.

    A file name that is not UTF-8 (GBK names from a Windows archive, say) comes from the
    OS as str with surrogate escapes, which cannot be encoded. Its bytes are written as
    \xNN (a stable key); with ``readable``, GB18030 is tried first, as for file contents.

    >>> _storable("\udcb4\udcf3\udccd\udcac.txt", readable=True)
    '大同.txt'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
    if readable:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")


class _Unreadable(Exception):
    """A source file that cannot be taken as an issue; the message is the reason."""


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
)


def _not_regular(mode: int) -> str:
    kind = next((what for test, what in _FILE_KINDS if test(mode)), "not an ordinary file")
    return f"not a regular file: it is {kind}"


def _unreadable(exc: OSError | RuntimeError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the file disappeared before it could be read"
    if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
        return "symbolic link loop: the link never reaches a file (Too many levels of symbolic links)"
    return f"cannot read the file: {exc.strerror or exc}"


def _too_large(size: int) -> str:
    return (f"too large for one issue ({size / 1024 / 1024:.1f} MB; issue files are read up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB)")


def _read_source(path: Path) -> tuple[os.stat_result, bytes]:
    """The file's status and bytes, read in one consistent state.

    Opened without blocking, so a file replaced by a pipe since it was listed is
    refused, not waited on; never more than MAX_FILE_BYTES are read. A file that
    changes while it is read (size or modification time moved, or fewer bytes came
    than it holds) is read again once, then refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(2):
        fd = os.open(path, flags)
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise _Unreadable(_not_regular(before.st_mode))
            if before.st_size > MAX_FILE_BYTES:
                raise _Unreadable(_too_large(before.st_size))
            chunks: list[bytes] = []
            got = 0
            while chunk := os.read(fd, min(_READ_CHUNK, MAX_FILE_BYTES + 1 - got)):
                chunks.append(chunk)
                got += len(chunk)
                if got > MAX_FILE_BYTES:
                    raise _Unreadable(_too_large(os.fstat(fd).st_size))
            after = os.fstat(fd)
        finally:
            os.close(fd)
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and got == after.st_size:
            return after, b"".join(chunks)
    raise _Unreadable("the file kept changing while it was read (is it still being written?); "
                      "import it again when it is complete")
