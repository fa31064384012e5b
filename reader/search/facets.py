"""Facets: how a query's matches spread over time (per year or per month), for a timeline.

Counted by the exact index in one grouped SQL pass: a row id's high bits are
the issue date's ordinal (see :mod:`reader.search.exact`), so grouping needs
no row read.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

BUCKETS = ("year", "month")


def bucket_of(day: int, by: str) -> str:
    """The label of the year ("2022") or month ("2022-01") of a date ordinal ("" for no date)."""
    if day <= 0:
        return ""
    d = date.fromordinal(day)
    return f"{d.year:04d}" if by == "year" else f"{d.year:04d}-{d.month:02d}"


def buckets(per_day: dict[int, int], by: str) -> list[tuple[str, int]]:
    """Per-day counts summed per year or month, in date order (undated last)."""
    out: Counter[str] = Counter()
    for day, n in per_day.items():
        out[bucket_of(day, by)] += n
    return sorted(out.items(), key=lambda kv: (kv[0] == "", kv[0]))
