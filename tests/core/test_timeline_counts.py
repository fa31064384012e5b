"""The timeline counted by the index alone: every bucket holds exactly the articles the search
finds in that period, on the seeds and on a small synthetic archive."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reader.index import sync_index
from reader.library import Library
from reader.research.timeline import GRANULARITIES, chart_timeline, count_days
from reader.search import Searcher

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for bench_index

# one FTS5 expression each, and (the last three) queries answered as sets of row ids
QUERIES = ["大同", "疫情 防控", "title:大同", "大同 -疫情", "卢东亮 OR 韩云峰", "author:李明璇", "同",
           "-大同", "大同 OR date:2022-01", "date:2022-02"]


def check_buckets(searcher: Searcher, query: str) -> None:
    """Each bucket's articles are the search's total over its period; they sum to the total."""
    days = searcher.day_counts(query)
    total = searcher.search(query, limit=1).total
    for granularity in GRANULARITIES:
        timeline = count_days(days, granularity)
        assert timeline.total == total, (query, granularity)
        for b in timeline.buckets:
            found = searcher.search(query, date_from=b.first, date_to=b.last, limit=1).total
            assert b.articles == found, (query, b)
            assert b.occurrences >= b.articles
    per_day = Counter(d for _aid, d, _n in searcher.matches(query))
    assert {d: n for d, n, _k in days} == per_day
    occurrences: Counter[str] = Counter()
    for _aid, d, n in searcher.matches(query):
        occurrences[d] += n
    assert {d: k for d, _n, k in days} == occurrences


@pytest.mark.parametrize("query", QUERIES)
def test_buckets_are_the_search_per_period_on_the_seeds(seed_library_dir: Path, query: str) -> None:
    with Library(seed_library_dir) as lib:
        check_buckets(Searcher(lib), query)


def test_occurrences_come_from_the_index(seed_library_dir: Path) -> None:
    """A term of two or more characters: every place it is printed, in any text field."""
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        for term in ("大同", "疫情防控", "李明璇"):
            expected: Counter[str] = Counter()
            for aid, d, _n in searcher.matches(term):
                a = lib.article(aid)
                fields = (a.kicker, a.title, a.subtitle, a.byline, a.author, a.body, *a.captions,
                          *a.highlights)
                expected[d] += sum(f.count(term) for f in fields)
            assert {d: k for d, _n, k in searcher.day_counts(term)} == expected


def test_day_counts_respect_the_dates_and_refuse_what_search_refuses(seed_library_dir: Path) -> None:
    from reader.errors import QueryError

    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        inside = searcher.day_counts("大同", date_from="2022-02", date_to="2022-03")
        assert inside and all("2022-02-01" <= d <= "2022-03-31" for d, _n, _k in inside)
        assert sum(n for _d, n, _k in inside) == searcher.search("大同", date_from="2022-02",
                                                                  date_to="2022-03").total
        with pytest.raises(QueryError):
            searcher.day_counts("大同 AND (")
        with pytest.raises(QueryError):
            searcher.day_counts("大同", date_from="2022-13")


def test_chart_timeline_is_per_month_for_two_years_or_fewer() -> None:
    assert chart_timeline([("2021-12-01", 1, 1), ("2022-01-05", 2, 2)]).granularity == "month"
    assert chart_timeline([("2020-12-01", 1, 1), ("2022-01-05", 2, 2)]).granularity == "year"
    assert chart_timeline([]).buckets == ()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """400 synthetic daily issues (``tests/bench_index.py``'s kind), across two year ends."""
    from bench_index import make_archive, seed_material

    work = tmp_path_factory.mktemp("archive")
    titles, paras = seed_material()
    make_archive(work / "src", 400, date(2015, 11, 1), titles, paras)
    with Library(work / "lib") as lib:
        lib.import_paths([work / "src"])
        sync_index(lib)
        yield lib


@pytest.mark.parametrize("query", ["大同", "冷链 物流", "疫情 -防控", "title:大同 OR 卢东亮", "-发展"])
def test_buckets_are_the_search_per_period_on_an_archive(archive: Library, query: str) -> None:
    searcher = Searcher(archive)
    check_buckets(searcher, query)
    assert 12 <= len(count_days(searcher.day_counts(query), "month").buckets) <= 14  # 2015-11..2016-12


@pytest.mark.parametrize("query", ["大同", "冷链 物流", "疫情 -防控", "title:大同 OR 卢东亮", "-发展", "沃尔玛"])
def test_year_counts_are_the_days_summed_per_year(archive: Library, query: str) -> None:
    """The window's chart over more than two years counts a year at a time: the same bars."""
    searcher = Searcher(archive)
    by_day = count_days(searcher.day_counts(query, occurrences=False), "year")
    years = searcher.year_counts(query)
    assert [(b.period, b.articles) for b in by_day.buckets] == years
    assert sum(n for _y, n in years) == searcher.search(query, limit=0).total
    assert searcher.year_counts(query, date_from="2016-01-01") == [y for y in years if y[0] >= "2016"]


@pytest.mark.parametrize("query", ["大同", "-大同"])
def test_the_chart_counts_articles_only(seed_library_dir: Path, query: str) -> None:
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        counted = searcher.day_counts(query)
        articles = searcher.day_counts(query, occurrences=False)
        assert [(d, n) for d, n, _k in counted] == [(d, n) for d, n, _k in articles]
        assert all(k is None for _d, _n, k in articles)
        timeline = chart_timeline(articles)
        assert timeline.total == searcher.search(query, limit=1).total and timeline.occurrences is None
        assert timeline.to_json()["occurrences"] is None
