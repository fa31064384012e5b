"""A stand-in Searcher (plain substring search) used only while reader.search is missing."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.errors import QueryError
from reader.library import Library
from reader.models import Span


@dataclass(frozen=True)
class FakeHit:
    article_id: str
    issue_id: str
    date: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...] = field(default=())

    def spans_in(self, name: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.spans if s.field == name]


@dataclass(frozen=True)
class FakeResult:
    query: str
    total: int
    hits: tuple[FakeHit, ...]


class FakeSearcher:
    def __init__(self, library: Library) -> None:
        self.library = library

    def warm_up(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def stop_when(self, stop: object) -> None:
        pass

    def search(self, query: str, *, date_from: str | None = None, date_to: str | None = None,
               sort: str = "relevance", limit: int | None = 20, offset: int = 0) -> FakeResult:
        if query.count('"') % 2 or query.count("(") != query.count(")"):
            raise QueryError("unbalanced quote or parenthesis")
        hits = []
        for a in self.library.iter_articles():
            spans = tuple(Span(name, i, i + len(query))
                          for name in ("kicker", "title", "subtitle", "byline", "body")
                          for i in _all(getattr(a, name), query))
            if spans:
                b = next((s.start for s in spans if s.field == "body"), 0)
                start = max(0, b - 20)
                snippet = a.body[start:start + 80]
                sspans = tuple((i, i + len(query)) for i in _all(snippet, query))
                hits.append(FakeHit(a.id, a.issue_id, a.date, a.title, 1.0, snippet, sspans, spans))
        return FakeResult(query, len(hits), tuple(hits[offset:offset + limit] if limit else hits[offset:]))


def _all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0 and word:
        out.append(i)
        i = text.find(word, i + len(word))
    return out
