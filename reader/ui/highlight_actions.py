"""Passage highlights in the window: highlight the selection (colour and note), paint the
article's passages in the reading pane, list them in the Highlights tab, re-anchor them
after imports. The store is :class:`reader.bookmarks.highlights.Highlights`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from reader.bookmarks.highlights import Highlight, Highlights
from reader.bookmarks.highlights import field_text as reader_text
from reader.errors import BaokuError
from reader.ui.highlights_panel import HighlightDialog, HighlightsPanel

if TYPE_CHECKING:
    from reader.ui.mainwindow import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResearchTools", text)


class HighlightActions(QObject):
    """Owns the highlights store (once :meth:`open`) and the Highlights tab's panel."""

    def __init__(self, window: MainWindow, panel: HighlightsPanel) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.store: Highlights | None = None
        self.dialog: HighlightDialog | None = None
        panel.filterChanged.connect(lambda _t: self.reload())
        panel.openRequested.connect(lambda aid: window.open_article(aid))
        panel.editRequested.connect(self.edit)
        panel.removeRequested.connect(self.remove)

    def open(self) -> bool:
        """Open the highlights beside the bookmarks; False (and said) if they cannot be."""
        try:
            self.store = Highlights.for_library(self.window.library)
        except BaokuError as exc:
            self.window.say(str(exc))
            return False
        return True

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def all(self) -> list[Highlight]:
        return self.store.list() if self.store is not None else []

    def reanchor(self) -> None:
        """After an import (and at start): put highlights back on their passages, say what is lost."""
        if self.store is None:
            return
        try:
            report = self.store.reanchor(self.window.library)
        except BaokuError as exc:
            self.window.say(str(exc))
            return
        if report.detached:
            self.window.say(_tr("{count} highlighted passages are no longer in the library").format(
                count=len(report.detached)))
        self.reload()
        self.show_passages()

    def reload(self) -> None:
        if self.store is not None:
            text = self.panel.filter.text().strip() or None
            self.panel.set_highlights(self.store.list(text=text))

    def show_passages(self) -> None:
        article = self.window.reader.article
        if self.store is None or article is None:
            return
        passages = [(h.field, h.start, h.end, h.color) for h in self.store.list(article.id)]
        if passages:
            self.window.reader.set_passages(passages)

    def highlight_selection(self) -> HighlightDialog | None:
        """Highlight what is selected in the reading pane: a dialog asks for colour and note."""
        reader, article = self.window.reader, self.window.reader.article
        span = reader.selected_passage()
        if self.store is None or article is None:
            return None
        if span is None:
            self.window.say(_tr("Select a passage of the article first."))
            return None
        field, start, end = span
        passage = reader_text(article, field)[start:end]
        dialog = HighlightDialog(passage, parent=self.window)
        self.dialog = dialog

        def save() -> None:
            colour, note = dialog.values()
            assert self.store is not None
            try:
                self.store.add(article, field, start, end, color=colour, note=note)
            except BaokuError as exc:
                self.window.say(str(exc))
                return
            self.reload()
            self.show_passages()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def edit(self, highlight_id: int) -> HighlightDialog | None:
        if self.store is None:
            return None
        h = self.store.get(highlight_id)
        dialog = HighlightDialog(h.text, h.color, h.note, parent=self.window)
        self.dialog = dialog

        def save() -> None:
            colour, note = dialog.values()
            assert self.store is not None
            self.store.update(highlight_id, note=note, color=colour)
            self.reload()
            self.show_passages()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def remove(self, highlight_id: int) -> None:
        if self.store is not None and self.store.remove(highlight_id):
            self.reload()
            article = self.window.reader.article
            if article is not None:
                self.window.reader.set_passages(
                    [(h.field, h.start, h.end, h.color) for h in self.store.list(article.id)])
