"""Smaller failures of issue 14, item 9: an export to a long legal file name, an ``index.old``
left behind when the index path was a file, invisible characters in the Markdown export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.bookmarks import Bookmarks
from reader.bookmarks.exchange import visible
from reader.index import sync_index
from reader.library import Library
from reader.search import Searcher

ROOT = Path(__file__).resolve().parents[2]


def _marked(library: Library, note: str = "笔记") -> Bookmarks:
    marks = Bookmarks.for_library(library)
    article = library.articles(library.issues()[0].id)[0]
    marks.add(article, note=note)
    return marks


def test_export_to_a_249_byte_file_name(library: Library, corpus_dir: Path, tmp_path: Path) -> None:
    library.import_paths([corpus_dir])
    out = tmp_path / "out"
    out.mkdir()
    for name in ("书" * 82 + ".md", "b" * 244 + ".json"):  # 249 bytes, UTF-8
        assert len(name.encode()) == 249
        with _marked(library) as marks:
            assert marks.export_file(out / name, "markdown" if name.endswith(".md") else "json") == 1
        assert "笔记" in (out / name).read_text(encoding="utf-8")
    name = "c" * 250 + ".json"  # 255 bytes, the longest a name can be, from the command line
    run = subprocess.run([sys.executable, "-m", "reader", "--library", str(library.root), "bookmarks",
                          "export", "-o", str(out / name)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads((out / name).read_text(encoding="utf-8"))["count"] == 1
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no temp left


def test_an_index_path_that_was_a_file_leaves_no_index_old(library: Library, corpus_dir: Path) -> None:
    library.import_paths([corpus_dir])
    library.index_dir.write_text("not an index", encoding="utf-8")
    note = sync_index(library)
    assert "index built" in note or "rebuilt" in note, note
    assert library.index_dir.is_dir()
    assert sorted(p.name for p in library.root.iterdir() if p.name.startswith("index")) == ["index"]
    searcher = Searcher(library)
    try:
        assert searcher.search("大同").total > 0
    finally:
        searcher.close()


def test_markdown_export_shows_nul_and_bidi_overrides(library: Library, corpus_dir: Path) -> None:
    library.import_paths([corpus_dir])
    note = "付款\u202e000,01\u202c元\x00尾\u2066隔\u2069"
    with _marked(library, note) as marks:
        md = marks.export_markdown()
    for ch in "\u202e\u202c\x00\u2066\u2069":
        assert ch not in md
    assert "> 付款⟨U+202E⟩000,01⟨U+202C⟩元⟨U+0000⟩尾⟨U+2066⟩隔⟨U+2069⟩" in md
    assert visible("正常的笔记\n第二行\t制表") == "正常的笔记\n第二行\t制表"
