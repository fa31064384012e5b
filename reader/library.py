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
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from reader.errors import BaokuError, LibraryError, LibraryWriteError, NotFoundError
from reader.failures import disk_cause
from reader.jobs import worker_pool
from reader.models import Article, FileReport, FileStatus, ImportReport, Issue, ParsedIssue
from reader.packing import Packed, pack
from reader.parsing import PARSER_VERSION  # not the parser: it loads on first use
from reader.parsing.layout import Placement, not_an_issue, place, read_known_papers
from reader.parsing.manifest import MANIFEST_NAMES, Manifest, ManifestEntry, read_manifest
from reader.paths import resources_dir
from reader.store import PaperSummary, SourceRecord, Store
from reader.textio import decode_bytes

ProgressFn = Callable[[str, int, int, str], None]
CancelFn = Callable[[], bool]

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_PARALLEL_THRESHOLD = 64
_BATCH = 256  # files read and parsed at a time: an import's memory does not grow with the archive
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
        self.known_papers = read_known_papers(resources_dir() / "papers.txt", self.papers_path)

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
    def papers_path(self) -> Path:
        """The user's own list of paper names (one a line), beside Baoku's own list."""
        return self.root / "papers.txt"

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

    def issues(self, paper: str | None = None) -> list[Issue]:
        """Every issue (of one paper), oldest first; issues of unknown date last."""
        return self.store.issues(paper)

    def issue(self, issue_id: str) -> Issue:
        return self.store.issue(issue_id)

    def latest_issue(self) -> Issue | None:
        """The last of :meth:`issues` with a date (the last of all if none has one), read alone."""
        return self.store.latest_issue()

    def papers(self) -> list[PaperSummary]:
        return self.store.papers()

    def rename_paper(self, old: str, new: str) -> int:
        """Call the paper ``old`` ("" for the unnamed one) ``new``; ids and bookmarks stay."""
        try:
            return self.store.rename_paper(old, new)
        except sqlite3.DatabaseError as exc:
            raise self._db_failure(exc) from None

    def find_issues(self, key: str, paper: str | None = None) -> list[Issue]:
        """Issues whose id or date (YYYY-MM-DD) is ``key`` (of one paper if given)."""
        found = [i for i in self.issues(paper) if key in (i.id, i.date)]
        if not found:
            raise NotFoundError(f"no issue with id or date {key!r}")
        return found

    def articles(self, issue_id: str, page: int | None = None) -> list[Article]:
        """An issue's articles in print order, page by page (of one page if given)."""
        return self.store.articles(issue_id, page)

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def iter_articles(self) -> Iterator[Article]:
        return self.store.iter_articles()

    def article_titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, without reading any text."""
        return self.store.article_titles()

    # -- importing ---------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        workers: int | None = None,
        paper: str = "",
    ) -> ImportReport:
        """Import files and folders; never raises for a bad file, reports it instead.

        Raises :class:`LibraryError` (:class:`LibraryWriteError` for a full or
        read-only disk) if the library itself cannot be written: the import stops
        there, and every issue stored before stays complete. ``paper`` names the
        paper of files that do not say (a manifest column and mastheads still win).
        """
        reports: list[FileReport] = []
        candidates: list[tuple[Path, Manifest]] = []
        for path in paths:
            candidates.extend(_collect(Path(path), reports))
        total = len(candidates)
        pool = None
        if total >= _PARALLEL_THRESHOLD and (workers or os.cpu_count() or 1) > 1:
            pool = worker_pool(workers or min(4, os.cpu_count() or 1))
        try:
            return self._import(candidates, reports, pool, paper, progress, cancel)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)

    def _import(self, candidates: list[tuple[Path, Manifest]], reports: list[FileReport],
                pool: Executor | None, paper: str, progress: ProgressFn | None,
                cancel: CancelFn | None) -> ImportReport:
        """Read, parse and store the candidates a batch at a time: memory stays flat.

        The workers parse the next batch while this process stores the one before: at
        archive size, parsing and storing each keep a core busy."""
        total = len(candidates)
        done = 0
        seen: dict[str, str] = {}

        def store(batch: list[_Job], results: Iterator[tuple[ParsedIssue, Packed] | str]) -> bool:
            """Store a parsed batch, in one transaction (:meth:`Store.batch`); False if cancelled."""
            nonlocal done
            kept = len(reports)  # the reports of files committed before this batch
            failed: tuple[sqlite3.DatabaseError, Path] | None = None
            try:
                with self.store.batch():
                    for n, (job, result) in enumerate(zip(batch, results, strict=True)):
                        if cancel and cancel():
                            self._catch_up()
                            return False
                        # an issue's row is rewritten once, after its last file in a run of one folder
                        last = n + 1 == len(batch) or batch[n + 1].path.parent != job.path.parent
                        try:
                            reports.append(self._store_result(job, result, seen, refresh=last))
                        except sqlite3.DatabaseError as exc:
                            failed = (exc, job.path)
                            break
                        done += 1
                        if progress:
                            progress("parse", done, total, job.path.name)
            except sqlite3.DatabaseError as exc:  # the batch's commit: none of its files was kept
                cause, at = failed or (exc, batch[0].path)
                raise self._failure(cause, at, reports[:kept]) from None
            if failed:  # the files stored before it were committed
                raise self._failure(failed[0], failed[1], reports) from None
            return True

        pending: tuple[list[_Job], Iterator[tuple[ParsedIssue, Packed] | str]] | None = None
        for start in range(0, total + _BATCH, _BATCH):  # a last round stores the last batch
            batch: list[_Job] = []
            for n, (path, manifest) in enumerate(candidates[start:start + _BATCH], start=start):
                if cancel and cancel():
                    return ImportReport(tuple(reports), cancelled=True)
                if progress and n % 50 == 0:
                    progress("scan", n, total, path.name)
                try:
                    job = self._prepare(path, manifest, reports, paper)
                except sqlite3.DatabaseError as exc:
                    raise self._failure(exc, path, reports) from None
                if job:
                    batch.append(job)
                else:
                    done += 1
            if progress and start < total:
                progress("parse", done, total, "")
            results = (pool.map(_parse_job, batch, chunksize=8) if pool and len(batch) > 8
                       else map(_parse_job, batch))
            if pending and not store(*pending):
                return ImportReport(tuple(reports), cancelled=True)
            pending = (batch, results) if batch else None
        return ImportReport(tuple(reports))

    def outdated(self) -> list[str]:
        """Files parsed by an older (or newer) version of Baoku than this one."""
        return self.store.outdated_parts(PARSER_VERSION)

    def reparse_outdated(
        self, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None
    ) -> int:
        """Re-read files parsed by another version of Baoku, from the text the library keeps.

        After an upgrade, the whole library gets the better parser without the
        source files (which may have moved): dates come again from the text, the
        file name, or what the manifest said; the paper and page from what the
        file's path, a manifest or the import said then. Returns how many files were re-read.
        """
        ids = self.outdated()
        try:
            for start in range(0, len(ids), _BATCH):
                with self.store.batch():  # committed a batch at a time, like an import
                    for n in range(start, min(start + _BATCH, len(ids))):
                        if cancel and cancel():
                            return n
                        source = self._reparse(ids[n])
                        if progress:
                            progress("update", n + 1, len(ids), source)
        except sqlite3.DatabaseError as exc:
            raise self._db_failure(exc) from None
        return len(ids)

    def _reparse(self, part_id: str) -> str:
        """Read one stored file again with this version's parser; the file's name."""
        from reader.parsing.issue import parse_issue

        old = self.store.part(part_id)
        entry = ManifestEntry(
            old.date if old.date_source == "manifest" else None,
            old.number if old.date_source == "manifest" else None,
            old.paper if old.paper_source == "manifest" else "",
            old.page if old.layout != "issue" else None, old.page_name,
            old.edition,
        )
        parsed = parse_issue(
            old.text, source_name=old.source, source_path=old.source_path, sha256=old.sha256,
            manifest=entry, paper=old.paper if old.paper_source == "option" else "",
            known_papers=self.known_papers,
        )
        known = self.store.source(old.source_path)
        self.store.save(parsed, source_path=old.source_path, size=known.size if known else 0,
                        mtime_ns=known.mtime_ns if known else 0,
                        ctime_ns=known.ctime_ns if known else 0,
                        parser_version=PARSER_VERSION, replaces=part_id)
        return old.source

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

    def _prepare(self, path: Path, manifest: Manifest, reports: list[FileReport],
                 paper: str = "") -> _Job | None:
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
        # size, mtime and ctime: an edit that keeps the size and restores the mtime moves the ctime
        if known and (known.size, known.mtime_ns) == (st.st_size, st.st_mtime_ns) \
                and known.ctime_ns in (0, st.st_ctime_ns) and self._current(known.part_id):
            reports.append(FileReport(str(path), "unchanged", issue_id=self._issue_of(known.part_id)))
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
        record = SourceRecord(key, st.st_size, st.st_mtime_ns, st.st_ctime_ns, sha,
                              known.part_id if known else None)
        if known and known.sha256 == sha and self._current(known.part_id):
            self.store.touch_source(*record)
            reports.append(FileReport(str(path), "unchanged", issue_id=self._issue_of(known.part_id)))
            return None
        if not known:
            moved = next((r for r in self.store.sources_with(sha)
                          if r.part_id and self._current(r.part_id) and not os.path.exists(r.path)), None)
            if moved is not None:
                self.store.move_source(moved.path, record._replace(part_id=moved.part_id))
                reports.append(FileReport(str(path), "moved", f"moved from {moved.path}",
                                          self._issue_of(moved.part_id)))
                return None
        entry = manifest.get(path.name)
        return _Job(path, key, data, sha, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                    known.part_id if known else None, entry, paper, self.known_papers)

    def _refile(self, part_id: str, paper: str, source: str) -> None:
        """File a stored page under the paper its day's other pages name (read after it)."""
        from reader.parsing.issue import parse_issue, with_paper

        old = self.store.part(part_id)
        known = self.store.source(old.source_path)
        parsed = parse_issue(
            old.text, source_name=old.source, source_path=old.source_path, sha256=old.sha256,
            manifest=ManifestEntry(page=old.page if old.layout != "issue" else None,
                                   page_name=old.page_name, edition=old.edition),
            known_papers=self.known_papers,
        )
        self.store.save(with_paper(parsed, paper, source),  # type: ignore[arg-type]
                        source_path=old.source_path, size=known.size if known else 0,
                        mtime_ns=known.mtime_ns if known else 0, ctime_ns=known.ctime_ns if known else 0,
                        parser_version=PARSER_VERSION, replaces=part_id)

    def _current(self, part_id: str | None) -> bool:
        return bool(part_id) and self.store.part_parser_version(str(part_id)) == PARSER_VERSION

    def _issue_of(self, part_id: str | None) -> str | None:
        return self.store.issue_of_part(part_id) if part_id else None

    def _catch_up(self) -> None:
        """Rewrite the rows of issues an interrupted run of files left stale."""
        try:
            self.store.refresh_stale()
        except sqlite3.DatabaseError as exc:
            raise self._db_failure(exc) from None

    def _store_result(self, job: _Job, parsed: tuple[ParsedIssue, Packed] | str, seen: dict[str, str], *,
                      refresh: bool = True) -> FileReport:
        if isinstance(parsed, str):
            if refresh:
                self._catch_up()
            return FileReport(str(job.path), "skipped", parsed)
        result, packed = parsed
        part = result.issue
        if part.id in seen or (self.store.has_part(part.id) and job.previous != part.id
                               and self._current(part.id)):
            self.store.touch_source(job.key, job.size, job.mtime_ns, job.ctime_ns, job.sha, part.id)
            if refresh:
                self._catch_up()
            other = seen.get(part.id, "a file imported before")
            return FileReport(str(job.path), "duplicate", f"same text as {other}",
                              self._issue_of(part.id), part.date or None)
        seen[part.id] = job.path.name
        folder = os.path.dirname(job.key)
        siblings = self.store.siblings(folder, part.date) if part.date else []
        if not part.paper:  # a page without a masthead: the paper its day's other pages name
            named = {(paper, source) for _id, paper, source in siblings if paper}
            if len(named) == 1:
                from reader.parsing.issue import with_paper

                (name, source), = named
                result = with_paper(result, name, source)  # type: ignore[arg-type]
                part = result.issue
        try:
            stored = self.store.save(result, source_path=job.key, size=job.size,
                                     mtime_ns=job.mtime_ns, ctime_ns=job.ctime_ns,
                                     parser_version=PARSER_VERSION, replaces=job.previous,
                                     refresh=refresh, packed=packed)
            if part.paper and part.paper_source in ("masthead", "path"):
                for sibling, paper, _source in siblings:
                    if not paper and sibling != part.id:
                        self._refile(sibling, part.paper, part.paper_source)
        except sqlite3.IntegrityError as exc:  # this issue's data: report, keep going
            return FileReport(str(job.path), "skipped", f"cannot store the issue: {exc}")
        except sqlite3.DatabaseError:  # the database or its disk: no later file would fare better
            raise
        except Exception as exc:  # a bug with this issue: report, keep going
            return FileReport(str(job.path), "skipped", f"cannot store the issue: {exc}")
        status: FileStatus = "updated" if job.previous else "imported"
        return FileReport(str(job.path), status, "", self._issue_of(part.id), part.date or None,
                          stored)


