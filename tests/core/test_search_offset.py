"""A search's hits from an offset on: the next page of a result list, read alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import QueryError
from reader.library import Library
from reader.search import Searcher
from reader.service import import_and_index

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("query", ["的", "的 -大同"])  # one expression; a character beside a word: sets
def test_pages_from_offsets_make_the_whole_list(tmp_path: Path, sort: str, query: str) -> None:
    with Library(tmp_path / "lib") as lib:
        import_and_index(lib, [CORPUS])
        searcher = Searcher(lib)
        whole = searcher.search(query, sort=sort, limit=None)
        assert whole.total > 6
        pages = [searcher.search(query, sort=sort, limit=3, offset=k) for k in range(0, whole.total, 3)]
        assert all(p.total == whole.total for p in pages)
        assert [h.article_id for p in pages for h in p.hits] == [h.article_id for h in whole.hits]
        assert searcher.search(query, limit=3, offset=whole.total).hits == ()
        with pytest.raises(QueryError):
            searcher.search("的", offset=-1)
        searcher.close()

