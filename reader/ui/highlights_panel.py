"""The highlights panel (every highlighted passage with its note, newest first, filtered as
you type) and the small dialog that picks a highlight's colour and note."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.delegates import HTML_ROLE, ID_ROLE, HtmlItemDelegate
from reader.ui.list_model import RecordListModel
from reader.ui.style import Theme
from reader.ui.widgets import named

if TYPE_CHECKING:
    from reader.bookmarks.highlights import Highlight

AnyIndex = QModelIndex | QPersistentModelIndex
COLOUR_NAMES = ("yellow", "green", "blue", "pink")


class HighlightListModel(RecordListModel["Highlight"]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detached_label = "detached"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        h = self.item(index.row()) if index.isValid() else None
        if h is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return h.text
        if role == ID_ROLE:
            return h.article_id
        if role == HTML_ROLE:
            state = f' <span class="tag">{html.escape(self.detached_label)}</span>' if h.detached else ""
            note = f'<p class="note">{html.escape(h.note)}</p>' if h.note else ""
            return (f'<p class="head">「{html.escape(h.text)}」</p>'
                    f'<p class="small">{html.escape(h.date)} · {html.escape(h.title)}{state}</p>{note}')
        return None


class HighlightsPanel(QWidget):
    """``openRequested(article_id)``, ``editRequested(id)``, ``removeRequested(id)``, ``filterChanged(text)``."""

    openRequested = Signal(str)
    editRequested = Signal(int)
    removeRequested = Signal(int)
    filterChanged = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter highlights and notes"))
        self.count = named(QLabel(), "muted")
        self.model = HighlightListModel(self)
        self.model.detached_label = self.tr("detached")
        self.view = QListView()
        self.view.setModel(self.model)
        self.delegate = HtmlItemDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Note…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        top = QVBoxLayout()
        top.setContentsMargins(8, 8, 8, 6)
        top.addWidget(self.filter)
        top.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.filter.textChanged.connect(lambda t: self.filterChanged.emit(t.strip()))
        self.view.activated.connect(self._open)
        self.view.clicked.connect(self._open)
        self.edit_button.clicked.connect(lambda: self._emit_current(self.editRequested))
        self.remove_button.clicked.connect(lambda: self._emit_current(self.removeRequested))

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def set_highlights(self, items: list[Highlight]) -> None:
        self.model.set_items(items)
        self.count.setText(self.tr("{count} highlights").format(count=len(items)))

    def _open(self, index: QModelIndex) -> None:
        h = self.model.item(index.row())
        if h is not None and not h.detached:
            self.openRequested.emit(h.article_id)

    def _emit_current(self, signal: Any) -> None:
        h = self.model.item(self.view.currentIndex().row())
        if h is not None:
            signal.emit(h.id)


class HighlightDialog(QDialog):
    """The passage, a colour and a note."""

    def __init__(self, passage: str, colour: str = "yellow", note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Highlight"))
        quote = QLabel(f"「{passage}」")
        quote.setWordWrap(True)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        self.colour = QComboBox()
        for key, label in zip(COLOUR_NAMES, (self.tr("Yellow"), self.tr("Green"), self.tr("Blue"),
                                             self.tr("Pink")), strict=True):
            self.colour.addItem(label, key)
        self.colour.setCurrentIndex(max(0, COLOUR_NAMES.index(colour) if colour in COLOUR_NAMES else 0))
        self.note = QPlainTextEdit(note)
        self.note.setPlaceholderText(self.tr("A note (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("Colour"), self.colour)
        form.addRow(self.tr("Note"), self.note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(box)

    def values(self) -> tuple[str, str]:
        return str(self.colour.currentData()), self.note.toPlainText().strip()
