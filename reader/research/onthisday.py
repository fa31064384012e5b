"""历史上的今天: the articles printed on this month and day in earlier years, newest first.

Across every paper in the library. ``on_this_day(library, "02-24")`` looks the
dates up through the library's date index (one date per year), so it costs the
same on ten years as on one.

>>> day = on_this_day(library, "02-24", before="2026-02-24")   # doctest: +SKIP
>>> [(i.date, len(i.articles)) for i in day.issues]            # doctest: +SKIP
[('2022-02-24', 9)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from typing import TYPE_CHECKING

from reader.errors import BaokuError

if TYPE_CHECKING:
    from reader.library import Library


class DayError(BaokuError):
    """A day that is not MM-DD (or YYYY-MM-DD), or does not exist in any year."""


@dataclass(frozen=True)
class Headline:
    """An article as a list of headlines shows it (its text is not read)."""

    id: str
    title: str
    kicker: str = ""
    subtitle: str = ""
    author: str = ""
    kind: str = "article"
    paper: str = ""
    page: int | None = None

    @property
    def heading(self) -> str:
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)


@dataclass(frozen=True)
class DayIssue:
    """One earlier issue printed on the day: its date, how many years ago, and its articles."""

    issue_id: str
    date: str
    years_ago: int
    paper: str
    articles: tuple[Headline, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "issue_id": self.issue_id, "date": self.date, "years_ago": self.years_ago,
            "paper": self.paper,
            "articles": [{"article_id": a.id, "title": a.title or a.heading, "kicker": a.kicker,
                          "author": a.author, "paper": a.paper or self.paper, "page": a.page,
                          "kind": a.kind} for a in self.articles],
        }


@dataclass(frozen=True)
class OnThisDay:
    month_day: str
    before: str
    issues: tuple[DayIssue, ...]

    @property
    def total(self) -> int:
        return sum(len(i.articles) for i in self.issues)

    def to_json(self) -> dict[str, object]:
        return {"month_day": self.month_day, "before": self.before, "total": self.total,
                "issues": [i.to_json() for i in self.issues]}


def parse_day(text: str | None, today: Date | None = None) -> tuple[str, str]:
    """("MM-DD", the date the earlier years are before) from "MM-DD", "YYYY-MM-DD" or None (today).

    >>> parse_day("2-24", Date(2026, 11, 29))
    ('02-24', '2026-02-24')
    >>> parse_day("2023-02-24")
    ('02-24', '2023-02-24')
    """
    today = today or Date.today()
    if not text:
        return today.strftime("%m-%d"), today.isoformat()
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise DayError(f"not a day: {text!r} (use MM-DD or YYYY-MM-DD)")
    year = int(m.group(1)) if m.group(1) else today.year
    month, day = int(m.group(2)), int(m.group(3))
    try:
        Date(2024, month, day)  # a leap year: 02-29 is a day
    except ValueError:
        raise DayError(f"no such day: {text!r}") from None
    return f"{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}"


def on_this_day(library: Library, month_day: str, *, before: str) -> OnThisDay:
    """The issues (with their articles) printed on ``month_day`` in years before ``before``'s."""
    year = before[:4]
    days = [(i, d) for i, d in library.store.issue_ids_on_month_day(month_day) if d[:4] < year]
    heads: dict[str, list[Headline]] = {}
    for aid, issue_id, _seq, kicker, title, subtitle, author, kind in library.store.article_heads(
            [i for i, _d in days]):
        heads.setdefault(issue_id, []).append(Headline(aid, title, kicker, subtitle, author, kind))
    found = []
    for issue_id, date in days:
        paper = library.issue(issue_id).paper
        found.append(DayIssue(issue_id, date, int(year) - int(date[:4]), paper, tuple(heads.get(issue_id, ()))))
    return OnThisDay(month_day, before, tuple(found))
