"""Search: a query -> every article that contains it exactly, ranked, with snippets and spans.

Which articles match is decided on the articles' own text, held in memory as
one normalised string (one read of the library's database per process; about
21 million characters for 3,650 issues): each term is counted per article with
``str.count`` run in C over that string (or, for a rare term, located with
``str.find``), so any Chinese string is found wherever it occurs, whatever
jieba makes of it: 100% recall and precision by construction. The counts found
in that pass feed the ranking; each term's counts are cached until the library
changes. Parts of an AND are evaluated rarest first, each only on the articles
the previous parts left.

Ranking is BM25 over the exact counts: a term's weight comes from how many
articles contain it, each field's count is saturated, and the heading counts
three times a body hit (without length normalisation, so a heading hit always
ranks above a body-only hit for one term). jieba adds word-boundary evidence
from the Whoosh index (:mod:`reader.index`): articles where the term is one of
jieba's words get a bonus over those where it is only a part of a longer word
(大同 in 大同市 vs. in 不大同意).

>>> searcher = Searcher(library)                              # doctest: +SKIP
>>> searcher.search("大同 冷链", sort="newest", limit=5).total    # doctest: +SKIP
3
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, filterfalse, repeat
from operator import contains
from typing import TYPE_CHECKING, Any

from reader.analysis import normalize
from reader.errors import QueryError
from reader.index import (
    INDEX_NAME,
    Record,
    connect_readonly,
    library_generation,
    read_records,
    unpack_words,
)
from reader.models import Hit, SearchResult
from reader.query import And, DateRange, Node, Not, Or, Term, check_date, parse, positive_terms

if TYPE_CHECKING:
    from reader.library import Library

SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 80
_K1 = 1.2
_B = 0.75
_TITLE_WEIGHT = 3.0
_AUTHOR_WEIGHT = 1.5
_WORD_BONUS = 0.3
_RERANK = 60  # how many of the best exact hits get jieba's word evidence
_CACHE_TERMS = 256
_SEP = "\x00"  # joins an article's fields; no query can contain it
_GAP = "\x01"  # joins articles
_SAMPLE = 1000  # articles looked at to guess how common a term is
_FIND_BUDGET = 20_000  # occurrences a str.find walk may visit before counting per article
TIME_BUDGET = 0.8  # seconds a search may spend before a further term is refused

# Per search: term -> ({article: count}, counted over the whole library?, document frequency)
_Counts = dict[Term, tuple[dict[int, int], bool, float]]


@dataclass
class _Corpus:
    """Every article's fields in memory, normalised, as one string plus per-field haystacks.

    ``text`` holds every article's kicker, title, subtitle, byline, author, body
    and captions, normalised, joined by _SEP within an article and by _GAP
    between articles; article ``i`` is ``text[starts[i]:ends[i]]``. One string
    lets ``str.find`` / ``str.count`` with bounds run over it without copying.
    """

    generation: int
    records: list[Record]
    dates: list[str]
    text: str
    starts: list[int]
    ends: list[int]
    title_hay: list[str]
    author_hay: list[str]
    norms: list[float]  # BM25's length normalisation of each article's body
    sample: list[str]  # every article's haystack in a regular sample, to guess how common a term is

    @classmethod
    def load(cls, db_path: Any) -> _Corpus:
        db = connect_readonly(db_path)
        try:
            generation = library_generation(db)
            records = read_records(db)
        finally:
            db.close()
        title_hay, author_hay, parts, lengths = [], [], [], []
        for r in records:
            t = normalize(_SEP.join((r.kicker, r.title, r.subtitle)))
            a = normalize(_SEP.join((r.byline, r.author)))
            parts.append(_SEP.join((t, a, normalize(_SEP.join((r.body, *r.captions, *r.highlights))))))
            title_hay.append(t)
            author_hay.append(a)
            lengths.append(len(r.body) + sum(map(len, r.captions)) + sum(map(len, r.highlights)))
        starts, ends, at = [], [], 0
        for p in parts:
            starts.append(at)
            at += len(p)
            ends.append(at)
            at += len(_GAP)
        avg = max(sum(lengths) / len(lengths), 1.0) if lengths else 1.0
        norms = [_K1 * (1 - _B + _B * n / avg) for n in lengths]
        sample = parts[:: max(1, len(parts) // _SAMPLE)]
        return cls(generation, records, [r.date for r in records], _GAP.join(parts), starts, ends,
                   title_hay, author_hay, norms, sample)

    def article_text(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def hay_for(self, field: str | None) -> Callable[[str, Iterable[int]], Iterator[int]]:
        """A function counting a string in the given articles' ``field`` (None: all fields)."""
        if field is None:
            big, starts, ends = self.text, self.starts, self.ends

            def count_all(text: str, articles: Iterable[int]) -> Iterator[int]:
                bounds = list(articles)
                return map(big.count, repeat(text), map(starts.__getitem__, bounds),
                           map(ends.__getitem__, bounds))

            return count_all
        hay = self.title_hay if field == "title" else self.author_hay

        def count_field(text: str, articles: Iterable[int]) -> Iterator[int]:
            return map(str.count, map(hay.__getitem__, articles), repeat(text))

        return count_field

    def contains_for(self, field: str | None) -> Callable[[str, Iterable[int]], Iterator[bool]]:
        """A function telling whether a string occurs in each of the given articles' ``field``."""
        if field is None:
            big, starts, ends = self.text, self.starts, self.ends

            def in_all(text: str, articles: Iterable[int]) -> Iterator[bool]:
                bounds = list(articles)
                found = map(big.find, repeat(text), map(starts.__getitem__, bounds),
                            map(ends.__getitem__, bounds))
                return map((-1).__ne__, found)

            return in_all
        hay = self.title_hay if field == "title" else self.author_hay

        def in_field(text: str, articles: Iterable[int]) -> Iterator[bool]:
            return map(contains, map(hay.__getitem__, articles), repeat(text))

        return in_field


