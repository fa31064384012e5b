"""Search: a query -> every article that contains it exactly, ranked, with snippets and spans.

Which articles match is decided on the articles' own text, held in memory (one
read of the library's database per process, about 45 MB of text for 3,650
issues): each term is found with ``str.__contains__`` over the normalised text,
so any Chinese string is found wherever it occurs, whatever jieba makes of it
(100% recall and precision by construction), and each term's set of articles is
cached until the library changes.

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
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.analysis import normalize
from reader.errors import QueryError
from reader.index import INDEX_NAME, Record, connect_readonly, library_generation, read_records
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
_RERANK = 200  # how many of the best exact hits get jieba's word evidence
_CACHE_TERMS = 256
_SEP = "\x00"  # joins an article's fields in its haystack; no query can contain it


@dataclass
class _Corpus:
    """Every article's fields in memory, with normalised haystacks per search field."""

    generation: int
    records: list[Record]
    dates: list[str]
    any_hay: list[str]
    title_hay: list[str]
    author_hay: list[str]
    body_hay: list[str]
    body_avg: float

    @classmethod
    def load(cls, db_path: Any) -> _Corpus:
        db = connect_readonly(db_path)
        try:
            generation = library_generation(db)
            records = read_records(db)
        finally:
            db.close()
        title_hay, author_hay, body_hay, any_hay = [], [], [], []
        for r in records:
            t = normalize(_SEP.join((r.kicker, r.title, r.subtitle)))
            a = normalize(_SEP.join((r.byline, r.author)))
            b = normalize(_SEP.join((r.body, *r.captions)))
            title_hay.append(t)
            author_hay.append(a)
            body_hay.append(b)
            any_hay.append(_SEP.join((t, a, b)))
        avg = sum(len(b) for b in body_hay) / len(body_hay) if body_hay else 1.0
        return cls(generation, records, [r.date for r in records], any_hay, title_hay,
                   author_hay, body_hay, max(avg, 1.0))

    def hay(self, field: str | None) -> list[str]:
        if field == "title":
            return self.title_hay
        if field == "author":
            return self.author_hay
        return self.any_hay


class Searcher:
    """Answers queries on one library; cheap to create, loads lazily, safe to share across threads."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._db_path = library.db_path
        self._index_dir = library.index_dir
        self._lock = threading.RLock()
        self._corpus: _Corpus | None = None
        self._terms: OrderedDict[Term, frozenset[int]] = OrderedDict()
        self._words: _WordEvidence | None = None

    # -- loading -----------------------------------------------------------
    def warm_up(self) -> None:
        """Load the texts, open the index and start jieba (about 1-2 s); call off the GUI thread."""
        self._load()
        from reader.analysis import jieba_tokenizer

        jieba_tokenizer()

    def refresh(self) -> None:
        """Pick up library changes (a new import) if there were any."""
        with self._lock:
            if self._corpus is None:
                return
            db = connect_readonly(self._db_path)
            try:
                generation = library_generation(db)
            finally:
                db.close()
            if generation != self._corpus.generation:
                self._corpus = None
                self._terms.clear()
                if self._words:
                    self._words.close()
                self._words = None
        self._load()

    def _load(self) -> _Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = _Corpus.load(self._db_path)
                self._words = _WordEvidence.open(self._index_dir, self._corpus)
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
    ) -> SearchResult:
        """Every article matching ``query``; the best ``limit`` of them (None or 0: all) as hits.

        Raises :class:`QueryError` for a malformed query, date or sort order.
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
            lo = bisect.bisect_left(corpus.dates, lo_date) if lo_date else 0
            hi = bisect.bisect_right(corpus.dates, hi_date) if hi_date else len(corpus.dates)
            found = self._eval(tree, corpus)
            matched = sorted(i for i in found if lo <= i < hi)
            terms = positive_terms(tree)
            ranked = self._rank(corpus, words, matched, terms, sort)
            page = ranked if not limit else ranked[:limit]
            hits = tuple(_make_hit(corpus.records[i], score, terms) for i, score in page)
        return SearchResult(query, len(matched), hits)

    def _term(self, term: Term, corpus: _Corpus) -> frozenset[int]:
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        text = term.text
        hay = corpus.hay(term.field)
        result = frozenset(i for i, h in enumerate(hay) if text in h)
        self._terms[term] = result
        if len(self._terms) > _CACHE_TERMS:
            self._terms.popitem(last=False)
        return result

    def _eval(self, node: Node, corpus: _Corpus) -> frozenset[int] | set[int]:
        if isinstance(node, Term):
            return self._term(node, corpus)
        if isinstance(node, DateRange):
            lo = bisect.bisect_left(corpus.dates, node.start) if node.start else 0
            hi = bisect.bisect_right(corpus.dates, node.end) if node.end else len(corpus.dates)
            return set(range(lo, hi))
        if isinstance(node, Not):
            return set(range(len(corpus.records))) - self._eval(node.child, corpus)
        if isinstance(node, Or):
            out: set[int] = set()
            for child in node.children:
                out |= self._eval(child, corpus)
            return out
        assert isinstance(node, And)
        positives = [c for c in node.children if not isinstance(c, Not)]
        negatives = [c.child for c in node.children if isinstance(c, Not)]
        if positives:
            sets = sorted((self._eval(c, corpus) for c in positives), key=len)
            result = set(sets[0])
            for s in sets[1:]:
                result &= s
        else:
            result = set(range(len(corpus.records)))
        for child in negatives:
            if not result:
                break
            result -= self._eval(child, corpus)
        return result

    def _rank(self, corpus: _Corpus, words: _WordEvidence | None, matched: list[int],
              terms: list[Term], sort: str) -> list[tuple[int, float]]:
        n = len(corpus.records)
        weights = []
        for t in terms:
            df = len(self._term(t, corpus))
            weights.append((t, math.log(1 + (n - df + 0.5) / (df + 0.5))))
        scored = [(i, _bm25(corpus, i, weights)) for i in matched]
        if sort == "newest":
            scored.sort(key=lambda p: -p[0])
            return scored
        if sort == "oldest":
            return scored
        scored.sort(key=lambda p: (-p[1], -p[0]))
        if words is not None and terms:
            top = scored[:_RERANK]
            bonus = words.bonus([corpus.records[i].id for i, _ in top], weights)
            top = [(i, s + b) for (i, s), b in zip(top, bonus, strict=True)]
            top.sort(key=lambda p: (-p[1], -p[0]))
            scored[: len(top)] = top
        return scored


