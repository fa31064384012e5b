"""A list-item delegate that paints a small piece of escaped HTML (headline, date, snippet).

Models give the markup in :data:`HTML_ROLE` (built with :func:`html.escape` first)
and plain text in DisplayRole; the delegate lays the markup out at the view's
width, so long Chinese headlines wrap instead of being clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.ui.style import Theme, sans_family, serif_family

HTML_ROLE = int(Qt.ItemDataRole.UserRole) + 100
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 101
_PAD_X, _PAD_Y = 10, 7
SIZE_CACHE = 20_000  # row sizes remembered by a delegate (a few MB)

AnyIndex = QModelIndex | QPersistentModelIndex


def item_css(theme: Theme, font_px: int) -> str:
    c = theme.colors
    return (
        f"body {{ font-family: '{sans_family()}'; font-size: {font_px}px; }}"
        f".small {{ color: {c['muted']}; font-size: {round(font_px * 0.85)}px; }}"
        f".head {{ font-family: '{serif_family()}'; font-size: {round(font_px * 1.1)}px; font-weight: bold; }}"
        f".note {{ font-size: {round(font_px * 0.9)}px; }}"
        f".warn {{ color: {c['accent']}; font-size: {round(font_px * 0.85)}px; }}"
        f".hit {{ background-color: {c['hit']}; color: {c['hit_text']}; }}"
        "p { margin: 0; }"
    )


class HtmlItemDelegate(QStyledItemDelegate):
    """Paints ``index.data(HTML_ROLE)`` wrapped at the view's width."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._css = ""
        self._rule = QColor()
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        px = QApplication.font().pixelSize()
        if px <= 0:
            px = round(QApplication.font().pointSizeF() * 96 / 72)
        self._css = item_css(theme, max(12, px))
        self._sizes: dict[tuple[str, int], QSize] = {}  # (markup, width) -> size: see sizeHint
        self._rule = theme.color("border")

    def _document(self, html: str, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(self._css)
        doc.setHtml(html)
        doc.setTextWidth(max(40, width - 2 * _PAD_X))
        return doc

    def _width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        if widget is not None and hasattr(widget, "viewport"):
            return int(widget.viewport().width())
        return int(option.rect.width())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        html = index.data(HTML_ROLE)
        if not isinstance(html, str):
            super().paint(painter, option, index)
            return
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        doc = self._document(html, rect.width())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.left() + _PAD_X, rect.top() + _PAD_Y)
        painter.setClipRect(0, 0, rect.width() - _PAD_X, rect.height() - _PAD_Y)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        painter.save()
        painter.setPen(QPen(self._rule, 1))
        painter.drawLine(rect.left() + _PAD_X, rect.bottom(), rect.right() - _PAD_X, rect.bottom())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        html = index.data(HTML_ROLE)
        if not isinstance(html, str):
            return super().sizeHint(option, index)
        width = self._width(option)
        key = (html, width)
        size = self._sizes.get(key)
        if size is None:
            # A list lays out every row again when rows are added (a result list's next page):
            # each row's markup is laid out once per width, not at every turn.
            if len(self._sizes) >= SIZE_CACHE:
                self._sizes.clear()
            doc = self._document(html, width)
            size = self._sizes[key] = QSize(width, int(doc.size().height()) + 2 * _PAD_Y)
        return QSize(size)
