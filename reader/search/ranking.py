"""Ranking: the order of a query's matches, and the page of them a search shows.

Relevance is FTS5's BM25 over the exact index's phrase counts, with the heading
weighted far above the byline and the body (see :data:`reader.search.exact.WEIGHTS`),
so for one term every heading hit comes before every body-only hit; equal
scores put the newer article first. "newest" and "oldest" are row id order,
which is date order (see :mod:`reader.search.exact`). Either way SQLite walks
the matches in C and hands back only the page asked for.

Scoring every match costs a few microseconds each: for a query that matches
more than :data:`SCORE_ALL` articles (a common word on a decade of issues), the
page is made of the best-scored matches in the heading, then, if they do not
fill it, of the newest body matches, best first. A term that common carries
almost no weight in BM25 anyway; the cost then follows the page, not the archive.
"""

from __future__ import annotations

from reader.query import Term
from reader.search.evaluate import Plan, term_expression
from reader.search.exact import ExactIndex

SORTS = ("relevance", "newest", "oldest")
SCORE_ALL = 5000  # matches scored one by one; above this, headings first, then the newest


def ranked(index: ExactIndex, plan: Plan, sort: str, limit: int | None, *, total: int,
           terms: list[Term]) -> list[tuple[int, float]]:
    """The page (``limit``; None: all) of (row id, score) for a query answered by one expression."""
    expression = plan.expression
    assert expression is not None
    headings = [Term(t.text, "title") for t in terms if t.field in (None, "title")]
    if sort != "relevance" or not limit or total <= SCORE_ALL or not headings:
        return index.top(expression, plan.lo, plan.hi, sort, limit)
    in_heading = " OR ".join(f"({term_expression(t)})" for t in headings)
    page = index.top(f"({expression}) AND ({in_heading})", plan.lo, plan.hi, "relevance", limit)
    if len(page) < limit:
        seen = {r for r, _s in page}
        newest = index.top(expression, plan.lo, plan.hi, "newest", limit + len(page))
        rest = sorted(((r, s) for r, s in newest if r not in seen), key=lambda p: (-p[1], -p[0]))
        page += rest[: limit - len(page)]
    return page


def ranked_set(index: ExactIndex, matched: set[int], terms: list[Term], lo: int, hi: int,
               sort: str, limit: int | None) -> list[tuple[int, float]]:
    """The page of a query evaluated as sets: by date, or scored by its positive terms."""
    if sort != "relevance" or not terms:
        order = sorted(matched, reverse=sort != "oldest")
        return [(r, 0.0) for r in (order[:limit] if limit else order)]
    either = " OR ".join(f"({term_expression(t)})" for t in terms)
    scored = [(r, s) for r, s in index.top(either, lo, hi, "relevance", None) if r in matched]
    seen = {r for r, _ in scored}
    scored += [(r, 0.0) for r in sorted(matched - seen, reverse=True)]
    return scored[:limit] if limit else scored
