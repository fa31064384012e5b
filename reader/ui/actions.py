"""The main window's actions (menu entries and keyboard shortcuts) and its menu bar.

Every shortcut is a window-wide QAction, so it works whichever pane has focus:
Alt+PgUp/PgDown issues, Ctrl+Up/Down articles (on into the next issue), Ctrl+K search,
F3/Shift+F3 matches, Esc clears them, Ctrl+D bookmarks, Ctrl++/Ctrl+-/Ctrl+0 zoom.
Back/Forward, find in the article, go to a date and the rest: :mod:`reader.ui.reading_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow

Key = QKeySequence | QKeySequence.StandardKey | str


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowActions:
    """Creates the actions on ``window``, wires them to its slots, and fills its menu bar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window
        zoom_in, zoom_out = QKeySequence.StandardKey.ZoomIn, QKeySequence.StandardKey.ZoomOut
        self.import_folder = self._make(_tr("Import folder…"), w.ask_import_folder, "Ctrl+O")
        self.import_files = self._make(_tr("Import files…"), w.ask_import_files, "Ctrl+Shift+O")
        self.quit = self._make(_tr("Quit"), w.close, "Ctrl+Q")
        self.zoom_in = self._make(_tr("Larger text"), lambda: w.zoom(+1), zoom_in, "Ctrl+=")
        self.zoom_out = self._make(_tr("Smaller text"), lambda: w.zoom(-1), zoom_out)
        self.zoom_reset = self._make(_tr("Actual size"), lambda: w.zoom(0), "Ctrl+0")
        # Alt+Left/Right are Back/Forward, as in browsers (reader.ui.reading_actions)
        self.prev_issue = self._make(_tr("Previous issue"), lambda: w.navigator.step(-1), "Alt+PgUp")
        self.next_issue = self._make(_tr("Next issue"), lambda: w.navigator.step(+1), "Alt+PgDown")
        self.prev_article = self._make(_tr("Previous article"), lambda: w.reading.step_article(-1), "Ctrl+Up")
        self.next_article = self._make(_tr("Next article"), lambda: w.reading.step_article(+1), "Ctrl+Down")
        # Pages (版): Ctrl+PgUp/PgDn anywhere; PgUp/PgDn in the article list (the reading pane
        # keeps PgUp/PgDn for scrolling).
        self.prev_page = self._make(_tr("Previous page"), lambda: w.article_list.step_page(-1),
                                    "Ctrl+PgUp")
        self.next_page = self._make(_tr("Next page"), lambda: w.article_list.step_page(+1),
                                    "Ctrl+PgDown")
        for act, key, delta in ((QAction(w.article_list), "PgUp", -1),
                                (QAction(w.article_list), "PgDown", +1)):
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, d=delta: w.article_list.step_page(d))
            w.article_list.addAction(act)
        self.search = self._make(_tr("Search"), w.focus_search, "Ctrl+K")
        self.next_hit = self._make(_tr("Next match"), w.reader.next_hit, "F3")
        self.prev_hit = self._make(_tr("Previous match"), w.reader.previous_hit, "Shift+F3")
        self.clear_hits = self._make(_tr("Clear highlights"), w.reader.clear_highlights, "Esc")
        self.bookmark = self._make(_tr("Bookmark"), w.toggle_bookmark, "Ctrl+D")
        self.bookmark.setCheckable(True)
        self.edit_bookmark = self._make(_tr("Edit bookmark note…"), w.edit_current_bookmark)
        self.copy = self._make(_tr("Copy article as text"), w.copy_article, "Ctrl+Shift+C")
        self.help = self._make(_tr("Query syntax"), w.show_query_help, "F1")
        self.about = self._make(_tr("About Baoku"), w.show_about)
        # the reading pane's bar shows some of these as compact buttons
        self.prev_hit.setIconText("◀")
        self.next_hit.setIconText("▶")
        self.prev_hit.setToolTip(_tr("Previous match (Shift+F3)"))
        self.next_hit.setToolTip(_tr("Next match (F3)"))
        self.bookmark.setIconText("☆")
        self.bookmark.setToolTip(_tr("Bookmark this article (Ctrl+D)"))
        self.copy.setIconText(_tr("Copy"))
        self.copy.setToolTip(_tr("Copy article as text (Ctrl+Shift+C)"))

        self.themes = QActionGroup(w)
        self.theme: dict[str, QAction] = {}
        for key, label in (("light", _tr("Light")), ("sepia", _tr("Sepia")), ("dark", _tr("Dark"))):
            act = QAction(label, w)
            act.setCheckable(True)
            act.triggered.connect(lambda _c=False, k=key: w.set_theme(k))
            self.themes.addAction(act)
            self.theme[key] = act
        self.languages = QActionGroup(w)
        for key, label in (("", _tr("Follow the system")), ("zh_CN", "简体中文"), ("en", "English")):
            act = QAction(label, w)
            act.setCheckable(True)
            act.setChecked(key == w.settings.language)
            act.triggered.connect(lambda _c=False, k=key: w.set_language(k))
            self.languages.addAction(act)
        self._menus()

    def _make(self, text: str, slot: Callable[[], object], *keys: Key) -> QAction:
        act = QAction(text, self.window)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def _menus(self) -> None:
        bar = self.window.menuBar()
        m = bar.addMenu(_tr("&File"))
        m.addActions([self.import_folder, self.import_files])
        m.addSeparator()
        m.addAction(self.quit)
        m = bar.addMenu(_tr("&View"))
        m.addActions([self.zoom_in, self.zoom_out, self.zoom_reset])
        m.addSeparator()
        m.addMenu(_tr("Theme")).addActions(self.themes.actions())
        m.addMenu(_tr("Language")).addActions(self.languages.actions())
        m = bar.addMenu(_tr("&Go"))
        m.addActions([self.prev_issue, self.next_issue, self.prev_page, self.next_page,
                      self.prev_article, self.next_article])
        m.addSeparator()
        m.addActions([self.search, self.next_hit, self.prev_hit, self.clear_hits])
        m = bar.addMenu(_tr("&Article"))
        m.addActions([self.bookmark, self.edit_bookmark, self.copy])
        m = bar.addMenu(_tr("&Help"))
        m.addActions([self.help, self.about])
