"""The search panel: query box, date range, sort, result count and the results list.

The panel only asks (``searchRequested``) and shows; the window sends the query
to the search thread and hands answers back with their query id. The panel
remembers the id it is waiting for and drops any other answer, so results for
an older query never replace a newer one.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui import plaintext as plain
from reader.ui.delegates import HTML_ROLE, ID_ROLE, HtmlItemDelegate
from reader.ui.renderer import marked
from reader.ui.style import Theme
from reader.ui.widgets import named

if TYPE_CHECKING:
    from reader.models import Hit, SearchResult

AnyIndex = QModelIndex | QPersistentModelIndex
SORTS = ("relevance", "newest", "oldest")
DEBOUNCE_MS = 300
LAYOUT_BATCH = 100  # result rows laid out per turn of the event loop
PAGE = 50  # hits asked for at a time (a few screens); more are fetched as the list scrolls to its end


class SearchResultsModel(QAbstractListModel):
    """The hits of one search: headline, date and snippet with the matches marked.

    It holds the first hits of ``total``; when the view scrolls to the end, Qt calls
    :meth:`fetchMore`, which asks (``moreWanted(offset)``) for the next page of hits, those
    from ``offset`` on; the panel appends them with :meth:`append` when they come. Only the
    page is searched for and read, so the last page of a long list costs what the first did.
    """

    moreWanted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._markup: dict[int, str] = {}  # row -> its HTML, made once (the view asks at every layout)
        self._total = 0
        self._asking = False
        self.page = PAGE

    def set_hits(self, hits: list[Hit], total: int | None = None) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._markup = {}
        self._total = len(self._hits) if total is None else max(total, len(self._hits))
        self._asking = False
        self.endResetModel()

    def append(self, hits: list[Hit], offset: int = 0) -> None:
        """Hits of the same search from ``offset`` on: those beyond what is shown are added."""
        self._asking = False
        new = list(hits[len(self._hits) - offset:]) if offset <= len(self._hits) else []
        if not new:
            self._total = len(self._hits)  # the search found fewer this time: stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self._hits), len(self._hits) + len(new) - 1)
        self._hits.extend(new)
        self.endInsertRows()

    def stop_asking(self) -> None:
        self._asking = False

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._asking and len(self._hits) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._asking = True
            self.moreWanted.emit(len(self._hits))

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return h.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(f"{h.date} {h.title}")
        if role == ID_ROLE:
            return h.article_id
        if role == HTML_ROLE:
            markup = self._markup.get(index.row())
            if markup is None:
                markup = self._markup[index.row()] = _hit_markup(h)
            return markup
        return None


def _hit_markup(h: Hit) -> str:
    """A hit's row: headline, date and snippet, the text escaped and its matches marked."""
    title_spans = h.spans_in("title")
    title = marked(h.title, 0, title_spans) if _same_title(h) else html.escape(h.title)
    snippet = marked(h.snippet, 0, [(int(s), int(e)) for s, e in h.snippet_spans])
    return (
        f'<p class="head">{title}</p>'
        f'<p class="small">{html.escape(h.date)}</p>'
        f'<p class="note">{snippet}</p>'
    )


def _same_title(hit: Hit) -> bool:
    """Title spans are offsets into the article's title field, valid here only if the hit's
    title is that same string (the core may show kicker + title)."""
    spans = hit.spans_in("title")
    return bool(spans) and all(e <= len(hit.title) for _, e in spans)


