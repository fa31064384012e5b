"""Search on the seed issues: exact against a brute-force scan, every query form, true spans.

Expectations are computed from ``library.iter_articles()`` by brute force, never
hard-coded from the parser's output.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from brute_search import contains

from reader.analysis import normalize
from reader.errors import IndexError_, QueryError
from reader.index import sync_index
from reader.library import Library
from reader.models import Article, Hit
from reader.search import Searcher, match_spans


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("searchlib")
    library = Library(root)
    library.import_paths([corpus_dir])
    sync_index(library)
    yield library
    library.close()


@pytest.fixture(scope="module")
def searcher(lib: Library) -> Searcher:
    s = Searcher(lib)
    s.warm_up()
    return s


@pytest.fixture(scope="module")
def articles(lib: Library) -> list[Article]:
    return list(lib.iter_articles())


def fields(a: Article) -> list[str]:
    return [a.kicker, a.title, a.subtitle, a.byline, a.author, a.body, *a.captions, *a.highlights]


def brute(articles: list[Article], text: str, which: str = "any") -> set[str]:
    needle = normalize(text)
    out = set()
    for a in articles:
        if which == "title":
            values = [a.kicker, a.title, a.subtitle]
        elif which == "author":
            values = [a.byline, a.author]
        else:
            values = fields(a)
        if any(contains(normalize(v), needle) for v in values):
            out.add(a.id)
    return out


def spans_of(hit: Hit, name: str) -> list[tuple[int, ...]]:
    """A hit's spans in field ``name``: (start, end), or (k, start, end) in captions and highlights."""
    out: list[tuple[int, ...]] = []
    for span in hit.spans:
        base, k = span.part
        if base == name:
            out.append((span.start, span.end) if k is None else (k, span.start, span.end))
    return out


def ids(searcher: Searcher, query: str, **kw: object) -> set[str]:
    result = searcher.search(query, limit=0, **kw)  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return {h.article_id for h in result.hits}


