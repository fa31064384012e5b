"""Ranking: the order of a query's matches, and the page of them a search shows.

Relevance counts each phrase's occurrences per column, saturating as BM25 does,
with the heading weighted far above the byline and the body (see
:data:`reader.search.exact.WEIGHTS`), so for one term every heading hit comes
before every body-only hit; equal scores put the newer article first. "newest" and "oldest" are row id order,
which is date order (see :mod:`reader.search.exact`). Either way SQLite walks
the matches in C and hands back only the page asked for.

Relevance is scored match by match (a few microseconds each, see
:func:`reader.search.exact._rank`), so no page scores more than
:data:`SCORE_ALL` matches. A query that matches more (a common word on a
decade of issues) keeps the same first rule without scoring: every match in a
heading, newest first, then every match below the headings, newest first; SQLite
walks the matches in C and stops at the page, however deep. A query evaluated as
sets (see :mod:`reader.search.evaluate`) is ordered by that rule too, and so is a query
of single characters, whose table keeps neither their places nor their fields' columns.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.query import Term
from reader.search.evaluate import Plan, either, term_expression
from reader.search.exact import ExactIndex, table_of

SORTS = ("relevance", "newest", "oldest")
SCORE_ALL = 1000  # matches scored one by one (5-10 µs each); above this, headings first, by date
HEADING_SCORE, BODY_SCORE = 1.0, 0.5  # the scores of such a page: in a heading, or only below it


# (expression, lo, hi, limit) -> the row ids of its first ``limit`` matches, newest first
NewestFirst = Callable[[str, int, int, "int | None"], list[int]]


def ranked(index: ExactIndex, plan: Plan, sort: str, limit: int | None, *, total: int,
           terms: list[Term], heading_hits: NewestFirst) -> list[tuple[int, float]]:
    """The page (``limit``; None: all) of (row id, score) for a query answered by one expression.

    ``heading_hits`` walks the matches in a heading, newest first: the walk that costs most
    on a page of a query of many matches, since it goes through all of them when fewer than
    the page are in a heading, so :class:`reader.search.Searcher` keeps the complete lists
    it has walked."""
    expression = plan.expression
    assert expression is not None
    if sort != "relevance" or (total <= SCORE_ALL and table_of(expression) == "text"):
        return index.top(expression, plan.lo, plan.hi, sort, limit)
    headings = [Term(t.text, "title") for t in terms if t.field in (None, "title")]
    if not headings:  # author:, paper: … alone: newest first
        return index.top(expression, plan.lo, plan.hi, "newest", limit)
    in_heading = " OR ".join(f"({term_expression(t)})" for t in headings)
    one_term = len(terms) == 1 and expression == term_expression(terms[0])
    # One term in a heading is a match of it: FTS5 need not find the term twice (half the walk).
    where = in_heading if one_term else f"({expression}) AND ({in_heading})"
    page = [(r, HEADING_SCORE) for r in heading_hits(where, plan.lo, plan.hi, limit)]
    if one_term and terms[0].field == "title":
        return page  # title:…: every match is in a heading
    if limit is None or len(page) < limit:
        more = None if limit is None else limit - len(page)
        page += [(r, BODY_SCORE) for r, _s in
                 index.top(f"({expression}) NOT ({in_heading})", plan.lo, plan.hi, "newest", more)]
    return page


def ranked_set(index: ExactIndex, matched: set[int], terms: list[Term], lo: int, hi: int,
               sort: str, limit: int | None) -> list[tuple[int, float]]:
    """The page of a query evaluated as sets: by date, or by the rule of a common word's
    page (its heading hits, newest first, then the rest, newest first): the headings are one
    more set, made in C, where scoring each match would cost a walk through every match of
    each term, or a seek per match."""
    if sort != "relevance" or not terms:
        order = sorted(matched, reverse=sort != "oldest")
        return [(r, 0.0) for r in (order[:limit] if limit else order)]
    headings = [Term(t.text, "title") for t in terms if t.field in (None, "title")]
    in_heading = index.combined("UNION", either(headings), lo, hi) & matched if headings else set()
    page = [(r, HEADING_SCORE) for r in sorted(in_heading, reverse=True)]
    if limit is None or len(page) < limit:
        page += [(r, BODY_SCORE) for r in sorted(matched - in_heading, reverse=True)]
    return page[:limit] if limit else page