class Searcher:
    """Answers queries on one library; cheap to create, loads lazily, safe to share across threads."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._db_path = library.db_path
        self._index_dir = library.index_dir
        self._lock = threading.RLock()
        self._corpus: _Corpus | None = None
        # term -> {article: count} over the whole library, for the most recent terms
        self._terms: OrderedDict[Term, dict[int, int]] = OrderedDict()
        self._words: _WordEvidence | None = None
        self._budget = _Budget(TIME_BUDGET, 0)

    # -- loading -----------------------------------------------------------
    def warm_up(self) -> None:
        """Load the texts, open the index and start jieba (about 1-2 s); call off the GUI thread."""
        self._load()
        from reader.analysis import jieba_tokenizer

        jieba_tokenizer()

    def refresh(self) -> None:
        """Pick up library changes (a new import) if there were any.

        The new texts load while searches keep answering from the old ones.
        """
        current = self._corpus
        if current is None:
            return
        db = connect_readonly(self._db_path)
        try:
            generation = library_generation(db)
        finally:
            db.close()
        if generation == current.generation:
            return
        corpus = _Corpus.load(self._db_path)
        words = _WordEvidence.open(self._index_dir)
        with self._lock:
            old = self._words
            self._corpus, self._words = corpus, words
            self._terms.clear()
        if old:
            old.close()

    def close(self) -> None:
        """Let go of the texts and the index's open files (searching again reloads them)."""
        with self._lock:
            words, self._words, self._corpus = self._words, None, None
            self._terms.clear()
        if words:
            words.close()

    def _load(self) -> _Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = _Corpus.load(self._db_path)
                self._words = _WordEvidence.open(self._index_dir)
            return self._corpus

    # -- searching -----------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        sort: str = "relevance",
        limit: int | None = 20,
        budget: float | None = None,
    ) -> SearchResult:
        """Every article matching ``query``; the best ``limit`` of them (None or 0: all) as hits.

        Raises :class:`QueryError` for a malformed query, date or sort order,
        and for a query whose terms take longer than ``budget`` seconds
        (default :data:`TIME_BUDGET`) to look up: each term reads the whole
        archive, so dozens of common words on a large library are refused, in
        a second, rather than keeping the search busy. A one-term query is
        always answered.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort order {sort!r} (use relevance, newest or oldest)")
        if limit is not None and limit < 0:
            raise QueryError("the limit cannot be negative")
        tree = parse(query)
        lo_date = check_date(date_from, first=True) if date_from else ""
        hi_date = check_date(date_to, first=False) if date_to else ""
        if lo_date and hi_date and lo_date > hi_date:
            raise QueryError(f"--from {date_from} is after --to {date_to}")
        with self._lock:
            corpus = self._load()
            words = self._words
            self._budget = _Budget(TIME_BUDGET if budget is None else budget, len(corpus.records))
            lo = bisect.bisect_left(corpus.dates, lo_date) if lo_date else 0
            hi = bisect.bisect_right(corpus.dates, hi_date) if hi_date else len(corpus.dates)
            counts: _Counts = {}
            universe = None if (lo, hi) == (0, len(corpus.dates)) else range(lo, hi)
            matched = sorted(self._eval(tree, corpus, universe, counts))
            terms = positive_terms(tree)
            ranked = self._rank(corpus, words, matched, terms, counts, sort, limit)
            page = ranked if not limit else ranked[:limit]
            hits = tuple(_make_hit(corpus, i, score, terms) for i, score in page)
        return SearchResult(query, len(matched), hits)

    def _term(self, term: Term, corpus: _Corpus, universe: Sequence[int] | None,
              counts: _Counts) -> Collection[int]:
        """Articles of ``universe`` (None: all) whose text contains ``term``.

        One pass of ``str.count`` (in C, via map) finds them and counts the
        occurrences for ranking at once; ``counts`` keeps them for this search.
        A rare term is found with ``str.find`` over the whole text instead.
        """
        n = len(corpus.records)
        text = term.text
        self._budget.spend()
        cached = self._terms.get(term)
        if cached is None and universe is None:
            if term.field is None and _estimate(corpus, text, occurrences=True) < _FIND_BUDGET // 2:
                cached = _find_all(corpus, text)
            if cached is None:
                hay = corpus.hay_for(term.field)
                tally = list(hay(text, range(n)))
                cached = dict(compress(enumerate(tally), tally))
            self._terms[term] = cached
            if len(self._terms) > _CACHE_TERMS:
                self._terms.popitem(last=False)
        if cached is not None:
            self._terms.move_to_end(term)
            counts.setdefault(term, (cached, True, len(cached)))
            return cached if universe is None else _keep(universe, cached)
        assert universe is not None
        found = corpus.hay_for(term.field)(text, universe)
        part = {i: c for i, c in zip(universe, found, strict=True) if c}
        # Counted on part of the library only: estimate how common it is over all of it.
        counts.setdefault(term, (part, False, len(part) * n / max(len(universe), 1)))
        return list(part)

    def _eval(self, node: Node, corpus: _Corpus, universe: Sequence[int] | None,
              counts: _Counts) -> Collection[int]:
        """The articles of ``universe`` (None: all) that ``node`` matches."""
        if isinstance(node, Term):
            return self._term(node, corpus, universe, counts)
        everything = range(len(corpus.records)) if universe is None else universe
        if isinstance(node, DateRange):
            lo = bisect.bisect_left(corpus.dates, node.start) if node.start else 0
            hi = bisect.bisect_right(corpus.dates, node.end) if node.end else len(corpus.dates)
            if universe is None:
                return range(lo, hi)
            return [i for i in universe if lo <= i < hi]
        if isinstance(node, Not):
            child = node.child
            if isinstance(child, Term) and universe is not None and child not in self._terms:
                # Only whether it occurs matters here: find stops at the first occurrence.
                self._budget.spend()
                present = corpus.contains_for(child.field)(child.text, universe)
                return list(compress(universe, map(operator.not_, present)))
            excluded = self._eval(child, corpus, universe, counts)
            excluded = excluded if isinstance(excluded, set | frozenset | dict) else set(excluded)
            return list(filterfalse(excluded.__contains__, everything))
        if isinstance(node, Or):
            out: set[int] = set()
            for child in node.children:
                out.update(self._eval(child, corpus, universe, counts))
            return sorted(out)
        assert isinstance(node, And)
        # Narrow down: dates first, then the longest (probably rarest) terms, exclusions last.
        order = sorted(node.children, key=lambda c: _selectivity(c, corpus))
        current: Sequence[int] | None = universe
        result: Collection[int] = everything
        for child in order:
            result = self._eval(child, corpus, current, counts)
            current = result if isinstance(result, list | range) else sorted(result)
            if not current:
                return []
        return result

    def _rank(self, corpus: _Corpus, words: _WordEvidence | None, matched: list[int],
              terms: list[Term], counts: _Counts, sort: str,
              limit: int | None) -> list[tuple[int, float]]:
        """(article, score) best first (or by date); with a limit, at least its first ``limit``."""
        n = len(corpus.records)
        weights = []
        for t in terms:
            if t not in counts:  # a positive term not evaluated on its own (under a double -)
                self._term(t, corpus, None, counts)
            d = counts[t][2]
            weights.append((t, math.log(1 + (n - d + 0.5) / (d + 0.5))))
        if sort != "relevance" and limit:
            # Scores of the page only: by date, the order does not depend on them.
            page = matched[::-1][:limit] if sort == "newest" else matched[:limit]
            return list(zip(page, _bm25(corpus, page, weights, counts, self._budget), strict=True))
        scores = _bm25(corpus, matched, weights, counts, self._budget)
        if sort == "newest":
            return list(zip(reversed(matched), reversed(scores), strict=True))
        if sort == "oldest":
            return list(zip(matched, scores, strict=True))
        # Best score first, the newer article first on equal scores: plain tuple order, in C.
        if limit and limit + _RERANK < len(matched):
            best = heapq.nlargest(max(limit, _RERANK), zip(scores, matched, strict=True))
        else:
            best = sorted(zip(scores, matched, strict=True), reverse=True)
        scored = [(i, score) for score, i in best]
        if words is not None and terms:
            top = scored[:_RERANK]
            bonus = words.bonus([corpus.records[i].id for i, _ in top], weights)
            top = sorted(((i, s + b) for (i, s), b in zip(top, bonus, strict=True)),
                         key=lambda p: (-p[1], -p[0]))
            scored[: len(top)] = top
        return scored

    def matches(self, query: str, *, date_from: str | None = None,
                date_to: str | None = None) -> list[tuple[str, str, int]]:
        """(article id, date, occurrences) of every article matching ``query``, oldest first.

        What the timeline and the author list need of a search: all of it, with
        no ranking, snippets or spans. ``occurrences`` counts the query's
        (non-excluded) terms in the article, each in its field. Raises what
        :meth:`search` raises.
        """
        tree = parse(query)
        lo_date = check_date(date_from, first=True) if date_from else ""
        hi_date = check_date(date_to, first=False) if date_to else ""
        with self._lock:
            corpus = self._load()
            self._budget = _Budget(TIME_BUDGET, len(corpus.records))
            lo = bisect.bisect_left(corpus.dates, lo_date) if lo_date else 0
            hi = bisect.bisect_right(corpus.dates, hi_date) if hi_date else len(corpus.dates)
            universe = None if (lo, hi) == (0, len(corpus.dates)) else range(lo, hi)
            counts: _Counts = {}
            matched = sorted(self._eval(tree, corpus, universe, counts))
            occurrences = [0] * len(matched)
            for term in positive_terms(tree):
                known, complete, _df = counts.get(term, ({}, False, 0))
                found: Iterable[int]
                if complete:  # counted while matching: no second pass over the texts
                    found = map(known.get, matched, repeat(0))
                else:
                    found = corpus.hay_for(term.field)(term.text, matched)
                occurrences = list(map(operator.add, occurrences, found))
            records = corpus.records
            return [(records[i].id, records[i].date, n) for i, n in zip(matched, occurrences, strict=True)]


class _Budget:
    """The time a search may spend on its terms; the first term is always looked up."""

    def __init__(self, seconds: float, articles: int) -> None:
        self.seconds = seconds
        self.articles = articles  # for the message
        self.started: float | None = None
        self.terms = 0

    def spend(self) -> None:
        """Called before each term is looked up; QueryError once the time is up."""
        self.terms += 1
        if self.started is None:
            self.started = time.perf_counter()
        else:
            self.check()

    def check(self) -> None:
        """QueryError if the time is up (before a further term is looked up or ranked)."""
        if self.started is not None and time.perf_counter() - self.started > self.seconds:
            raise QueryError(
                f"the query is too costly for this library: {self.terms - 1} of its terms took "
                f"over {self.seconds:g} s across {self.articles:,} articles; use fewer or rarer terms"
            )


def _estimate(corpus: _Corpus, text: str, *, occurrences: bool = False) -> float:
    """Roughly how many articles contain ``text`` (or how often it occurs), from a sample."""
    hits = sum(map(str.count if occurrences else contains, corpus.sample, repeat(text)))
    return hits * len(corpus.records) / max(len(corpus.sample), 1)


def _find_all(corpus: _Corpus, text: str) -> dict[int, int] | None:
    """{article: count} by one ``str.find`` walk over the whole text; None if it is not rare."""
    out: dict[int, int] = {}
    big, starts, step = corpus.text, corpus.starts, len(text)
    pos = big.find(text)
    budget = _FIND_BUDGET
    while pos >= 0:
        budget -= 1
        if not budget:
            return None
        i = bisect.bisect_right(starts, pos) - 1
        out[i] = out.get(i, 0) + 1
        pos = big.find(text, pos + step)
    return out


def _keep(universe: Sequence[int], found: dict[int, int]) -> list[int]:
    return list(compress(universe, map(found.__contains__, universe)))


def _selectivity(node: Node, corpus: _Corpus) -> tuple[int, float]:
    """Sort key for an AND's parts: dates, then the rarest terms first, exclusions last."""
    if isinstance(node, DateRange):
        return (0, 0)
    if isinstance(node, Term):
        return (1, _estimate(corpus, node.text) - len(node.text) / 100)
    if isinstance(node, Not):
        return (3, 0)
    return (2, 0)


