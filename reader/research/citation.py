"""Citations of newspaper articles: GB/T 7714-2015 (the Chinese national standard) and APA.

GB/T 7714-2015 cites a newspaper article as ``作者. 题名[N]. 报纸名, 出版日期(版次).``;
what is not known (the author, the paper, the page: unknown for most of today's
library) is left out with its punctuation, never printed empty.

>>> from reader.models import Article
>>> a = Article(id="x", issue_id="i", date="2022-02-24", seq=1, title="坚决把防线防住、底线守牢",
...             body="", author="李明璇", paper="大同日报", page=1)
>>> cite(a)
'李明璇. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24(1).'
>>> cite(Article(id="x", issue_id="i", date="2022-02-24", seq=1, title="题", body=""))
'题[N]. 2022-02-24.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reader.errors import BaokuError
from reader.models import Article

Style = Literal["gbt7714", "apa"]
STYLES: tuple[Style, ...] = ("gbt7714", "apa")
_MAX_AUTHORS = 3  # GB/T 7714: the first three, then 等
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True)
class Reference:
    """What a citation needs of an article, with unknown parts empty (or None)."""

    article_id: str
    title: str
    date: str  # YYYY-MM-DD
    authors: tuple[str, ...] = ()
    paper: str = ""
    page: int | None = None
    subtitle: str = ""

    @classmethod
    def of(cls, article: Article, *, paper: str = "") -> Reference:
        """The reference of ``article``; ``paper`` names the paper when the article does not."""
        return cls(
            article_id=article.id,
            title=_clean(article.title or article.heading),
            date=article.date,
            authors=tuple(article.author.split()),
            paper=_clean(article.paper or paper),
            page=article.page,
            subtitle=_clean(article.subtitle),
        )

    @property
    def full_title(self) -> str:
        """The title as cited: the headline alone. A Chinese paper's subtitle (副题) is
        mostly a summary line of who attended what; GB/T 7714's own examples leave it out."""
        return self.title

    def to_json(self) -> dict[str, object]:
        return {"article_id": self.article_id, "title": self.title, "subtitle": self.subtitle,
                "date": self.date, "authors": list(self.authors), "paper": self.paper,
                "page": self.page}


class CitationError(BaokuError):
    """A citation style that does not exist."""


def cite(article: Article | Reference, style: Style = "gbt7714") -> str:
    """The citation of one article in ``style`` ("gbt7714" or "apa"), as one line."""
    ref = article if isinstance(article, Reference) else Reference.of(article)
    if style == "gbt7714":
        return gbt7714(ref)
    if style == "apa":
        return apa(ref)
    raise CitationError(f"unknown citation style {style!r} (use gbt7714 or apa)")


def gbt7714(ref: Reference) -> str:
    """``作者. 题名[N]. 报纸名, 出版日期(版次).`` with the unknown parts left out."""
    parts = []
    if ref.authors:
        names = list(ref.authors[:_MAX_AUTHORS])
        if len(ref.authors) > _MAX_AUTHORS:
            names.append("等")
        parts.append(", ".join(names) + ".")
    parts.append(f"{ref.full_title}[N].")
    when = ref.date + (f"({ref.page})" if ref.page is not None else "")
    parts.append(f"{ref.paper}, {when}." if ref.paper else f"{when}.")
    return " ".join(parts)


def apa(ref: Reference) -> str:
    """APA (7th edition) for a print newspaper: ``作者. (2022, February 24). 题名. 报纸名, 1.``"""
    when = _apa_date(ref.date)
    title = ref.full_title.rstrip("。.")
    if ref.authors:
        names = list(ref.authors)
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
        head = f"{who}. ({when}). {title}."
    else:  # APA moves the title to the author's place
        head = f"{title}. ({when})."
    tail = ref.paper + (f", {ref.page}" if ref.page is not None and ref.paper else "")
    return f"{head} {tail}." if tail else head


def _apa_date(date: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if not m:
        return date or "n.d."
    year, month, day = m.groups()
    return f"{year}, {_MONTHS[int(month) - 1]} {int(day)}"


def _clean(text: str) -> str:
    """One line: line breaks and runs of spaces made single spaces."""
    return re.sub(r"\s+", " ", text).strip()
