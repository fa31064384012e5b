"""The About dialog: what Baoku is, its version, and where it keeps and finds its files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from reader import __version__
from reader.paths import cache_dir, corpus_dir, resources_dir


def _tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def about_rows(library: Path, settings_file: str) -> list[tuple[str, str]]:
    """(label, value) lines: the version, then each place on disk."""
    return [
        (_tr("Version"), __version__),
        (_tr("Library"), str(library)),
        (_tr("Settings"), settings_file),
        (_tr("Cache"), str(cache_dir())),
        (_tr("Bundled issues"), str(corpus_dir())),
        (_tr("Resources"), str(resources_dir())),
    ]


def show_about(parent: QWidget, library: Path, settings_file: str) -> QMessageBox:
    """The About box, as plain text: a folder may be named like markup, and is shown as named."""
    rows = "\n".join(f"{k}：{v}" for k, v in about_rows(library, settings_file))
    box = QMessageBox(parent)
    box.setWindowTitle(_tr("About Baoku"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(_tr("Baoku (报库): read and search a Chinese newspaper archive.") + "\n\n" + rows)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.show()
    return box
