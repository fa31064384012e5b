"""A library: a data directory holding everything Baoku derives from the issue files.

``Library(root)`` opens (or creates) the directory; ``import_paths`` reads
files and folders, parses each issue and stores it, and reports per file what
happened. Source files are only ever read. Re-importing an unchanged file does
nothing; a changed file replaces the issue it produced before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.errors import BaokuError, LibraryError, NotFoundError
from reader.models import Article, FileReport, FileStatus, ImportReport, Issue, ParsedIssue
from reader.parsing import PARSER_VERSION, parse_issue
from reader.parsing.manifest import MANIFEST_NAMES, Manifest, read_manifest
from reader.store import Store
from reader.textio import decode_bytes

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_PARALLEL_THRESHOLD = 64


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
        """Import files and folders; never raises for a bad file, reports it instead."""
        reports: list[FileReport] = []
        candidates: list[tuple[Path, Manifest]] = []
        for path in paths:
            candidates.extend(_collect(Path(path), reports))
        total = len(candidates)
        todo: list[_Job] = []
        for n, (path, manifest) in enumerate(candidates):
            if cancel and cancel():
                return ImportReport(tuple(reports), cancelled=True)
            job = self._prepare(path, manifest, reports)
            if job:
                todo.append(job)
            if progress and n % 50 == 0:
                progress("scan", n, total, path.name)
        done = total - len(todo)
        if progress:
            progress("parse", done, total, "")
        results: Iterable[tuple[_Job, ParsedIssue | str]]
        if len(todo) >= _PARALLEL_THRESHOLD and (workers or os.cpu_count() or 1) > 1:
            pool = ProcessPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1))
            results = zip(todo, pool.map(_parse_job, todo, chunksize=16), strict=True)
        else:
            pool = None
            results = ((job, _parse_job(job)) for job in todo)
        try:
            seen: dict[str, str] = {}
            for job, result in results:
                if cancel and cancel():
                    return ImportReport(tuple(reports), cancelled=True)
                reports.append(self._store_result(job, result, seen))
                done += 1
                if progress:
                    progress("parse", done, total, job.path.name)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        return ImportReport(tuple(reports))

    def _prepare(self, path: Path, manifest: Manifest, reports: list[FileReport]) -> _Job | None:
        key = str(path.resolve())
        try:
            st = path.stat()
            known = self.store.source(key)
            if known and known[0] == st.st_size and known[1] == st.st_mtime_ns and known[3] \
                    and self.store.issue_parser_version(known[3]) == PARSER_VERSION:
                reports.append(FileReport(str(path), "unchanged", issue_id=known[3]))
                return None
            data = path.read_bytes()
        except OSError as exc:
            reports.append(FileReport(str(path), "skipped", f"cannot read the file: {exc.strerror}"))
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
        except Exception as exc:  # sqlite3.Error and OSError: report, keep going
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
        return parse_issue(
            decoded.text,
            source_name=job.path.name,
            source_path=str(job.path),
            sha256=job.sha,
            manifest_date=job.manifest_date,
            manifest_number=job.manifest_number,
            fallback_date=date.fromtimestamp(job.mtime_ns / 1e9),
        )
    except BaokuError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must not stop the import of the rest
        return f"could not parse the issue ({type(exc).__name__}: {exc})"


def _collect(path: Path, reports: list[FileReport]) -> Iterator[tuple[Path, Manifest]]:
    """Issue files under ``path`` in a stable order, with the manifest that covers them."""
    if not path.exists():
        reports.append(FileReport(str(path), "skipped", "no such file or folder"))
        return
    if path.is_file():
        yield path, read_manifest(path.parent)
        return
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(path, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen_dirs:  # a symlink loop
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
