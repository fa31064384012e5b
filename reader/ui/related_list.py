"""Related reports under the reading pane: up to five, each with date, paper and headline.

A follow-up of the same story is marked as such; the tooltip names the key
terms the two articles share. Activating one asks the window to open it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from reader.ui.delegates import HTML_ROLE, ID_ROLE, HtmlItemDelegate
from reader.ui.list_model import RecordListModel
from reader.ui.style import Theme
from reader.ui.widgets import named

if TYPE_CHECKING:
    from reader.research.related import Related

AnyIndex = QModelIndex | QPersistentModelIndex
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" for a widget's size


class RelatedModel(RecordListModel["Related"]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_up_label = "follow-up"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r = self.item(index.row()) if index.isValid() else None
        if r is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{r.date} {r.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "、".join(r.shared)
        if role == ID_ROLE:
            return r.article_id
        if role == HTML_ROLE:
            where = " · ".join(p for p in (r.date, r.paper) if p)
            kind = f' <span class="tag">{html.escape(self.follow_up_label)}</span>' if r.follow_up else ""
            return (f'<p class="small">{html.escape(where)}{kind}</p>'
                    f'<p class="head">{html.escape(r.title)}</p>')
        return None


class RelatedList(QWidget):
    """The "Related reports" box; ``openRequested(article_id)`` when one is activated.

    It takes only the room it needs: when nothing was found it folds to its one-line title
    (the reading pane above gets the rest); when reports come, the list opens again.
    ``foldChanged(folded)`` asks the column to share its room out again. While reports are looked for it stays as it was,
    so the reading pane does not jump at every article.
    """

    openRequested = Signal(str)
    foldChanged = Signal(bool)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = named(QLabel(self.tr("Related reports")), "muted")
        self.title.setContentsMargins(10, 4, 10, 2)
        self.model = RelatedModel(self)
        self.model.follow_up_label = self.tr("follow-up")
        self.view = QListView()
        self.view.setModel(self.model)
        self.delegate = HtmlItemDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def set_related(self, items: list[Related] | None) -> None:
        """Show ``items``; None while they are being found."""
        self.model.set_items(items or [])
        if items is None:
            self.title.setText(self.tr("Related reports: looking…"))
        elif not items:
            self.title.setText(self.tr("Related reports: none found"))
            self.fold(True)
        else:
            self.title.setText(self.tr("Related reports"))
            self.fold(False)

    @property
    def folded(self) -> bool:
        return self.view.isHidden()

    def fold(self, folded: bool) -> None:
        """Fold to the title line (``folded``), or open the list again."""
        if folded == self.folded:
            return
        self.view.setHidden(folded)
        self.setMaximumHeight(self.title.sizeHint().height() if folded else QWIDGETSIZE_MAX)
        self.foldChanged.emit(folded)

    def _activated(self, index: QModelIndex) -> None:
        r = self.model.item(index.row())
        if r is not None:
            self.openRequested.emit(r.article_id)
