"""The research tools in the window: the timeline above the results, the top bylines as
filters, related reports under the article, citations, 历史上的今天 and reference export.

``ResearchTools`` owns these widgets and the Research menu; the main window only
tells it what it showed (``search_shown``, ``article_shown``). Anything that walks
a search's matches or the library (a timeline, top bylines, related reports) runs
on the search thread through :meth:`SearchService.call`; each answer carries an
id, and an answer for anything but the newest request is dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QSplitter

from reader.errors import BaokuError
from reader.research.authors import Author, count_authors
from reader.research.citation import cite
from reader.research.entries import bookmark_entries, hit_entries, reference
from reader.research.export_formats import export
from reader.research.onthisday import on_this_day, parse_day
from reader.research.timeline import Timeline, chart_timeline, count_days
from reader.ui.highlight_actions import HighlightActions
from reader.ui.highlights_panel import HighlightsPanel
from reader.ui.onthisday_dialog import OnThisDayDialog
from reader.ui.related_list import RelatedList
from reader.ui.saved_search_actions import SavedSearchActions
from reader.ui.timeline_chart import TimelineChart
from reader.ui.widgets import named

if TYPE_CHECKING:
    from reader.library import Library
    from reader.models import Article, SearchResult
    from reader.research.related import Related
    from reader.ui.mainwindow import MainWindow
    from reader.ui.style import Theme

TOP_AUTHORS = 6
RELATED_HEIGHT = 150  # px the related reports take under the reading pane when they have some
EXPORT_FILTERS = {"ris": "RIS (*.ris)", "csl-json": "CSL-JSON (*.json)", "markdown": "Markdown (*.md)",
                  "csv": "CSV (*.csv)"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResearchTools", text)


def timeline_job(query: str, date_from: str | None, date_to: str | None) -> Callable[[Library, Any], Timeline]:
    """What the search thread computes for a search's chart, from the index alone: articles per
    year (per month when they fall in two years or fewer). Not occurrences: counting them
    would double the cost, and the bars show articles."""
    def run(_library: Library, searcher: Any) -> Timeline:
        years = searcher.year_counts(query, date_from=date_from, date_to=date_to)
        if sum(1 for y, _n in years if y) > 2:  # per year: counted a year at a time
            return count_days([(y, n, None) for y, n in years], "year")
        return chart_timeline(searcher.day_counts(query, date_from=date_from, date_to=date_to,
                                                  occurrences=False))
    return run


def bylines_job(query: str, date_from: str | None, date_to: str | None
                ) -> Callable[[Library, Any], list[Author]]:
    """The bylines most often among a search's articles, asked for after its chart (the first
    time after an import, the search reads the library's bylines: the chart does not wait)."""
    def run(_library: Library, searcher: Any) -> list[Author]:
        return count_authors(searcher.byline_counts(query, date_from=date_from, date_to=date_to), TOP_AUTHORS)
    return run


def related_job(article_id: str) -> Callable[[Library, Any], list[Related]]:
    def run(library: Library, searcher: Any) -> list[Related]:
        from reader.research.related import related  # the search package: on the search thread

        return related(library, searcher, article_id)
    return run


