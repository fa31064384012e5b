"""More like this: articles that share an article's most telling words.

jieba's words of the article, weighed by TF-IDF with jieba's bundled IDF table
(words rare in Chinese news weigh most), give its keywords; they become an OR
of exact terms, which the exact index ranks by BM25 like any query. jieba's
dictionary loads only when this is first asked for, never for a search.
"""

from __future__ import annotations

import threading
from collections import Counter
from importlib import resources

from reader.analysis import cut_words
from reader.models import Article
from reader.query import Term

KEYWORDS = 8
_lock = threading.Lock()
_idf: tuple[dict[str, float], float] | None = None


def _idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table (word -> weight) and its median, for words it does not list.

    Read here, once, rather than through ``jieba.analyse``, which builds its own
    table on import and leaves the file open.
    """
    global _idf
    with _lock:
        if _idf is None:
            table: dict[str, float] = {}
            text = resources.files("jieba").joinpath("analyse", "idf.txt").read_text("utf-8")
            for line in text.splitlines():
                word, _, weight = line.strip().partition(" ")
                if word and weight:
                    table[word] = float(weight)
            values = sorted(table.values())
            _idf = (table, values[len(values) // 2] if values else 1.0)
        return _idf


def keywords(article: Article, count: int = KEYWORDS) -> list[str]:
    """The article's ``count`` most telling words (two characters or more, not numbers), best first."""
    table, median = _idf_table()
    text = "\n".join((article.heading, article.heading, article.body))  # the heading counts double
    tf = Counter(w for w, _s, _e in cut_words(text) if len(w) >= 2 and not w.isascii())
    scored = sorted(tf, key=lambda w: (-tf[w] * table.get(w, median), w))
    return scored[:count]


def related_terms(article: Article, count: int = KEYWORDS) -> list[Term]:
    """The exact terms "more like this" searches for."""
    return [Term(w) for w in keywords(article, count)]
