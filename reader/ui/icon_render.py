"""The app's SVG icon drawn as PNG at a given size, for the desktop's hicolor icon theme."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def render_png(svg: Path, size: int, out: Path) -> None:
    """Draw ``svg`` at ``size`` × ``size`` pixels into the PNG file ``out``."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(out)):  # PNG, from the suffix
        raise OSError(f"cannot write {out}")