def _bm25(corpus: _Corpus, i: int, weights: list[tuple[Term, float]]) -> float:
    score = 0.0
    body = corpus.body_hay[i]
    norm = 1 - _B + _B * len(body) / corpus.body_avg
    for term, idf in weights:
        text = term.text
        s = 0.0
        if term.field in (None, "title"):
            tf = corpus.title_hay[i].count(text)
            if tf:
                s += _TITLE_WEIGHT * tf * (_K1 + 1) / (tf + _K1)
        if term.field in (None, "author"):
            tf = corpus.author_hay[i].count(text)
            if tf:
                s += _AUTHOR_WEIGHT * tf * (_K1 + 1) / (tf + _K1)
        if term.field is None:
            tf = body.count(text)
            if tf:
                s += tf * (_K1 + 1) / (tf + _K1 * norm)
        score += idf * s
    return score


class _WordEvidence:
    """jieba's word counts per article from the Whoosh index, for the best few hits.

    Missing or damaged index: no evidence, never an error (ranking only).
    """

    def __init__(self, ix: Any, searcher: Any, docnums: dict[str, int]) -> None:
        self._ix = ix
        self._searcher = searcher
        self._docnums = docnums

    @classmethod
    def open(cls, directory: Any, corpus: _Corpus) -> _WordEvidence | None:
        from whoosh import index as whoosh_index

        try:
            if not whoosh_index.exists_in(str(directory), indexname=INDEX_NAME):
                return None
            ix = whoosh_index.open_dir(str(directory), indexname=INDEX_NAME)
            searcher = ix.searcher()
            docnums = {}
            reader = searcher.reader()
            for docnum, fields in reader.iter_docs():
                docnums[fields["article_id"]] = docnum
            return cls(ix, searcher, docnums)
        except Exception:  # a damaged index costs ranking quality, never a search
            return None

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def bonus(self, article_ids: list[str], weights: list[tuple[Term, float]]) -> list[float]:
        out = [0.0] * len(article_ids)
        try:
            wanted = sorted((d, k) for k, aid in enumerate(article_ids)
                            if (d := self._docnums.get(aid)) is not None)
            if not wanted:
                return out
            for term, idf in weights:
                fields = ("title", "author", "body") if term.field is None else (term.field,)
                for fieldname in fields:
                    if (fieldname, term.text) not in self._searcher.reader():
                        continue
                    m = self._searcher.postings(fieldname, term.text)
                    for docnum, k in wanted:
                        if not m.is_active():
                            break
                        if m.id() < docnum:
                            m.skip_to(docnum)
                        if m.is_active() and m.id() == docnum:
                            out[k] += _WORD_BONUS * idf
        except Exception:  # see above
            pass
        return out


def _make_hit(record: Record, score: float, terms: list[Term]) -> Hit:
    spans: dict[str, list[tuple[int, ...]]] = {}
    any_terms = [t.text for t in terms if t.field is None]
    title_terms = any_terms + [t.text for t in terms if t.field == "title"]
    author_terms = any_terms + [t.text for t in terms if t.field == "author"]
    for name, value in (("kicker", record.kicker), ("title", record.title),
                        ("subtitle", record.subtitle)):
        spans[name] = list(_spans(value, title_terms))
    spans["byline"] = list(_spans(record.byline, author_terms))
    spans["body"] = list(_spans(record.body, any_terms))
    spans["captions"] = [(k, s, e) for k, c in enumerate(record.captions)
                         for s, e in _spans(c, any_terms)]
    snippet, snippet_spans = _snippet(record.body, spans["body"])  # type: ignore[arg-type]
    return Hit(record.id, record.issue_id, record.date, record.title or record.heading, score,
               snippet, snippet_spans, spans)


def _spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every needle in ``text`` (case- and width-folded), overlaps merged."""
    needles = [n for n in needles if n]
    if not needles or not text:
        return []
    hay = normalize(text)
    raw: list[tuple[int, int]] = []
    for needle in needles:
        start = hay.find(needle)
        while start >= 0:
            raw.append((start, start + len(needle)))
            start = hay.find(needle, start + 1)
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
    return _spans(text, [t.text for t in positive_terms(parse(query))])