class ResearchTools(QObject):
    """The research tools' widgets, menu and requests; ``idle`` once no answer is awaited."""

    idle = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        theme = window.theme
        self.chart = TimelineChart(theme)
        self.authors = named(QLabel(), "muted")
        self.authors.setTextFormat(Qt.TextFormat.RichText)
        self.authors.setWordWrap(True)
        self.authors.setContentsMargins(8, 0, 8, 4)
        self.authors.hide()
        self.related = RelatedList(theme)
        self.column = QSplitter(Qt.Orientation.Vertical)
        self.column.addWidget(window.reader)
        self.column.addWidget(self.related)
        self.column.setStretchFactor(0, 1)
        self.column.setChildrenCollapsible(False)
        self.column.setSizes([640, RELATED_HEIGHT])
        self._related_height = RELATED_HEIGHT
        self.related.foldChanged.connect(self._fit_related)
        panel = window.search_panel
        panel.add_above_results(self.chart)
        panel.add_above_results(self.authors)
        self.dialog: OnThisDayDialog | None = None
        self._jobs: dict[int, Callable[[Any], None]] = {}  # other calls: id -> what to do with the answer
        self.passages = HighlightActions(window, HighlightsPanel(theme))
        self.searches = SavedSearchActions(window, QMenu(_tr("Saved searches")), self.job)
        self.timeline: Timeline | None = None
        self.top_authors: list[Author] = []
        self.related_items: list[Related] | None = None
        self._timeline_call = self._bylines_call = self._related_call = 0
        self._charted: tuple[str, str | None, str | None, int] | None = None  # what the chart shows
        self._related_for = ""

        self.copy_citation = self._action(_tr("Copy citation"), self.copy_article_citation, "Ctrl+Alt+C")
        self.by_author = self._action(_tr("Articles by this author"), self.show_author_page)
        self.on_this_day = self._action(_tr("On this day (历史上的今天)…"), self.show_on_this_day, "Ctrl+T")
        self.day_at_start = self._action(_tr("Show 历史上的今天 at start"), self._toggle_day_at_start)
        self.day_at_start.setCheckable(True)
        self.day_at_start.setChecked(window.settings.on_this_day_at_start)
        self.print_article = self._action(_tr("Print article…"), self.ask_print, "Ctrl+P")
        self.save_pdf = self._action(_tr("Save article as PDF…"), self.ask_pdf)
        self.export_results = self._action(_tr("Export search results…"), lambda: self.ask_export("search"))
        self.save_search = self._action(_tr("Save this search…"), self.searches.ask_save, "Ctrl+Shift+S")
        self.recent = self._action(_tr("Recent searches"), self.searches.show_history, "Ctrl+E")
        self.highlight = self._action(_tr("Highlight selection…"), self.passages.highlight_selection, "Ctrl+H")
        self.export_marks = self._action(_tr("Export bookmarks as references…"),
                                         lambda: self.ask_export("bookmarks"))
        self.chart.periodPicked.connect(self.filter_to_period)
        self.authors.linkActivated.connect(self.filter_to_author)
        self.related.openRequested.connect(lambda aid: window.open_article(aid))
        window.reader.browser.viewport().installEventFilter(self)  # a click on a byline name
        window.search.called.connect(self._called)
        window.search.callFailed.connect(self._call_failed)
        window.search.ready.connect(self._search_ready)
        window.search_panel.cleared.connect(lambda: self._show_timeline(None, []))
        window.search.failed.connect(self._search_failed)
        window.loaded.connect(self._start_page)
        window.loaded.connect(self.passages.reanchor)
        window.loaded.connect(self.searches.count_new)
        window.importFinished.connect(lambda _report: self.passages.reanchor())
        # after an import, once the search has the new articles
        window.search.refreshed.connect(self.searches.count_new)
        window.search.refreshed.connect(self._forget_chart)  # the index has more: count again
        self.update_actions(None)

    def install_menu(self) -> None:
        """The Research menu, before Help, and the Highlights tab (call once the window's own
        menus and bookmarks exist)."""
        if self.window.marks is not None:  # beside the bookmarks, in the same database
            if self.passages.open():
                self.window.tabs.addTab(self.passages.panel, _tr("Passages"))
            self.searches.open()
        self.update_actions(None)
        state = self.window.settings.blob("research_column")
        if state is not None:
            self.column.restoreState(state)
        bar = self.window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        self.menu = bar.addMenu(_tr("&Research"))
        if menus:
            bar.insertMenu(menus[-1], self.menu)
        self.menu.addActions([self.copy_citation, self.highlight, self.by_author, self.on_this_day,
                              self.day_at_start])
        self.menu.addSeparator()
        self.menu.addActions([self.save_search, self.recent])
        self.menu.addMenu(self.searches.menu)
        self.menu.addSeparator()
        self.menu.addActions([self.print_article, self.save_pdf])
        self.menu.addSeparator()
        self.menu.addActions([self.export_results, self.export_marks])

    def _action(self, text: str, slot: Callable[[], object], key: str = "") -> QAction:
        act = QAction(text, self.window)
        if key:
            act.setShortcut(QKeySequence(key))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def _fit_related(self, folded: bool) -> None:
        """The related reports folded to their title (the reading pane takes the rest), or
        opened again (they get their room back)."""
        top, bottom = self.column.sizes()
        if folded:
            self._related_height = max(bottom, RELATED_HEIGHT)  # what the reader gave it, for later
            height = self.related.maximumHeight()
        else:
            height = self._related_height
        self.column.setSizes([max(0, top + bottom - height), height])

    def set_theme(self, theme: Theme) -> None:
        self.chart.set_theme(theme)
        self.related.set_theme(theme)
        self.passages.panel.set_theme(theme)

    def _search_failed(self, qid: int, _message: str) -> None:
        if qid == self.window.search_panel.expected_qid:  # the shown query was refused: no chart
            self._timeline_call = self._bylines_call = 0
            self._show_timeline(None, [])

    def close(self) -> None:
        if not self.related.folded:  # folded, the column's sizes say nothing of the reader's choice
            self.window.settings.set_blob("research_column", self.column.saveState())
        self.window.settings.sync()
        self.passages.close()
        self.searches.close()

    # -- what the window showed ------------------------------------------------------
    def search_shown(self, result: SearchResult) -> None:
        """A search was answered: ask for its timeline and top bylines."""
        panel = self.window.search_panel
        date_from, date_to, _sort = panel.options()
        self.searches.remember(result.query)
        if result.total == 0:
            self._timeline_call = self._bylines_call = 0
            self._show_timeline(None, [])
            self._check_idle()
            return
        charted = (result.query, date_from, date_to, self.window.library.generation)
        if charted == self._charted:  # another page, or another order, of the search charted
            self._check_idle()
            return
        self._charted = charted
        self._timeline_call = self.window.search.call(timeline_job(result.query, date_from, date_to),
                                                      kind="timeline")
        self._bylines_call = self.window.search.call(bylines_job(result.query, date_from, date_to),
                                                     kind="bylines")

    def _forget_chart(self) -> None:
        self._charted = None

    def article_shown(self, article: Article | None) -> None:
        self.update_actions(article)
        self.passages.show_passages()
        if article is None or article.id == self._related_for:
            return
        self._related_for = article.id
        self.related_items = None
        self.related.set_related(None)
        if self.window.search.is_ready:
            self._related_call = self.window.search.call(related_job(article.id), kind="related")
        else:  # asked for when the search is ready
            self._related_call = 0

    @property
    def busy(self) -> bool:
        """Waiting for a timeline, top bylines or related reports."""
        waiting = self._timeline_call or self._bylines_call or self._related_call or self._jobs
        return bool(waiting) or (self.related_items is None and bool(self._related_for))

    def _search_ready(self, problem: str) -> None:
        if not problem and self.related_items is None and self._related_for and not self._related_call:
            self._related_call = self.window.search.call(related_job(self._related_for), kind="related")
        elif problem:
            self.related_items = []
            self.related.set_related([])
            self._check_idle()

    def _check_idle(self) -> None:
        if not self.busy:
            self.idle.emit()

    def update_actions(self, article: Article | None) -> None:
        self.copy_citation.setEnabled(article is not None)
        self.print_article.setEnabled(article is not None)
        self.save_pdf.setEnabled(article is not None)
        self.highlight.setEnabled(article is not None and self.passages.store is not None)
        self.by_author.setEnabled(bool(article and article.author))

    # -- answers from the search thread ---------------------------------------------------
    def _called(self, cid: int, result: Any) -> None:
        if cid == self._timeline_call:
            self._timeline_call = 0
            self.timeline = result
            self.chart.set_timeline(result)
        elif cid == self._bylines_call:
            self._bylines_call = 0
            self._show_authors(result)
        elif cid == self._related_call:
            self._related_call = 0
            self.related_items = list(result)
            self.related.set_related(self.related_items)
        elif cid in self._jobs:
            self._jobs.pop(cid)(result)
        else:
            return  # an answer nobody waits for any more
        self._check_idle()

    def _call_failed(self, cid: int, message: str) -> None:
        if cid == self._timeline_call:
            self._timeline_call = 0
            self._charted = None
            self.timeline = None
            self.chart.set_timeline(None)
        elif cid == self._bylines_call:
            self._bylines_call = 0
            self._charted = None
            self._show_authors([])
        elif cid == self._related_call:
            self._related_call = 0
            self.related_items = []
            self.related.set_related([])
            self.window.say(message)
        elif cid in self._jobs:
            self._jobs.pop(cid)
            self.window.say(message)
        else:
            return
        self._check_idle()

    def _show_timeline(self, timeline: Timeline | None, authors: list[Author]) -> None:
        self._charted = None
        self.timeline = timeline
        self.chart.set_timeline(timeline)
        self._show_authors(authors)

    def _show_authors(self, authors: list[Author]) -> None:
        self.top_authors = authors
        if len(authors) > 1 or (authors and "author:" not in self.window.search_panel.query()):
            links = " · ".join(
                f'<a href="{html.escape(a.name)}">{html.escape(a.name)}</a> ({a.articles})' for a in authors)
            self.authors.setText(html.escape(_tr("By:")) + " " + links)
            self.authors.show()
        else:
            self.authors.hide()

    # -- acting ----------------------------------------------------------------------
    def filter_to_period(self, first: str, last: str) -> None:
        """A bar (or a range of bars) was picked: search that period only."""
        panel = self.window.search_panel
        a, b = QDate.fromString(first, "yyyy-MM-dd"), QDate.fromString(last, "yyyy-MM-dd")
        if not (a.isValid() and b.isValid()):
            return
        with QSignalBlocker(panel.use_dates), QSignalBlocker(panel.date_from), QSignalBlocker(panel.date_to):
            panel.use_dates.setChecked(True)
            panel.date_from.setDate(a)
            panel.date_to.setDate(b)
        panel.date_from.setEnabled(True)
        panel.date_to.setEnabled(True)
        panel.run()

    def filter_to_author(self, name: str) -> None:
        """A top byline was clicked: narrow the search to that person's articles."""
        panel = self.window.search_panel
        query = panel.query()
        term = f"author:{name}"
        if term not in query.split():
            panel.set_query(f"{query} {term}".strip())
        panel.run()

    def show_author_page(self, name: str = "") -> None:
        """An author's page: every article by ``name`` (default: the open article's first
        author), with its timeline."""
        article = self.window.reader.article
        if not name and (article is None or not article.author):
            return
        name = name or (article.author.split()[0] if article else "")
        self.window.focus_search()
        self.window.search_panel.set_query(f"author:{name}")
        self.window.search_panel.run()

    def author_at(self, position: int) -> str:
        """The byline name printed at document ``position`` ("" if none): 李明璇 in
        本报讯（记者 李明璇）, 孙 权 as 孙权."""
        article, reader = self.window.reader.article, self.window.reader
        where = reader.field_at(position)
        if article is None or where is None or where[0] != "byline":
            return ""
        offset = where[1]
        for name in article.author.split():
            pattern = r"\s*".join(map(re.escape, name))
            for m in re.finditer(pattern, article.byline):
                if m.start() <= offset < m.end():
                    return name
        return ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """A click (not a selection) on a name in the byline opens that author's page."""
        if (event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and not self.window.reader.browser.textCursor().hasSelection()):
            browser = self.window.reader.browser
            position = browser.cursorForPosition(event.position().toPoint()).position()
            name = self.author_at(position) or self.author_at(position - 1)
            if name:
                self.show_author_page(name)
        return False

    def citation(self, article_id: str) -> str:
        return cite(reference(self.window.library, article_id))

    def copy_article_citation(self) -> None:
        article = self.window.reader.article
        if article is None:
            return
        text = self.citation(article.id)
        QGuiApplication.clipboard().setText(text)
        self.window.say(_tr("Citation copied: {text}").format(text=text))

    def show_on_this_day(self, month_day: str | None = None) -> OnThisDayDialog:
        if self.dialog is None:
            self.dialog = OnThisDayDialog(self.window)
            self.dialog.dayChanged.connect(self._load_day)
            self.dialog.openRequested.connect(lambda aid: self.window.open_article(aid))
        self._load_day(month_day)
        self.dialog.show()
        return self.dialog

    def _toggle_day_at_start(self) -> None:
        self.window.settings.on_this_day_at_start = self.day_at_start.isChecked()

    def _start_page(self) -> None:
        """The start page option: 历史上的今天 for today, once the library is loaded."""
        if self.window.settings.on_this_day_at_start and self.window.library.issues():
            self.show_on_this_day()

    def _load_day(self, month_day: str | None) -> None:
        assert self.dialog is not None
        day, before = parse_day(month_day)  # the years before this one
        self.dialog.show_day(on_this_day(self.window.library, day, before=before))

    def ask_export(self, what: str) -> None:
        filters = ";;".join(EXPORT_FILTERS.values())
        name = "search.ris" if what == "search" else "bookmarks.ris"
        path, chosen = QFileDialog.getSaveFileName(self.window, _tr("Export references"), name, filters)
        if path:
            fmt = next((k for k, v in EXPORT_FILTERS.items() if v == chosen), "ris")
            self.write_export(Path(path), what, fmt)

    def write_export(self, path: Path, what: str, fmt: str) -> bool:
        """Write the shown search results or every bookmark to ``path`` in ``fmt``."""
        library = self.window.library
        if what == "search":
            result = self.window.search_panel.last_result
            entries = hit_entries(library, result.hits if result else ())
        elif self.window.marks is not None:
            entries = bookmark_entries(library, self.window.marks.bookmarks.list(), self.passages.all())
        else:
            entries = []
        try:
            text = export(entries, fmt)
            path.write_text(("\ufeff" if fmt == "csv" else "") + text, encoding="utf-8")
        except (OSError, BaokuError) as exc:
            self.window.say(str(exc))
            return False
        self.window.say(_tr("{count} references written to {path}").format(count=len(entries), path=path))
        return True

    def job(self, fn: Callable[[Library, Any], object], then: Callable[[Any], None]) -> None:
        """Run ``fn(library, searcher)`` on the search thread, ``then(answer)`` here."""
        if self.window.search.is_ready:
            self._jobs[self.window.search.call(fn)] = then

    # -- printing ---------------------------------------------------------------------------------
    def ask_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.window.reader.article is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def ask_pdf(self) -> None:
        article = self.window.reader.article
        if article is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, _tr("Save article as PDF"),
                                              f"{article.date} {article.title[:30]}.pdf", "PDF (*.pdf)")
        if path:
            self.save_as_pdf(Path(path))

    def save_as_pdf(self, path: Path) -> int:
        """The open article as an A4 PDF with its citation as the footer; the pages written."""
        from reader.ui.printing import pdf_printer

        pages = self.print_to(pdf_printer(path))
        if pages:
            self.window.say(_tr("Saved {pages} pages to {path}").format(pages=pages, path=path))
        return pages

    def print_to(self, printer: Any) -> int:
        from reader.ui.printing import print_article

        article = self.window.reader.article
        if article is None:
            return 0
        pages = print_article(article, self.citation(article.id), printer, self.window.reader.font_size)
        if not pages:
            self.window.say(_tr("The printer could not be started."))
        return pages
