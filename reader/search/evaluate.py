"""Query evaluation: a parsed query -> one FTS5 expression over the exact index, or sets.

Nearly every query (terms, phrases, fields, AND, OR, a NOT beside a positive
term, dates at the top level) becomes one FTS5 expression plus a row id range
for the dates, which SQLite answers in C: counting, ranking and paging without
Python touching each match. What FTS5 cannot say (a query of exclusions only,
a date inside an OR, single characters beside longer strings, which the index
keeps in two tables) is evaluated as sets of row ids, within the time budget:
what FTS5 can say of each part in one expression per table, the parts set
against each other in one SQL statement where they can be.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.analysis import match_expression
from reader.errors import QueryError, SearchStopped
from reader.query import And, DateRange, Node, Not, Or, Term
from reader.search.exact import TEXT_FIELDS, ExactIndex, RowLayout, table_of

TIME_BUDGET = 0.8  # seconds a search of more than ORDINARY_TERMS terms may spend before it is refused
ORDINARY_TERMS = 10  # a query of up to this many terms is always answered, however long it takes


def term_expression(term: Term) -> str:
    """The FTS5 expression for one term: its phrase, in its field's columns (a single
    character: its tokens of those fields, in the characters' table, which has no columns)."""
    fields = TEXT_FIELDS if term.field is None else (term.field,)
    phrase = match_expression(term.text, fields)
    if table_of(phrase) == "chars":
        return f"({phrase})"
    return f"{{{' '.join(fields)}}} : {phrase}"


def either(terms: Iterable[Term]) -> list[str]:
    """FTS5 expressions for "any of ``terms``": one for each index table the terms look in."""
    return [str(p) for p in _per_table(terms, "OR")]  # a term is always an expression


def expression(node: Node) -> str | None:
    """``node`` as one FTS5 expression, or None if FTS5 cannot express it (dates, bare NOTs,
    single characters beside longer strings: see :func:`reader.search.exact.table_of`)."""
    whole = _expression(node)
    if whole is None:
        return None
    try:
        table_of(whole)
    except ValueError:
        return None
    return whole


def _expression(node: Node) -> str | None:
    if isinstance(node, Term):
        return term_expression(node)
    if isinstance(node, DateRange | Not):
        return None
    if isinstance(node, Or):
        parts = [_expression(c) for c in node.children]
        if any(p is None for p in parts):
            return None
        return " OR ".join(f"({p})" for p in parts)
    positives: list[str] = []
    negatives: list[str] = []
    for child in node.children:
        if isinstance(child, Not):
            inner = _expression(child.child)
            if inner is None:
                return None
            negatives.append(inner)
        else:
            inner = _expression(child)
            if inner is None:
                return None
            positives.append(inner)
    if not positives:
        return None
    out = " AND ".join(f"({p})" for p in positives)
    if negatives:
        out = f"({out}) NOT (" + " OR ".join(f"({n})" for n in negatives) + ")"
    return out


@dataclass(frozen=True)
class Plan:
    """How to answer a query: one FTS5 ``expression`` within row ids ``lo``..``hi``, or ``node``
    evaluated as sets when ``expression`` is None."""

    expression: str | None
    lo: int
    hi: int
    node: Node


def plan(node: Node, lo: int, hi: int, layout: RowLayout) -> Plan:
    """Split top-level dates off (into the row id range of ``layout``, the index's), and the
    rest into one expression."""
    children = node.children if isinstance(node, And) else (node,)
    rest = []
    for child in children:
        if isinstance(child, DateRange):
            a, b = layout.rowid_range(child.start, child.end)
            lo, hi = max(lo, a), min(hi, b)
        else:
            rest.append(child)
    if not rest:
        return Plan(None, lo, hi, node)
    remaining = rest[0] if len(rest) == 1 else And(tuple(rest))
    whole = expression(remaining)
    return Plan(whole, lo, hi, remaining if whole is not None else node)


