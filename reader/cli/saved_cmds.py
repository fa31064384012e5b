"""``baoku saved list|add|run|remove`` and ``baoku history``: saved searches from the command line.

``saved list`` says how many new articles each saved search finds since it was
last run (after an import); ``saved run NAME`` searches, prints like ``baoku
search`` and marks them seen.
"""

from __future__ import annotations

import argparse

from reader.cli.common import add_json_flag, open_library, print_json
from reader.errors import NotFoundError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("saved", help="saved searches: list (with new articles), add, run, remove")
    actions = p.add_subparsers(dest="saved_command", metavar="ACTION", required=True)
    a = actions.add_parser("list", help="saved searches, with how many new articles each finds")
    add_json_flag(a)
    a.set_defaults(run=run_list)
    a = actions.add_parser("add", help="save a search under a name")
    a.add_argument("name", metavar="NAME")
    a.add_argument("query", metavar="QUERY")
    a.add_argument("--from", dest="date_from", metavar="DATE")
    a.add_argument("--to", dest="date_to", metavar="DATE")
    a.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    add_json_flag(a)
    a.set_defaults(run=run_add)
    a = actions.add_parser("run", help="run a saved search (its articles are then no longer new)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--limit", type=int, default=20, metavar="N", help="show N hits (0 = all)")
    add_json_flag(a)
    a.set_defaults(run=run_run)
    a = actions.add_parser("remove", help="forget a saved search")
    a.add_argument("name", metavar="NAME")
    add_json_flag(a)
    a.set_defaults(run=run_remove)

    p = sub.add_parser("history", help="the most recent searches, newest first")
    add_json_flag(p)
    p.set_defaults(run=run_history)


def run_list(args: argparse.Namespace) -> int:
    from reader.research.saved_searches import SavedSearches, new_counts
    from reader.search import Searcher

    with open_library(args, read_only_ok=True) as library, SavedSearches.for_library(library) as saved:
        searcher = Searcher(library)
        counts = new_counts(saved, lambda q, a, b: searcher.matching_ids(q, date_from=a, date_to=b))
        items = saved.list()
    if args.json:
        print_json([{**s.to_json(), "new": counts[s.name]} for s in items])
        return 0
    for s in items:
        new = f"  ({counts[s.name]} new)" if counts[s.name] else ""
        print(f"{s.name}: {s.query}{new}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from reader.research.saved_searches import SavedSearches
    from reader.search import Searcher

    with open_library(args) as library, SavedSearches.for_library(library) as saved:
        found = Searcher(library).matching_ids(args.query, date_from=args.date_from, date_to=args.date_to)
        s = saved.save(args.name, args.query, date_from=args.date_from, date_to=args.date_to,
                       sort=args.sort, seen=found)
    if args.json:
        print_json({**s.to_json(), "total": len(found)})
    else:
        print(f"saved {s.name}: {s.query} ({len(found)} articles)")
    return 0


def run_run(args: argparse.Namespace) -> int:
    from reader.cli.search_cmds import _print_result
    from reader.research.saved_searches import SavedSearches
    from reader.search import Searcher

    with open_library(args) as library, SavedSearches.for_library(library) as saved:
        s = saved.get(args.name)
        searcher = Searcher(library)
        result = searcher.search(s.query, date_from=s.date_from, date_to=s.date_to, sort=s.sort,
                                 limit=args.limit or None)
        found = searcher.matching_ids(s.query, date_from=s.date_from, date_to=s.date_to)
        new = len(set(found) - saved.seen(s.name))
        saved.opened(s.name, found)
        saved.remember(s.query)
    if args.json:
        print_json({**result.to_json(), "name": s.name, "new": new})
    else:
        _print_result(result)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from reader.research.saved_searches import SavedSearches

    with open_library(args) as library, SavedSearches.for_library(library) as saved:
        if not saved.remove(args.name):
            raise NotFoundError(f"no saved search {args.name!r}")
    if args.json:
        print_json({"removed": args.name})
    else:
        print(f"removed {args.name}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    from reader.research.saved_searches import SavedSearches

    with open_library(args, read_only_ok=True) as library, SavedSearches.for_library(library) as saved:
        queries = saved.history()
    if args.json:
        print_json(queries)
    else:
        print("\n".join(queries))
    return 0
