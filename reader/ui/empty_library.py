"""What an empty library shows in place of the reading pane: how to fill it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from reader.ui.widgets import named


class EmptyLibrary(QWidget):
    """"No issues yet", an import button and the drop hint; ``import_button`` is wired by the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyLibrary")
        self.title = QLabel(self.tr("No issues in the library yet"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.import_button = QPushButton(self.tr("Import a folder of issues…"))
        self.import_button.setDefault(True)
        self.files_button = QPushButton(self.tr("Import files…"))
        self.hint = named(QLabel(self.tr("or drop folders or text files of issues on this window")), "muted")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (self.title, self.import_button, self.files_button, self.hint):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.hide()