@dataclass(frozen=True)
class _Job:
    path: Path
    key: str
    data: bytes
    sha: str
    size: int
    mtime_ns: int
    ctime_ns: int
    previous: str | None
    manifest: ManifestEntry | None
    paper: str
    known_papers: tuple[str, ...]


def _parse_job(job: _Job) -> tuple[ParsedIssue, Packed] | str:
    """Decode and parse one file, and pack what the library keeps of its text (here, in a
    worker process, not in the one that stores every file); a string result is the reason
    it was skipped."""
    from reader.parsing.article_file import blank_slot
    from reader.parsing.issue import parse_issue

    try:
        where = place(job.path, job.known_papers)
        if where.layout == "article" and not job.data.strip():
            return "an advertisement or a blank slot on the page (the file holds only 广告 or nothing)"
        decoded = decode_bytes(job.data)
        if where.layout == "article" and blank_slot(decoded.text):
            return "an advertisement or a blank slot on the page (the file holds only 广告 or nothing)"
        if not any(ch.isalnum() for ch in decoded.text):
            return "the file holds no words, only punctuation and symbols"
        parsed = parse_issue(
            decoded.text,
            source_name=_storable(job.path.name, readable=True),
            source_path=_storable(str(job.path), readable=True),
            sha256=job.sha,
            manifest=job.manifest,
            placement=where,
            paper=job.paper,
            known_papers=job.known_papers,
        )
        if not parsed.articles:  # nothing a reader could open or a search could find
            return (f"no articles found: none of its {len(decoded.text):,} characters reads as a "
                    "headline or a paragraph of news")
        if reason := _not_news(job.path, parsed, where):
            return reason
        return parsed, pack(parsed)
    except BaokuError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must not stop the import of the rest
        return f"could not parse the issue ({type(exc).__name__}: {exc})"


def _not_news(path: Path, parsed: ParsedIssue, where: Placement) -> str | None:
    """Why a parsed file is no page of a paper (notes, a markdown document), or None."""
    if parsed.layout != "md_article" and path.suffix.lower() == ".md" and where.date is None:
        return "not an issue: a markdown file without a newspaper article's shape or a date"
    undated = parsed.issue.date_source == "unknown" and not parsed.issue.paper
    if undated and parsed.layout == "issue" and all(
            a.title_inferred and not a.byline for a in parsed.articles):
        return ("not an issue: no date, no paper and no headline or byline anywhere "
                "(prose, not a page of a paper)")
    return None


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
            if reason := not_an_issue(p):
                reports.append(FileReport(str(p), "skipped", reason))
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
