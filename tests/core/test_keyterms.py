"""Key terms: rjieba cuts as jieba does (outside Latin/digit runs), and names mark the story."""

from __future__ import annotations

import logging
from pathlib import Path

from reader.search.keyterms import cut, idf_table, is_name, key_terms


def _outside_ascii_runs(words: list[str]) -> list[str]:
    """The words that are not Latin, digits, ASCII punctuation or spaces."""
    return [w for w in words if not w.isascii()]


def test_rjieba_cuts_the_seeds_as_jieba_does(corpus_dir: Path) -> None:
    """jieba is the reference; rjieba (the jieba-rs binding) must give the same words, HMM on,
    except that it keeps a Latin/digit run (www.dtnews.cn, 1.5GW) in one piece."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        ours = cut(text)
        theirs = list(jieba.cut(text, HMM=True))
        assert "".join(ours) == text
        assert _outside_ascii_runs(ours) == _outside_ascii_runs(theirs), path.name


def test_key_terms_are_telling_words_and_names() -> None:
    heading = "坚决把防线防住、底线守牢"
    body = "市委书记卢东亮主持召开会议，强调要坚决把防线防住，在大同市全面排查。2022年"
    terms = key_terms(heading, body, author="李明璇")
    assert terms.words[:2] == ("防线", "防住") or {"防线", "防住"} <= set(terms.words[:4])
    assert "卢东亮" in terms.names and "大同市" in terms.names
    assert all(len(w) >= 2 and not w.isdigit() for w in terms.words)
    assert "李明璇" not in key_terms(heading, body + "李明璇报道", author="李明璇").words  # the reporter
    table, _rarest = idf_table()
    assert not is_name("王国", table) and is_name("云冈区", table)


def test_catalogue_headings_are_cut_into_the_words_the_search_uses(corpus_dir: Path) -> None:
    """rjieba without HMM gives the words (and offsets) of reader.analysis.cut_words, outside
    Latin/digit runs: the catalogue's title field and the rest of Baoku agree on words."""
    from reader.analysis import cut_words
    from reader.search.keyterms import word_spans

    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text("utf-8")
        ours = [t for t in word_spans(text) if not t[0].isascii()]
        theirs = [t for t in cut_words(text) if not t[0].isascii()]
        assert ours == theirs, path.name
