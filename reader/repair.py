"""Rebuild a damaged ``library.db`` from the source files and the texts it still holds.

``repair_library(root)`` moves the damaged database aside (with its ``-wal``
and ``-shm`` files) as ``library.db.damaged-YYYYmmdd-HHMMSS``, reads from it
whatever SQLite can still read (row by row, so one bad page costs the rows on
it, not the table), and builds a new library: every recorded source file that
is still there is imported again; an issue whose file is gone or unreadable is
re-read from the text the damaged database kept. The library keeps its
identity (so its bookmarks stay its own), the index is rebuilt, and bookmarks
are reconciled. Article ids hash the date and the text, so bookmarks of
articles that came back stay attached.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.errors import LibraryError
from reader.library import CancelFn, Library, ProgressFn
from reader.models import ImportReport
from reader.parsing import PARSER_VERSION, parse_issue
from reader.parsing.manifest import ManifestEntry
from reader.store import LIBRARY_ID, Salvage, StoredIssue, read_salvage

_KEPT_STATUSES = ("imported", "updated", "unchanged", "duplicate")
_CARRIED_META = (LIBRARY_ID,)  # what the new database takes over from the damaged one


@dataclass(frozen=True)
class RepairReport:
    damaged_kept: Path | None  # where the damaged database now is (None: there was none)
    import_report: ImportReport  # the source files imported again (and any extra paths)
    from_stored_text: int  # issues rebuilt from the damaged database's text (their file is gone)
    lost: tuple[str, ...]  # issues neither their file nor the damaged database could give back
    unreadable_rows: int
    note: str  # the index and bookmarks, in a line

    def to_json(self) -> dict[str, Any]:
        r = self.import_report
        return {
            "damaged_kept": str(self.damaged_kept) if self.damaged_kept else None,
            "reimported": r.count("imported") + r.count("updated") + r.count("unchanged"),
            "duplicate": r.count("duplicate"),
            "skipped": r.count("skipped"),
            "from_stored_text": self.from_stored_text,
            "lost": list(self.lost),
            "unreadable_rows": self.unreadable_rows,
            "note": self.note,
        }


def repair_library(
    root: Path,
    extra_paths: Sequence[Path | str] = (),
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    now: datetime | None = None,
) -> RepairReport:
    """Move ``root``'s library.db aside and rebuild it; ``extra_paths`` are imported as well
    (folders to read again when the damaged file kept too little to know them).

    Raises :class:`LibraryError` if the damaged file cannot be moved aside.
    """
    db_path = Path(root) / "library.db"
    kept = _move_aside(db_path, now or datetime.now()) if db_path.exists() else None
    salvage = read_salvage(kept) if kept else Salvage()
    carried = {k: v for k, v in salvage.meta.items() if k in _CARRIED_META}
    if LIBRARY_ID not in carried:  # the damaged file lost it: the bookmarks still know it
        owner = _bookmarks_owner(Path(root) / "bookmarks.db")
        if owner:
            carried[LIBRARY_ID] = owner
    with Library(root) as library:
        for key, value in carried.items():
            library.store.set_meta(key, value)
        files = [p for p in dict.fromkeys(salvage.sources + [i.source_path for i in salvage.issues])
                 if p and os.path.isfile(p)]
        report = library.import_paths([*files, *extra_paths], progress=progress, cancel=cancel)
        back = {f.path for f in report.files if f.status in _KEPT_STATUSES}
        from_text, lost = _restore_texts(library, [i for i in salvage.issues if i.source_path not in back])
        from reader.index import sync_index
        from reader.service import reconcile_bookmarks

        notes = [sync_index(library, progress=progress, cancel=cancel, rebuild=True),
                 reconcile_bookmarks(library)]
    return RepairReport(kept, report, from_text, tuple(lost), salvage.unreadable_rows,
                        " ".join(n for n in notes if n))


def _move_aside(db_path: Path, now: datetime) -> Path:
    """Rename library.db (and its -wal and -shm, which SQLite finds by name) aside."""
    target = db_path.with_name(f"{db_path.name}.damaged-{now:%Y%m%d-%H%M%S}")
    n = 1
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.damaged-{now:%Y%m%d-%H%M%S}-{n}")
        n += 1
    try:
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        db_path.rename(target)
    except OSError as exc:
        raise LibraryError(f"cannot move the damaged library database {db_path} aside: "
                           f"{exc.strerror or exc}") from None
    return target


def _bookmarks_owner(path: Path) -> str | None:
    """The library id a bookmarks file is bound to, if it can be read."""
    if not path.is_file():
        return None
    from reader.bookmarks import Bookmarks

    try:
        with Bookmarks(path) as marks:
            return marks.library_id
    except LibraryError:
        return None


def _restore_texts(library: Library, issues: Iterable[StoredIssue]) -> tuple[int, list[str]]:
    """Store issues from their kept text, as the upgrade path re-reads them; (stored, lost)."""
    stored, lost = 0, []
    for old in issues:
        if not old.text.strip():
            lost.append(old.source_path or old.source)
            continue
        manifest = old.date_source == "manifest"
        entry = ManifestEntry(
            old.date if manifest else None, old.number if manifest else None,
            old.paper if old.paper_source == "manifest" else "",
            old.page if old.layout != "issue" else None, old.page_name or "", old.edition or "")
        parsed = parse_issue(old.text, source_name=old.source, source_path=old.source_path,
                             sha256=old.sha256, manifest=entry,
                             paper=old.paper if old.paper_source == "option" else "",
                             known_papers=library.known_papers)
        try:
            library.store.save(parsed, source_path=old.source_path, size=0, mtime_ns=0,
                               parser_version=PARSER_VERSION)
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"cannot write the rebuilt library database: {exc}") from None
        stored += 1
    return stored, lost
