"""The keys a reader's hands know, beyond the menu basics in :mod:`reader.ui.actions`:
Back / Forward through the articles read (Alt+← / Alt+→), find in the open article (Ctrl+F,
apart from searching the archive, Ctrl+K), go to a date (Ctrl+G), the latest issue
(Alt+Home), Ctrl+↓ past the last article into the next issue, Ctrl+wheel zoom, side panels
that fold away (F9) and a full-screen focus mode (F11).

The window keeps the panes; this object adds the actions, the find bar and the history and
wires them to the window's own methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QMenu

from reader.ui.empty_library import EmptyLibrary
from reader.ui.find_bar import FindBar
from reader.ui.history import History
from reader.ui.reading_layout import ReadingMeasure
from reader.ui.undo_bar import UndoBar

if TYPE_CHECKING:
    from reader.models import Bookmark
    from reader.ui.mainwindow import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class ReadingActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        w = window
        self.history = History()
        self._navigating = False
        self.find_bar = FindBar(w.reader.browser)
        layout = w.reader.layout()
        if layout is not None:
            layout.addWidget(self.find_bar)
        self.measure = ReadingMeasure(w.reader.browser, lambda: w.reader.font_size, w.splitter)
        for i in (0, 1):
            w.splitter.setCollapsible(i, True)
        self.empty = EmptyLibrary()
        self.empty.import_button.clicked.connect(w.ask_import_folder)
        self.empty.files_button.clicked.connect(w.ask_import_files)
        if layout is not None:
            layout.addWidget(self.empty)
        self.undo_bar = UndoBar()
        if layout is not None:
            layout.addWidget(self.undo_bar)
        if w.marks is not None:
            w.marks.removed.connect(self._bookmark_removed)
        self._full_screen_was_maximized = False
        self._panels_before_focus = True

        self.back = self._make(_tr("Back"), self.go_back, "Alt+Left")
        self.forward = self._make(_tr("Forward"), self.go_forward, "Alt+Right")
        self.find = self._make(_tr("Find in article…"), self.find_bar.open_bar, "Ctrl+F")
        self.go_to_date = self._make(_tr("Go to date…"), self.ask_date, "Ctrl+G")
        self.latest = self._make(_tr("Latest issue"), w.show_newest, "Alt+Home")
        self.year_view = self._make(_tr("Past issues by month…"), w.navigator.show_year_view)
        self.panels = self._make(_tr("Side panels"), self.toggle_panels, "F9")
        self.panels.setCheckable(True)
        self.panels.setChecked(True)
        self.focus_mode = self._make(_tr("Focus mode (full screen)"), self.toggle_focus_mode, "F11")
        self.focus_mode.setCheckable(True)
        self.undo = self._make(_tr("Undo"), self.undo_bar.undo, "Ctrl+Z")
        self._update_history_actions()
        self._add_to_menus()

        w.articleShown.connect(self._article_shown)
        w.reader.browser.viewport().installEventFilter(self)

    def _make(self, text: str, slot: object, *keys: str) -> QAction:
        act = QAction(text, self.window)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.window.addAction(act)
        return act

    def _add_to_menus(self) -> None:
        menus: dict[str, QMenu] = {}
        for act in self.window.menuBar().actions():
            menu = act.menu()
            if isinstance(menu, QMenu):
                menus[act.text()] = menu
        go = menus.get(_tr("&Go"))
        if go is not None:
            ours = [self.back, self.forward, self.latest, self.go_to_date, self.year_view]
            if go.actions():
                first = go.actions()[0]
                go.insertActions(first, ours)
                go.insertSeparator(first)
            else:
                go.addActions(ours)
            go.addAction(self.find)
        view = menus.get(_tr("&View"))
        if view is not None:
            view.addSeparator()
            view.addActions([self.panels, self.focus_mode])

    # -- history ---------------------------------------------------------------------------
    def _article_shown(self, article_id: str) -> None:
        if not self._navigating:
            self.history.visit(article_id)
        self.find_bar.refresh()
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back.setEnabled(self.history.can_go_back())
        self.forward.setEnabled(self.history.can_go_forward())

    def _travel(self, step: str) -> bool:
        while True:
            target = self.history.back() if step == "back" else self.history.forward()
            if target is None:
                self._update_history_actions()
                return False
            self._navigating = True
            try:
                shown = self.window.open_article(target)
            finally:
                self._navigating = False
            if shown:
                self._update_history_actions()
                return True
            self.history.forget(target)  # re-imported away: skip it

    def go_back(self) -> bool:
        return self._travel("back")

    def go_forward(self) -> bool:
        return self._travel("forward")

    # -- moving on -------------------------------------------------------------------------
    def step_article(self, delta: int) -> bool:
        """Ctrl+↓ / Ctrl+↑: the next or previous article, on into the next or previous page (版)
        and then the next or previous issue."""
        w = self.window
        if w.article_list.step(delta):
            return True
        if w.article_list.current_page is not None and w.article_list.step_page(delta):
            if delta < 0:
                self._select_last()
            return True
        if not w.navigator.step(delta):
            return False
        if delta < 0:  # coming back: the previous issue's last article
            if w.article_list.last_page is not None:
                w.article_list.show_page(w.article_list.last_page)
            self._select_last()
        return True

    def _select_last(self) -> None:
        model = self.window.article_list.model
        last = model.article(model.rowCount() - 1)
        if last is not None:
            self.window.article_list.select_article(last.id)

    def ask_date(self) -> QDialog:
        """Ctrl+G: a date; its issue opens, or the calendar says there is none and offers the nearest."""
        w = self.window
        dialog = QDialog(w)
        dialog.setWindowTitle(_tr("Go to date"))
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        issues = w.navigator.issues
        current = next((i for i in issues if i.id == w.navigator.current_issue), None)
        start = current.date if current else (issues[-1].date if issues else "")
        edit.setDate(QDate.fromString(start, "yyyy-MM-dd") if start else QDate.currentDate())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(dialog)
        form.addRow(_tr("Date"), edit)
        form.addRow(buttons)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        self.date_edit = edit

        def go() -> None:
            w.tabs.setCurrentIndex(0)
            w.navigator.go_to_date(edit.date())

        dialog.accepted.connect(go)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.date_dialog = dialog
        return dialog

    def show_empty_library(self, empty: bool) -> None:
        """An empty library shows how to fill it in place of the reading pane."""
        self.empty.setVisible(empty)
        self.window.reader.browser.setVisible(not empty)

    # -- undo ------------------------------------------------------------------------------
    def _bookmark_removed(self, mark: Bookmark) -> None:
        """A bookmark with a note or tags is worth a way back; a bare one is re-made with Ctrl+D."""
        marks = self.window.marks
        if marks is None or not (mark.note or mark.tags):
            return
        text = _tr("Bookmark removed, with its note and tags: {title}").format(title=mark.title)
        self.undo_bar.offer(text, lambda: self._restore(mark))

    def _restore(self, mark: Bookmark) -> None:
        marks = self.window.marks
        if marks is not None:
            marks.restore(mark)
            self.window.say(_tr("Bookmark restored."))

    # -- room to read ------------------------------------------------------------------------
    def set_panels_visible(self, visible: bool) -> None:
        w = self.window
        w.tabs.setVisible(visible)
        w.article_list.setVisible(visible)
        self.panels.setChecked(visible)

    def toggle_panels(self) -> None:
        self.set_panels_visible(not self.window.tabs.isVisible())

    def toggle_focus_mode(self) -> None:
        """F11: full screen with the side panels folded away; F11 again brings both back."""
        w = self.window
        if w.isFullScreen():
            self.set_panels_visible(self._panels_before_focus)
            if self._full_screen_was_maximized:
                w.showMaximized()
            else:
                w.showNormal()
            self.focus_mode.setChecked(False)
        else:
            self._panels_before_focus = w.tabs.isVisible()
            self._full_screen_was_maximized = w.isMaximized()
            self.set_panels_visible(False)
            w.showFullScreen()
            self.focus_mode.setChecked(True)

    # -- Ctrl+wheel ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            dy = event.angleDelta().y()
            if dy:
                self.window.zoom(+1 if dy > 0 else -1)
                self.measure.update()
            return True  # never QTextEdit's own zoom, which the next render would undo
        return False
