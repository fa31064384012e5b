"""jieba's words as a Whoosh tokenizer, honouring Whoosh's tokenizer contract.

Ordinal ``pos`` numbers (starting at ``start_pos``), ``startchar`` and
``endchar`` character offsets (from ``start_char``), and the ``mode``,
``positions``, ``chars`` and ``tokenize`` keywords honoured. Kept apart from
:mod:`reader.analysis` so that searching never imports Whoosh.

>>> [t.text for t in JiebaAnalyzer()("大同市 5G 网络")]
['大同市', '5g', '网络']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Composable, Token, Tokenizer

from reader.analysis import cut_words


class JiebaTokenizer(Tokenizer):
    """A Whoosh tokenizer yielding jieba's words with ordinal positions and character offsets."""

    def words(self, value: str) -> Iterable[tuple[str, int, int]]:
        """(word, start, end) of each word of ``value``: what a subclass may cut otherwise."""
        return cut_words(value)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t: Any = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for n, (word, start, end) in enumerate(self.words(value)):
            t.text = word
            t.boost = 1.0
            if keeporiginal:
                t.original = value[start:end]
            t.stopped = False
            if positions:
                t.pos = start_pos + n
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class RjiebaTokenizer(JiebaTokenizer):
    """The same words, cut by rjieba (jieba-rs): no dictionary to load, so a process that
    catalogues one more issue starts at once (the catalogue's headings use it)."""

    def words(self, value: str) -> Iterable[tuple[str, int, int]]:
        from reader.search.keyterms import word_spans

        return word_spans(value)


def JiebaAnalyzer() -> Composable:
    """The analyzer for jieba-word fields (normalisation happens inside the tokenizer)."""
    return JiebaTokenizer()
