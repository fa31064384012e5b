"""Find in the open article (Ctrl+F), apart from searching the archive (Ctrl+K).

A slim bar under the reading pane: the text typed is found in the article as shown
(case-insensitive), the current match selected and scrolled to; Enter / F3 go to the next,
Shift+Enter the previous, Esc closes the bar. It only reads the document and moves the
browser's selection, so the search highlights stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QToolButton, QWidget

from reader.ui.widgets import named


class FindBar(QWidget):
    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.browser = browser
        self.box = QLineEdit()
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("Find in this article"))
        self.count = named(QLabel(), "muted")
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.prev_button.setToolTip(self.tr("Previous (Shift+Enter)"))
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip(self.tr("Next (Enter)"))
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 8, 4)
        row.addWidget(self.box, 1)
        row.addWidget(self.count)
        for button in (self.prev_button, self.next_button, self.close_button):
            row.addWidget(button)
        self._matches: list[tuple[int, int]] = []
        self._current = -1
        self.box.textChanged.connect(lambda _t: self.find_all())
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(+1))
        self.close_button.clicked.connect(self.close_bar)
        self.box.installEventFilter(self)
        self.hide()

    def open_bar(self) -> None:
        """Ctrl+F: show the bar, the text selected so typing replaces it."""
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self.find_all()

    def close_bar(self) -> None:
        self.hide()
        cursor = self.browser.textCursor()
        cursor.clearSelection()
        self.browser.setTextCursor(cursor)
        self.browser.setFocus()

    @property
    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    @property
    def current(self) -> int:
        return self._current

    def find_all(self) -> None:
        """Find every match of the box's text in the document; select the first."""
        needle = self.box.text()
        doc: QTextDocument = self.browser.document()
        self._matches = []
        if needle:
            cursor = doc.find(needle, 0)
            while not cursor.isNull() and len(self._matches) < 10_000:
                self._matches.append((cursor.selectionStart(), cursor.selectionEnd()))
                cursor = doc.find(needle, cursor.selectionEnd())
        self._current = 0 if self._matches else -1
        self._show()

    def refresh(self) -> None:
        """Another article is shown: find again in it if the bar is open."""
        if self.isVisible():
            self.find_all()

    def step(self, delta: int) -> None:
        if self._matches:
            self._current = (self._current + delta) % len(self._matches)
            self._show()

    def _show(self) -> None:
        if self._current >= 0:
            start, end = self._matches[self._current]
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.browser.setTextCursor(cursor)
            self.browser.ensureCursorVisible()
            self.count.setText(f"{self._current + 1} / {len(self._matches)}")
        else:
            self.count.setText(self.tr("Not found") if self.box.text() else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.box and event.type() == QEvent.Type.ShortcutOverride
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape):
            event.accept()  # Esc closes the bar here, not the window's "clear highlights"
            return False
        if watched is self.box and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.step(-1 if shift else +1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
