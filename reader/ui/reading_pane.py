"""The reading pane: one typeset article, its search hits, zoom and copy.

The article is rendered by :mod:`reader.ui.renderer` (escaped text + the core's
spans); this widget shows it in a QTextBrowser that never loads a resource,
maps each hit to document positions, and steps through hits (F3 / Shift+F3).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.models import Article, Span
from reader.ui.renderer import ARTICLE_SCHEME, LINE_BREAK, Rendered, Segment, render_article
from reader.ui.style import Theme, article_css
from reader.ui.widgets import named


class ArticleBrowser(QTextBrowser):
    """A QTextBrowser that never fetches anything: no images, no files, no links followed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.requested: list[str] = []  # what the document asked for (tests check it stays empty)

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002, N802 - Qt's names
        self.requested.append(name.toString() if isinstance(name, QUrl) else name)
        return None


class ReadingPane(QWidget):
    """Shows an article; ``hitChanged(current, total)`` follows the hit navigation."""

    hitChanged = Signal(int, int)
    articleLinkClicked = Signal(str)  # a continuation marker: open the story's other part

    def __init__(self, theme: Theme, font_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._font_size = font_size
        self._article: Article | None = None
        self._spans: Sequence[Span] | None = None
        self._rendered: Rendered | None = None
        self._hit_ranges: list[list[tuple[int, int]]] = []
        self._passages: list[tuple[str, int, int, str]] = []  # highlighted passages: field, start, end, colour
        self._current = -1

        bar = named(QWidget(), "readerBar")
        self.where = named(QLabel(), "muted")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        # paper · date · page can be long: it is cut at the pane's edge, never widens the window
        self.where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bookmark_button = QToolButton()
        self.copy_button = QToolButton()
        self.prev_button = QToolButton()
        self.next_button = QToolButton()
        self.counter = named(QLabel(), "hitCounter")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 8, 4)
        row.addWidget(self.where, 1)
        for w in (self.prev_button, self.counter, self.next_button, self.copy_button, self.bookmark_button):
            row.addWidget(w)
        self.browser = ArticleBrowser()
        self.browser.setFrameShape(ArticleBrowser.Shape.NoFrame)
        self.browser.document().setDocumentMargin(36)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.browser, 1)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self._update_counter()

    # -- what is shown -----------------------------------------------------------
    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def document(self) -> QTextDocument:
        return self.browser.document()

    def show_article(
        self, article: Article | None, spans: Sequence[Span] | None = None
    ) -> None:
        """Show ``article`` with ``spans`` (the core's hit spans) marked; scroll to the first hit."""
        self._article = article
        self._passages = []
        self._spans = spans
        self._render(keep_scroll=False)
        if self._hit_ranges:
            self.go_to_hit(0)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == ARTICLE_SCHEME:
            self.articleLinkClicked.emit(url.path())

    def set_where(self, text: str) -> None:
        self.where.setText(text)
        self.where.setToolTip(text)

    def set_style(self, theme: Theme, font_size: int) -> None:
        self._theme = theme
        self._font_size = font_size
        self._render(keep_scroll=True)

    @property
    def font_size(self) -> int:
        return self._font_size

    def _render(self, *, keep_scroll: bool) -> None:
        bar = self.browser.verticalScrollBar()
        ratio = bar.value() / bar.maximum() if keep_scroll and bar.maximum() else 0.0
        doc = self.browser.document()
        doc.setDefaultStyleSheet(article_css(self._theme, self._font_size, self.logicalDpiY()))
        self.browser.setStyleSheet(f"QTextBrowser {{ background: {self._theme.colors['paper']}; }}")
        if self._article is None:
            self._rendered = None
            self.browser.setHtml(
                '<p class="marker" style="margin-top: 48px" align="center">'
                + html.escape(self.tr("Pick an issue on the left, or press Ctrl+K to search."))
                + "</p>"
            )
            self._hit_ranges = []
        else:
            self._rendered = render_article(
                self._article, self._spans, colors=self._theme.colors, tr=self.tr
            )
            self.browser.setHtml(self._rendered.html)
            self._paint_passages()
            self._hit_ranges = self._locate_hits(self._rendered)
        self._current = -1 if not self._hit_ranges else max(0, min(self._current, len(self._hit_ranges) - 1))
        self._show_current()
        if keep_scroll:
            bar.setValue(round(ratio * bar.maximum()))

    # -- mapping fields to the document ----------------------------------------------
    def _locate_segments(self, rendered: Rendered) -> list[tuple[Segment, int]]:
        """Each segment with the document position where its text starts."""
        found: list[tuple[Segment, int]] = []
        block = self.browser.document().begin()
        for seg in rendered.segments:
            probe = block
            shown = seg.lead + seg.text
            # a headline broken at its printed spaces shows them as line separators (same offsets)
            while probe.isValid() and probe.text().replace(LINE_BREAK, " ") != shown:
                probe = probe.next()
            if not probe.isValid():
                continue  # should not happen; the block keeps its place for the next segment
            found.append((seg, probe.position() + len(seg.lead)))
            block = probe.next()
        return found

    def document_ranges(self, field: str, start: int, end: int) -> list[tuple[int, int]]:
        """Where ``field[start:end]`` is in the document (several ranges if it spans paragraphs)."""
        if self._rendered is None:
            return []
        return _ranges(self._locate_segments(self._rendered), field, start, end)

    def _locate_hits(self, rendered: Rendered) -> list[list[tuple[int, int]]]:
        located = self._locate_segments(rendered)
        out = [_ranges(located, f, s, e) for f, s, e in rendered.hits]
        return [r for r in out if r]

    # -- hits --------------------------------------------------------------------------
    @property
    def hit_count(self) -> int:
        return len(self._hit_ranges)

    @property
    def current_hit(self) -> int:
        return self._current

    def hit_ranges(self) -> list[list[tuple[int, int]]]:
        return [list(r) for r in self._hit_ranges]

    def counter_text(self) -> str:
        return self.counter.text()

    def go_to_hit(self, n: int) -> None:
        if not self._hit_ranges:
            return
        self._current = n % len(self._hit_ranges)
        self._show_current()
        self._scroll_to(self._hit_ranges[self._current][0][0])

    def next_hit(self) -> None:
        self.go_to_hit(self._current + 1)

    def previous_hit(self) -> None:
        self.go_to_hit(self._current - 1)

    def clear_highlights(self) -> None:
        """Esc: the article stays, its hit marks go."""
        if self._spans:
            self._spans = None
            self._current = -1
            self._render(keep_scroll=True)

    def _show_current(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        if 0 <= self._current < len(self._hit_ranges):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(self._theme.colors["current_hit"]))
            fmt.setForeground(QColor(self._theme.colors["hit_text"]))
            for s, e in self._hit_ranges[self._current]:
                sel = QTextEdit.ExtraSelection()
                cur = QTextCursor(self.browser.document())
                cur.setPosition(s)
                cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cur
                sel.format = fmt
                selections.append(sel)
        self.browser.setExtraSelections(selections)
        self._update_counter()
        self.hitChanged.emit(self._current + 1 if self._current >= 0 else 0, len(self._hit_ranges))

    def _update_counter(self) -> None:
        total = len(self._hit_ranges)
        self.counter.setText(f"{self._current + 1} / {total}" if total else "")
        self.counter.setVisible(bool(total))
        self.prev_button.setEnabled(total > 1)
        self.next_button.setEnabled(total > 1)
        self.prev_button.setVisible(bool(total))
        self.next_button.setVisible(bool(total))

    def _scroll_to(self, position: int) -> None:
        cur = QTextCursor(self.browser.document())
        cur.setPosition(position)
        rect = self.browser.cursorRect(cur)
        bar = self.browser.verticalScrollBar()
        target = bar.value() + rect.top() - self.browser.viewport().height() // 3
        bar.setValue(max(0, target))

    # -- copying -------------------------------------------------------------------
    def copy_article(self) -> str:
        """Put the article on the clipboard as plain text; returns what was copied."""
        if self._article is None:
            return ""
        text = self._article.plain_text()
        QGuiApplication.clipboard().setText(text)
        return text

    # -- passage highlights (reader.bookmarks.highlights) ---------------------------------
    def set_passages(self, passages: Sequence[tuple[str, int, int, str]]) -> None:
        """Mark the reader's highlighted passages, (field, start, end, colour), in the article."""
        self._passages = list(passages)
        self._render(keep_scroll=True)

    def _paint_passages(self) -> None:
        if not self._passages:
            return
        for field, start, end, colour in self._passages:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(PASSAGE_COLOURS.get(colour, colour)))
            for s, e in self.document_ranges(field, start, end):
                cur = QTextCursor(self.browser.document())
                cur.setPosition(s)
                cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
                cur.mergeCharFormat(fmt)

    def passage_ranges(self) -> list[tuple[int, int]]:
        """Where the highlighted passages are in the document (for tests)."""
        return [r for f, s, e, _c in self._passages for r in self.document_ranges(f, s, e)]

    def field_at(self, position: int) -> tuple[str, int] | None:
        """(field, offset) of the character at document ``position``, if it is article text."""
        if self._rendered is None:
            return None
        for seg, pos in self._locate_segments(self._rendered):
            if pos <= position < pos + len(seg.text):
                return seg.field, seg.start + position - pos
        return None

    def selected_passage(self) -> tuple[str, int, int] | None:
        """The selection as (field, start, end) in the article's text, if it lies in one field."""
        if self._rendered is None:
            return None
        cur = self.browser.textCursor()
        a, b = sorted((cur.selectionStart(), cur.selectionEnd()))
        if a == b:
            return None
        located = self._locate_segments(self._rendered)
        first = next(((seg, pos) for seg, pos in located if pos <= a <= pos + len(seg.text)), None)
        last = next(((seg, pos) for seg, pos in located if pos <= b <= pos + len(seg.text)), None)
        if first is None or last is None or first[0].field != last[0].field:
            return None  # across fields (a headline and the body): not one passage
        start, end = first[0].start + a - first[1], last[0].start + b - last[1]
        return (first[0].field, start, end) if end > start else None


# Highlighter colours, translucent so the paper (light, sepia or dark) shows through.
PASSAGE_COLOURS = {"yellow": "#80ffd84a", "green": "#7092d68a", "blue": "#708ab8ff", "pink": "#70ff8fb1"}


def _ranges(located: list[tuple[Segment, int]], field: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for seg, pos in located:
        if seg.field != field:
            continue
        s, e = max(start, seg.start), min(end, seg.start + len(seg.text))
        if e > s:
            out.append((pos + s - seg.start, pos + e - seg.start))
    return out
