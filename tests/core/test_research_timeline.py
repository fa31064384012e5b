"""The timeline of a search (counts per year and month) and 历史上的今天, on the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.library import Library
from reader.research.onthisday import DayError, on_this_day, parse_day
from reader.research.timeline import histogram
from reader.search import Searcher


def test_histogram_fills_the_gaps_and_sums_to_the_total() -> None:
    matches = [("a", "2021-11-03", 2), ("b", "2021-11-30", 1), ("c", "2022-02-01", 4)]
    months = histogram(matches, "month")
    assert [b.period for b in months.buckets] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert [b.articles for b in months.buckets] == [2, 0, 0, 1]
    assert months.total == 3 and months.occurrences == 7
    years = histogram(matches, "year")
    assert [(b.period, b.articles, b.occurrences) for b in years.buckets] == [("2021", 2, 3), ("2022", 1, 4)]
    assert years.buckets[0].first == "2021-01-01" and years.buckets[0].last == "2021-12-31"
    assert [b.last for b in months.buckets] == ["2021-11-30", "2021-12-31", "2022-01-31", "2022-02-28"]
    assert histogram([], "year").buckets == ()
    with pytest.raises(ValueError):
        histogram(matches, "week")  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["大同", "疫情 防控", "title:大同", "大同 -疫情", "卢东亮 OR 韩云峰",
                                   "date:2022 大同", "author:李明璇"])
def test_matches_are_the_search_with_its_dates(seed_library_dir: Path, query: str) -> None:
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        result = searcher.search(query, limit=None)
        matches = searcher.matches(query)
        assert {(h.article_id, h.date) for h in result.hits} == {(m[0], m[1]) for m in matches}
        assert [m[1] for m in matches] == sorted(m[1] for m in matches)
        assert histogram(matches, "year").total == histogram(matches, "month").total == result.total
        assert all(m[2] >= 1 for m in matches) or query.startswith("大同 -")


def test_occurrences_count_each_term(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        matches = Searcher(lib).matches("李明璇")
        for aid, _date, n in matches:
            a = lib.article(aid)
            text = "\x00".join((a.kicker, a.title, a.subtitle, a.byline, a.author, a.body,
                                *a.captions, *a.highlights))
            assert n == text.count("李明璇")


def test_matches_respect_the_date_range(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        inside = searcher.matches("大同", date_from="2022-02", date_to="2022-03")
        assert inside and all("2022-02-01" <= d <= "2022-03-31" for _a, d, _n in inside)
        assert len(inside) == searcher.search("大同", date_from="2022-02", date_to="2022-03").total


def test_parse_day() -> None:
    today = date(2026, 11, 29)
    assert parse_day(None, today) == ("11-29", "2026-11-29")
    assert parse_day("2-24", today) == ("02-24", "2026-02-24")
    assert parse_day("02-29", today) == ("02-29", "2026-02-29")
    for bad in ("2-30", "13-01", "tomorrow", "2022/02/24"):
        with pytest.raises(DayError):
            parse_day(bad, today)


def test_on_this_day_on_the_seeds(seed_library_dir: Path) -> None:
    with Library(seed_library_dir) as lib:
        day = on_this_day(lib, "02-24", before="2026-02-24")
        assert [i.date for i in day.issues] == ["2022-02-24"]
        assert day.issues[0].years_ago == 4
        assert day.total == len(lib.articles(day.issues[0].issue_id)) > 0
        assert on_this_day(lib, "02-24", before="2022-12-31").issues == ()  # not an earlier year
        assert on_this_day(lib, "02-25", before="2026-01-01").issues == ()
        data = day.to_json()
        assert data["total"] == day.total and data["issues"][0]["articles"][0]["article_id"]  # type: ignore[index]


def test_on_this_day_newest_first(library: Library, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for year in (2019, 2021, 2020):
        (src / f"{year}-03-05.txt").write_text(f"标题{year}\n\n本报讯 {year}年的一篇报道，说了很多话。\n",
                                               encoding="utf-8")
    (src / "2021-03-06.txt").write_text("别的日子\n\n本报讯 另一天的报道，也说了很多话。\n", encoding="utf-8")
    library.import_paths([src])
    day = on_this_day(library, "03-05", before="2026-03-05")
    assert [i.date for i in day.issues] == ["2021-03-05", "2020-03-05", "2019-03-05"]
    assert [i.date for i in on_this_day(library, "03-05", before="2021-03-05").issues] == [
        "2020-03-05", "2019-03-05"]


def test_related_reports_are_the_catalogues(seed_library_dir: Path) -> None:
    """The command line's and the window's door gives the catalogue's answer, follow-ups first."""
    from reader.errors import NotFoundError
    from reader.research.related import related

    with Library(seed_library_dir) as lib:
        searcher = Searcher(lib)
        target = next(a for a in lib.iter_articles() if a.title.startswith("坚决把防线防住"))
        found = related(lib, searcher, target.id)
        assert found == searcher.catalogue.related(target.id)
        assert found[0].follow_up and "卢东亮" in found[0].shared
        assert [h.article_id for h in searcher.related(target.id, limit=5)] == [r.article_id for r in found]
        with pytest.raises(NotFoundError):
            related(lib, searcher, "no-such-article")
