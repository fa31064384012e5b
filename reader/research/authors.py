"""Author pages: the people bylines name, counted over a search's articles or the whole library.

A byline's names come from the parser (``Article.author``: 本报讯（记者 李明璇）
-> 李明璇). The search results offer the top ones as an ``author:`` filter; an
author's page is the search ``author:NAME`` with its timeline. A search's bylines
are counted by :meth:`reader.search.Searcher.byline_counts` (one row per distinct
byline) and ranked here by :func:`count_authors`.

>>> top_authors({"a": "李明璇", "b": "李明璇 韩云峰", "c": ""}, [("a", "2022-01-11", 1), ("b", "2022-02-24", 1)])
[Author(name='李明璇', articles=2, first='2022-01-11', last='2022-02-24'), \
Author(name='韩云峰', articles=1, first='2022-02-24', last='2022-02-24')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TOP = 10


@dataclass(frozen=True)
class Author:
    name: str
    articles: int
    first: str
    last: str

    @property
    def query(self) -> str:
        """The search that is this author's page."""
        return f"author:{self.name}"

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "articles": self.articles, "first": self.first,
                "last": self.last, "query": self.query}


def top_authors(authors: Mapping[str, str], matches: Iterable[tuple[str, str, int]],
                limit: int | None = TOP) -> list[Author]:
    """The names most often in the bylines of ``matches`` (article id, date, _), most first.

    ``authors`` maps article ids to their ``author`` field (names split by spaces).
    """
    articles: Counter[str] = Counter()
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for aid, date, _n in matches:
        for name in authors.get(aid, "").split():
            articles[name] += 1
            first[name] = min(first.get(name, date), date)
            last[name] = max(last.get(name, date), date)
    ranked = sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Author(name, n, first[name], last[name]) for name, n in ranked[:limit]]


def count_authors(bylines: Iterable[tuple[str, int, str, str]], limit: int | None = TOP) -> list[Author]:
    """The names most often in ``bylines`` (names, articles, first date, last date), most first.

    >>> count_authors([("李明璇", 2, "2022-01-11", "2022-01-20"), ("李明璇 韩云峰", 1, "2022-02-24", "2022-02-24")])
    [Author(name='李明璇', articles=3, first='2022-01-11', last='2022-02-24'), \
Author(name='韩云峰', articles=1, first='2022-02-24', last='2022-02-24')]
    """
    articles: Counter[str] = Counter()
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    for names, n, a, b in bylines:
        for name in names.split():
            articles[name] += n
            first[name] = min(first.get(name, a), a)
            last[name] = max(last.get(name, b), b)
    ranked = sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Author(name, n, first[name], last[name]) for name, n in ranked[:limit]]
