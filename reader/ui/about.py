"""The About dialog: what Baoku is, its version, and where it keeps and finds its files."""

from __future__ import annotations

import html
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
    rows = "".join(
        f"<tr><td style='padding-right: 12px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in about_rows(library, settings_file)
    )
    box = QMessageBox(parent)
    box.setWindowTitle(_tr("About Baoku"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<b>{html.escape(_tr('Baoku (报库): read and search a Chinese newspaper archive.'))}</b>"
                f"<table>{rows}</table>")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.show()
    return box
