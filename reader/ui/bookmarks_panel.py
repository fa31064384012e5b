"""The bookmarks panel (title, date, note; filter by tag; open, edit, remove, export, import)
and the small dialog that edits a bookmark's note and tags."""

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

from reader.ui import plaintext as plain
from reader.ui.delegates import HTML_ROLE, ID_ROLE, HtmlItemDelegate
from reader.ui.list_model import RecordListModel
from reader.ui.style import Theme
from reader.ui.widgets import named, tool_button

if TYPE_CHECKING:
    from reader.models import Bookmark

AnyIndex = QModelIndex | QPersistentModelIndex


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "a, b；c d" → ("a", "b", "c", "d"), without duplicates.

    >>> parse_tags("经济, 大同；经济 环保")
    ('经济', '大同', '环保')
    """
    for sep in ",，;；、":
        text = text.replace(sep, " ")
    out: list[str] = []
    for tag in text.split():
        if tag not in out:
            out.append(tag)
    return tuple(out)


class BookmarkListModel(RecordListModel["Bookmark"]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detached_label = "detached"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        b = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return b.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(b.note or b.title)
        if role == ID_ROLE:
            return b.article_id
        if role == HTML_ROLE:
            meta = html.escape(b.date)
            if b.tags:
                meta += " · " + html.escape(" ".join(f"#{t}" for t in b.tags))
            parts = [f'<p class="head">{html.escape(b.title)}</p>', f'<p class="small">{meta}</p>']
            if b.detached:
                parts.append(f'<p class="warn">{html.escape(self.detached_label)}</p>')
            if b.note:
                parts.append(f'<p class="note">{html.escape(b.note)}</p>')
            return "".join(parts)
        return None


class BookmarksPanel(QWidget):
    """Lists bookmarks; the window acts on ``openRequested`` / ``editRequested`` / ``removeRequested``
    and on the export and import buttons (it owns the files and dialogs)."""

    openRequested = Signal(str)
    editRequested = Signal(str)
    removeRequested = Signal(str)
    exportRequested = Signal(str)  # "markdown" | "json"
    importRequested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag_filter = QComboBox()
        self.model = BookmarkListModel(self)
        self.model.detached_label = self.tr("Detached: the article changed on re-import; title and note kept")
        self.view = QListView()
        self.view.setModel(self.model)
        self.delegate = HtmlItemDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setWordWrap(True)
        self.empty = named(QLabel(self.tr("No bookmarks yet. Press Ctrl+D or the star to bookmark an article.")),
                           "muted")
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(10, 10, 10, 10)
        self.open_button = tool_button(self.tr("Open"))
        self.edit_button = tool_button(self.tr("Edit"))
        self.remove_button = tool_button(self.tr("Remove"))
        self.export_md = tool_button(self.tr("Export Markdown"))
        self.export_json = tool_button(self.tr("Export JSON"))
        self.import_json = tool_button(self.tr("Import JSON"))
        top = QHBoxLayout()
        top.setContentsMargins(10, 8, 8, 4)
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("Tag")))
        top.addWidget(self.tag_filter, 1)
        actions = QHBoxLayout()
        actions.setContentsMargins(6, 2, 6, 2)
        for b in (self.open_button, self.edit_button, self.remove_button):
            actions.addWidget(b)
        actions.addStretch(1)
        files = QHBoxLayout()
        files.setContentsMargins(6, 2, 6, 6)
        for b in (self.export_md, self.export_json, self.import_json):
            files.addWidget(b)
        files.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addLayout(files)
        self.view.activated.connect(lambda i: self._emit(self.openRequested, i))
        self.view.doubleClicked.connect(lambda i: self._emit(self.openRequested, i))
        self.open_button.clicked.connect(lambda: self._emit(self.openRequested))
        self.edit_button.clicked.connect(lambda: self._emit(self.editRequested))
        self.remove_button.clicked.connect(lambda: self._emit(self.removeRequested))
        self.export_md.clicked.connect(lambda: self.exportRequested.emit("markdown"))
        self.export_json.clicked.connect(lambda: self.exportRequested.emit("json"))
        self.import_json.clicked.connect(self.importRequested)
        self.tag_filter.currentIndexChanged.connect(lambda _i: self.filterChanged())
        self._all: list[Bookmark] = []

    def set_theme(self, theme: Theme) -> None:
        self.delegate.set_theme(theme)
        self.view.viewport().update()

    def set_bookmarks(self, items: list[Bookmark], tags: list[str]) -> None:
        current = self.tag_filter.currentData()
        blocked = self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All"), None)
        for t in tags:
            self.tag_filter.addItem(t, t)
        pos = self.tag_filter.findData(current) if current else 0
        self.tag_filter.setCurrentIndex(max(0, pos))
        self.tag_filter.blockSignals(blocked)
        self._all = list(items)
        self.filterChanged()

    def filterChanged(self) -> None:  # noqa: N802
        tag = self.tag_filter.currentData()
        shown = [b for b in self._all if tag is None or tag in b.tags]
        self.model.set_items(shown)
        self.empty.setVisible(not self._all)
        for b in (self.open_button, self.edit_button, self.remove_button):
            b.setEnabled(bool(shown))

    def selected_id(self) -> str | None:
        b = self.model.item(self.view.currentIndex().row())
        return b.article_id if b else None

    def _emit(self, signal: Any, index: QModelIndex | None = None) -> None:
        row = index.row() if index is not None else self.view.currentIndex().row()
        b = self.model.item(row)
        if b is not None:
            signal.emit(b.article_id)


class BookmarkDialog(QDialog):
    """Note and tags for one bookmark; ``removeRequested`` if the reader removes it instead."""

    removeRequested = Signal()

    def __init__(self, title: str, note: str, tags: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bookmark"))
        self.setMinimumWidth(420)
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setObjectName("paneTitle")
        self.note = QPlainTextEdit(note)
        self.note.setPlaceholderText(self.tr("A note (optional)"))
        self.note.setFixedHeight(110)
        self.tags = QLineEdit(" ".join(tags))
        self.tags.setPlaceholderText(self.tr("Tags, separated by spaces or commas"))
        form = QFormLayout()
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Tags"), self.tags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        remove = QPushButton(self.tr("Remove bookmark"))
        buttons.addButton(remove, QDialogButtonBox.ButtonRole.DestructiveRole)
        remove.clicked.connect(self._remove)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, tuple[str, ...]]:
        return self.note.toPlainText().strip(), parse_tags(self.tags.text())

    def _remove(self) -> None:
        self.removeRequested.emit()
        self.reject()