def _bm25(corpus: _Corpus, articles: list[int], weights: list[tuple[Term, float]],
          counts: _Counts, budget: _Budget | None = None) -> list[float]:
    """BM25 over exact counts, per article: the whole text (length-normalised), plus the
    heading x3 and the byline x1.5 (unnormalised, so one heading hit outranks any body hit).
    """
    scores = [0.0] * len(articles)
    k1 = _K1 + 1
    norms = list(map(corpus.norms.__getitem__, articles))
    for k, (term, idf) in enumerate(weights):
        if budget is not None and k:
            budget.check()
        rep = repeat(term.text)
        known, complete, _df = counts[term]
        if complete:
            totals = list(map(known.get, articles, repeat(0)))
        else:
            missing = [i for i in articles if i not in known]
            extra = dict(zip(missing, corpus.hay_for(term.field)(term.text, missing), strict=True))
            totals = [known[i] if i in known else extra[i] for i in articles]
        if term.field is None:
            w = idf * k1
            scores = [s + w * c / (c + n) for s, c, n in zip(scores, totals, norms, strict=True)]
        # Heading and byline hits: few, found in C, then weighted one by one.
        for field, weight in (("title", _TITLE_WEIGHT), ("author", _AUTHOR_WEIGHT)):
            if term.field not in (None, field):
                continue
            hay = corpus.title_hay if field == "title" else corpus.author_hay
            w = idf * weight * k1
            positions = compress(range(len(articles)), map(contains, map(hay.__getitem__, articles), rep))
            for k in positions:
                tf = hay[articles[k]].count(term.text)
                scores[k] += w * tf / (tf + _K1)
    return scores


