"""Related reports: up to five articles sharing an article's rare key terms, follow-ups first.

The one implementation is the catalogue's (:meth:`reader.search.catalogue.Catalogue.related`):
*related* articles share the article's key terms (Whoosh's more like this over
the jieba words of each article's heading and opening), *follow-ups* name the
same people or places within six weeks. This module is the door the command
line and the window use; :meth:`reader.search.Searcher.related` gives the same
articles as search hits.

>>> [r.article_id for r in related(library, searcher, "ae4f7b2973512329e")]  # doctest: +SKIP
['a76abe6281b868255', ...]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.search.catalogue import FOLLOW_UP_DAYS, LIMIT, Related

if TYPE_CHECKING:
    from reader.library import Library
    from reader.search import Searcher

__all__ = ["FOLLOW_UP_DAYS", "LIMIT", "Related", "related"]


def related(library: Library, searcher: Searcher, article_id: str, limit: int = LIMIT) -> list[Related]:
    """Up to ``limit`` articles related to ``article_id``: follow-ups first, then the most alike.

    Raises :class:`NotFoundError` for an article not in the library, and
    :class:`~reader.search.catalogue.CatalogueMissing` (an :class:`IndexError_`)
    while the catalogue is not built yet.
    """
    library.article(article_id)
    return searcher.catalogue.related(article_id, limit)
