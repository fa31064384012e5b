"""An article's key terms: the dozen jieba words that say what it is about, and the names among them.

Words come from jieba's algorithm with its HMM (so names its dictionary lacks,
卢东亮 or 史水鸿, are words too), cut by ``rjieba`` (the jieba-rs binding:
the same words as jieba outside Latin/digit runs, about 20 times faster, no
dictionary to load; ``tests/core/test_keyterms.py`` checks it against jieba on
the seeds). Only the heading and the first :data:`BODY_CHARS` characters of the
body are cut: a news story says what it is about at its start, and the
catalogue's build time stays small beside the exact index's.

Weight: occurrences (a heading word counts :data:`HEADING_WEIGHT` times, the
reporter's own name not at all) times the word's rarity in Chinese news
(jieba's IDF table; a word it lacks counts as the rarest). Single characters
and numbers are left out. A word is a *name* if it looks like a person's (a
common surname starting a two- or three-character word the table lacks) or a
place's (大同市, 云冈区, 开发区…): the same names within weeks mark the same story.

>>> terms = key_terms("坚决把防线防住、底线守牢", "卢东亮强调，要坚决把防线防住。")  # doctest: +SKIP
>>> terms.names                                                               # doctest: +SKIP
('卢东亮',)
"""

from __future__ import annotations

import contextlib
import heapq
import importlib.util
import marshal
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.analysis import _is_word, normalize
from reader.paths import cache_dir

KEY_TERMS = 12
NAMES = 8
BODY_CHARS = 400
HEADING_WEIGHT = 3
# The hundred commonest surnames (they cover about 85% of people in China), and place-name endings.
SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
                     "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
                     "万钱严覃武戴莫孔向汤")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:省|市|县|区|镇|乡|村|街道|社区|园区|开发区|口岸|公司|集团|医院|学校|大学)")
_PLACE_ENDS = frozenset("省市县区镇乡村道区岸司团院校学")
_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}|[0-9a-z]*[a-z][0-9a-z]{2,}")  # no pure numbers

_lock = threading.Lock()
_idf: tuple[dict[str, float], float] | None = None


@dataclass(frozen=True)
class KeyTerms:
    """An article's ``words`` (its key terms, most telling first) and the ``names`` of people and
    places it gives (most telling first, key terms or not: a name said once still marks the story)."""

    words: tuple[str, ...]
    names: tuple[str, ...]


def idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table (word -> weight, read once per process) and the weight of a word it lacks.

    Parsed from jieba's text file once, then kept in the cache directory in
    marshal's form (read five times faster: it counts when one issue is added).
    """
    global _idf
    with _lock:
        if _idf is None:
            _idf = _cached_idf()
        return _idf


def _cached_idf() -> tuple[dict[str, float], float]:
    path = cache_dir() / "idf.marshal"
    try:
        table, rarest = marshal.loads(path.read_bytes())
        if isinstance(table, dict) and isinstance(rarest, float):
            return table, rarest
    except Exception:  # no cache yet, or an unreadable one: parse the text again
        pass
    loaded = _parse_idf()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + f".{os.getpid()}")
        part.write_bytes(marshal.dumps(loaded))
        os.replace(part, path)
    return loaded


def _parse_idf() -> tuple[dict[str, float], float]:
    table: dict[str, float] = {}
    # found without importing jieba (its import alone takes a tenth of a second)
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    for line in (folder / "analyse" / "idf.txt").read_text("utf-8").splitlines():
        word, _, weight = line.strip().partition(" ")
        if word and weight:
            table[word] = float(weight)
    return table, max(table.values(), default=1.0)


def cut(text: str) -> list[str]:
    """jieba's words of ``text`` (default mode, with HMM), spaces and punctuation included."""
    import rjieba

    return list(rjieba.cut(text, hmm=True))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word of ``text`` (normalised), as :func:`reader.analysis.cut_words`
    gives them (jieba without HMM) but cut by rjieba, with no dictionary to load."""
    import rjieba

    return [(w, s, e) for w, s, e in rjieba.tokenize(normalize(text), hmm=False) if _is_word(w)]


def key_terms(heading: str, body: str, author: str = "", limit: int = KEY_TERMS) -> KeyTerms:
    """The ``limit`` most telling words of an article's heading and the start of its body."""
    table, rarest = idf_table()
    people = set(author.split())
    counts: Counter[str] = Counter()
    for text, times in ((heading, HEADING_WEIGHT), (body[:BODY_CHARS], 1)):
        for word in cut(normalize(text)):
            if len(word) > 1 and _WORD.fullmatch(word) and word not in people:
                counts[word] += times
    weight = {w: n * table.get(w, rarest) for w, n in counts.items()}
    best = heapq.nsmallest(limit, weight, key=lambda w: (-weight[w], w))
    names = sorted((w for w in weight if (w[0] in SURNAMES or w[-1] in _PLACE_ENDS) and is_name(w, table)),
                   key=lambda w: (-weight[w], w))[:NAMES]
    return KeyTerms(tuple(best), tuple(names))


def is_name(word: str, table: dict[str, float]) -> bool:
    """Whether ``word`` looks like a place's name, or a person's (a surname, and unknown to jieba)."""
    return bool(_PLACE.fullmatch(word)) or (
        len(word) in (2, 3) and word[0] in SURNAMES and word not in table)
