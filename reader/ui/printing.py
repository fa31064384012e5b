"""Print an article, or save it as PDF, in the reading pane's typography with its citation
as the footer of every page (QPrinter).

The article is typeset again as the reading pane does it (same stylesheet and
size, in the light theme: paper is white; search hits are not marked), laid out
on the printer's page less a footer band, and painted page by page with the
GB/T 7714 citation and the page number under each.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from reader.models import Article
from reader.ui.renderer import render_article
from reader.ui.style import article_css, load_theme

FOOTER_MM = 12.0


def pdf_printer(path: Path) -> QPrinter:
    """A printer that writes an A4 PDF to ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(18, 18, 18, 12), QPageLayout.Unit.Millimeter))
    return printer


def article_document(article: Article, font_size: int, dpi: float) -> QTextDocument:
    """``article`` typeset as in the reading pane (light theme, no hit marks)."""
    theme = load_theme("light")
    doc = QTextDocument()
    doc.setDefaultStyleSheet(article_css(theme, font_size, dpi))
    doc.setHtml(render_article(article, None, colors=theme.colors).html)
    return doc


def print_article(article: Article, citation: str, printer: QPrinter, font_size: int) -> int:
    """Print (or write as PDF) ``article`` with ``citation`` as the footer; the pages printed."""
    return print_document(article_document(article, font_size, printer.resolution()), citation, printer)


def print_document(document: QTextDocument, citation: str, printer: QPrinter) -> int:
    """Paint ``document`` on ``printer``, ``citation`` and "n / N" at the foot of each page.

    Returns the number of pages printed (0 if the printer could not be started).
    """
    doc = document
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    footer = FOOTER_MM / 25.4 * dpi
    body_height = page.height() - footer
    doc.documentLayout().setPaintDevice(printer)
    doc.setPageSize(QSizeF(page.width(), body_height))
    pages = max(1, doc.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    font = QFont(doc.defaultFont())
    font.setPointSizeF(8.5)
    for n in range(pages):
        if n:
            printer.newPage()
        painter.save()
        painter.translate(0, -n * body_height)
        doc.drawContents(painter, QRectF(0, n * body_height, page.width(), body_height))
        painter.restore()
        painter.setFont(font)
        painter.setPen(QColor("#555555"))
        band = QRectF(0, body_height + footer * 0.25, page.width(), footer * 0.75)
        painter.drawLine(int(band.left()), int(band.top()), int(band.right()), int(band.top()))
        painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, citation)
        painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{n + 1} / {pages}")
    painter.end()
    return pages
