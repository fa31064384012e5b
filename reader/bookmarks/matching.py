"""How a bookmark whose article vanished in a re-import finds the article it became.

A bookmark keeps a snapshot of its article (date, kicker, title and the opening
of the body). Candidates are the articles of the same issue date: the same
title first, then a similar title, then nearly the same opening text; an
article that already has a bookmark is taken only if its text matches too.
Failing that, an article of any date with the same title and text (the issue
was dated differently). Matching only reads; the store applies the result.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reader.bookmarks.exchange import clean_text
from reader.models import Article, Bookmark

if TYPE_CHECKING:
    from reader.library import Library

_EXCERPT_CHARS = 200
_SIMILAR_TITLE = 0.6
_SAME_TEXT = 0.8

Match = Literal["same", "title", "similar", "text", "moved"]


@dataclass(frozen=True)
class Reattachment:
    """One bookmark that found its article again.

    ``how`` is "same" (the article with the bookmark's id is back), "title" (same
    issue date and title), "similar" (same date, similar title), "text" (same
    date, nearly the same opening text) or "moved" (same title and nearly the
    same text, under another date).
    """

    old_id: str
    bookmark: Bookmark
    how: Match

    def to_json(self) -> dict[str, object]:
        return {"old_id": self.old_id, "how": self.how, "bookmark": self.bookmark.to_json()}


@dataclass(frozen=True)
class ReconcileReport:
    """What :meth:`Bookmarks.reconcile` did.

    ``reattached`` lists bookmarks moved to (or back to) a live article;
    ``detached`` lists every bookmark left without an article (newly or from
    before); ``refreshed`` counts live bookmarks whose snapshot was updated.
    """

    reattached: tuple[Reattachment, ...] = ()
    detached: tuple[Bookmark, ...] = ()
    refreshed: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "reattached": len(self.reattached),
            "detached": len(self.detached),
            "refreshed": self.refreshed,
            "reattached_items": [r.to_json() for r in self.reattached],
            "detached_items": [b.to_json() for b in self.detached],
        }


def snapshot_of(article: Article) -> Bookmark:
    """What a bookmark remembers of ``article`` (no note, tags or timestamps yet)."""
    return Bookmark(
        article_id=article.id, issue_id=article.issue_id, date=article.date,
        title=clean_text(article.title), kicker=clean_text(article.kicker), paper=article.paper,
        page=article.page,
    )


def same_snapshot(a: Bookmark, b: Bookmark) -> bool:
    return (a.issue_id, a.date, a.title, a.kicker, a.detached, a.paper, a.page) == (
        b.issue_id, b.date, b.title, b.kicker, b.detached, b.paper, b.page)


def excerpt_of(article: Article) -> str:
    """The opening of the text, kept to recognise the article after its text changed."""
    return clean_text((article.body or "\n".join(article.captions))[:_EXCERPT_CHARS])


def articles_by_date(library: Library, dates: set[str]) -> dict[str, list[Article]]:
    """The candidates: every article of the issues dated one of ``dates``."""
    found: dict[str, list[Article]] = {}
    for issue in library.issues():
        if issue.date in dates:
            found.setdefault(issue.date, []).extend(library.articles(issue.id))
    return found


def _norm(text: str) -> str:
    """Text compared for matching: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_article(
    mark: Bookmark, excerpt: str, candidates: list[Article], claimed: set[str]
) -> tuple[Article, Match] | None:
    """The article ``mark`` most likely became, or None."""
    title = _norm(mark.title)
    text = _norm(excerpt)
    scored = []
    for a in candidates:
        if mark.paper and a.paper and a.paper != mark.paper:
            continue  # the same day's story in another paper
        t = _norm(a.title)
        title_score = 1.0 if t == title else _ratio(title, t)
        if title and t and (title in t or t in title) and min(len(t), len(title)) >= 4:
            title_score = max(title_score, _SIMILAR_TITLE)
        text_score = _ratio(text, _norm(excerpt_of(a)))
        if title_score == 1.0:
            how: Match = "title"
        elif title_score >= _SIMILAR_TITLE:
            how = "similar"
        elif text_score >= _SAME_TEXT and len(text) >= 20:
            how = "text"
        else:
            continue
        # An article that already has a bookmark is only taken if its text matches too.
        if a.id in claimed and text_score < _SIMILAR_TITLE:
            continue
        rank = ("title", "similar", "text").index(how)
        scored.append((rank, a.id in claimed, _norm(a.kicker) != _norm(mark.kicker),
                       -text_score, -title_score, a.seq, a, how))
    if not scored:
        return None
    best = min(scored, key=lambda s: s[:6])
    return best[6], best[7]


def find_moved(
    lost: Sequence[tuple[Bookmark, str]], library: Library, claimed: set[str]
) -> dict[str, Article]:
    """For bookmarks in ``lost``: an unclaimed article of any date with the same title and text
    (in the same paper, when both name one)."""
    wanted: dict[str, list[tuple[Bookmark, str]]] = {}
    for mark, excerpt in lost:
        if len(_norm(excerpt)) >= 20 and _norm(mark.title):
            wanted.setdefault(_norm(mark.title), []).append((mark, _norm(excerpt)))
    if not wanted:
        return {}
    scored = []
    # The titles first (no text read): only an article with a wanted title is read whole.
    for article_id, title in library.article_titles():
        marks = wanted.get(_norm(title), ())
        if not marks or article_id in claimed:
            continue
        article = library.article(article_id)
        for mark, text in marks:
            if mark.paper and article.paper and article.paper != mark.paper:
                continue  # the same story in another paper is another article
            score = _ratio(text, _norm(excerpt_of(article)))
            if score >= _SAME_TEXT:
                scored.append((-score, mark.article_id, article.id, article))
    found: dict[str, Article] = {}
    for _score, mark_id, article_id, article in sorted(scored, key=lambda s: s[:3]):
        if mark_id not in found and article_id not in claimed:
            found[mark_id] = article
            claimed.add(article_id)
    return found
