"""The article list: an issue's articles in print order (kicker, headline, byline)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from reader.models import Article, Issue
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
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self._quiet = False

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def set_issue(self, issue: Issue | None, articles: list[Article], title: str) -> None:
        self._quiet = True
        self.model.set_articles(articles if issue else [])
        self._quiet = False
        self.header.setText(title)

    def current_id(self) -> str | None:
        a = self.model.article(self.view.currentIndex().row())
        return a.id if a else None

    def select_article(self, article_id: str, *, notify: bool = True) -> bool:
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