class _WordEvidence:
    """jieba's words per article, stored in the Whoosh index, read for the best few hits.

    Missing or damaged index: no evidence, never an error (it only refines ranking).
    """

    def __init__(self, ix: Any, reader: Any, docnums: dict[str, int]) -> None:
        self._ix = ix
        self._reader = reader
        self._docnums = docnums

    @classmethod
    def open(cls, directory: Any) -> _WordEvidence | None:
        from whoosh import index as whoosh_index

        try:
            if not whoosh_index.exists_in(str(directory), indexname=INDEX_NAME):
                return None
            ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
            reader = ix.reader()
            docnums = {term.decode("utf-8"): docnum
                       for term, docnum in _id_postings(reader)}
            if docnums:  # open the stored fields now, not in the first search
                reader.stored_fields(next(iter(docnums.values())))
            return cls(ix, reader, docnums)
        except Exception:  # a damaged index costs ranking quality, never a search
            return None

    def close(self) -> None:
        self._reader.close()
        self._ix.close()

    def bonus(self, article_ids: list[str], weights: list[tuple[Term, float]]) -> list[float]:
        """Per article, a bonus for each term that jieba cut as a whole word in its field."""
        out = [0.0] * len(article_ids)
        try:
            for k, aid in enumerate(article_ids):
                docnum = self._docnums.get(aid)
                if docnum is None:
                    continue
                title, author, body = unpack_words(self._reader.stored_fields(docnum)["words"])
                for term, idf in weights:
                    key = f" {term.text} "
                    if term.field in (None, "title") and key in title:
                        out[k] += _WORD_BONUS * _TITLE_WEIGHT * idf
                    elif term.field in (None, "author") and key in author or term.field is None and key in body:
                        out[k] += _WORD_BONUS * idf
        except Exception:  # see above
            return [0.0] * len(article_ids)
        return out