def substrings(articles: list[Article], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [t for a in articles for t in (a.title, a.body) if len(t) > 8]
    out: list[str] = []
    while len(out) < count:
        text = rng.choice(texts)
        n = rng.randint(1, 6)
        start = rng.randrange(0, len(text) - n)
        s = text[start : start + n]
        if '"' not in s and s.strip():
            out.append(s)
    return out


def test_exact_against_brute_force_for_random_substrings(searcher: Searcher, articles: list[Article]) -> None:
    for s in substrings(articles, 400, seed=1):
        assert ids(searcher, f'"{s}"') == brute(articles, s), s


def test_words_jieba_does_not_cut_are_found(searcher: Searcher, articles: list[Article]) -> None:
    for word in ("大同", "同日", "冷链", "黄花", "日报", "防控", "疫", "12345", "5G", "GW"):
        assert ids(searcher, word) == brute(articles, word), word


def test_latin_is_case_insensitive(searcher: Searcher, articles: list[Article]) -> None:
    latin = sorted({w for a in articles for w in _latin_words(a.body)})
    assert latin, "the seeds hold some Latin letters"
    for w in latin[:20]:
        assert ids(searcher, w.lower()) == ids(searcher, f'"{w.upper()}"') == brute(articles, w)


def _latin_words(text: str) -> Iterator[str]:
    import re

    yield from re.findall(r"[A-Za-z]{2,}", text)


def test_and_or_not_and_groups(searcher: Searcher, articles: list[Article]) -> None:
    a, b, c = brute(articles, "大同"), brute(articles, "疫情"), brute(articles, "发展")
    assert ids(searcher, "大同 疫情") == a & b
    assert ids(searcher, "大同 OR 疫情") == a | b
    assert ids(searcher, "大同 -疫情") == a - b
    assert ids(searcher, "-疫情") == {x.id for x in articles} - b
    assert ids(searcher, "(大同 OR 疫情) -发展") == (a | b) - c
    assert ids(searcher, "大同 -(疫情 OR 发展)") == a - b - c
    assert ids(searcher, "大同 OR 疫情 发展") == a | (b & c)


def test_single_characters_beside_longer_strings(searcher: Searcher, articles: list[Article]) -> None:
    # The index keeps single characters in a table of their own: a query that mixes them with
    # longer strings must still find exactly what a scan finds, in every form, and rank them.
    one, two, rare = brute(articles, "疫"), brute(articles, "大同"), brute(articles, "煤")
    assert ids(searcher, "疫 大同") == one & two
    assert ids(searcher, "疫 OR 大同") == one | two
    assert ids(searcher, "大同 -疫") == two - one
    assert ids(searcher, "疫 -大同") == one - two
    assert ids(searcher, "煤 OR 疫") == rare | one
    assert ids(searcher, "title:疫 大同") == brute(articles, "疫", "title") & two
    for sort in ("relevance", "newest", "oldest"):
        hits = searcher.search("疫 大同", sort=sort, limit=0).hits
        assert {h.article_id for h in hits} == one & two
        assert all(any(s.end - s.start == 1 for s in h.spans) for h in hits), sort
    # Ranked as a common word's page is: heading hits first, newest first, then the rest.
    ranked = [h.article_id for h in searcher.search("疫 OR 大同", limit=0).hits]
    in_heading = brute(articles, "疫", "title") | brute(articles, "大同", "title")
    heads = [a for a in ranked if a in in_heading]
    assert heads and ranked[: len(heads)] == heads
    dates = {a.id: a.date for a in articles}
    assert [dates[a] for a in heads] == sorted((dates[a] for a in heads), reverse=True)
    assert sum(n for _d, n, _k in searcher.day_counts("疫 大同")) == len(one & two)
    assert sum(n for _y, n in searcher.year_counts("疫 -大同")) == len(one - two)
    assert {aid for aid, _d, _n in searcher.matches("煤 OR 大同")} == rare | two


def test_a_single_character_is_found_in_the_field_asked_for(searcher: Searcher, articles: list[Article]) -> None:
    """Each field's characters carry the field in their token: title:, author: and no field
    find exactly the articles whose heading, byline or text holds the character."""
    heading = "".join(a.kicker + a.title + a.subtitle for a in articles)
    byline = "".join(a.byline + a.author for a in articles)
    chars = sorted({c for c in normalize(heading + byline) if not c.isascii() and not c.isspace()})
    picked = random.Random(5).sample(chars, 40)
    for c in picked:
        for field in ("title", "author"):
            assert ids(searcher, f"{field}:{c}") == brute(articles, c, field), (field, c)
        assert ids(searcher, c) == brute(articles, c), c
    assert any(brute(articles, c, "author") for c in picked)
    assert any(brute(articles, c, "title") != brute(articles, c) for c in picked)


def test_quoted_phrases_keep_spaces_and_punctuation(searcher: Searcher, articles: list[Article]) -> None:
    heads = [a.heading for a in articles if " " in a.heading]
    assert heads
    for head in heads[:5]:
        phrase = head[head.index(" ") - 2 : head.index(" ") + 3]
        assert ids(searcher, f'"{phrase}"') == brute(articles, phrase)
    punct = next(a.body[i : i + 4] for a in articles for i, ch in enumerate(a.body[:-4]) if ch == "，")
    assert ids(searcher, f'"{punct}"') == brute(articles, punct)


def test_title_and_author_fields(searcher: Searcher, articles: list[Article]) -> None:
    assert ids(searcher, "title:大同") == brute(articles, "大同", "title")
    assert ids(searcher, "title:大同") < ids(searcher, "大同")
    authors = sorted({a.author for a in articles if a.author})
    assert authors, "the seeds name some authors"
    for name in authors[:5]:
        assert ids(searcher, f"author:{name}") == brute(articles, name, "author")


def test_date_queries_and_options(searcher: Searcher, articles: list[Article]) -> None:
    dates = sorted({a.date for a in articles})
    year = dates[0][:4]
    month = dates[-1][:7]
    everything = {a.id for a in articles}
    assert ids(searcher, f"date:{year}") == {a.id for a in articles if a.date.startswith(year)}
    assert ids(searcher, f"date:{month}") == {a.id for a in articles if a.date.startswith(month)}
    assert ids(searcher, f"date:{dates[1]}") == {a.id for a in articles if a.date == dates[1]}
    rng = f"{dates[1]}..{dates[-2]}"
    inside = {a.id for a in articles if dates[1] <= a.date <= dates[-2]}
    assert ids(searcher, f"date:{rng}") == inside
    assert ids(searcher, f"大同 date:{rng}") == inside & brute(articles, "大同")
    assert ids(searcher, "大同", date_from=dates[1], date_to=dates[-2]) == inside & brute(articles, "大同")
    assert ids(searcher, "大同", date_from=year) == {a.id for a in articles if a.date >= f"{year}-01-01"} & brute(articles, "大同")
    assert ids(searcher, f"date:{dates[-1]}..") | ids(searcher, f"date:..{dates[-1]}") == everything
    assert ids(searcher, "date:1999") == set()


def test_sort_orders(searcher: Searcher, articles: list[Article]) -> None:
    newest = searcher.search("大同", sort="newest", limit=0).hits
    oldest = searcher.search("大同", sort="oldest", limit=0).hits
    assert [h.date for h in newest] == sorted((h.date for h in newest), reverse=True)
    assert [h.date for h in oldest] == sorted(h.date for h in oldest)
    assert {h.article_id for h in newest} == {h.article_id for h in oldest}
    first = searcher.search("大同", sort="newest", limit=3).hits
    assert [h.article_id for h in first] == [h.article_id for h in newest[:3]]


def test_a_title_hit_ranks_above_body_hits(searcher: Searcher, articles: list[Article]) -> None:
    hits = searcher.search("大同", limit=0).hits
    in_title = [bool(spans_of(h, "title") or spans_of(h, "kicker") or spans_of(h, "subtitle")) for h in hits]
    assert any(in_title) and not all(in_title)
    assert in_title == sorted(in_title, reverse=True)  # every title hit before every body-only hit
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_limits(searcher: Searcher) -> None:
    everything = searcher.search("大同", limit=0)
    assert searcher.search("大同", limit=None).total == everything.total == len(everything.hits)
    assert len(searcher.search("大同", limit=2).hits) == 2
    assert searcher.search("大同", limit=2).total == everything.total
    assert searcher.search("没有这个词组合啊", limit=5).hits == ()


def test_spans_are_the_true_match_positions(searcher: Searcher, lib: Library) -> None:
    for query, needles in (("大同", ["大同"]), ("疫情 防控", ["疫情", "防控"]), ("5g", ["5G", "5g"])):
        for hit in searcher.search(query, limit=0).hits:
            article = lib.article(hit.article_id)  # exactly what `articles` returns
            for name in ("kicker", "title", "subtitle", "byline", "body"):
                text = getattr(article, name)
                expect = _occurrences(text, needles)
                assert spans_of(hit, name) == expect, (name, hit.article_id)
                for s, e in spans_of(hit, name):
                    assert normalize(text[s:e]) in [normalize(n) for n in needles]
            for name in ("captions", "highlights"):
                expect = [(k, s, e) for k, c in enumerate(getattr(article, name)) for s, e in _occurrences(c, needles)]
                assert spans_of(hit, name) == expect, (name, hit.article_id)


def test_one_span_type_names_the_field_it_marks(searcher: Searcher, lib: Library) -> None:
    """Span(field, start, end): the field is spelt as the reading pane's segments spell it."""
    seen = set()
    for hit in searcher.search("大同 OR 疫情 OR 图", limit=0).hits:
        article = lib.article(hit.article_id)
        for span in hit.spans:
            seen.add(span.part[0])
            assert normalize(span.text_of(article)[span.start:span.end]) in ("大同", "疫情", "图")
        json_spans = hit.to_json()["spans"]
        assert isinstance(json_spans, dict)
        assert sum(len(v) for v in json_spans.values()) == len(hit.spans)
    assert {"title", "body", "captions"} <= seen


def test_the_summary_box_is_searched_like_the_body(searcher: Searcher, lib: Library) -> None:
    """Words printed only in a story's summary box find that story, marked in the box."""
    everything = list(lib.iter_articles())
    printed = "\n".join(t for a in everything for t in (a.kicker, a.title, a.subtitle, a.byline, a.body, *a.captions))
    found = [(a, k, i, line[i:i + 8]) for a in everything for k, line in enumerate(a.highlights)
             for i in range(len(line) - 8) if line[i:i + 8] not in printed]
    assert found, "the seeds' summary boxes should hold text printed nowhere else"
    article, k, i, phrase = found[0]
    result = searcher.search(f'"{phrase}"', limit=0)
    assert [h.article_id for h in result.hits] == [article.id]
    (hit,) = result.hits
    assert spans_of(hit, "highlights") == [(k, i, i + 8)]
    assert phrase in hit.snippet and hit.snippet_spans


def test_a_name_set_with_a_space_is_found_and_marked_where_printed(searcher: Searcher, lib: Library) -> None:
    """Seed 000's commentary is signed 孙 权: the query 孙权 finds it and marks 孙 权 in the byline."""
    (article,) = [a for a in lib.iter_articles() if a.byline == "孙 权"]
    for query in ("孙权", "author:孙权"):
        hits = [h for h in searcher.search(query, limit=0).hits if h.article_id == article.id]
        assert len(hits) == 1, query
        assert spans_of(hits[0], "byline") == [(0, 3)]


def _occurrences(text: str, needles: list[str]) -> list[tuple[int, int]]:
    out = set()
    for n in needles:
        for i in range(len(text)):
            if normalize(text[i : i + len(n)]) == normalize(n):
                out.add((i, i + len(n)))
    return sorted(out)


def test_snippet_and_its_spans(searcher: Searcher, lib: Library) -> None:
    for hit in searcher.search("大同", limit=0).hits:
        assert 0 < len(hit.snippet) <= 82
        article = lib.article(hit.article_id)
        sources = [t.replace("\n", " ") for t in (article.body, *article.captions, *article.highlights)]
        assert any(hit.snippet.strip("…") in t for t in sources)
        for s, e in hit.snippet_spans:
            assert hit.snippet[s:e] == "大同"
        if spans_of(hit, "body"):
            assert hit.snippet_spans


def test_excluded_terms_are_not_marked(searcher: Searcher) -> None:
    for hit in searcher.search("大同 -疫情", limit=0).hits:
        assert all(hit.snippet[s:e] == "大同" for s, e in hit.snippet_spans)


def test_json_shape(searcher: Searcher) -> None:
    data = searcher.search("大同", limit=1).to_json()
    assert set(data) == {"query", "total", "hits"}
    hit = data["hits"][0]  # type: ignore[index]
    assert {"article_id", "issue_id", "date", "title", "score", "snippet", "spans"} <= set(hit)
    assert set(hit["spans"]) >= {"title", "body"}
    assert all(isinstance(s, list) and len(s) == 2 for s in hit["spans"]["body"])


def test_bad_options_and_queries_raise_query_error(searcher: Searcher) -> None:
    for kwargs in ({"sort": "best"}, {"date_from": "2022-02-30"}, {"limit": -1},
                   {"date_from": "2023", "date_to": "2022"}):
        with pytest.raises(QueryError):
            searcher.search("大同", **kwargs)  # type: ignore[arg-type]
    for query in ("", '"大同', "(大同", "OR", "foo:bar", "date:2022-02-30"):
        with pytest.raises(QueryError):
            searcher.search(query)


def test_match_spans() -> None:
    assert match_spans("大同市冷链物流", "冷链 OR 大同") == [(0, 2), (3, 5)]
    assert match_spans("ＧＷ级 gw", "GW -级") == [(0, 2), (4, 6)]
    assert match_spans("啊啊啊", "啊啊") == [(0, 3)]
    # Latin letters and digits match whole runs only (issue 13): 5G is not inside 1.5GW
    assert match_spans("aaa", "aa") == []
    assert match_spans("1.5GW 5G 20221 2022年", "5g OR 2022") == [(6, 8), (15, 19)]


def test_a_running_searcher_sees_an_update_and_never_writes(tmp_path: Path, corpus_dir: Path) -> None:
    files = sorted(corpus_dir.glob("*.txt"))
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(files[0], src)
    with Library(tmp_path / "lib") as library:
        library.import_paths([src])
        searcher = Searcher(library)
        with pytest.raises(IndexError_, match="has not been built yet"):
            searcher.search("大同")  # a search never builds the index itself
        assert not (library.index_dir / "exact.db").exists()
        sync_index(library)
        before = searcher.search("大同", limit=0).total
        mixed = searcher.search("大同 -疫", limit=0).total  # answered as sets, and kept
        shutil.copy(files[1], src)
        library.import_paths([src])
        assert searcher.behind() == 1
        assert searcher.search("大同", limit=0).total == before
        sync_index(library)
        assert searcher.behind() == 0
        after = searcher.search("大同", limit=0)  # no refresh needed: the same open index
        articles = list(library.iter_articles())
        assert after.total == len(brute(articles, "大同")) > before
        assert searcher.search("大同 -疫", limit=0).total == len(brute(articles, "大同") - brute(articles, "疫")) > mixed


def test_close_then_search_again(lib: Library) -> None:
    searcher = Searcher(lib)
    total = searcher.search("大同").total
    searcher.close()
    searcher.close()
    assert searcher.search("大同").total == total


_TO_TRADITIONAL = str.maketrans("发东书门时经济会", "發東書門時經濟會")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Library]:
    """Seed 000 as printed, and seed 001 printed in traditional characters (as a Hong Kong paper)."""
    root = tmp_path_factory.mktemp("mixed")
    src = root / "src"
    src.mkdir()
    files = sorted(corpus_dir.glob("*.txt"))
    shutil.copy(files[0], src / "2022-01-10.txt")
    text = files[1].read_text("utf-8").translate(_TO_TRADITIONAL)
    (src / "2022-01-11.txt").write_text(text, "utf-8")
    library = Library(root / "lib")
    library.import_paths([src])
    sync_index(library)
    yield library
    library.close()


