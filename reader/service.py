"""Import then index: the one sequence the CLI and the GUI both run after adding files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reader.library import CancelFn, Library, ProgressFn
from reader.models import ImportReport


def import_and_index(
    library: Library,
    paths: Iterable[Path | str],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[ImportReport, str]:
    """Import ``paths`` into ``library`` and bring its search index up to date.

    Returns the import report and a one-line note about the index ("" if nothing to say).
    """
    report = library.import_paths(paths, progress=progress, cancel=cancel)
    try:
        from reader.index import sync_index
    except ImportError:  # the search index is not built yet in this version
        return report, ""
    note = sync_index(library, progress=progress, cancel=cancel)
    return report, note
