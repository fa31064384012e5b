"""The main window: assembles the panes and wires them together.

It routes and owns no logic of its own: the navigator picks issues, the article
list picks articles, the reading pane shows them, the search panel asks the
search thread, the importer runs background imports, the bookmark actions keep
bookmarks. ``loaded`` fires once start-up work (first-run import, search
warm-up) is done; screenshot mode and tests wait on it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
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
from reader.parsing.layout import page_label
from reader.ui.actions import WindowActions
from reader.ui.article_list import ArticleList
from reader.ui.bookmark_actions import BookmarkActions
from reader.ui.bookmarks_panel import BookmarksPanel
from reader.ui.first_paint import after_first_paint
from reader.ui.i18n import core_text
from reader.ui.importer import Importer
from reader.ui.issue_list import IssueList
from reader.ui.job_status import JobStatus
from reader.ui.library_watch import LibraryWatch
from reader.ui.navigator import Navigator
from reader.ui.reading_actions import ReadingActions
from reader.ui.reading_pane import ReadingPane
from reader.ui.research import ResearchTools
from reader.ui.search_panel import SearchPanel
from reader.ui.search_service import SearchService
from reader.ui.settings import DEFAULT_FONT_SIZE, Settings
from reader.ui.style import apply_app_theme, load_theme
from reader.ui.widgets import named
from reader.ui.worker import BackgroundJob, JobFn, catch_up_job, issues_job

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
        self._first_run_corpus = first_run_corpus
        self._pending: set[str] = set()
        self.is_loaded = False
        self._show_report = False
        self._issues: dict[str, Issue] = {}
        self._issues_version = 0  # reloads so far: a list read at start is dropped after another
        self._jobs: list[BackgroundJob] = []  # the window's own threads (the list, a look): waited for on close
        self._reloads = 0  # lists asked for after an import: only the newest is shown
        self._closed = False  # closed: no thread is started any more (none may outlive the window)
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
        self.research = ResearchTools(self)  # needs the search panel, the reader and the search
        self.splitter.addWidget(self.research.column)
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
        self.importer = Importer(library.root, self.job_status, self)
        self.watch = LibraryWatch(lambda: library.generation, self)
        self.marks = (BookmarkActions(bookmarks, self.bookmarks_panel, self, self.say)
                      if bookmarks is not None else None)
        self.actions_ = WindowActions(self)
        self.research.install_menu()
        self.actions_.theme[self.theme.name].setChecked(True)
        self.reader.prev_button.setDefaultAction(self.actions_.prev_hit)
        self.reader.next_button.setDefaultAction(self.actions_.next_hit)
        self.reader.copy_button.setDefaultAction(self.actions_.copy)
        self.reader.bookmark_button.setDefaultAction(self.actions_.bookmark)
        self.reading = ReadingActions(self)
        self._wire()
        if self.marks is None:
            self.tabs.setTabEnabled(TAB_BOOKMARKS, False)
        self.resize(1280, 800)
        geometry = settings.blob("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        tab = settings.left_tab
        if 0 <= tab < self.tabs.count() and self.tabs.isTabEnabled(tab):
            self.tabs.setCurrentIndex(tab)

    def _wire(self) -> None:
        self.navigator.issueSelected.connect(self.show_issue)
        self.article_list.articleSelected.connect(lambda aid: self.open_article(aid))
        self.reader.articleLinkClicked.connect(lambda aid: self.open_article(aid))
        self.search_panel.searchRequested.connect(self._send_search)
        self.search_panel.moreRequested.connect(self._send_more)
        self.search_panel.hitActivated.connect(self.open_hit)
        self.search_panel.cleared.connect(self.reader.clear_highlights)
        self.search.finished.connect(self._search_finished)
        self.search.failed.connect(self._search_failed)
        self.search.ready.connect(self._search_ready)
        self.search.refreshed.connect(lambda: self._done("refresh"))
        self.bookmarks_panel.openRequested.connect(lambda aid: self.open_article(aid))
        self.importer.finished.connect(self._import_done)
        self.importer.failed.connect(self._import_failed)
        self.watch.changed.connect(self._library_changed)
        if self.marks is not None:
            self.marks.changed.connect(self._update_article_actions)

    def say(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    # -- start-up ------------------------------------------------------------------------
    def start(self) -> None:
        """Show the issue to read first at once (the last one read, else the newest); once the
        window has been painted with it, the background work: the whole list, a look at whether
        the library needs catching up, the search warm-up, the first-run import (threads
        started before the first paint would take turns with it on the interpreter)."""
        self._restore_splitters()
        self.reader.show_article(None)
        first = self._first_issue()
        if first is None:
            self.reload_issues()  # an empty library: its empty state, then the first-run import
        else:
            self._pending.add("issues")
            self.reload_issues([first])
            self.stats.setText(self.tr("Reading the list of issues…"))
        self._restore_position()
        self._update_article_actions()
        self._pending.add("search")
        self.search_panel.count.setText(self.tr("Preparing search…"))
        corpus = self._first_run_corpus
        if not self._issues and corpus is not None and corpus.is_dir():
            self._pending.add("import")
            self.reading.show_empty_library(False)
            self.article_list.set_issue(None, [], self.tr("Importing the bundled issues…"))
        else:
            corpus = None
            if self._issues:
                self._pending.add("check")
        after_first_paint(self, lambda: self._start_background(corpus))

    def _start_background(self, corpus: Path | None) -> None:
        """The start-up work after the first paint (see :meth:`start`); ``corpus``: import it."""
        if self._closed:
            return
        if "issues" in self._pending:
            self._load_issues()
        if "check" in self._pending:
            self._job(catch_up_job(self.library.root), "check", self._checked)
        if corpus is not None:
            self.importer.start([corpus], self.tr("Importing the bundled issues…"))
        if self.marks is not None:
            self.marks.reload()
        self.search.start()
        self.watch.start()
        self._check_loaded()

    def _first_issue(self) -> Issue | None:
        """The issue to open first: the one last read if it is still there, else the newest
        (None: the library has no issue). Read alone, without the list."""
        last = self.settings.last_issue
        if last:
            with contextlib.suppress(BaokuError):
                return self.library.issue(last)
        return self.library.latest_issue()

    def _load_issues(self) -> None:
        version = self._issues_version
        self._job(issues_job(self.library.root), "issues",
                  lambda issues: self._issues_read(issues, version),
                  lambda message: self._issues_read(None, version, message))

    def _job(self, fn: JobFn, title: str, done: Callable[[Any], None],
             failed: Callable[[str], None] | None = None) -> BackgroundJob:
        job = BackgroundJob(fn, title, self)
        if self._closed:
            return job  # not started: its answer would come to a closed window
        # an answer that comes after the window closed (it waited for the thread) is dropped
        job.succeeded.connect(lambda result: None if self._closed else done(result))
        job.failed.connect(lambda message: None if self._closed else (failed or done)(message))
        self._jobs = [j for j in self._jobs if j.isRunning()] + [job]
        job.start()
        return job

    def _checked(self, needed: bool | str) -> None:
        """Issues read by an older version of Baoku, or an index behind the library (or the
        look failed, ``needed`` is then why): catch up in the background."""
        if needed and not self.importer.busy:
            self._pending.add("import")
            self.importer.start([], self.tr("Updating the library to this version of Baoku…"))
        self._done("check")

    def _issues_read(self, issues: IssueList | None, version: int, problem: str = "") -> None:
        """The whole list, read at start: shown unless an import's reload came first."""
        if problem:
            self.say(core_text(problem))
        if issues is not None and version == self._issues_version:
            self.reload_issues(issues)
        self._done("issues")

    def _done(self, what: str) -> None:
        self._pending.discard(what)
        self._check_loaded()

    def _check_loaded(self) -> None:
        if not self._pending and not self.is_loaded:
            self.is_loaded = True
            self.loaded.emit()

    def _restore_splitters(self) -> None:
        """After the window is shown and laid out, so the sizes apply to the real geometry."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        for key, splitter in (("splitter", self.splitter), ("navigator", self.navigator.splitter)):
            state = self.settings.blob(key)
            if state is not None:
                splitter.restoreState(state)

    def _restore_position(self) -> None:
        last, last_article = self.settings.last_issue, self.settings.last_article
        if last in self._issues:
            self.navigator.select_issue(last)  # opens its first article, so read last_article first
            if last_article:
                self.open_article(last_article)
        else:
            self.show_newest()

    def show_newest(self) -> None:
        newest = self.navigator.newest()
        if newest is not None:
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
        self._closed = True
        self.save_state()
        self.watch.stop()
        for job in self._jobs:
            job.wait()
        self.importer.stop()
        self.search.stop()
        self.research.close()
        super().closeEvent(event)

    # -- issues and articles ---------------------------------------------------------
    def reload_issues(self, issues: list[Issue] | IssueList | None = None) -> None:
        """Show ``issues`` (default: every issue, read now; or arranged by a thread) in the
        navigator and the status bar."""
        if issues is None:
            issues = self.library.issues()
        listed = issues if isinstance(issues, IssueList) else IssueList.of(issues)
        self._issues_version += 1
        self._issues = listed.by_id
        self.navigator.set_issues(listed)
        self.reading.show_empty_library(not listed.issues and "import" not in self._pending)
        self.stats.setText(self.tr("{issues} issues · {articles} articles").format(
            issues=len(listed.issues), articles=listed.articles))
        if listed.dates:
            self.search_panel.set_date_bounds(min(listed.dates), max(listed.dates))
        else:
            self.article_list.set_issue(None, [], self.tr("No issues yet: File → Import folder…"))

    def issue_day(self, issue: Issue) -> str:
        d = QDate.fromString(issue.date, "yyyy-MM-dd")
        if d.isValid():
            return QLocale().toString(d, QLocale.FormatType.LongFormat)
        return self.tr("Date unknown")

    def issue_title(self, issue: Issue) -> str:
        paper = f"{issue.paper} · " if issue.paper else ""
        return f"{paper}{self.issue_day(issue)} · " + self.tr("{count} articles").format(
            count=issue.article_count)

    def show_issue(self, issue_id: str) -> None:
        issue = self._issues.get(issue_id)
        if issue is None:
            return
        articles = self.library.articles(issue_id)
        self.article_list.set_issue(issue, articles, self.issue_title(issue))
        self.settings.last_issue = issue_id
        self.setWindowTitle(self.tr("Baoku — newspaper archive") + f" · {self.issue_day(issue)}")
        if articles:
            self.article_list.select_article(articles[0].id)

    def open_article(self, article_id: str, spans: Any = None) -> bool:
        """Show an article (with the core's hit ``spans`` marked, if given)."""
        try:
            article = self.library.article(article_id)
        except BaokuError as exc:
            self.say(core_text(str(exc)))
            return False
        issue = self._issues.get(article.issue_id)
        if self.navigator.current_issue != article.issue_id and issue is not None:
            self.navigator.select_issue(article.issue_id, notify=False)
            self.article_list.set_issue(issue, self.library.articles(issue.id), self.issue_title(issue))
        self.article_list.select_article(article_id, notify=False)
        self.reader.show_article(article, spans)
        where = self.issue_day(issue) if issue else article.date
        if article.paper:
            where = f"{article.paper} · {where}"
        if article.page is not None:
            where += " · " + " ".join(x for x in (page_label(article.page), article.page_name) if x)
        if issue is not None and issue.number:
            where += "  " + self.tr("No. {number}").format(number=issue.number)
        row, count = self.article_list.model.row_of(article_id), self.article_list.model.rowCount()
        if row >= 0:
            where += "  " + self.tr("article {n} of {count}").format(n=row + 1, count=count)
        self.reader.set_where(where)
        self.research.article_shown(article)
        self._update_article_actions()
        self.settings.last_article = article_id
        self.articleShown.emit(article_id)
        return True

    def _update_article_actions(self) -> None:
        article = self.reader.article
        marked = bool(article and self.marks is not None and self.marks.is_bookmarked(article.id))
        act = self.actions_.bookmark
        act.setChecked(marked)
        act.setIconText("★" if marked else "☆")
        act.setEnabled(article is not None and self.marks is not None)
        self.actions_.edit_bookmark.setEnabled(marked)
        self.actions_.copy.setEnabled(article is not None)

    # -- search --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(TAB_SEARCH)
        self.search_panel.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_panel.box.selectAll()

    def _send_search(self, query: str, date_from: str | None, date_to: str | None, sort: str) -> None:
        qid = self.search.search(query, date_from=date_from, date_to=date_to, sort=sort,
                                 limit=self.search_panel.model.page)
        self.search_panel.expect(qid)

    def _send_more(self, query: str, date_from: str | None, date_to: str | None, sort: str,
                   offset: int) -> None:
        qid = self.search.search(query, date_from=date_from, date_to=date_to, sort=sort,
                                 limit=self.search_panel.model.page, offset=offset)
        self.search_panel.expect_more(qid)

    def _search_finished(self, qid: int, result: SearchResult) -> None:
        if self.search_panel.show_result(qid, result):
            self.research.search_shown(result)
            self.searchShown.emit(len(result.hits))

    def _search_failed(self, qid: int, message: str) -> None:
        if self.search_panel.show_error(qid, core_text(message)):
            self.searchShown.emit(0)

    def _search_ready(self, problem: str) -> None:
        if self.search_panel.expected_qid == 0:  # nothing asked yet: drop "Preparing search…"
            self.search_panel.count.setText("")
        if problem:
            self.statusBar().showMessage(core_text(problem), 10000)
        elif self.search_panel.query() and self.search_panel.expected_qid == 0:
            self.search_panel.run()
        self._done("search")

    def open_hit(self, hit: Hit) -> None:
        self.open_article(hit.article_id, hit.spans)

    # -- reading ---------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        """Ctrl++ / Ctrl+- change the reading size by a point; 0 resets it."""
        self.settings.font_size = self.reader.font_size + step if step else DEFAULT_FONT_SIZE
        self.reader.set_style(self.theme, self.settings.font_size)
        self.reading.measure.update()

    def set_theme(self, name: str) -> None:
        self.theme = load_theme(name)
        self.settings.theme = self.theme.name
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_app_theme(app, self.theme)
        for pane in (self.navigator, self.article_list, self.search_panel, self.bookmarks_panel):
            pane.set_theme(self.theme)
        self.reader.set_style(self.theme, self.reader.font_size)
        self.research.set_theme(self.theme)
        self.actions_.theme[self.theme.name].setChecked(True)

    def set_language(self, language: str) -> None:
        self.settings.language = language
        self.say(self.tr("The new language is used from the next start."))

    def copy_article(self) -> None:
        if self.reader.copy_article():
            self.say(self.tr("Article copied as text."))

    # -- bookmarks ---------------------------------------------------------------------------
    def toggle_bookmark(self) -> None:
        if self.marks is not None and self.reader.article is not None:
            self.marks.toggle(self.reader.article)

    def edit_current_bookmark(self) -> None:
        if self.marks is not None and self.reader.article is not None:
            self.marks.edit(self.reader.article.id)

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

    def start_import(self, paths: list[Path], *, report: bool = True) -> bool:
        """Import ``paths`` in the background; False if an import is already running."""
        self._show_report = report
        if not self.importer.start(paths, self.tr("Importing…")):
            self.say(self.tr("An import is already running."))
            return False
        return True

    def _import_done(self, report: ImportReport, note: str) -> None:
        self.watch.acknowledge()
        if report.changed or "import" in self._pending:
            self._pending.add("refresh")
            self.search.refresh()
        self._reload_after_import(lambda: self._imported(report, note))

    def _imported(self, report: ImportReport, note: str) -> None:
        """The end of an import, once the list is shown again."""
        if self.marks is not None:
            # The import re-attached bookmarks in the background (reader.service), also after
            # an earlier import was killed before it could: show what it did.
            self.marks.reload()
        self.say(self.importer.summary(report))
        if self._show_report and "import" not in self._pending:
            self.importer.show_report(report, note)
        self.importFinished.emit(report)
        self._done("import")

    def _import_failed(self, message: str) -> None:
        # A full disk stops an import part-way: the issues stored before it are complete.
        self.watch.acknowledge()
        self.search.refresh()
        self.importer.show_error(message)
        self._reload_after_import(lambda: self._done("import"))

    def _library_changed(self, _generation: int) -> None:
        """Another process (``baoku import`` in a terminal) changed the library: follow it."""
        if self.importer.busy:
            return  # this window's own import reloads everything when it ends
        before = len(self._issues)
        self.search.refresh()

        def then() -> None:
            if self.marks is not None:
                self.marks.reload()
            self.say(self.tr("The library was changed outside this window: {issues} issues ({change:+d}).")
                     .format(issues=len(self._issues), change=len(self._issues) - before))

        self._reload_after_import(then)

    def _reload_after_import(self, then: Callable[[], None]) -> None:
        """Read the list again on a thread (36,500 issues take most of a second) and show it,
        the open issue kept open (else the newest opened); then call ``then``, whether the list
        came, failed or was overtaken by a newer one."""
        self._reloads += 1
        asked = self._reloads

        def read(listed: IssueList | str) -> None:
            if asked == self._reloads:
                if isinstance(listed, IssueList):
                    self._show_reloaded(listed)
                else:
                    self.say(core_text(listed))
            then()

        self._job(issues_job(self.library.root), "issues", read)

    def _show_reloaded(self, listed: IssueList) -> None:
        previous = self.navigator.current_issue
        self.reload_issues(listed)
        if previous and previous in self._issues:
            self.navigator.select_issue(previous, notify=False)
            self._refresh_article_list(previous)
        else:
            self.show_newest()

    def _refresh_article_list(self, issue_id: str) -> None:
        """The open issue's articles again, if the import changed them (a re-read, an upgrade);
        the open article stays open if it is still there, else the issue's first opens."""
        articles = self.library.articles(issue_id)
        model = self.article_list.model
        shown = [model.article(row) for row in range(model.rowCount())]
        if [a.id for a in articles] == [a.id for a in shown if a is not None]:
            return
        current = self.reader.article.id if self.reader.article is not None else None
        issue = self._issues[issue_id]
        self.article_list.set_issue(issue, articles, self.issue_title(issue))
        if not (current and self.article_list.select_article(current, notify=False)) and articles:
            self.article_list.select_article(articles[0].id)

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

    def show_about(self) -> QMessageBox:
        """Help → About: the version and where Baoku keeps its files."""
        from reader.ui.about import show_about

        self.about_box = show_about(self, self.library.root, self.settings.path)
        return self.about_box

    def import_when_loaded(self, paths: list[Path]) -> None:
        """Import ``paths`` (folders dropped on the launcher) once start-up work is done."""
        if self.is_loaded:
            self.start_import(paths)
        else:
            self.loaded.connect(lambda: self.start_import(paths), Qt.ConnectionType.SingleShotConnection)
