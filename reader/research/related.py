"""Related reports: up to five articles sharing an article's rare key terms, follow-ups first.

Two kinds, each with its date and paper:

* **related**: articles sharing the article's key terms — its jieba words
  (with jieba's HMM, so names the dictionary lacks, 卢东亮 or 史水鸿, are words
  too) weighted by how rare they are in Chinese (jieba's dictionary
  frequencies) and how often the article uses them (the headline three
  times). The exact search then finds the articles with two of the three best
  (or, if few have, with any of them) and ranks them by BM25, which weighs each
  term by how rare it is in this library.
* **follow-up**: articles within six weeks of it that share at least two of
  those terms or its names, one of them a name (a word jieba's dictionary
  lacks that starts with a common surname, or a word ending like a place:
  市, 县, 区, 开发区…): the same people and places, the same story, reported again.

Only :func:`key_terms` knows where terms come from; once the search keeps a
catalogue of jieba words per article (with Whoosh's key terms and more like
this), it is the one function to re-point.

>>> [r.article_id for r in related(library, searcher, "ae4f7b2973512329e")]  # doctest: +SKIP
['a76abe6281b868255', ...]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from itertools import combinations
from typing import TYPE_CHECKING

from reader.analysis import normalize
from reader.errors import BaokuError, QueryError
from reader.models import Article

if TYPE_CHECKING:
    from reader.library import Library
    from reader.search import Searcher

LIMIT = 5
KEY_TERMS = 6
SAMPLE = 500  # articles sampled to tell how common a word is in this library
_POOL = 20  # words weighed against the library, from the best by their rarity in Chinese
_NAMES = 4  # names looked for in the weeks around the article
_PAIRED = 3  # related articles share two of this many best terms
FOLLOW_UP_DAYS = 42
_CANDIDATES = 30
_HEADING_WEIGHT = 3
# The hundred commonest surnames (they cover about 85% of people in China), and place-name endings.
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
                "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
                "万钱严覃武戴莫孔向汤")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:省|市|县|区|镇|乡|村|街道|社区|园区|开发区|口岸|公司|集团|医院|学校|大学)")
_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}|[0-9a-z]*[a-z][0-9a-z]{2,}")  # no pure numbers


@dataclass(frozen=True)
class KeyTerm:
    text: str
    weight: float
    name: bool  # looks like a person's name (a surname, unknown to jieba) or a place's


@dataclass(frozen=True)
class Related:
    """A related article: why it is related (``shared`` key terms), and whether it is a follow-up."""

    article_id: str
    issue_id: str
    date: str
    title: str
    paper: str
    score: float
    follow_up: bool
    days: int  # after (positive) or before (negative) the article
    shared: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"article_id": self.article_id, "issue_id": self.issue_id, "date": self.date,
                "title": self.title, "paper": self.paper, "score": round(self.score, 4),
                "kind": "follow-up" if self.follow_up else "related", "days": self.days,
                "shared": list(self.shared)}


def key_terms(article: Article, sample: Sequence[str] = (), limit: int = KEY_TERMS) -> list[KeyTerm]:
    """The article's ``limit`` most telling words, most telling first.

    Weight: 1 + log(occurrences) (a heading word counts three times) times the
    word's rarity in Chinese, log(total / frequency) over jieba's dictionary (a
    word the dictionary lacks counts as the rarest), times its rarity in this
    library, judged on ``sample`` (normalised texts of articles from all over
    it): 大同 is rare in Chinese but not in 大同日报 (halved at most: a word
    only this article has relates it to nothing). Single characters and
    numbers are left out.
    """
    from reader.analysis import jieba_tokenizer

    dt = jieba_tokenizer()
    freq, total = dt.FREQ, max(int(dt.total), 2)
    counts: Counter[str] = Counter()
    for text, weight in ((article.heading, _HEADING_WEIGHT),
                         ("\n".join((article.body, *article.captions, *article.highlights)), 1)):
        for word in dt.cut(normalize(text), HMM=True):
            if _WORD.fullmatch(word) and word not in article.author.split():
                counts[word] += weight
    terms = []
    for word, n in counts.items():
        f = freq.get(word, 0)
        name = bool(_PLACE.fullmatch(word)) or (not f and len(word) in (2, 3) and word[0] in _SURNAMES)
        terms.append(KeyTerm(word, (1 + math.log(n)) * math.log(total / (f + 1)), name))
    terms.sort(key=lambda t: (-t.weight, t.text))
    if sample:
        size = len(sample)
        terms = [KeyTerm(t.text, t.weight * (1 + _rarity(sum(t.text in x for x in sample), size)) / 2,
                         t.name)
                 for t in terms[:_POOL]]
        terms.sort(key=lambda t: (-t.weight, t.text))
    return terms[:limit]


def _rarity(df: int, size: int) -> float:
    """1 for a word no sampled article has, falling towards 0 for one all of them have."""
    return math.log((size + 1) / (df + 0.5)) / math.log((size + 1) / 0.5)


def related(library: Library, searcher: Searcher, article_id: str, limit: int = LIMIT,
            sample: Sequence[str] | None = None) -> list[Related]:
    """Up to ``limit`` articles related to ``article_id``: follow-ups first, then by score.

    ``sample`` is :func:`library_sample` (read here if not given; keep it to ask
    again). Raises :class:`NotFoundError` for an article not in the library.
    """
    article = library.article(article_id)
    pool = key_terms(article, library_sample(library) if sample is None else sample, limit=_POOL)
    terms = pool[:KEY_TERMS]
    if not terms:
        return []
    found: dict[str, float] = {}
    # Articles with two of the three best terms; if too few, with any of them (then they are
    # rare, and cheap to look up). Each term costs a pass over the library's text.
    best = [_quote(t.text) for t in terms[:_PAIRED]]
    queries = [" OR ".join(f"({a} {b})" for a, b in combinations(best, 2))] if len(best) > 1 else []
    queries.append(" OR ".join(_quote(t.text) for t in terms))
    queries.append(best[0])  # one term is always answered, however large the library
    for query in queries:
        try:
            result = searcher.search(query, limit=_CANDIDATES)
        except QueryError:  # the search's time budget: too costly here, try a cheaper one
            continue
        for hit in result.hits:
            found.setdefault(hit.article_id, hit.score)
        if result.total > limit or found:
            break
    names = [t for t in pool if t.name][:_NAMES]
    terms += [t for t in names if t not in terms]
    day = _day(article.date)
    if names and day is not None:
        lo, hi = day - timedelta(days=FOLLOW_UP_DAYS), day + timedelta(days=FOLLOW_UP_DAYS)
        window = f"({' OR '.join(_quote(t.text) for t in names)}) date:{lo}..{hi}"
        try:
            hits = searcher.search(window, limit=_CANDIDATES).hits
        except QueryError:
            hits = ()
        for hit in hits:
            found.setdefault(hit.article_id, hit.score)
    found.pop(article_id, None)
    top = max(found.values(), default=0.0) or 1.0
    out = []
    for aid, score in found.items():
        try:
            other = library.article(aid)
        except BaokuError:  # gone since the search loaded its texts
            continue
        text = normalize("\x00".join((other.heading, other.body, *other.captions, *other.highlights)))
        shared = tuple(t.text for t in terms if t.text in text)
        other_day = _day(other.date)
        days = (other_day - day).days if other_day and day else 0
        follow_up = (day is not None and other_day is not None and abs(days) <= FOLLOW_UP_DAYS
                     and len(shared) >= 2 and any(t.name and t.text in shared for t in terms))
        out.append(Related(aid, other.issue_id, other.date, other.title or other.heading,
                           other.paper, score / top, follow_up, days, shared))
    out.sort(key=lambda r: (not r.follow_up, -r.score, r.date))
    return out[:limit]


def library_sample(library: Library) -> list[str]:
    """Normalised texts of :data:`SAMPLE` articles from all over the library."""
    return [normalize(t) for t in library.store.sample_texts(SAMPLE)]


def _quote(text: str) -> str:
    return '"' + text.replace('"', "") + '"'


def _day(text: str) -> Date | None:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        return None
