"""Error types: one base class, specific subclasses the CLI and GUI show as one clear line."""

from __future__ import annotations


class BaokuError(Exception):
    """Base of every error Baoku reports to a user (one line, no traceback)."""


class DecodeError(BaokuError):
    """A file is empty, binary, or in an encoding Baoku cannot read."""


class LibraryError(BaokuError):
    """The library directory cannot be opened, read or written."""


class LibraryWriteError(LibraryError):
    """The library's disk refused a write: it is read-only or full, or permission is lacking."""


class NotFoundError(BaokuError):
    """An issue, article or bookmark that was asked for does not exist."""


class QueryError(BaokuError):
    """A search query is malformed (unbalanced quote, unknown field, bad date...)."""


class SearchStopped(QueryError):
    """A search was stopped before its answer: a newer one took its place (the window's
    search thread asks, see :meth:`reader.search.Searcher.stop_when`)."""


class IndexError_(BaokuError):
    """The search index is locked, damaged or cannot be written."""


class BookmarksFileError(BaokuError):
    """A bookmarks export cannot be read (not JSON, not a bookmarks file) or written."""


class LibraryDamagedError(LibraryError):
    """``library.db`` is damaged (empty, a table missing, pages unreadable): never taken for an
    empty library; ``baoku repair`` rebuilds it. ``path`` is the damaged file."""

    def __init__(self, message: str, path: object = None, what: str = "", command: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.what = what  # what is wrong, in a few words
        self.command = command  # the command that repairs it


class ForeignBookmarksError(LibraryError):
    """``bookmarks.db`` belongs to another library (two libraries sharing one file, by a symlink
    or a copy): reconciling it with this one would re-point the other's bookmarks."""


class BookmarksDamagedError(LibraryError):
    """``bookmarks.db`` is damaged (a table missing, pages unreadable): the bookmarks are off."""
