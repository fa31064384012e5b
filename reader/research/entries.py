"""What the export formats are fed: bookmarks and search hits as :class:`Entry` items.

A bookmark whose article is in the library is cited from the article (author,
paper, page); a detached one from the headline and date it saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.bookmarks.highlights import Highlight
from reader.errors import NotFoundError
from reader.models import Bookmark, Hit
from reader.research.citation import Reference
from reader.research.export_formats import Entry

if TYPE_CHECKING:
    from reader.library import Library


def reference(library: Library, article_id: str) -> Reference:
    """The reference of an article in the library, its paper named by its issue if need be."""
    article = library.article(article_id)
    paper = article.paper
    if not paper:
        try:
            paper = library.issue(article.issue_id).paper
        except NotFoundError:
            paper = ""
    return Reference.of(article, paper=paper)


def bookmark_entries(library: Library, marks: Iterable[Bookmark],
                     highlights: Iterable[Highlight] = ()) -> list[Entry]:
    """One entry per bookmark, with the passages highlighted in its article as quotes."""
    quotes = _quotes(highlights)
    out = []
    for m in marks:
        try:
            ref = reference(library, m.article_id)
        except NotFoundError:
            ref = Reference(m.article_id, m.title, m.date)
        out.append(Entry(ref, note=m.note, tags=m.tags, quotes=tuple(quotes.get(m.article_id, ()))))
    return out


def highlight_entries(library: Library, highlights: Iterable[Highlight]) -> list[Entry]:
    """One entry per highlighted article (in the order first seen), its passages as quotes."""
    quotes = _quotes(highlights)
    out = []
    for article_id, passages in quotes.items():
        try:
            ref = reference(library, article_id)
        except NotFoundError:
            continue  # a detached highlight's article: nothing to cite
        out.append(Entry(ref, quotes=tuple(passages)))
    return out


def _quotes(highlights: Iterable[Highlight]) -> dict[str, list[str]]:
    """Per article, its highlighted passages ("「passage」 — note")."""
    out: dict[str, list[str]] = {}
    for h in highlights:
        out.setdefault(h.article_id, []).append(f"「{h.text}」" + (f" — {h.note}" if h.note else ""))
    return out


def hit_entries(library: Library, hits: Iterable[Hit]) -> list[Entry]:
    return [Entry(reference(library, h.article_id), snippet=h.snippet) for h in hits]
