"""Import then index: the one sequence the CLI and the GUI both run after adding files."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

from reader.errors import BaokuError, IndexError_
from reader.library import CancelFn, Library, ProgressFn
from reader.models import ImportReport

_RECONCILED_AT = "bookmarks_reconciled"  # library.db meta: the generation bookmarks last matched


def import_and_index(
    library: Library,
    paths: Iterable[Path | str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    paper: str = "",
    wait: Callable[[str], None] | None = None,
) -> tuple[ImportReport, str]:
    """Import ``paths`` into ``library``, bring its index up to date, re-attach bookmarks.

    Issues parsed by an older version of Baoku are re-read first (from the text
    the library keeps), so an upgrade reaches the whole library.

    Returns the import report and a short note about the index and the
    bookmarks ("" if there is nothing to say). A bookmarks database that
    cannot be opened is named in the note, never touched, and does not undo
    the import. If another process is updating the index, the index update
    waits for it (``wait`` is told so, once). A library or an index that cannot be written (a full or read-only
    disk) raises :class:`BaokuError` with one line saying what was stored and what was kept.
    """
    reread = library.reparse_outdated(progress=progress, cancel=cancel)
    report = library.import_paths(paths, progress=progress, cancel=cancel, paper=paper)
    from reader.index import sync_index

    notes = [f"{reread} file(s) re-read by this version of Baoku."] if reread else []
    try:
        notes.append(sync_index(library, progress=progress, cancel=cancel, wait=wait))
    except IndexError_ as exc:
        if not report.changed:
            raise
        stored = report.count("imported") + report.count("updated")
        raise IndexError_(f"{stored} file(s) imported and stored, but {exc}") from None
    if report.changed or reread or bookmarks_behind(library):
        notes.append(reconcile_bookmarks(library))
    return report, " ".join(n for n in notes if n)


def bookmarks_behind(library: Library) -> bool:
    """Whether the library changed since its bookmarks were last reconciled with it.

    An import killed after storing issues but before reconciling leaves them
    so; the next import then finds every file unchanged, and must reconcile anyway.
    """
    return library.bookmarks_path.exists() and \
        library.store.meta(_RECONCILED_AT) != str(library.generation)


def reconcile_bookmarks(library: Library) -> str:
    """Re-attach bookmarks whose articles changed; a one-line summary ("" if none moved)."""
    if not library.bookmarks_path.exists():
        return ""
    from reader.bookmarks import Bookmarks

    generation = library.generation  # before: a change made meanwhile is reconciled next time
    try:
        with Bookmarks.for_library(library) as marks:
            result = marks.reconcile(library)
    except BaokuError as exc:
        return f"Bookmarks not checked: {exc}"
    with contextlib.suppress(BaokuError):  # not recorded: reconciled again next time
        library.store.set_meta(_RECONCILED_AT, str(generation))
    parts = []
    if result.reattached:
        parts.append(f"{len(result.reattached)} bookmark(s) re-attached to changed articles")
    if result.detached:
        parts.append(f"{len(result.detached)} bookmark(s) detached (kept with their notes)")
    return "; ".join(parts) + ("." if parts else "")
