"""``baoku search`` and ``baoku index``: the search API on the command line.

``baoku search QUERY`` prints the hits (``--json``: the SearchResult as JSON);
``baoku search --batch FILE`` answers one query per line of FILE with one JSON
object per line, in order, in one process (a malformed query gives
``{"query": ..., "error": ...}`` on its line). ``baoku index [--rebuild]``
brings the index up to date (repairing a damaged one), with a progress bar on a
terminal. A search never writes the index: it says on stderr when the index
lags behind the library, and fails with one line when there is none to use.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.cli.common import add_json_flag, open_library, print_json
from reader.errors import BaokuError, IndexError_, QueryError
from reader.models import SearchResult

if TYPE_CHECKING:
    from reader.index import ProgressFn
    from reader.search import Searcher

SORTS = ("relevance", "newest", "oldest")  # as reader.search.SORTS, without importing it here


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="search the library (see docs/query-language.md)")
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help='e.g. 大同 冷链, "云冈 石窟", title:大同, author:韩云峰, date:2022-01, a OR b, -c')
    p.add_argument("--batch", metavar="FILE",
                   help="read one query per line from FILE ('-' = stdin); print one JSON object per line")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only issues on or after DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only issues on or before DATE")
    p.add_argument("--sort", choices=SORTS, default="relevance", help="order of the hits")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="show N hits (0 = all)")
    p.add_argument("--histogram", choices=("year", "month"), metavar="year|month",
                   help="also count the matching articles (and occurrences) per year or month")
    add_json_flag(p)
    p.set_defaults(run=run_search)

    p = sub.add_parser("index", help="bring the search index up to date")
    p.add_argument("--rebuild", action="store_true", help="rebuild it from scratch")
    add_json_flag(p)
    p.set_defaults(run=run_index)


def run_search(args: argparse.Namespace) -> int:
    from reader.search import Searcher

    if (args.query is None) == (args.batch is None):
        raise QueryError("give either a QUERY or --batch FILE")
    if args.limit < 0:
        raise QueryError("--limit cannot be negative (0 means all hits)")
    options = {"date_from": args.date_from, "date_to": args.date_to, "sort": args.sort,
               "limit": args.limit or None}
    _check(args)  # a query that will be refused is, before any index work
    with open_library(args, read_only_ok=True) as library:
        searcher = Searcher(library)
        behind = searcher.behind()  # a search never writes the index: it says when it lags
        if behind is None:
            raise IndexError_(searcher.problem() or "the search index cannot be used")
        if behind:
            print("baoku: the search index has not seen the latest changes to the library; "
                  "'baoku index' brings it up to date", file=sys.stderr)
        if args.batch is not None:
            return _run_batch(searcher, args.batch, options)
        result = searcher.search(args.query, **options)
        if args.histogram:
            from reader.cli.research_cmds import print_search_histogram

            return print_search_histogram(searcher, result, args)
    if args.json:
        print_json(result.to_json())
    else:
        _print_result(result)
    return 0


def _check(args: argparse.Namespace) -> None:
    """Raise the QueryError a malformed QUERY, --from or --to would get from the search."""
    from reader.query import check_date, parse

    if args.query is not None:
        parse(args.query)
    for value, first in ((args.date_from, True), (args.date_to, False)):
        if value:
            check_date(value, first=first)


def _run_batch(searcher: Searcher, path: str, options: dict[str, Any]) -> int:
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise BaokuError(f"cannot read the batch file {path}: {exc.strerror or exc}") from None
    failed = 0
    # Lines of bytes, each decoded on its own: one that is not UTF-8 is an error on its
    # line, not the end of the batch. Only \n and \r end a line.
    for raw in data.removeprefix(b"\xef\xbb\xbf").splitlines():
        try:
            query = raw.decode("utf-8").strip()
        except UnicodeDecodeError as exc:
            query = raw.decode("utf-8", "replace").strip()
            error: str | None = f"the line is not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
        else:
            error = None
        if not query:
            continue
        if error is None:
            try:
                result = searcher.search(query, **options).to_json()
            except QueryError as exc:
                error = str(exc)
        if error is not None:
            result = {"query": query, "error": error}
            failed += 1
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def _print_result(result: SearchResult) -> None:
    shown = len(result.hits)
    print(f"{result.total} articles" + (f" (showing {shown})" if shown < result.total else ""))
    for h in result.hits:
        marked = _mark(h.snippet, h.snippet_spans)
        print(f"{h.date}  {h.article_id}  {h.title}")
        print(f"    {marked}")


def _mark(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The snippet with its matches in 【】 (or bold on a terminal)."""
    tty = sys.stdout.isatty()
    left, right = ("\033[1m", "\033[0m") if tty else ("【", "】")
    out, last = [], 0
    for s, e in spans:
        out += [text[last:s], left, text[s:e], right]
        last = e
    out.append(text[last:])
    return "".join(out)


def run_index(args: argparse.Namespace) -> int:
    from reader.index import sync_index

    with open_library(args) as library:
        note = sync_index(library, progress=_progress_bar(), rebuild=args.rebuild, wait=_say)
    note = note or "index up to date"
    if args.json:
        print_json({"index": note})
    else:
        print(note)
    return 0


def _say(line: str) -> None:
    print(f"baoku: {line}", file=sys.stderr, flush=True)


def _progress_bar() -> ProgressFn | None:
    """A one-line progress bar on stderr if it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        return None

    def show(phase: str, done: int, total: int, detail: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r{phase:6} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