def test_traditional_and_simplified_are_one(mixed: Library) -> None:
    """云冈 finds 雲岡 and back (OpenCC's table), and the spans mark the printed characters."""
    searcher = Searcher(mixed)
    simplified = searcher.search("发展", limit=0)
    traditional = searcher.search("發展", limit=0)
    assert {h.article_id for h in simplified.hits} == {h.article_id for h in traditional.hits}
    dates = {h.date for h in simplified.hits}
    assert len(dates) == 2  # found in the simplified issue and in the traditional one
    printed = set()
    for hit in simplified.hits:
        article = mixed.article(hit.article_id)
        for s, e in spans_of(hit, "body"):
            printed.add(article.body[s:e])
    assert printed == {"发展", "發展"}
    assert normalize("雲岡石窟") == normalize("云冈石窟") == "云冈石窟"
    from reader.analysis import _FOLD

    folded = "".join(map(chr, _FOLD.values()))
    assert normalize(folded) == folded  # folding once is folding for good (薴 -> 苎, not 苧)
    assert match_spans("雲岡石窟", "云冈") == [(0, 2)]


def test_normalising_folds_every_character_by_the_table_and_moves_none() -> None:
    """Every code point, in the planes' order and reversed (a page of one plane, then of two):
    each character becomes what the table says, or stays; none moves, none is lost."""
    from reader.analysis import _FOLD

    every = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    astral = min(c for c in _FOLD if c >= 0x10000)  # the table folds some characters past U+FFFF
    for points in (every, every[::-1], [c for c in every if c < 0x10000], [0x5B, astral, 0x41, 0x20000]):
        text = "".join(map(chr, points))
        assert normalize(text) == "".join(chr(_FOLD.get(c, c)) for c in points)
    assert normalize("Ｂａｏｋｕ　報庫 𠀀 ABC") == "baoku 报库 𠀀 abc"
    # and so does the exact index, which also makes ASCII punctuation private (its tokeniser
    # splits on it): what it sees of every code point is what its table says
    from reader.analysis import _index_map, _index_translation

    text, table = "".join(map(chr, every)), _index_map()
    assert _index_translation()(text) == "".join(chr(table.get(c, c)) for c in every)


