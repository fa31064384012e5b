"""Hits and snippets: where a found article matched, as character spans, and a short excerpt.

Only the articles shown are read (from the library, through :class:`reader.store.Store`)
and scanned here, each field normalised as the index saw it: normalising never
moves a character, so a span in the normalised field marks the printed characters
(雲岡 for the query 云冈). A Latin or digit term is marked only as a whole run,
as the index matches it (:func:`reader.analysis.find_all`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from reader.analysis import find_all, normalize
from reader.models import Article, Hit, Span
from reader.query import Term, parse, positive_terms

SNIPPET_CHARS = 80


def make_hit(article: Article, score: float, terms: list[Term]) -> Hit:
    """The hit for ``article``: spans of ``terms`` in each field, and a snippet around the best."""
    any_terms = [t.text for t in terms if t.field is None]
    title_terms = any_terms + [t.text for t in terms if t.field == "title"]
    author_terms = any_terms + [t.text for t in terms if t.field == "author"]
    spans: list[Span] = []
    for name, terms_here in (("kicker", title_terms), ("title", title_terms), ("subtitle", title_terms)):
        spans += [Span(name, s, e) for s, e in spans_of(getattr(article, name), terms_here)]
    spans += [Span("byline", s, e) for s, e in _byline_spans(article.byline, article.author, author_terms)]
    body = spans_of(article.body, any_terms)
    spans += [Span("body", s, e) for s, e in body]
    captions = [(k, s, e) for k, c in enumerate(article.captions) for s, e in spans_of(c, any_terms)]
    spans += [Span(f"captions[{k}]", s, e) for k, s, e in captions]
    highlights = [(k, s, e) for k, h in enumerate(article.highlights) for s, e in spans_of(h, any_terms)]
    spans += [Span(f"highlights[{k}]", s, e) for k, s, e in highlights]
    source, source_spans = article.body, body
    if not source_spans and article.captions and (captions or not article.body):
        # A photo, or a match only under a picture: show the caption that matched.
        k = captions[0][0] if captions else 0
        source = article.captions[k]
        source_spans = [(s, e) for c, s, e in captions if c == k]
    elif not source_spans and highlights:
        # A match only in the summary box printed with the story: show that line.
        k = highlights[0][0]
        source = article.highlights[k]
        source_spans = [(s, e) for c, s, e in highlights if c == k]
    snippet, snippet_spans = _snippet(source, source_spans)
    return Hit(article.id, article.issue_id, article.date, article.title or article.heading, score,
               snippet, snippet_spans, tuple(spans), paper=article.paper, page=article.page)


def spans_of(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Every match of every (normalised) needle in ``text``, overlaps merged."""
    needles = [n for n in needles if n]
    if not needles or not text:
        return []
    hay = normalize(text)
    raw = [span for needle in needles for span in find_all(hay, needle)]
    return _merge(raw)


def _byline_spans(byline: str, author: str, needles: list[str]) -> list[tuple[int, int]]:
    """Matches in the byline, and where a name found only in the author is printed in it.

    A byline may set a two-character name with a space (``孙 权``); the author
    field joins it (``孙权``), so the query 孙权 finds the article, and the span
    marks ``孙 权`` where the reader sees it.
    """
    raw = spans_of(byline, needles)
    hay, name = normalize(byline), normalize(author)
    for needle in needles:
        if len(needle) > 1 and needle in name and needle not in hay:
            gapped = re.compile(r"\s*".join(map(re.escape, needle)))
            raw.extend((m.start(), m.end()) for m in gapped.finditer(hay))
    return _merge(raw)


def _merge(raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones merged (touching ones are kept apart)."""
    raw.sort()
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        if merged and s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _snippet(body: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About SNIPPET_CHARS of ``body`` around its densest cluster of matches, and their spans in it."""
    if not spans:
        start = 0
    else:
        best, best_n = spans[0][0], 0
        for k, (s, _e) in enumerate(spans):
            n = bisect.bisect_left(spans, (s + SNIPPET_CHARS // 2, 0)) - k
            if n > best_n:
                best, best_n = s, n
        start = max(0, min(best - SNIPPET_CHARS // 3, len(body) - SNIPPET_CHARS))
    end = min(len(body), start + SNIPPET_CHARS)
    text = body[start:end].replace("\n", " ")
    shift = -start
    if start > 0:
        text = "…" + text
        shift += 1
    if end < len(body):
        text += "…"
    inside = tuple((max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end)
    return text, inside


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query``'s terms (not the excluded ones) occur in ``text``: for marking any text.

    >>> match_spans("大同市冷链物流", "冷链 OR 大同")
    [(0, 2), (3, 5)]
    """
    return spans_of(text, [t.text for t in positive_terms(parse(query))])