def _id_postings(reader: Any) -> list[tuple[bytes, int]]:
    """(article id, docnum) for every live document, read from the id field's postings."""
    out = []
    for term in reader.lexicon("article_id"):
        for docnum in reader.postings("article_id", term).all_ids():
            if not reader.is_deleted(docnum):
                out.append((term, docnum))
    return out


def _make_hit(corpus: _Corpus, i: int, score: float, terms: list[Term]) -> Hit:
    record = corpus.records[i]
    any_terms = [t.text for t in terms if t.field is None]
    title_terms = any_terms + [t.text for t in terms if t.field == "title"]
    author_terms = any_terms + [t.text for t in terms if t.field == "author"]
    # The haystacks are the fields joined by _SEP, normalised without changing any offset.
    kicker, title, subtitle, byline, author, body, *rest = corpus.article_text(i).split(_SEP)
    captions, highlights = rest[: len(record.captions)], rest[len(record.captions) :]
    spans: dict[str, list[tuple[int, ...]]] = {
        "kicker": list(_spans(kicker, title_terms)),
        "title": list(_spans(title, title_terms)),
        "subtitle": list(_spans(subtitle, title_terms)),
        "byline": list(_byline_spans(byline, author, author_terms)),
        "body": list(_spans(body, any_terms)),
        "captions": [(k, s, e) for k, c in enumerate(captions) for s, e in _spans(c, any_terms)],
        "highlights": [(k, s, e) for k, h in enumerate(highlights) for s, e in _spans(h, any_terms)],
    }
    source, source_spans = record.body, spans["body"]
    if not source_spans and record.captions and (spans["captions"] or not record.body):
        # A photo, or a match only under a picture: show the caption that matched.
        k = spans["captions"][0][0] if spans["captions"] else 0
        source = record.captions[k]
        source_spans = [(s, e) for c, s, e in spans["captions"] if c == k]
    elif not source_spans and spans["highlights"]:
        # A match only in the summary box printed with the story: show that line.
        k = spans["highlights"][0][0]
        source = record.highlights[k]
        source_spans = [(s, e) for c, s, e in spans["highlights"] if c == k]
    snippet, snippet_spans = _snippet(source, source_spans)  # type: ignore[arg-type]
    return Hit(record.id, record.issue_id, record.date, record.title or record.heading, score,
               snippet, snippet_spans, spans)


def _spans(hay: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every needle in ``hay`` (already normalised), overlaps merged."""
    needles = [n for n in needles if n]
    if not needles or not hay:
        return []
    raw: list[tuple[int, int]] = []
    for needle in needles:
        start = hay.find(needle)
        while start >= 0:
            raw.append((start, start + len(needle)))
            start = hay.find(needle, start + 1)
    return _merge(raw)


def _byline_spans(byline: str, author: str, needles: list[str]) -> list[tuple[int, int]]:
    """Matches in the byline, and where a name found only in the author is printed in it.

    A byline may set a two-character name with a space (``孙 权``); the author
    field joins it (``孙权``), so the query 孙权 finds the article, and the span
    marks ``孙 权`` where the reader sees it.
    """
    raw = _spans(byline, needles)
    for needle in needles:
        if len(needle) > 1 and needle in author and needle not in byline:
            gapped = re.compile(r"\s*".join(map(re.escape, needle)))
            raw.extend((m.start(), m.end()) for m in gapped.finditer(byline))
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
    return _spans(normalize(text), [t.text for t in positive_terms(parse(query))])
