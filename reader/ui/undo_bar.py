"""An undo bar: "Bookmark removed, with its note. [Undo]" under the reading pane, and Ctrl+Z.

Deleting a bookmark that carries a note or tags is one keystroke (Ctrl+D, the star, 删除);
the bar offers it back until the next removal, a click on ✕, or a while later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from reader.ui.widgets import named

SHOWN_MS = 15_000


class UndoBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.label = named(QLabel(), "muted")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton(self.tr("Undo (Ctrl+Z)"))
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.close_button)
        self._undo: Callable[[], None] | None = None
        self._timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self._timer.timeout.connect(self.dismiss)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.dismiss)
        self.hide()

    @property
    def pending(self) -> bool:
        return self._undo is not None

    def offer(self, text: str, undo: Callable[[], None]) -> None:
        self._undo = undo
        self.label.setText(text)
        self.show()
        self._timer.start()

    def undo(self) -> bool:
        """Ctrl+Z: undo what the bar offers; False if nothing is offered."""
        action, self._undo = self._undo, None
        self.hide()
        if action is None:
            return False
        action()
        return True

    def dismiss(self) -> None:
        self._undo = None
        self.hide()
