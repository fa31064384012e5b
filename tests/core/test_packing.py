"""How the library keeps text: every body comes back character for character, whatever its origins say."""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from reader.library import Library
from reader.models import Origin
from reader.packing import (
    is_recipe,
    pack,
    pack_body,
    pack_origins,
    pack_text,
    unpack_body,
    unpack_origins,
    unpack_text,
)
from reader.parsing import parse_issue


def _parsed(corpus_dir: Path) -> list:
    return [parse_issue(p.read_text("utf-8"), source_name=p.name, source_path=str(p), sha256="x")
            for p in sorted(corpus_dir.glob("*.txt"))]


def test_seed_bodies_are_kept_as_runs_of_their_page(corpus_dir: Path) -> None:
    kept = body_bytes = 0
    for parsed in _parsed(corpus_dir):
        packed = pack(parsed)
        for article, blob in zip(parsed.articles, packed.bodies, strict=True):
            assert unpack_body(blob, lambda parsed=parsed: parsed.text) == article.body
            if len(article.body) > 40:
                assert is_recipe(blob), article.title
            kept += len(blob)
            body_bytes += len(article.body.encode())
    assert kept < 0.05 * body_bytes  # deflated, they were 0.58 of it


def test_a_files_text_is_kept_in_two_fifths_of_its_utf8_and_comes_back_whole(corpus_dir: Path) -> None:
    texts = [p.read_text("utf-8") for p in sorted(corpus_dir.glob("*.txt"))]
    for text in texts:
        assert unpack_text(pack_text(text)) == text
    assert sum(len(pack_text(t)) for t in texts) < 0.46 * sum(len(t.encode()) for t in texts)
    # Whatever a page holds: rare and astral characters, kana, hangul, traditional forms, Latin,
    # the private use area, the replacement character, controls.
    odd = "𠀀𪚥𫠠😀 にほんご 한국어 國際貿易 Ünïcödé \ue000\uf8ff\ufffd\x00\x7f\u200b ½ № ㈠ 〇 ﹏"
    assert unpack_text(pack_text(odd)) == odd
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert unpack_text(pack_text(every)) == every


def test_text_kept_by_older_libraries_still_reads() -> None:
    text = "大同日报 2019年1月1日"
    assert unpack_text(zlib.compress(text.encode("utf-8"))) == text  # deflated from UTF-8
    assert unpack_text(text) == text  # plain


def test_a_body_its_origins_do_not_rebuild_is_kept_whole() -> None:
    text = "第一段落的文字在这里。\n第二段落的文字在那里。\n"
    body = "第一段落的文字在这里。\n第二段落的文字在那里。"
    honest = (Origin("body", 0, 11, 0, 11), Origin("body", 12, 23, 12, 23))
    assert is_recipe(pack_body(body, text, honest))
    lying = (Origin("body", 0, 11, 12, 23), Origin("body", 12, 23, 0, 11),  # the wrong lines
             Origin("body", 3, 30, 3, 30),  # past the body's end
             Origin("title", 0, 11, 0, 11))  # another field
    for origins in (lying, (), honest[:1], honest[::-1], (replace(honest[0], src_end=12),)):
        blob = pack_body(body, text, origins)
        assert unpack_body(blob, lambda: text) == body


def test_a_recipe_reads_its_file_only_when_it_must() -> None:
    asked = []

    def text() -> str:
        asked.append(1)
        return "abc"

    assert unpack_body("plain, as the first libraries kept it", text) == "plain, as the first libraries kept it"
    assert asked == []