class SearchPanel(QWidget):
    """Box, options and results; ``searchRequested`` / ``hitActivated(Hit)`` go to the window."""

    searchRequested = Signal(str, object, object, str)  # query, date_from, date_to, sort
    moreRequested = Signal(str, object, object, str, int)  # the same search, hits from an offset on
    cleared = Signal()
    hitActivated = Signal(object)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.expected_qid = 0
        self.more_qid = -1  # the id of a request for more hits of the shown search
        self._asked: tuple[str, str | None, str | None, str] | None = None
        self._more_offset = 0  # where the hits asked for as more_qid start
        self.last_result: SearchResult | None = None
        self.box = QLineEdit()
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("Search the archive (Ctrl+K)"))
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setToolTip(self.tr("Query syntax"))
        self.error = named(QLabel(), "error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.use_dates = QCheckBox(self.tr("Dates"))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.date_from.setDate(QDate(2000, 1, 1))
        self.date_to.setDate(QDate.currentDate())
        self.sort = QComboBox()
        for key, label in zip(SORTS, (self.tr("Relevance"), self.tr("Newest first"), self.tr("Oldest first")), strict=True):
            self.sort.addItem(label, key)
        self.count = named(QLabel(), "muted")
        self.suggest = named(QLabel(), "muted")  # what to try when nothing was found
        self.suggest.setWordWrap(True)
        self.suggest.setTextFormat(Qt.TextFormat.RichText)
        self.suggest.setContentsMargins(8, 0, 8, 6)
        self.suggest.hide()
        self.suggest.linkActivated.connect(self._try_suggestion)
        self._suggested: list[str] = []
        self.model = SearchResultsModel(self)
        self.model.moreWanted.connect(self._want_more)
        self.view = QListView()
        self.view.setModel(self.model)
        self.delegate = HtmlItemDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        # thousands of rows (a list scrolled far) are laid out a batch per turn of the event
        # loop, not all at once whenever a page is added or the width changes
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(LAYOUT_BATCH)
        self.view.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(self.help_button)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to, 1)
        sort_row = QHBoxLayout()
        sort_row.addWidget(self.count, 1)
        sort_row.addWidget(self.sort)
        controls = QVBoxLayout()
        controls.setContentsMargins(8, 8, 8, 6)
        controls.setSpacing(6)
        controls.addLayout(top)
        controls.addWidget(self.error)
        controls.addLayout(dates)
        controls.addLayout(sort_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(controls)
        layout.addWidget(self.suggest)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run)
        self.box.textEdited.connect(lambda _t: self._debounce.start())
        self.box.returnPressed.connect(self.run)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self._rerun())
        self.date_to.dateChanged.connect(lambda _d: self._rerun())
        self.sort.currentIndexChanged.connect(lambda _i: self._rerun())
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.help_button.clicked.connect(self.show_help)
        self._help: QFrame | None = None
        self.box.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """↓ in the search box enters the results (Enter there opens one)."""
        if (watched is self.box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self.model.rowCount()):
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            row = max(0, self.view.currentIndex().row())
            self.view.setCurrentIndex(self.model.index(row, 0))
            self._activated(self.model.index(row, 0))
            return True
        return super().eventFilter(watched, event)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def add_above_results(self, widget: QWidget) -> None:
        """Put ``widget`` between the controls and the results (the timeline, the top bylines)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.view), widget)

    # -- asking -------------------------------------------------------------------------
    def query(self) -> str:
        return self.box.text().strip()

    def set_query(self, text: str) -> None:
        self.box.setText(text)

    def options(self) -> tuple[str | None, str | None, str]:
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return date_from, date_to, str(self.sort.currentData())

    def set_date_bounds(self, first: str, last: str) -> None:
        """Start the date range at the library's first and last issue."""
        a, b = QDate.fromString(first, "yyyy-MM-dd"), QDate.fromString(last, "yyyy-MM-dd")
        if a.isValid() and b.isValid() and not self.use_dates.isChecked():
            self.date_from.setDate(a)
            self.date_to.setDate(b)

    def run(self) -> None:
        """Search for what the box holds now (Enter, or a pause in typing)."""
        self._debounce.stop()
        query = self.query()
        if not query:
            self.clear_results()
            return
        date_from, date_to, sort = self.options()
        if date_from and date_to and date_from > date_to:
            self.expected_qid = -1  # an answer still on its way is not for this
            self.error.setText(self.tr("The first date ({first}) is after the last ({last}).").format(
                first=date_from, last=date_to))
            self.error.show()
            self.count.setText("")
            self.model.set_hits([])
            return
        self.more_qid = -1
        self._asked = (query, date_from, date_to, sort)
        self.searchRequested.emit(query, date_from, date_to, sort)

    def _want_more(self, offset: int) -> None:
        if self._asked is None:
            self.model.stop_asking()
            return
        self._more_offset = offset
        self.moreRequested.emit(*self._asked, offset)

    def expect_more(self, qid: int) -> None:
        """The window asked for more hits of the shown search as ``qid``."""
        self.more_qid = qid

    def expect(self, qid: int) -> None:
        """The window sent the current query as ``qid``: only that answer is shown."""
        self.expected_qid = qid
        self.count.setText(self.tr("Searching…"))

    def _rerun(self) -> None:
        if self.query():
            self.run()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._rerun()

    # -- answers ------------------------------------------------------------------------
    def show_result(self, qid: int, result: SearchResult) -> bool:
        """Show ``result`` if it answers the newest query; False (and ignored) if stale."""
        if qid == self.more_qid and qid >= 0:
            self.more_qid = -1
            self.model.append(list(result.hits), self._more_offset)
            self._show_count()
            return True
        if qid != self.expected_qid:
            return False
        self.last_result = result
        self.error.hide()
        self.model.set_hits(list(result.hits), result.total)
        self._show_count()
        return True

    def _show_suggestions(self, query: str | None) -> None:
        """Under "No articles found": looser queries to click (the text escaped)."""
        from reader.suggest import suggestions

        self._suggested = suggestions(query) if query else []
        if not self._suggested:
            self.suggest.hide()
            return
        links = "　".join(f'<a href="{n}">{html.escape(q)}</a>' for n, q in enumerate(self._suggested))
        self.suggest.setText(html.escape(self.tr("Try:")) + " " + links)
        self.suggest.show()

    def _try_suggestion(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self._suggested):
            self.set_query(self._suggested[int(link)])
            self.run()

    def _show_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        self._show_suggestions(self.last_result.query if total == 0 and self.last_result else None)
        if total == 0:
            self.count.setText(self.tr("No articles found"))
        elif total > shown:
            self.count.setText(self.tr("{total} articles ({shown} listed; scroll for more)").format(
                total=total, shown=shown))
        else:
            self.count.setText(self.tr("{total} articles").format(total=total))

    def show_error(self, qid: int, message: str) -> bool:
        if qid == self.more_qid and qid >= 0:
            self.more_qid = -1
            self.model.stop_asking()
            return True
        if qid != self.expected_qid:
            return False
        self.error.setText(message)
        self.error.show()
        self.count.setText("")
        self.model.set_hits([])
        self._show_suggestions(None)
        return True

    def clear_results(self) -> None:
        self.expected_qid = -1
        self.more_qid = -1
        self.last_result = None
        self.error.hide()
        self.count.setText("")
        self.model.set_hits([])
        self._show_suggestions(None)
        self.cleared.emit()

    def _activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            self.hitActivated.emit(hit)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys in the results preview each hit, as a click would."""
        if self.view.hasFocus():
            self._activated(current)

    def open_first(self) -> bool:
        hit = self.model.hit(0)
        if hit is None:
            return False
        self.view.setCurrentIndex(self.model.index(0, 0))
        self.hitActivated.emit(hit)
        return True

    # -- help -------------------------------------------------------------------------------
    def help_text(self) -> str:
        rows = [
            ("大同", self.tr("articles containing exactly this text")),
            ("大同 煤炭", self.tr("both words (in any order)")),
            ("大同 OR 太原", self.tr("either word")),
            ("大同 -疫情", self.tr("without the second word")),
            ('"绿色 发展"', self.tr("an exact phrase, spaces and punctuation included")),
            ("(大同 OR 太原) 煤炭", self.tr("parentheses group terms")),
            ("title:疫情", self.tr("in the headline only")),
            ("author:韩云峰", self.tr("by this author")),
            ("paper:大同日报", self.tr("in this paper only")),
            ("page:1", self.tr("on this page (版) only")),
            ("date:2022-01", self.tr("a year, a month or a day")),
            ("date:2022-01-10..2022-03-31", self.tr("a date range")),
        ]
        cells = "".join(
            f"<tr><td style='padding: 2px 12px 2px 0'><code>{html.escape(q)}</code></td>"
            f"<td style='padding: 2px 0'>{html.escape(d)}</td></tr>"
            for q, d in rows
        )
        return (
            f"<b>{html.escape(self.tr('Query syntax'))}</b><table>{cells}</table>"
            f"<p>{html.escape(self.tr('Latin letters and digits match whole (5G is not found inside 1.5GW); traditional and simplified characters are one (云冈 finds 雲岡).'))}</p>"
            f"<p>{html.escape(self.tr('Chinese punctuation works too: “ ” 「 」 ‘ ’ 『 』 as quotes, ： after a field, （ ）, and － or — before a word to exclude it.'))}</p>"
        )

    def show_help(self) -> QFrame:
        if self._help is None:
            frame = QFrame(self, Qt.WindowType.Popup)
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            label = QLabel(self.help_text(), frame)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(12, 10, 12, 10)
            box = QVBoxLayout(frame)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(label)
            self._help = frame
        self._help.adjustSize()
        self._help.move(self.help_button.mapToGlobal(QPoint(0, self.help_button.height())))
        self._help.show()
        return self._help
