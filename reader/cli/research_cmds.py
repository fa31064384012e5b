"""``baoku cite``, ``onthisday``, ``related`` and ``authors``: the research tools on the command line.

``baoku cite ARTICLE...`` prints citations (GB/T 7714 or APA); with
``--format ris|csl-json|markdown|csv`` it writes a reference list instead, of
the given articles, of ``--bookmarks`` or of the hits of ``--search QUERY``.
The timeline of a search is ``baoku search QUERY --histogram year|month``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import add_json_flag, open_library, print_json
from reader.errors import BaokuError

if TYPE_CHECKING:
    from reader.library import Library
    from reader.models import SearchResult
    from reader.research.export_formats import Entry
    from reader.search import Searcher


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cite", help="cite articles (GB/T 7714, APA) or export references "
                                    "(RIS, CSL-JSON, Markdown, CSV)")
    p.add_argument("articles", nargs="*", metavar="ARTICLE", help="article ids")
    p.add_argument("--style", choices=("gbt7714", "apa"), default="gbt7714",
                   help="citation style (default gbt7714: 作者. 题名[N]. 报纸名, 出版日期(版次).)")
    p.add_argument("--format", choices=("text", "ris", "csl-json", "markdown", "csv"), default="text",
                   help="text: one citation per line; the others: a reference list")
    p.add_argument("--bookmarks", action="store_true", help="every bookmark (with its highlights)")
    p.add_argument("--highlights", action="store_true", help="every highlighted article, passages quoted")
    p.add_argument("--search", metavar="QUERY", help="the hits of QUERY")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="with --search: the best N (0 = all)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_json_flag(p)
    p.set_defaults(run=run_cite)

    p = sub.add_parser("onthisday", help="历史上的今天: articles printed on this day in earlier years")
    p.add_argument("day", nargs="?", metavar="MM-DD",
                   help="the day (default today); YYYY-MM-DD: the years before YYYY")
    add_json_flag(p)
    p.set_defaults(run=run_onthisday)

    p = sub.add_parser("related", help="up to five related reports of an article (follow-ups first)")
    p.add_argument("article", metavar="ARTICLE", help="an article id")
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N (default 5)")
    add_json_flag(p)
    p.set_defaults(run=run_related)

    p = sub.add_parser("authors", help="the names bylines give most often (in a search's articles)")
    p.add_argument("query", nargs="?", metavar="QUERY", help="only articles matching QUERY")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="the top N (0 = all)")
    add_json_flag(p)
    p.set_defaults(run=run_authors)


def run_cite(args: argparse.Namespace) -> int:
    from reader.research.citation import cite
    from reader.research.export_formats import export

    sources = bool(args.articles) + args.bookmarks + args.highlights + (args.search is not None)
    if sources != 1:
        raise BaokuError("cite: give article ids, --bookmarks, --highlights or --search QUERY (one of them)")
    if args.limit < 0:
        raise BaokuError("--limit cannot be negative (0 means all hits)")
    with open_library(args, read_only_ok=True) as library:
        entries = _entries(library, args)
    if args.format == "text":
        refs = [e.ref for e in entries]
        if args.json:
            print_json([{**r.to_json(), "citation": cite(r, args.style)} for r in refs])
            return 0
        text = "".join(cite(r, args.style) + "\n" for r in refs)
    else:
        text = export(entries, args.format)
    if args.output:
        _write(Path(args.output), text, bom=args.format == "csv")
    else:
        sys.stdout.write(text)
    return 0


def _entries(library: Library, args: argparse.Namespace) -> list[Entry]:
    from reader.research.entries import bookmark_entries, highlight_entries, hit_entries, reference
    from reader.research.export_formats import Entry

    if args.articles:
        return [Entry(reference(library, aid)) for aid in args.articles]
    if args.bookmarks or args.highlights:
        from reader.bookmarks import Bookmarks
        from reader.bookmarks.highlights import Highlights

        with Highlights.for_library(library) as passages:
            found = passages.list()
        if args.highlights:
            return highlight_entries(library, found)
        with Bookmarks.for_library(library) as marks:
            return bookmark_entries(library, marks.list(), found)
    from reader.search import Searcher

    result = Searcher(library).search(args.search, limit=args.limit or None)
    return hit_entries(library, result.hits)


def _write(path: Path, text: str, *, bom: bool) -> None:
    try:
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    except OSError as exc:
        raise BaokuError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_onthisday(args: argparse.Namespace) -> int:
    from reader.research.onthisday import on_this_day, parse_day

    month_day, before = parse_day(args.day)
    with open_library(args, read_only_ok=True) as library:
        day = on_this_day(library, month_day, before=before)
    if args.json:
        print_json(day.to_json())
        return 0
    print(f"历史上的今天 {month_day}: {day.total} articles in {len(day.issues)} issues")
    for issue in day.issues:
        print(f"{issue.date}  ({issue.years_ago} years ago){'  ' + issue.paper if issue.paper else ''}")
        for a in issue.articles:
            print(f"    {a.id}  {a.title or a.heading}")
    return 0


def print_search_histogram(searcher: Searcher, result: SearchResult, args: argparse.Namespace) -> int:
    """``baoku search QUERY --histogram year|month``: the hits, and the counts per period."""
    from reader.research.timeline import count_days

    timeline = count_days(searcher.day_counts(args.query, date_from=args.date_from, date_to=args.date_to),
                          args.histogram)
    if args.json:
        print_json({**result.to_json(), "histogram": timeline.to_json()})
        return 0
    print(f"{result.total} articles, {timeline.occurrences} occurrences")
    top = max((b.articles for b in timeline.buckets), default=0)
    for b in timeline.buckets:
        bar = "#" * round(40 * b.articles / top) if top else ""
        print(f"{b.period:>7}  {b.articles:6d}  {b.occurrences:7d}  {bar}")
    return 0


def run_related(args: argparse.Namespace) -> int:
    from reader.research.related import related
    from reader.search import Searcher

    if args.limit < 1:
        raise BaokuError("--limit must be at least 1")
    with open_library(args, read_only_ok=True) as library:
        library.article(args.article)  # an unknown id is refused before the texts load
        found = related(library, Searcher(library), args.article, limit=args.limit)
    if args.json:
        print_json({"article_id": args.article, "related": [r.to_json() for r in found]})
        return 0
    for r in found:
        kind = "follow-up" if r.follow_up else "related  "
        print(f"{r.date}  {kind}  {r.article_id}  {r.title}  ({'、'.join(r.shared)})")
    return 0


def run_authors(args: argparse.Namespace) -> int:
    from reader.research.authors import count_authors, top_authors
    from reader.search import Searcher

    if args.limit < 0:
        raise BaokuError("--limit cannot be negative (0 means all)")
    with open_library(args, read_only_ok=True) as library:
        if args.query:
            found = count_authors(Searcher(library).byline_counts(args.query), args.limit or None)
        else:
            rows = library.store.article_authors()
            found = top_authors({aid: names for aid, _date, names in rows},
                                [(aid, date, 0) for aid, date, _names in rows], args.limit or None)
    if args.json:
        print_json({"query": args.query, "authors": [a.to_json() for a in found]})
        return 0
    for a in found:
        print(f"{a.articles:6d}  {a.name}  {a.first}..{a.last}")
    return 0
