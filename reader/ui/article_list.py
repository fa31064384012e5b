"""The article list: an issue's articles in print order (kicker, headline, byline)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.models import Article, Issue
from reader.parsing.layout import page_label
from reader.ui import plaintext as plain
from reader.ui.delegates import HTML_ROLE, ID_ROLE, HtmlItemDelegate
from reader.ui.style import Theme
from reader.ui.widgets import named

AnyIndex = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    """One row per article; DisplayRole is the headline, HTML_ROLE the three-line entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._articles: list[Article] = []
        self.photo_label = self.tr("[Photo]")
        self.show_pages = False  # each entry names its page (when a list shows several pages)

    def set_articles(self, articles: list[Article]) -> None:
        self.beginResetModel()
        self._articles = list(articles)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._articles)

    def article(self, row: int) -> Article | None:
        return self._articles[row] if 0 <= row < len(self._articles) else None

    def row_of(self, article_id: str) -> int:
        for n, a in enumerate(self._articles):
            if a.id == article_id:
                return n
        return -1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._articles):
            return None
        a = self._articles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return a.title or a.heading
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(a.heading)
        if role == ID_ROLE:
            return a.id
        if role == HTML_ROLE:
            parts = []
            if a.kicker:
                parts.append(f'<p class="small">{html.escape(a.kicker)}</p>')
            parts.append(f'<p class="head">{html.escape(a.title or a.heading)}</p>')
            if a.subtitle:
                parts.append(f'<p class="note">{html.escape(a.subtitle)}</p>')
            meta = [a.byline] if a.byline else []
            if self.show_pages and a.page is not None:
                meta.insert(0, page_label(a.page))
            if a.kind == "photo":
                meta.insert(0, self.photo_label)
            if meta:
                parts.append(f'<p class="small">{html.escape("  ".join(meta))}</p>')
            return "".join(parts)
        return None


class ArticleList(QWidget):
    """The middle pane; ``articleSelected(id)`` when the reader picks an article."""

    articleSelected = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = named(QLabel(), "paneTitle")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self._all: list[Article] = []
        self.page_bar = named(QWidget(), "pageBar")
        self.pages = named(QComboBox(), "pageSelector")
        self.pages.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pages.setMinimumContentsLength(8)
        self.prev_page = QToolButton()
        self.next_page = QToolButton()
        self.prev_page.setText(self.tr("Previous page"))
        self.next_page.setText(self.tr("Next page"))
        self.prev_page.setToolTip(self.tr("Previous page (PgUp)"))
        self.next_page.setToolTip(self.tr("Next page (PgDn)"))
        bar = QHBoxLayout(self.page_bar)
        bar.setContentsMargins(8, 2, 8, 4)
        bar.addWidget(self.prev_page)
        bar.addWidget(self.pages, 1)
        bar.addWidget(self.next_page)
        self.page_bar.hide()
        self.pages.currentIndexChanged.connect(self._page_chosen)
        self.prev_page.clicked.connect(lambda: self.step_page(-1))
        self.next_page.clicked.connect(lambda: self.step_page(1))
        self.model = ArticleListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.delegate = HtmlItemDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.page_bar)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self._quiet = False
        self._issue_id: str | None = None

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def set_issue(self, issue: Issue | None, articles: list[Article], title: str,
                  page: int | None = None) -> None:
        """Show an issue: its page list (when the files say which page is which) and the
        articles of ``page`` (of the first page when not given, of the page already shown
        when the same issue is shown again)."""
        self._all = list(articles) if issue else []
        numbered = [p for p in issue.pages if p.number is not None] if issue else []
        keep = self.current_page if self._issue_id == (issue.id if issue else None) else None
        self._issue_id = issue.id if issue else None
        blocked = self.pages.blockSignals(True)
        self.pages.clear()
        if len(numbered) > 1:
            self.pages.addItem(self.tr("All pages · {count} articles").format(count=len(self._all)), None)
            for p in numbered:
                label = " ".join(x for x in (page_label(p.number), p.name) if x)
                self.pages.addItem(self.tr("{page} · {count} articles").format(page=label, count=p.articles),
                                   p.number)
            wanted = page if page is not None else keep if keep is not None else numbered[0].number
            at = self.pages.findData(wanted)
            self.pages.setCurrentIndex(at if at >= 0 else 0)
        self.pages.blockSignals(blocked)
        self.page_bar.setVisible(len(numbered) > 1)
        self._show_page()
        self.header.setText(title)

    @property
    def current_page(self) -> int | None:
        """The page shown (None: all of the issue's articles)."""
        data = self.pages.currentData()
        return data if isinstance(data, int) else None

    @property
    def last_page(self) -> int | None:
        """The issue's last page (None when it has no page list)."""
        data = self.pages.itemData(self.pages.count() - 1) if self.pages.count() > 1 else None
        return data if isinstance(data, int) else None

    def show_page(self, page: int | None) -> bool:
        at = self.pages.findData(page)
        if at < 0:
            return False
        self.pages.setCurrentIndex(at)
        return True

    def step_page(self, delta: int) -> bool:
        """The previous (-1) or next (+1) page; False at either end or without pages."""
        target = self.pages.currentIndex() + delta
        if self.pages.count() < 2 or not 1 <= target < self.pages.count():
            return False
        self.pages.setCurrentIndex(target)
        return True

    def _page_chosen(self, _index: int) -> None:
        self._show_page()
        self.prev_page.setEnabled(self.pages.currentIndex() > 1)
        self.next_page.setEnabled(0 < self.pages.currentIndex() < self.pages.count() - 1
                                  or self.pages.currentIndex() == 0)
        first = self.model.article(0)
        if first is not None and not self._quiet:
            self.select_article(first.id)

    def _show_page(self) -> None:
        page = self.current_page
        shown = self._all if page is None else [a for a in self._all if a.page == page]
        self.model.show_pages = page is None and self.pages.count() > 1
        self._quiet = True
        self.model.set_articles(shown)
        self._quiet = False

    def current_id(self) -> str | None:
        a = self.model.article(self.view.currentIndex().row())
        return a.id if a else None

    def select_article(self, article_id: str, *, notify: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row < 0:
            page = next((a.page for a in self._all if a.id == article_id), None)
            self._quiet = True
            shown = page is not None and self.show_page(page)
            self._quiet = False
            if not shown:
                return False
            row = self.model.row_of(article_id)
        if row < 0:
            return False
        self._quiet = not notify
        self.view.setCurrentIndex(self.model.index(row, 0))
        self._quiet = False
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def step(self, delta: int) -> bool:
        """Select the previous (-1) or next (+1) article; False at either end."""
        count = self.model.rowCount()
        if not count:
            return False
        row = self.view.currentIndex().row()
        target = (0 if delta > 0 else count - 1) if row < 0 else row + delta
        if not 0 <= target < count:
            return False
        self.view.setCurrentIndex(self.model.index(target, 0))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        a = self.model.article(current.row())
        if a is not None:
            self.articleSelected.emit(a.id)
