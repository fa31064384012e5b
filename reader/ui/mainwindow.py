"""The main window: assembles the panes, menus and shortcuts, and wires them together.

It owns no logic of its own beyond routing: the navigator picks issues, the
article list picks articles, the reading pane shows them, the search panel asks
the search thread, background jobs import. ``loaded`` fires once start-up work
(first-run import, search warm-up) is done; screenshot mode and tests wait on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from reader.errors import BaokuError
from reader.library import Library
from reader.models import ImportReport, Issue
from reader.ui.article_list import ArticleList
from reader.ui.bookmarks_panel import BookmarkDialog, BookmarksPanel
from reader.ui.job_status import JobStatus
from reader.ui.navigator import Navigator
from reader.ui.reading_pane import ReadingPane
from reader.ui.search_panel import SearchPanel
from reader.ui.search_service import SearchService
from reader.ui.settings import Settings
from reader.ui.style import apply_app_theme, load_theme
from reader.ui.widgets import named
from reader.ui.worker import BackgroundJob, import_job

if TYPE_CHECKING:
    from reader.bookmarks import Bookmarks
    from reader.models import Hit, SearchResult

TAB_ISSUES, TAB_SEARCH, TAB_BOOKMARKS = range(3)


class MainWindow(QMainWindow):
    loaded = Signal()
    articleShown = Signal(str)
    searchShown = Signal(int)  # hits shown for the newest query (count)
    importFinished = Signal(object)  # ImportReport

    def __init__(
        self,
        library: Library,
        settings: Settings,
        search: SearchService,
        bookmarks: Bookmarks | None,
        *,
        first_run_corpus: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.search = search
        self.bookmarks = bookmarks
        self._first_run_corpus = first_run_corpus
        self._pending: set[str] = set()
        self.is_loaded = False
        self.job: BackgroundJob | None = None
        self.report_box: QMessageBox | None = None
        self.bookmark_dialog: BookmarkDialog | None = None
        self._issues: dict[str, Issue] = {}
        self.theme = load_theme(settings.theme)

        self.setWindowTitle(self.tr("Baoku — newspaper archive"))
        self.setAcceptDrops(True)
        self.navigator = Navigator(self.theme)
        self.search_panel = SearchPanel(self.theme)
        self.bookmarks_panel = BookmarksPanel(self.theme)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.navigator, self.tr("Issues"))
        self.tabs.addTab(self.search_panel, self.tr("Search"))
        self.tabs.addTab(self.bookmarks_panel, self.tr("Bookmarks"))
        self.article_list = ArticleList(self.theme)
        self.reader = ReadingPane(self.theme, settings.font_size)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 290, 690])
        self.setCentralWidget(self.splitter)
        self.job_status = JobStatus()
        self.stats = named(QLabel(), "muted")
        self.stats.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addWidget(self.stats)
        self.statusBar().addPermanentWidget(self.job_status)
        self.statusBar().setSizeGripEnabled(False)
        self._build_actions()
        self._wire()
        if bookmarks is None:
            self.tabs.setTabEnabled(TAB_BOOKMARKS, False)
            self.act_bookmark.setEnabled(False)
        self.resize(1280, 800)
        self._restore_layout()
        self._restore_tab()

    # -- building ------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, *keys: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
        act = QAction(text, self)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_import_folder = self._action(self.tr("Import folder…"), self.ask_import_folder, "Ctrl+O")
        self.act_import_files = self._action(self.tr("Import files…"), self.ask_import_files, "Ctrl+Shift+O")
        self.act_quit = self._action(self.tr("Quit"), self.close, "Ctrl+Q")
        self.act_zoom_in = self._action(self.tr("Larger text"), lambda: self.zoom(+1), K.ZoomIn, "Ctrl+=")
        self.act_zoom_out = self._action(self.tr("Smaller text"), lambda: self.zoom(-1), K.ZoomOut)
        self.act_zoom_reset = self._action(self.tr("Actual size"), lambda: self.zoom(0), "Ctrl+0")
        self.act_prev_issue = self._action(self.tr("Previous issue"), lambda: self.navigator.step(-1), "Alt+Left")
        self.act_next_issue = self._action(self.tr("Next issue"), lambda: self.navigator.step(+1), "Alt+Right")
        self.act_prev_article = self._action(self.tr("Previous article"), lambda: self.article_list.step(-1), "Ctrl+Up")
        self.act_next_article = self._action(self.tr("Next article"), lambda: self.article_list.step(+1), "Ctrl+Down")
        self.act_search = self._action(self.tr("Search"), self.focus_search, "Ctrl+K", "Ctrl+F")
        self.act_next_hit = self._action(self.tr("Next match"), self.reader.next_hit, "F3")
        self.act_prev_hit = self._action(self.tr("Previous match"), self.reader.previous_hit, "Shift+F3")
        self.act_clear_hits = self._action(self.tr("Clear highlights"), self.reader.clear_highlights, "Esc")
        self.act_bookmark = self._action(self.tr("Bookmark"), self.toggle_bookmark, "Ctrl+D")
        self.act_bookmark.setCheckable(True)
        self.act_edit_bookmark = self._action(self.tr("Edit bookmark note…"), self.edit_current_bookmark)
        self.act_copy = self._action(self.tr("Copy article as text"), self.copy_article, "Ctrl+Shift+C")
        self.act_help = self._action(self.tr("Query syntax"), self.show_query_help, "F1")
        self.act_about = self._action(self.tr("About Baoku"), self.show_about)
        self.act_prev_hit.setText("◀")
        self.act_next_hit.setText("▶")
        self.act_prev_hit.setToolTip(self.tr("Previous match (Shift+F3)"))
        self.act_next_hit.setToolTip(self.tr("Next match (F3)"))
        self.act_bookmark.setText("☆")
        self.act_bookmark.setToolTip(self.tr("Bookmark this article (Ctrl+D)"))
        self.act_copy.setToolTip(self.tr("Copy article as text (Ctrl+Shift+C)"))
        self.act_copy.setText(self.tr("Copy"))

        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, label in (("light", self.tr("Light")), ("sepia", self.tr("Sepia")), ("dark", self.tr("Dark"))):
            act = QAction(label, self, checkable=True)
            act.setChecked(key == self.theme.name)
            act.triggered.connect(lambda _c=False, k=key: self.set_theme(k))
            self.theme_group.addAction(act)
            self.theme_actions[key] = act
        self.language_group = QActionGroup(self)
        for key, label in (("", self.tr("Follow the system")), ("zh_CN", "简体中文"), ("en", "English")):
            act = QAction(label, self, checkable=True)
            act.setChecked(key == self.settings.language)
            act.triggered.connect(lambda _c=False, k=key: self.set_language(k))
            self.language_group.addAction(act)

        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        m.addActions([self.act_import_folder, self.act_import_files])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = bar.addMenu(self.tr("&View"))
        m.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        m.addSeparator()
        themes = m.addMenu(self.tr("Theme"))
        themes.addActions(list(self.theme_actions.values()))
        langs = m.addMenu(self.tr("Language"))
        langs.addActions(self.language_group.actions())
        m = bar.addMenu(self.tr("&Go"))
        m.addActions([self.act_prev_issue, self.act_next_issue, self.act_prev_article, self.act_next_article])
        m.addSeparator()
        m.addActions([self.act_search, self.act_next_hit, self.act_prev_hit, self.act_clear_hits])
        m = bar.addMenu(self.tr("&Article"))
        m.addActions([self.act_bookmark, self.act_edit_bookmark, self.act_copy])
        m = bar.addMenu(self.tr("&Help"))
        m.addActions([self.act_help, self.act_about])

        self.reader.prev_button.setDefaultAction(self.act_prev_hit)
        self.reader.next_button.setDefaultAction(self.act_next_hit)
        self.reader.copy_button.setDefaultAction(self.act_copy)
        self.reader.bookmark_button.setDefaultAction(self.act_bookmark)

    def _wire(self) -> None:
        self.navigator.issueSelected.connect(self.show_issue)
        self.article_list.articleSelected.connect(lambda aid: self.open_article(aid))
        self.search_panel.searchRequested.connect(self._send_search)
        self.search_panel.hitActivated.connect(self.open_hit)
        self.search_panel.cleared.connect(self.reader.clear_highlights)
        self.search.finished.connect(self._search_finished)
        self.search.failed.connect(self._search_failed)
        self.search.ready.connect(self._search_ready)
        self.search.refreshed.connect(lambda: self._done("refresh"))
        self.bookmarks_panel.openRequested.connect(lambda aid: self.open_article(aid))
        self.bookmarks_panel.editRequested.connect(self.edit_bookmark)
        self.bookmarks_panel.removeRequested.connect(self.remove_bookmark)
        self.bookmarks_panel.exportRequested.connect(self.export_bookmarks)
        self.bookmarks_panel.importRequested.connect(self.import_bookmarks)
        self.tabs.currentChanged.connect(self._tab_changed)

    # -- start-up ------------------------------------------------------------------------
    def start(self) -> None:
        """Show what the library holds, then start the background work (warm-up, first import)."""
        self._restore_splitters()
        self.reader.show_article(None)
        self.reload_issues()
        self._restore_position()
        self.reload_bookmarks()
        self._pending.add("search")
        if not self._issues and self._first_run_corpus is not None and self._first_run_corpus.is_dir():
            self._pending.add("import")
            self.article_list.set_issue(None, [], self.tr("Importing the bundled issues…"))
            self.start_import([self._first_run_corpus], title=self.tr("Importing the bundled issues…"),
                              report=False)
        self.search.start()
        self._check_loaded()

    def _done(self, what: str) -> None:
        self._pending.discard(what)
        self._check_loaded()

    def _check_loaded(self) -> None:
        if not self._pending and not self.is_loaded:
            self.is_loaded = True
            self.loaded.emit()

    def _restore_layout(self) -> None:
        geometry = self.settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _restore_splitters(self) -> None:
        """After the window is shown and laid out, so the sizes apply to the real geometry."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        splitter = self.settings.blob("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        nav = self.settings.blob("navigator")
        if nav is not None:
            self.navigator.splitter.restoreState(nav)

    def _restore_tab(self) -> None:
        tab = self.settings.left_tab
        if 0 <= tab < self.tabs.count() and self.tabs.isTabEnabled(tab):
            self.tabs.setCurrentIndex(tab)

    def _restore_position(self) -> None:
        last, last_article = self.settings.last_issue, self.settings.last_article
        if last in self._issues:
            self.navigator.select_issue(last)  # opens its first article, so read last_article first
            if last_article:
                self.open_article(last_article)
        else:
            self.show_newest()

    def show_newest(self) -> None:
        if self._issues:
            newest = self.navigator.issues[-1]
            self.navigator.select_issue(newest.id)

    def save_state(self) -> None:
        s = self.settings
        s.set_blob("geometry", self.saveGeometry())
        s.set_blob("splitter", self.splitter.saveState())
        s.set_blob("navigator", self.navigator.splitter.saveState())
        s.left_tab = self.tabs.currentIndex()
        s.last_issue = self.navigator.current_issue or ""
        s.last_article = self.reader.article.id if self.reader.article else ""
        s.font_size = self.reader.font_size
        s.theme = self.theme.name
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        self.search.stop()
        super().closeEvent(event)

    # -- issues and articles ---------------------------------------------------------
    def reload_issues(self) -> None:
        issues = self.library.issues()
        self._issues = {i.id: i for i in issues}
        self.navigator.set_issues(issues)
        self.stats.setText(self.tr("{issues} issues · {articles} articles").format(
            issues=len(issues), articles=sum(i.article_count for i in issues)))
        if issues:
            self.search_panel.set_date_bounds(issues[0].date, issues[-1].date)
        if not issues:
            self.article_list.set_issue(None, [], self.tr("No issues yet: File → Import folder…"))

    def issue_title(self, issue: Issue) -> str:
        d = QDate.fromString(issue.date, "yyyy-MM-dd")
        day = QLocale().toString(d, QLocale.FormatType.LongFormat) if d.isValid() else issue.date
        count = self.tr("{count} articles").format(count=issue.article_count)
        return f"{day} · {count}"

    def show_issue(self, issue_id: str) -> None:
        issue = self._issues.get(issue_id)
        if issue is None:
            return
        articles = self.library.articles(issue_id)
        self.article_list.set_issue(issue, articles, self.issue_title(issue))
        self.settings.last_issue = issue_id
        if articles:
            self.article_list.select_article(articles[0].id)

    def open_article(self, article_id: str, spans: Any = None) -> bool:
        """Show an article (with the core's hit ``spans`` marked, if given)."""
        try:
            article = self.library.article(article_id)
        except BaokuError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return False
        if self.navigator.current_issue != article.issue_id:
            self.navigator.select_issue(article.issue_id, notify=False)
            issue = self._issues.get(article.issue_id)
            if issue is not None:
                self.article_list.set_issue(issue, self.library.articles(issue.id), self.issue_title(issue))
        self.article_list.select_article(article_id, notify=False)
        self.reader.show_article(article, spans)
        issue = self._issues.get(article.issue_id)
        where = self.issue_title(issue).split(" · ")[0] if issue else article.date
        self.reader.set_where(where)
        self._update_bookmark_state()
        self.settings.last_article = article_id
        self.articleShown.emit(article_id)
        return True

    # -- search --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(TAB_SEARCH)
        self.search_panel.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_panel.box.selectAll()

    def _send_search(self, query: str, date_from: str | None, date_to: str | None, sort: str) -> None:
        qid = self.search.search(query, date_from=date_from, date_to=date_to, sort=sort)
        self.search_panel.expect(qid)

    def _search_finished(self, qid: int, result: SearchResult) -> None:
        if self.search_panel.show_result(qid, result):
            self.searchShown.emit(len(result.hits))

    def _search_failed(self, qid: int, message: str) -> None:
        if self.search_panel.show_error(qid, message):
            self.searchShown.emit(0)

    def _search_ready(self, problem: str) -> None:
        if problem:
            self.statusBar().showMessage(problem, 10000)
        elif self.search_panel.query():
            self.search_panel.run()
        self._done("search")

    def open_hit(self, hit: Hit) -> None:
        self.open_article(hit.article_id, hit.spans)

    # -- reading ---------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        size = self.reader.font_size + step if step else self.settings_default_font()
        self.settings.font_size = size
        self.reader.set_style(self.theme, self.settings.font_size)

    @staticmethod
    def settings_default_font() -> int:
        from reader.ui.settings import DEFAULT_FONT_SIZE

        return DEFAULT_FONT_SIZE

    def set_theme(self, name: str) -> None:
        self.theme = load_theme(name)
        self.settings.theme = self.theme.name
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_app_theme(app, self.theme)
        for pane in (self.navigator, self.article_list, self.search_panel, self.bookmarks_panel):
            pane.set_theme(self.theme)
        self.reader.set_style(self.theme, self.reader.font_size)
        self.theme_actions[self.theme.name].setChecked(True)

    def set_language(self, language: str) -> None:
        self.settings.language = language
        self.statusBar().showMessage(self.tr("The new language is used from the next start."), 8000)

    def copy_article(self) -> None:
        if self.reader.copy_article():
            self.statusBar().showMessage(self.tr("Article copied as text."), 3000)

    # -- bookmarks ---------------------------------------------------------------------------
    def reload_bookmarks(self) -> None:
        if self.bookmarks is not None:
            self.bookmarks_panel.set_bookmarks(self.bookmarks.list(), self.bookmarks.tags())
        self._update_bookmark_state()

    def _update_bookmark_state(self) -> None:
        article = self.reader.article
        on = bool(article and self.bookmarks is not None and self.bookmarks.is_bookmarked(article.id))
        self.act_bookmark.setChecked(on)
        self.act_bookmark.setText("★" if on else "☆")
        self.act_bookmark.setEnabled(article is not None and self.bookmarks is not None)
        self.act_copy.setEnabled(article is not None)
        self.act_edit_bookmark.setEnabled(on)

    def toggle_bookmark(self) -> None:
        """Ctrl+D / the star: bookmark the open article (then offer a note), or remove it."""
        article = self.reader.article
        if article is None or self.bookmarks is None:
            return
        if self.bookmarks.is_bookmarked(article.id):
            self.remove_bookmark(article.id)
        else:
            self.bookmark_current()
            self.edit_bookmark(article.id)

    def bookmark_current(self, note: str = "", tags: tuple[str, ...] = ()) -> None:
        article = self.reader.article
        if article is None or self.bookmarks is None:
            return
        self.bookmarks.add(article, note=note, tags=tags)
        self.reload_bookmarks()
        self.statusBar().showMessage(self.tr("Bookmarked."), 3000)

    def edit_current_bookmark(self) -> None:
        if self.reader.article is not None:
            self.edit_bookmark(self.reader.article.id)

    def edit_bookmark(self, article_id: str) -> None:
        if self.bookmarks is None:
            return
        mark = self.bookmarks.get(article_id)
        if mark is None:
            return
        dialog = BookmarkDialog(mark.title, mark.note, tuple(mark.tags), self)
        dialog.accepted.connect(lambda: self._save_bookmark(article_id, dialog))
        dialog.removeRequested.connect(lambda: self.remove_bookmark(article_id))
        dialog.finished.connect(dialog.deleteLater)
        self.bookmark_dialog = dialog
        dialog.open()

    def _save_bookmark(self, article_id: str, dialog: BookmarkDialog) -> None:
        if self.bookmarks is None:
            return
        note, tags = dialog.values()
        self.bookmarks.update(article_id, note=note, tags=tags)
        self.reload_bookmarks()

    def remove_bookmark(self, article_id: str) -> None:
        if self.bookmarks is not None and self.bookmarks.remove(article_id):
            self.reload_bookmarks()
            self.statusBar().showMessage(self.tr("Bookmark removed."), 3000)

    def export_bookmarks(self, kind: str) -> None:
        if self.bookmarks is None:
            return
        suffix = "md" if kind == "markdown" else "json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export bookmarks"), f"bookmarks.{suffix}")
        if path:
            self.write_bookmarks(Path(path), kind)

    def write_bookmarks(self, path: Path, kind: str) -> bool:
        """Export every bookmark to ``path`` as "markdown" or "json"; a failure is shown, not raised."""
        if self.bookmarks is None:
            return False
        text = self.bookmarks.export_markdown() if kind == "markdown" else self.bookmarks.export_json()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export bookmarks"), str(exc),
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.report_box = box
            box.open()
            return False
        self.statusBar().showMessage(self.tr("Bookmarks exported to {path}").format(path=path), 5000)
        return True

    def import_bookmarks(self) -> None:
        if self.bookmarks is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import bookmarks"), "", "JSON (*.json)")
        if path:
            self.read_bookmarks(Path(path))

    def read_bookmarks(self, path: Path) -> int:
        """Import bookmarks from a JSON export; returns how many (-1 after showing why it failed)."""
        if self.bookmarks is None:
            return -1
        try:
            count = self.bookmarks.import_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, BaokuError, ValueError) as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import bookmarks"), str(exc),
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.report_box = box
            box.open()
            return -1
        self.reload_bookmarks()
        self.statusBar().showMessage(self.tr("{count} bookmarks imported.").format(count=count), 5000)
        return count

    def _tab_changed(self, index: int) -> None:
        if index == TAB_BOOKMARKS:
            self.reload_bookmarks()

    # -- importing ---------------------------------------------------------------------------
    def ask_import_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of issues"))
        if path:
            self.start_import([Path(path)])

    def ask_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import issue files"), "",
                                                self.tr("Text files (*.txt *.text);;All files (*)"))
        if paths:
            self.start_import([Path(p) for p in paths])

    def start_import(self, paths: list[Path], *, title: str = "", report: bool = True) -> bool:
        """Import ``paths`` in the background; False if an import is already running."""
        if self.job is not None:
            self.statusBar().showMessage(self.tr("An import is already running."), 5000)
            return False
        job = BackgroundJob(import_job(self.library.root, paths), title or self.tr("Importing…"), self)
        job.succeeded.connect(lambda result: self._import_done(result, report))
        job.failed.connect(self._import_failed)
        job.finished.connect(self._job_finished)
        self.job = job
        self.job_status.track(job)
        job.start()
        return True

    def _job_finished(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def _import_done(self, result: tuple[ImportReport, str], show_report: bool) -> None:
        report, note = result
        previous = self.navigator.current_issue
        self.reload_issues()
        if previous and previous in self._issues:
            self.navigator.select_issue(previous, notify=False)
        else:
            self.show_newest()
        if self.bookmarks is not None and report.changed:
            self.bookmarks.reconcile(self.library)
            self.reload_bookmarks()
        if report.changed or "import" in self._pending:
            self._pending.add("refresh")
            self.search.refresh()
        self.statusBar().showMessage(self.summary(report), 8000)
        if show_report:
            self.show_report(report, note)
        self.importFinished.emit(report)
        self._done("import")

    def _import_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Import"), message)
        self._done("import")

    def summary(self, report: ImportReport) -> str:
        text = self.tr("{imported} imported, {updated} updated, {unchanged} unchanged, {skipped} skipped").format(
            imported=report.count("imported"), updated=report.count("updated"),
            unchanged=report.count("unchanged") + report.count("duplicate"), skipped=report.count("skipped"))
        if report.cancelled:
            text = self.tr("Import cancelled.") + " " + text
        return text

    def show_report(self, report: ImportReport, note: str = "") -> QMessageBox:
        """The end-of-import report (non-blocking): counts, then each skipped file and why."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Import finished"))
        box.setText(self.summary(report))
        lines = []
        for f in report.files:
            if f.status == "skipped":
                lines.append(self.tr("Skipped {path}: {reason}").format(path=f.path, reason=f.reason))
            elif f.status == "duplicate":
                lines.append(self.tr("Duplicate {path}: {reason}").format(path=f.path, reason=f.reason))
        if note:
            lines.append(note)
        if lines:
            box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
            box.setDetailedText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report_box = box
        box.open()
        return box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # -- help -----------------------------------------------------------------------------------
    def show_query_help(self) -> None:
        self.tabs.setCurrentIndex(TAB_SEARCH)
        self.search_panel.show_help()

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Baoku"),
            self.tr("Baoku (报库): read and search a Chinese newspaper archive.") + "\n"
            + self.tr("Library: {path}").format(path=self.library.root),
        )
