"""Passage highlights: anchored to printed characters, re-anchored by text after a re-import."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.bookmarks.highlights import HighlightError, Highlights, field_text
from reader.library import Library

STORY = "大同新闻\n\n本报讯 今年以来，我市持续推进云冈石窟保护工作，取得明显成效。专家认为，保护与利用并重。\n"


def make(tmp_path: Path, text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "2022-05-06.txt").write_text(text, encoding="utf-8")
    return src


def test_add_list_search_update_remove(library: Library, tmp_path: Path) -> None:
    library.import_paths([make(tmp_path, STORY)])
    article = library.articles(library.issues()[0].id)[0]
    with Highlights.for_library(library) as marks:
        h = marks.add_text(article, "云冈石窟保护工作", note="文物", color="green")
        assert field_text(article, h.field)[h.start:h.end] == "云冈石窟保护工作"
        assert (h.date, h.title, h.color, h.detached) == ("2022-05-06", article.title, "green", False)
        marks.add_text(article, "保护与利用并重")
        assert [x.text for x in marks.list(article.id)] == ["云冈石窟保护工作", "保护与利用并重"]
        assert [x.id for x in marks.list(text="文物")] == [h.id]  # by its note
        assert [x.text for x in marks.list(text="利用")] == ["保护与利用并重"]
        assert marks.update(h.id, note="改过").note == "改过"
        assert marks.remove(h.id) and not marks.remove(h.id)
        for bad in (lambda: marks.add(article, "body", 5, 5), lambda: marks.add(article, "body", 0, 10**6),
                    lambda: marks.add(article, "nofield", 0, 1), lambda: marks.add_text(article, "不存在的话"),
                    lambda: marks.add(article, "body", 0, 2, color="purple")):
            with pytest.raises(HighlightError):
                bad()


def test_reanchored_when_the_article_changes_and_detached_when_gone(library: Library, tmp_path: Path) -> None:
    src = make(tmp_path, STORY)
    library.import_paths([src])
    old = library.articles(library.issues()[0].id)[0]
    with Highlights.for_library(library) as marks:
        h = marks.add_text(old, "保护与利用并重", note="要点")
        # A corrected file: words added before the passage; the article gets a new id.
        (src / "2022-05-06.txt").write_text(STORY.replace("专家认为", "多位文物专家一致认为"), encoding="utf-8")
        library.import_paths([src])
        new = library.articles(library.issues()[0].id)[0]
        assert new.id != old.id
        report = marks.reanchor(library)
        assert [x.id for x in report.moved] == [h.id] and not report.detached
        moved = marks.get(h.id)
        assert moved.article_id == new.id and moved.start != h.start and moved.note == "要点"
        assert field_text(new, moved.field)[moved.start:moved.end] == "保护与利用并重"
        assert marks.reanchor(library).moved == ()  # in place: nothing to do
        # The passage is cut from the paper: reported, kept, detached.
        (src / "2022-05-06.txt").write_text(STORY.replace("保护与利用并重", "两者兼顾"), encoding="utf-8")
        library.import_paths([src])
        report = marks.reanchor(library)
        assert [x.id for x in report.detached] == [h.id] and marks.get(h.id).detached
        # ...and back: attached again.
        (src / "2022-05-06.txt").write_text(STORY, encoding="utf-8")
        library.import_paths([src])
        assert [x.id for x in marks.reanchor(library).moved] == [h.id]
        assert not marks.get(h.id).detached
