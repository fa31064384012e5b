"""Bookmarks: saved articles with notes and tags, kept in ``bookmarks.db`` beside the library.

A bookmark is keyed by the article's stable id and carries a snapshot of the
article, so it is never silently lost: when a re-import changes an article,
:meth:`Bookmarks.reconcile` re-attaches the bookmark to the new version or
marks it *detached*, still listed with its saved title and note.

``store`` is the SQLite database (crash-safe, versioned schema), ``matching``
decides which article a lost bookmark became, ``exchange`` reads and writes the
JSON and Markdown exports.

>>> import tempfile; from pathlib import Path
>>> from reader.models import Article
>>> art = Article(id="a1", issue_id="i1", date="2022-01-11", seq=1, title="标题", body="正文")
>>> with Bookmarks(Path(tempfile.mkdtemp()) / "bookmarks.db") as marks:
...     marks.add(art, note="读", tags=["经济"]).tags
('经济',)
"""

from reader.bookmarks.exchange import BookmarksFileError, ExportFormat
from reader.bookmarks.matching import Match, Reattachment, ReconcileReport
from reader.bookmarks.store import SCHEMA_VERSION, Bookmarks

__all__ = [
    "SCHEMA_VERSION",
    "Bookmarks",
    "BookmarksFileError",
    "ExportFormat",
    "Match",
    "Reattachment",
    "ReconcileReport",
]
