"""The oracle for search tests: what a query matches, by scanning every article's text in Python.

Shared by the hostile-query and crash tests (and their scripts); independent of
reader.search, so a bug there cannot hide in both.
"""

from __future__ import annotations

import re
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


def contains(hay: str, needle: str) -> bool:
    """Whether normalised ``needle`` occurs in normalised ``hay`` as search defines it.

    Chinese (and any other non-Latin text) is a substring; a Latin letter or digit
    at either end of the needle must be the end of a run of letters and digits in
    ``hay`` too (``5g`` is not in ``1.5gw``, ``2022`` not in ``20221``).
    """
    if not needle:
        return False
    head = "(?<![0-9a-z])" if re.match("[0-9a-z]", needle[0]) else ""
    tail = "(?![0-9a-z])" if re.match("[0-9a-z]", needle[-1]) else ""
    if not head and not tail:
        return needle in hay
    return re.search(head + re.escape(needle) + tail, hay) is not None


def brute(hay: Haystack, query: str) -> set[str]:
    """The ids of the articles ``query`` matches."""
    from reader.query import And, DateRange, Node, Not, Or, Term, parse

    def match(node: Node, f: dict[str | None, str]) -> bool:
        if isinstance(node, Term):
            return contains(f[node.field], node.text)
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
