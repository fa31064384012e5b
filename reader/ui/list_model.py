"""One list model for the side lists (bookmarks, highlights, related reports): rows of records.

Each list shows frozen records in a given order; a subclass says only how a record
reads (``data``). Setting the records resets the model, as the lists are short.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex


class RecordListModel(QAbstractListModel, Generic[T]):
    """Rows of records of one kind; ``item(row)`` is the record shown in a row (None off the end)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []

    def set_items(self, items: list[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)
