"""What the reader does with bookmarks: toggle, note and tags, remove, export, import.

Sits between the core's :class:`~reader.bookmarks.Bookmarks` (SQLite, used on
the GUI thread only), the bookmarks panel and the note dialog. ``changed``
fires after every change so the window can light the star.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.errors import BaokuError
from reader.library import Library
from reader.models import Article, Bookmark
from reader.ui import plaintext as plain
from reader.ui.bookmarks_panel import BookmarkDialog, BookmarksPanel
from reader.ui.i18n import core_text

if TYPE_CHECKING:
    from reader.bookmarks import Bookmarks


class BookmarkActions(QObject):
    changed = Signal()
    removed = Signal(object)  # the Bookmark just deleted, note and tags included (for undo)

    def __init__(self, bookmarks: Bookmarks, panel: BookmarksPanel, window: QWidget,
                 say: Callable[[str], None]) -> None:
        super().__init__(window)
        self.bookmarks = bookmarks
        self.panel = panel
        self.window = window
        self.say = say
        self.dialog: BookmarkDialog | None = None
        self.message_box: QMessageBox | None = None
        panel.editRequested.connect(self.edit)
        panel.removeRequested.connect(self.remove)
        panel.exportRequested.connect(self.ask_export)
        panel.importRequested.connect(self.ask_import)

    def reload(self) -> None:
        self.panel.set_bookmarks(self.bookmarks.list(), self.bookmarks.tags())
        self.changed.emit()

    def is_bookmarked(self, article_id: str) -> bool:
        return self.bookmarks.is_bookmarked(article_id)

    def toggle(self, article: Article) -> None:
        """Ctrl+D / the star: bookmark ``article`` and offer a note, or remove its bookmark."""
        if self.bookmarks.is_bookmarked(article.id):
            self.remove(article.id)
        else:
            self.add(article)
            self.edit(article.id)

    def add(self, article: Article, note: str = "", tags: tuple[str, ...] = ()) -> None:
        self.bookmarks.add(article, note=note, tags=tags)
        self.reload()
        self.say(self.tr("Bookmarked."))

    def edit(self, article_id: str) -> None:
        """Open the note-and-tags dialog (window-modal, not blocking the event loop)."""
        mark = self.bookmarks.get(article_id)
        if mark is None:
            return
        dialog = BookmarkDialog(mark.title, mark.note, tuple(mark.tags), self.window)
        dialog.accepted.connect(lambda: self._save(article_id, dialog))
        dialog.removeRequested.connect(lambda: self.remove(article_id))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _save(self, article_id: str, dialog: BookmarkDialog) -> None:
        note, tags = dialog.values()
        self.bookmarks.update(article_id, note=note, tags=tags)
        self.reload()

    def remove(self, article_id: str) -> None:
        mark = self.bookmarks.get(article_id)
        if self.bookmarks.remove(article_id):
            self.reload()
            self.say(self.tr("Bookmark removed."))
            if mark is not None:
                self.removed.emit(mark)

    def restore(self, mark: Bookmark) -> None:
        """Undo a removal: the bookmark back as it was (note, tags, dates), through the same
        merge an import of a bookmarks file does."""
        from reader.bookmarks.exchange import json_export

        self.bookmarks.import_json(json_export([mark]))
        self.reload()

    def reconcile(self, library: Library) -> None:
        """After a re-import: re-attach bookmarks to changed articles, or mark them detached."""
        self.bookmarks.reconcile(library)
        self.reload()

    # -- files --------------------------------------------------------------------------
    def ask_export(self, kind: str) -> None:
        suffix = "md" if kind == "markdown" else "json"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export bookmarks"), f"bookmarks.{suffix}")
        if path:
            self.write(Path(path), kind)

    def write(self, path: Path, kind: str) -> bool:
        """Export every bookmark to ``path`` as "markdown" or "json"; a failure is shown, not raised."""
        try:  # atomically, as the command line does: a failed export leaves the old file whole
            self.bookmarks.export_file(path, "markdown" if kind == "markdown" else "json")
        except (OSError, BaokuError) as exc:
            self._warn(self.tr("Export bookmarks"), core_text(str(exc)))
            return False
        self.say(self.tr("Bookmarks exported to {path}").format(path=path))
        return True

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import bookmarks"), "", "JSON (*.json)")
        if path:
            self.read(Path(path))

    def read(self, path: Path) -> int:
        """Import bookmarks from a JSON export; returns how many (-1 after showing why it failed)."""
        try:
            count = self.bookmarks.import_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, BaokuError, ValueError) as exc:
            self._warn(self.tr("Import bookmarks"), core_text(str(exc)))
            return -1
        self.reload()
        self.say(self.tr("{count} bookmarks imported.").format(count=count))
        return count

    def _warn(self, title: str, message: str) -> None:
        box = plain.message_box(QMessageBox.Icon.Warning, title, message, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
