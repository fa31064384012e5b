"""What to try when a search finds nothing: the same query with less in it.

Qt-free; the search panel shows these as links. Each suggestion is a query that is
strictly looser than the one typed, in the order a reader would try them: without the
quotes, without the exclusions and field limits, then each term alone.
"""

from __future__ import annotations

import re

from reader.errors import QueryError
from reader.query import positive_terms

_QUOTES = re.compile("[\"“”「」『』‘’]")


def suggestions(query: str, *, limit: int = 4) -> list[str]:
    """Looser queries to try after ``query`` found nothing (never ``query`` itself).

    >>> suggestions('"云冈 石窟"')
    ['云冈 石窟', '云冈', '石窟']
    >>> suggestions("title:冷链 -疫情")
    ['冷链']
    """
    from reader.query import parse

    out: list[str] = []

    def add(candidate: str) -> None:
        candidate = " ".join(candidate.split())
        if candidate and candidate != " ".join(query.split()) and candidate not in out:
            out.append(candidate)

    unquoted = _QUOTES.sub(" ", query)
    if unquoted.split() != query.split():
        add(unquoted)
    try:
        terms = positive_terms(parse(unquoted))
    except QueryError:
        return out[:limit]
    words: list[str] = []
    for term in terms:
        for word in term.text.split():
            if word not in words:
                words.append(word)
    if words and not re.search(r"(^|\s)OR(\s|$)", unquoted):
        add(" ".join(words))  # no exclusions, no fields, no OR
    if len(words) > 1:
        for word in sorted(words, key=len, reverse=True):
            add(word)
    return out[:limit]