@pytest.mark.parametrize("seq", [1, 2, 5])
def test_articles_read_back_as_parsed(tmp_path: Path, corpus_dir: Path, seq: int) -> None:
    """Through the library: an issue's articles, one article, and every article in a row
    (which reads many files' texts, more than the store keeps at once)."""
    parsed = [a for p in _parsed(corpus_dir) for a in p.articles]
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([corpus_dir])
        every = list(lib.iter_articles())
        assert sorted(a.body for a in every) == sorted(a.body for a in parsed)
        one = next(a for a in every if a.seq == seq)
        same = [a for a in parsed if (a.title, a.seq) == (one.title, one.seq)]
        assert lib.article(one.id).body == same[0].body
        assert [a.body for a in lib.articles(one.issue_id)] == [a.body for a in every if a.issue_id == one.issue_id]


def test_every_character_traces_back_to_its_page_through_the_library(tmp_path: Path, corpus_dir: Path) -> None:
    """The origins the library keeps are the parsed ones, in about a third of a JSON list's room."""
    parsed = {(a.seq, a.title, a.body): a for p in _parsed(corpus_dir) for a in p.articles}
    assert len(parsed) == sum(len(p.articles) for p in _parsed(corpus_dir))
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([corpus_dir])
        json_size = 0
        for a in lib.iter_articles():
            origins = parsed[a.seq, a.title, a.body].origins
            assert origins and lib.store.article_origins(a.id) == list(origins)
            json_size += len(json.dumps([[o.field, o.start, o.end, o.src_start, o.src_end] for o in origins],
                                        ensure_ascii=False).encode())
        db = sqlite3.connect(lib.db_path)
        (kept,) = db.execute("SELECT sum(length(CAST(origins AS BLOB))) FROM articles").fetchone()
        db.close()
        assert kept < 0.4 * json_size


@pytest.mark.parametrize("origins", [
    (),
    (Origin("title", 0, 4, 10, 14),),
    (Origin("body", 0, 9, 30, 39), Origin("body", 10, 25, 40, 55), Origin("kicker", 0, 3, 0, 3),  # back up the page
     Origin("body", 25, 30, 60, 66),  # one longer on the page than in the field
     Origin("captions[0]", 0, 5, 70, 75), Origin("", 0, 1, 80, 81)),
    (Origin("a:b;c,d", 0, 2, 5, 7), Origin("body", 0, 3, 8, 11)),  # names the format cannot hold: JSON
])
def test_origins_come_back_as_they_were_kept(origins: tuple[Origin, ...]) -> None:
    assert unpack_origins(pack_origins(origins)) == list(origins)


def test_origins_kept_by_older_libraries_still_read() -> None:
    assert unpack_origins('[["title", 0, 17, 0, 17], ["body", 0, 95, 19, 114]]') == [
        Origin("title", 0, 17, 0, 17), Origin("body", 0, 95, 19, 114)]
    assert unpack_origins("[]") == []


def test_an_issue_read_while_another_process_replaces_its_file(tmp_path: Path, corpus_dir: Path) -> None:
    """An article's row and its file's text are read in two statements, in one read
    transaction: an import that replaces the file in between (here, from the same
    process's writer) is not seen half-way, and the reading pane never loses the text."""
    from reader.store import Store

    src = tmp_path / "src"
    src.mkdir()
    seed = sorted(corpus_dir.glob("*.txt"))[0]
    (src / seed.name).write_bytes(seed.read_bytes())
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([src])
        (issue,) = lib.issues()
        before = [a.body for a in lib.articles(issue.id)]
        reader = Store(lib.db_path, readonly=True)
        read_text = reader._part_text
        replaced = []

        def racing(part_id: str) -> str:
            if not replaced:  # the first file text asked for: the file changes now
                (src / seed.name).write_text(seed.read_text("utf-8") + "\n\n新增一段。\n", "utf-8")
                replaced.append(lib.import_paths([src]).files[0].status)
            return read_text(part_id)

        reader._part_text = racing  # type: ignore[method-assign]
        try:
            assert [a.body for a in reader.articles(issue.id)] == before
        finally:
            reader.close()
        assert replaced == ["updated"]
        assert lib.issues()[0].id != issue.id or lib.articles(lib.issues()[0].id) != before