class Budget:
    """The time a search of more than :data:`ORDINARY_TERMS` terms may spend in the index.

    An ordinary query (up to ten terms) is always answered: at 36,500 issues the
    slowest measured took 0.55 s on an idle machine, and a busy or slower one must not
    turn that into a refusal. A longer one (up to the parser's 100) is checked by
    SQLite itself while it works (a progress handler), and between the lookups of a
    query evaluated as sets: past the time, the search stops with one
    :class:`QueryError` line instead of keeping the index busy. Any search stops, the
    same ways, once ``stop()`` says nobody waits for its answer any more.
    """

    def __init__(self, seconds: float, terms: int, articles: Callable[[], int],
                 stop: Callable[[], bool] | None = None) -> None:
        self.seconds = seconds
        self.terms = terms
        self.articles = articles  # how many the library has, for the message
        self.stop = stop
        self.started = time.perf_counter()

    @property
    def stopped(self) -> bool:
        return self.stop is not None and self.stop()

    @property
    def spent(self) -> bool:
        return self.stopped or (self.terms > ORDINARY_TERMS and time.perf_counter() - self.started > self.seconds)

    def error(self) -> QueryError:
        if self.stopped:
            return SearchStopped("the search was stopped: a newer one took its place")
        return QueryError(
            f"the query is too costly for this library: its {self.terms} terms took over "
            f"{self.seconds:g} s across {self.articles():,} articles; use fewer or rarer terms"
        )

    def spend(self) -> None:
        """Before a further lookup: QueryError once the time is up."""
        if self.spent:
            raise self.error()


def evaluate(index: ExactIndex, node: Node, lo: int, hi: int, budget: Budget) -> set[int]:
    """The row ids in ``lo``..``hi`` that ``node`` matches, as sets (the general case)."""
    budget.spend()
    whole = expression(node)
    if whole is not None:
        return index.rowids(whole, lo, hi)
    if isinstance(node, DateRange):
        a, b = index.layout.rowid_range(node.start, node.end)
        return index.rowids(None, max(lo, a), min(hi, b))
    if isinstance(node, Not):
        return index.rowids(None, lo, hi) - evaluate(index, node.child, lo, hi, budget)
    if isinstance(node, Or):
        parts = _per_table(node.children, "OR")
        budget.spend()
        out = index.combined("UNION", [p for p in parts if isinstance(p, str)], lo, hi) \
            if any(isinstance(p, str) for p in parts) else set()
        for child in parts:
            if not isinstance(child, str):
                out |= evaluate(index, child, lo, hi, budget)
        return out
    assert isinstance(node, And)
    # Dates first: they narrow the range every other part is looked up in.
    for child in node.children:
        if isinstance(child, DateRange):
            a, b = index.layout.rowid_range(child.start, child.end)
            lo, hi = max(lo, a), min(hi, b)
    children = [c for c in node.children if not isinstance(c, DateRange)]
    positives = _per_table([c for c in children if not isinstance(c, Not)], "AND")
    negatives = _per_table([c.child for c in children if isinstance(c, Not)], "OR")
    # What FTS5 can express (at most one expression per table, each way) in one statement;
    # the rest (dates inside an OR, say) as sets.
    expressed = [p for p in positives if isinstance(p, str)]
    result: set[int] | None = None
    if expressed or not positives:
        budget.spend()
        result = index.combined("INTERSECT", expressed, lo, hi, [n for n in negatives if isinstance(n, str)])
        negatives = [n for n in negatives if not isinstance(n, str)]
    for child in positives:
        if isinstance(child, str):
            continue
        found = evaluate(index, child, lo, hi, budget)
        result = found if result is None else result & found
        if not result:
            return set()
    assert result is not None
    for part in negatives:
        result -= index.rowids(part, lo, hi) if isinstance(part, str) else evaluate(index, part, lo, hi, budget)
    return result


def _per_table(nodes: Iterable[Node], op: str) -> list[Node | str]:
    """``nodes`` to combine with ``op``: those FTS5 can express joined into one expression per
    index table (single characters and longer strings), the rest as they are: one lookup
    each, not one per term."""
    groups: dict[str, list[str]] = {}
    rest: list[Node | str] = []
    for node in nodes:
        one = expression(node)
        if one is None:
            rest.append(node)
        else:
            groups.setdefault(table_of(one), []).append(f"({one})")
    return [f" {op} ".join(g) for g in groups.values()] + rest
