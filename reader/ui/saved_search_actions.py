"""Saved searches and the query history in the window: save the search box's query (with its
dates and order), a menu of saved searches with how many new articles each finds (counted on
the search thread at start and after imports), and the recent queries under the search box.
The store is :class:`reader.research.saved_searches.SavedSearches`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QSignalBlocker, QStringListModel
from PySide6.QtWidgets import QCompleter, QInputDialog, QMenu

from reader.errors import BaokuError
from reader.research.saved_searches import SavedSearches, new_counts

if TYPE_CHECKING:
    from reader.library import Library
    from reader.ui.mainwindow import MainWindow

# Runs fn(library, searcher) on the search thread and then(answer) on the GUI thread.
JobFn = Callable[[Callable[["Library", Any], object], Callable[[Any], None]], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResearchTools", text)


class SavedSearchActions(QObject):
    """Owns the saved searches' store (once :meth:`open`), their menu and the history completer."""

    def __init__(self, window: MainWindow, menu: QMenu, job: JobFn) -> None:
        super().__init__(window)
        self.window = window
        self.menu = menu
        self.job = job
        self.store: SavedSearches | None = None
        self.counts: dict[str, int] = {}
        self.history = QStringListModel(self)
        self.completer = QCompleter(self.history, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        window.search_panel.box.setCompleter(self.completer)
        self.completer.activated.connect(lambda _text: window.search_panel.run())
        self.menu.setEnabled(False)

    def open(self) -> bool:
        try:
            self.store = SavedSearches.for_library(self.window.library)
        except BaokuError as exc:
            self.window.say(str(exc))
            return False
        self.history.setStringList(self.store.history())
        self.fill_menu()
        return True

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def remember(self, query: str) -> None:
        """A search was answered: first in the history."""
        if self.store is not None:
            self.store.remember(query)
            self.history.setStringList(self.store.history())

    def ask_save(self) -> None:
        panel = self.window.search_panel
        if not panel.query() or self.store is None:
            self.window.say(_tr("Search for something first."))
            return
        name, ok = QInputDialog.getText(self.window, _tr("Save this search"), _tr("Name:"), text=panel.query())
        if ok and name.strip():
            self.save_current(name.strip())

    def save_current(self, name: str) -> None:
        """Save the search box's query and dates as ``name``; what it finds now is not new."""
        panel, saved = self.window.search_panel, self.store
        if saved is None:
            return
        query = panel.query()
        date_from, date_to, sort = panel.options()

        def store(found: list[str]) -> None:
            saved.save(name, query, date_from=date_from, date_to=date_to, sort=sort, seen=found)
            self.counts[name] = 0
            self.fill_menu()
            self.window.say(_tr("Search saved as {name}").format(name=name))

        self.job(lambda _lib, searcher: sorted(searcher.matching_ids(query, date_from=date_from,
                                                                      date_to=date_to)), store)

    def count_new(self) -> None:
        """Ask how many new articles each saved search finds (at start, after an import)."""
        saved = self.store
        if saved is None or not saved.list():
            return

        def count(_lib: Library, searcher: Any) -> dict[str, int]:
            return new_counts(saved, lambda q, a, b: searcher.matching_ids(q, date_from=a, date_to=b))

        def show(counts: dict[str, int]) -> None:
            self.counts = counts
            self.fill_menu()

        self.job(count, show)

    def fill_menu(self) -> None:
        menu = self.menu
        menu.clear()
        items = self.store.list() if self.store is not None else []
        for s in items:
            new = self.counts.get(s.name, 0)
            label = f"{s.name} — {s.query}" + ("  " + _tr("({count} new)").format(count=new) if new else "")
            act = menu.addAction(label)
            act.triggered.connect(lambda _c=False, name=s.name: self.open_search(name))
        menu.setEnabled(bool(items))

    def open_search(self, name: str) -> None:
        """Run a saved search (its query, dates and order); its articles are then not new."""
        if self.store is None:
            return
        s = self.store.get(name)
        panel = self.window.search_panel
        self.window.focus_search()
        with QSignalBlocker(panel.use_dates), QSignalBlocker(panel.date_from), QSignalBlocker(panel.date_to), \
                QSignalBlocker(panel.sort):
            panel.use_dates.setChecked(bool(s.date_from or s.date_to))
            for edit, value in ((panel.date_from, s.date_from), (panel.date_to, s.date_to)):
                edit.setEnabled(bool(s.date_from or s.date_to))
                day = QDate.fromString(value or "", "yyyy-MM-dd")
                if day.isValid():
                    edit.setDate(day)
            panel.sort.setCurrentIndex(max(0, panel.sort.findData(s.sort)))
        panel.set_query(s.query)
        panel.run()
        saved = self.store

        def seen(found: list[str]) -> None:
            saved.opened(name, found)
            self.counts[name] = 0
            self.fill_menu()

        self.job(lambda _lib, searcher: sorted(searcher.matching_ids(
            s.query, date_from=s.date_from, date_to=s.date_to)), seen)

    def show_history(self) -> None:
        """Ctrl+E: the recent queries under the search box."""
        self.window.focus_search()
        self.completer.setCompletionPrefix("")
        self.completer.complete()
