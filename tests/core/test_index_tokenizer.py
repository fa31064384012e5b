"""The jieba tokenizer honours Whoosh's contract; jieba's cache lives in Baoku's cache directory."""

from __future__ import annotations

from pathlib import Path

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.highlight import Highlighter, UppercaseFormatter
from whoosh.query import Phrase

from reader.analysis import cut_words, jieba_tokenizer, normalize
from reader.paths import cache_dir
from reader.word_tokenizer import JiebaAnalyzer, JiebaTokenizer


def seed_text(corpus_dir: Path) -> str:
    return sorted(corpus_dir.glob("*.txt"))[0].read_text("utf-8")[:3000]


def test_positions_and_character_offsets(corpus_dir: Path) -> None:
    text = seed_text(corpus_dir)
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in JiebaTokenizer()(text, positions=True, chars=True, mode="index")]
    assert tokens
    assert [p for _, p, _, _ in tokens] == list(range(len(tokens)))
    folded = normalize(text)
    for word, _pos, start, end in tokens:
        assert folded[start:end] == word
    starts = [s for _, _, s, _ in tokens]
    assert starts == sorted(starts)


def test_start_pos_start_char_and_no_tokenize() -> None:
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in
              JiebaTokenizer()("大同市 5G 网络", positions=True, chars=True, start_pos=10, start_char=100)]
    assert tokens[0] == ("大同市", 10, 100, 103)
    assert ("5g", 11, 104, 106) in tokens
    whole = list(JiebaTokenizer()("大同市", positions=True, chars=True, tokenize=False, start_pos=3))
    assert [(t.text, t.pos, t.startchar, t.endchar) for t in whole] == [("大同市", 3, 0, 3)]
    assert all(t.mode == "query" for t in JiebaTokenizer()("大同", mode="query"))


def test_punctuation_and_spaces_are_not_words() -> None:
    words = [w for w, _, _ in cut_words("“大同”， 12.5% 的 GW！")]
    assert "，" not in words and " " not in words and "！" not in words
    assert "gw" in words


def test_phrase_queries_and_highlights_in_a_whoosh_field(corpus_dir: Path) -> None:
    text = seed_text(corpus_dir)
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=JiebaAnalyzer(), stored=True, phrase=True))
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(id="1", body=text)
    words = [w for w, _, _ in cut_words(text)]
    phrase = words[20:24]
    with ix.searcher() as s:
        hits = s.search(Phrase("body", phrase))
        assert [h["id"] for h in hits] == ["1"]
        hits.highlighter = Highlighter(formatter=UppercaseFormatter())
        assert hits[0].highlights("body")


def test_jieba_loads_once_and_caches_in_the_cache_dir() -> None:
    first = jieba_tokenizer()
    assert jieba_tokenizer() is first
    assert list(cache_dir().glob("jieba*.cache"))


def test_segmenter_cuts_exactly_as_jieba_does(corpus_dir: Path) -> None:
    from reader.analysis import segmenter

    dt = jieba_tokenizer()
    texts = [p.read_text("utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    texts += ["", "ABC def 12.5% 5G网络，GW级！\r\n大同市\t“冷链”", "a", "大", "①②③ ＡＢ"]
    for text in texts:
        assert list(segmenter().cut(text)) == list(dt.cut(text, HMM=False))