def test_paper_and_page_fields_and_json(tmp_path: Path, corpus_dir: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """paper: and page: (版) search what the store says of each article (issue 10's fields)."""
    import dataclasses

    from reader.store import Store

    def placed(a: Article) -> Article:
        paper = "大同日报" if a.date < "2022-01-12" else "人民日报"
        return dataclasses.replace(a, paper=paper, page=1 + a.seq % 3)

    articles, article = Store.articles, Store.article
    monkeypatch.setattr(Store, "articles", lambda self, iid: [placed(a) for a in articles(self, iid)])
    monkeypatch.setattr(Store, "article", lambda self, aid: placed(article(self, aid)))
    with Library(tmp_path / "lib") as library:
        library.import_paths([corpus_dir])
        sync_index(library)
        every = [placed(a) for a in library.iter_articles()]
        searcher = Searcher(library)

        def found(query: str) -> set[str]:
            return {h.article_id for h in searcher.search(query, limit=0).hits}

        assert found("page:2") == {a.id for a in every if a.page == 2}
        assert found("paper:人民日报") == {a.id for a in every if a.paper == "人民日报"}
        assert found("paper:大同 page:1 大同") == \
            {a.id for a in every if a.paper == "大同日报" and a.page == 1} & brute(every, "大同")
        assert found("page:12") == set()  # a page number is a whole number, not a digit in it
        assert found("日报") == brute(every, "日报")  # a term without a field is not in the paper name
        hit = searcher.search("大同 page:2", limit=1).hits[0]
        data = hit.to_json()
        assert (data["paper"], data["page"]) == (placed(library.article(hit.article_id)).paper, 2)


def test_timeline_counts_matches_per_year_and_month(searcher: Searcher, articles: list[Article]) -> None:
    """For the research tools' timeline: the counts of a query's matches by year and by month."""
    found = brute(articles, "大同")
    dated = [a.date for a in articles if a.id in found]
    years: dict[str, int] = {}
    months: dict[str, int] = {}
    for d in dated:
        years[d[:4]] = years.get(d[:4], 0) + 1
        months[d[:7]] = months.get(d[:7], 0) + 1
    from reader.research.timeline import count_days

    assert searcher.year_counts("大同") == sorted(years.items())
    per_month = count_days(searcher.day_counts("大同"), "month").buckets
    assert [(b.period, b.articles) for b in per_month if b.articles] == sorted(months.items())
    assert sum(n for _y, n in searcher.year_counts("-大同")) == len(articles) - len(found)
    first = min(years)
    assert searcher.year_counts("大同", date_from=first, date_to=first) == [(first, years[first])]


def test_related_finds_articles_sharing_telling_words(searcher: Searcher, lib: Library) -> None:
    """More like this: other articles, follow-ups first, each sharing some of the article's key terms."""
    hit = searcher.search("疫情防控", limit=1).hits[0]
    related = searcher.related(hit.article_id, limit=5)
    assert 0 < len(related) <= 5
    assert hit.article_id not in {h.article_id for h in related}
    order = searcher.catalogue.related(hit.article_id, limit=5)
    assert [h.article_id for h in related] == [r.article_id for r in order]
    for h in related:
        assert any(spans_of(h, f) for f in ("title", "body", "kicker", "subtitle", "captions", "highlights"))
    assert searcher.related(hit.article_id, limit=0) == []


def test_a_very_common_term_puts_its_heading_hits_first_then_the_newest(
        searcher: Searcher, articles: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SCORE_ALL matches nothing is scored: every heading hit, newest first, then every
    hit below the headings, newest first, on every page alike."""
    from reader.search import ranking

    everything = searcher.search("大同", limit=0, sort="newest")
    monkeypatch.setattr(ranking, "SCORE_ALL", 3)

    def in_heading(h: Hit) -> bool:
        return bool(spans_of(h, "title") or spans_of(h, "kicker") or spans_of(h, "subtitle"))

    expected = ([h.article_id for h in everything.hits if in_heading(h)]
                + [h.article_id for h in everything.hits if not in_heading(h)])
    assert 0 < sum(map(in_heading, everything.hits)) < everything.total
    page = searcher.search("大同", limit=12)
    assert page.total == everything.total > 12
    assert [h.article_id for h in page.hits] == expected[:12]
    deep = searcher.search("大同", limit=5, offset=7)  # a later page: the same order
    assert [h.article_id for h in deep.hits] == expected[7:12]
    assert [h.article_id for h in searcher.search("大同", limit=0).hits] == expected


def test_a_heading_hit_imported_later_leads_the_same_query_asked_again(
        tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A searcher keeps the heading hits it walked for a common phrase; an article imported
    since, with the phrase in its headline, still comes first when the query is asked again."""
    from reader.search import ranking

    monkeypatch.setattr(ranking, "SCORE_ALL", 3)
    src = tmp_path / "src"
    shutil.copytree(corpus_dir, src)
    with Library(tmp_path / "lib") as library:
        library.import_paths([src])
        sync_index(library)
        searcher = Searcher(library)
        try:
            query = '"大同市"'
            before = searcher.search(query, limit=5)
            assert before.total > 5 and len(before.hits) == 5
            assert not any(spans_of(h, "title") for h in before.hits)  # none in a heading: all walked
            assert [h.article_id for h in searcher.search(query, limit=5).hits] == [h.article_id for h in before.hits]
            (src / "2026-01-05.txt").write_text(
                "大同市冷链物流园开工\n\n　　本报讯 大同市冷链物流园今天开工建设，总投资十二亿元。\n", encoding="utf-8")
            library.import_paths([src])
            sync_index(library)
            after = searcher.search(query, limit=5)
            assert after.total == before.total + 1
            assert after.hits[0].title == "大同市冷链物流园开工"
            assert [h.article_id for h in after.hits[1:]] == [h.article_id for h in before.hits[:4]]
        finally:
            searcher.close()


def test_a_single_character_puts_its_heading_hits_first_then_the_newest(searcher: Searcher) -> None:
    """The characters' table keeps neither places nor fields' columns: a one-character query
    is ordered as a very common term's page is, whatever its count."""
    def in_heading(h: Hit) -> bool:
        return bool(spans_of(h, "title") or spans_of(h, "kicker") or spans_of(h, "subtitle"))

    for query in ("市", "疫", "市 -大同"):
        everything = searcher.search(query, limit=0, sort="newest").hits
        expected = ([h.article_id for h in everything if in_heading(h)]
                    + [h.article_id for h in everything if not in_heading(h)])
        assert 0 < sum(map(in_heading, everything)) < len(everything), query
        assert [h.article_id for h in searcher.search(query, limit=0).hits] == expected, query
        assert [h.article_id for h in searcher.search(query, limit=4, offset=2).hits] == expected[2:6]


def test_matching_ids_are_the_hits_without_reading_them(searcher: Searcher) -> None:
    for query in ("大同", "-疫情", '"大"', "date:2022 OR 冷链", "title:大同"):
        assert searcher.matching_ids(query) == {h.article_id for h in searcher.search(query, limit=0).hits}
