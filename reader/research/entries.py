"""What the export formats are fed: bookmarks and search hits as :class:`Entry` items.

A bookmark whose article is in the library is cited from the article (author,
paper, page); a detached one from the headline and date it saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

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


def bookmark_entries(library: Library, marks: Iterable[Bookmark]) -> list[Entry]:
    out = []
    for m in marks:
        try:
            ref = reference(library, m.article_id)
        except NotFoundError:
            ref = Reference(m.article_id, m.title, m.date)
        out.append(Entry(ref, note=m.note, tags=m.tags))
    return out


def hit_entries(library: Library, hits: Iterable[Hit]) -> list[Entry]:
    return [Entry(reference(library, h.article_id), snippet=h.snippet) for h in hits]
