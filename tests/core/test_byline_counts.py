"""A search's top bylines, counted in the index connection: the same as reading every match's
byline from the library, and up to date after an import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.index import sync_index
from reader.library import Library
from reader.research.authors import count_authors, top_authors
from reader.search import Searcher

QUERIES = ["大同", "疫情 防控", "title:大同", "大同 -疫情", "author:李明璇", "-大同", "大同 OR date:2022-01"]


def by_reading(lib: Library, searcher: Searcher, query: str | None, **dates: str) -> list[object]:
    """The reference: every match's byline read from the library."""
    names = {aid: n for aid, _d, n in lib.store.article_authors()}
    matches = searcher.matches(query, **dates) if query else [(a, d, 0) for a, d, _n in
                                                              lib.store.article_authors()]
    return list(top_authors(names, matches, None))


@pytest.mark.parametrize("query", [*QUERIES, None])
def test_byline_counts_equal_reading_every_byline(seed_library_dir: Path, query: str | None) -> None:
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        found = count_authors(searcher.byline_counts(query), None)
        assert found == by_reading(lib, searcher, query)
        if query == "大同":
            assert found and found[0].articles >= 2
            assert sum(n for _s, n, _a, _b in searcher.byline_counts(query)) <= searcher.search(query).total


def test_byline_counts_respect_the_dates(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        inside = count_authors(searcher.byline_counts("大同", date_from="2022-02", date_to="2022-02"), None)
        assert inside == by_reading(lib, searcher, "大同", date_from="2022-02", date_to="2022-02")
        assert all("2022-02-01" <= a.first <= a.last <= "2022-02-28" for a in inside)


def test_byline_counts_follow_an_import(seed_library_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(seed_library_dir, tmp_path / "lib")
    src = tmp_path / "src"
    src.mkdir()
    (src / "2023-05-06.txt").write_text(
        "大同新闻一则\n\n本报讯（记者 欧阳明）大同市今天举行了一场活动，很多人参加了。\n", encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        searcher = Searcher(lib)
        before = {a.name for a in count_authors(searcher.byline_counts("大同"), None)}
        assert "欧阳明" not in before
        lib.import_paths([src])
        sync_index(lib)
        after = count_authors(searcher.byline_counts("大同"), None)
        assert after == by_reading(lib, searcher, "大同")
        assert ("欧阳明", 1, "2023-05-06") in {(a.name, a.articles, a.first) for a in after}
        searcher.refresh()  # a reopened index keeps no bylines: they are read again
        assert count_authors(searcher.byline_counts("大同"), None) == after


def test_a_library_without_bylines_counts_none(library: Library, tmp_path: Path) -> None:
    from reader.errors import QueryError

    src = tmp_path / "src"
    src.mkdir()
    (src / "2023-05-06.txt").write_text("大同新闻一则\n\n大同市今天举行了一场活动，很多人参加了。\n", encoding="utf-8")
    library.import_paths([src])
    sync_index(library)
    searcher = Searcher(library)
    assert searcher.search("大同").total == 1
    assert searcher.byline_counts("大同") == [] == searcher.byline_counts(None)
    with pytest.raises(QueryError):
        searcher.byline_counts("大同 AND (")
