"""The oracle for search tests: what a query matches, by scanning every article's text in Python.

Shared by the hostile-query and crash tests (and their scripts); independent of
reader.search, so a bug there cannot hide in both.
"""

from __future__ import annotations

from typing import Any

Haystack = list[tuple[str, dict[str | None, str]]]


def haystacks(lib: Any) -> Haystack:
    """Every article's id and normalised text: all of it, the heading, the byline, the date."""
    from reader.analysis import normalize

    return [(a.id, {None: normalize("\x00".join((a.kicker, a.title, a.subtitle, a.byline, a.author,
                                                 a.body, *a.captions, *a.highlights))),
                    "title": normalize("\x00".join((a.kicker, a.title, a.subtitle))),
                    "author": normalize("\x00".join((a.byline, a.author))),
                    "date": a.date})
            for a in lib.iter_articles()]


def brute(hay: Haystack, query: str) -> set[str]:
    """The ids of the articles ``query`` matches."""
    from reader.query import And, DateRange, Node, Not, Or, Term, parse

    def match(node: Node, f: dict[str | None, str]) -> bool:
        if isinstance(node, Term):
            return node.text in f[node.field]
        if isinstance(node, DateRange):
            return (node.start or "0000") <= f["date"] <= (node.end or "9999")
        if isinstance(node, Not):
            return not match(node.child, f)
        if isinstance(node, And):
            return all(match(c, f) for c in node.children)
        assert isinstance(node, Or)
        return any(match(c, f) for c in node.children)

    tree = parse(query)
    return {aid for aid, f in hay if match(tree, f)}
