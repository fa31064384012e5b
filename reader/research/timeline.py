"""The timeline of a search: how many articles (and occurrences) per year or per month.

Takes what :meth:`reader.search.Searcher.day_counts` gives — (date, articles,
occurrences) per issue date, counted by the index without reading an article —
and sums it into periods, with the empty periods between the first and the last
filled in, so a bar chart shows the gaps. The article counts always sum to the
search's total. Its cost grows with the days that have matches, not with the
matches: at most one row per issue date.

>>> t = count_days([("2021-03-01", 1, 2), ("2023-01-05", 3, 4)], "year")
>>> [(b.period, b.articles, b.occurrences) for b in t.buckets]
[('2021', 1, 2), ('2022', 0, 0), ('2023', 3, 4)]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["year", "month"]
GRANULARITIES: tuple[Granularity, ...] = ("year", "month")


@dataclass(frozen=True)
class Bucket:
    """One period: ``period`` is "YYYY" or "YYYY-MM"; ``first``/``last`` its first and last day.
    ``occurrences`` is None when they were not counted (the window's chart counts articles only)."""

    period: str
    articles: int
    occurrences: int | None

    @property
    def first(self) -> str:
        return f"{self.period}-01-01" if len(self.period) == 4 else f"{self.period}-01"

    @property
    def last(self) -> str:
        if len(self.period) == 4:
            return f"{self.period}-12-31"
        year, month = int(self.period[:4]), int(self.period[5:7])
        return f"{self.period}-{calendar.monthrange(year, month)[1]:02d}"

    def to_json(self) -> dict[str, object]:
        return {"period": self.period, "articles": self.articles, "occurrences": self.occurrences,
                "from": self.first, "to": self.last}


@dataclass(frozen=True)
class Timeline:
    """A search's counts per period, oldest first."""

    granularity: Granularity
    buckets: tuple[Bucket, ...]

    @property
    def total(self) -> int:
        return sum(b.articles for b in self.buckets)

    @property
    def occurrences(self) -> int | None:
        counts = [b.occurrences for b in self.buckets]
        return None if None in counts else sum(c or 0 for c in counts)

    def to_json(self) -> dict[str, object]:
        return {"granularity": self.granularity, "total": self.total,
                "occurrences": self.occurrences, "buckets": [b.to_json() for b in self.buckets]}


def count_days(days: Iterable[tuple[str, int, int | None]], granularity: Granularity = "year") -> Timeline:
    """Sum ``days`` ((YYYY-MM-DD date, articles, occurrences or None), in any order) per year or month."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"unknown granularity {granularity!r} (use year or month)")
    width = 4 if granularity == "year" else 7
    articles: dict[str, int] = {}
    occurrences: dict[str, int] = {}
    counted = True
    for day, n, k in days:
        key = day[:width]
        articles[key] = articles.get(key, 0) + n
        occurrences[key] = occurrences.get(key, 0) + (k or 0)
        counted = counted and k is not None
    if not articles:
        return Timeline(granularity, ())
    periods = _periods(set(articles), granularity)
    return Timeline(granularity, tuple(Bucket(p, articles.get(p, 0), occurrences.get(p, 0) if counted else None)
                                       for p in periods))


def chart_timeline(days: Sequence[tuple[str, int, int | None]]) -> Timeline:
    """What the window's bar chart shows of ``days``: per year, or per month when the
    articles fall in two years or fewer."""
    timeline = count_days(days, "year")
    return count_days(days, "month") if len(timeline.buckets) <= 2 else timeline


def histogram(matches: Iterable[tuple[str, str, int]], granularity: Granularity = "year") -> Timeline:
    """Count ``matches`` (article id, YYYY-MM-DD date, occurrences), one article each, per
    year or per month.

    >>> [b.articles for b in histogram([("a", "2021-03-01", 2), ("b", "2023-01-05", 1)]).buckets]
    [1, 0, 1]
    """
    return count_days(((day, 1, n) for _aid, day, n in matches), granularity)


def _periods(keys: set[str], granularity: Granularity) -> list[str]:
    """Every period from the first of ``keys`` to the last, both included (just the keys,
    sorted, if some are not dates)."""
    pattern = r"\d{4}" if granularity == "year" else r"\d{4}-\d{2}"
    if not all(re.fullmatch(pattern, k) for k in keys):
        return sorted(keys)
    first, last = min(keys), max(keys)
    if granularity == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    out = []
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
