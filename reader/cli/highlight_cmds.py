"""``baoku highlights list|add|note|remove``: passage highlights from the command line.

``list`` re-anchors first (a re-import may have moved passages) and says which
highlights could not be found. ``add ARTICLE --text PASSAGE`` highlights the
first place the article prints PASSAGE; ``--field F --start S --end E`` names
the characters exactly, as ``baoku articles --json`` numbers them.
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import add_json_flag, open_library, print_json
from reader.errors import BaokuError, NotFoundError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("highlights", help="list, add, annotate and remove passage highlights")
    actions = p.add_subparsers(dest="highlights_command", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="every highlight, newest first (re-anchored first)")
    a.add_argument("--article", metavar="ID", help="only this article's, in reading order")
    a.add_argument("--search", metavar="TEXT", help="only those whose passage or note contains TEXT")
    add_json_flag(a)
    a.set_defaults(run=run_list)

    a = actions.add_parser("add", help="highlight a passage of an article")
    a.add_argument("article", metavar="ARTICLE")
    a.add_argument("--text", metavar="PASSAGE", help="the passage, exactly as printed")
    a.add_argument("--field", default="body", help="with --start/--end: body, title, captions:0, ...")
    a.add_argument("--start", type=int)
    a.add_argument("--end", type=int)
    a.add_argument("--color", default="yellow", choices=("yellow", "green", "blue", "pink"))
    a.add_argument("--note", default="", metavar="NOTE")
    add_json_flag(a)
    a.set_defaults(run=run_add)

    a = actions.add_parser("note", help="change a highlight's note (and colour)")
    a.add_argument("id", type=int, metavar="ID")
    a.add_argument("note", metavar="NOTE")
    a.add_argument("--color", choices=("yellow", "green", "blue", "pink"))
    add_json_flag(a)
    a.set_defaults(run=run_note)

    a = actions.add_parser("remove", help="remove a highlight")
    a.add_argument("id", type=int, metavar="ID")
    add_json_flag(a)
    a.set_defaults(run=run_remove)


def run_list(args: argparse.Namespace) -> int:
    from reader.bookmarks.highlights import Highlights

    with open_library(args) as library, Highlights.for_library(library) as marks:
        report = marks.reanchor(library)
        found = marks.list(args.article, text=args.search)
    if report.detached:
        print(f"baoku: {len(report.detached)} highlights are no longer in the library (detached)",
              file=sys.stderr)
    if args.json:
        print_json([h.to_json() for h in found])
        return 0
    for h in found:
        state = "  [detached]" if h.detached else ""
        print(f"{h.id:5d}  {h.date}  {h.title}{state}")
        print(f"       「{h.text}」" + (f"  — {h.note}" if h.note else ""))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from reader.bookmarks.highlights import Highlights

    with open_library(args) as library, Highlights.for_library(library) as marks:
        article = library.article(args.article)
        if args.text is not None:
            h = marks.add_text(article, args.text, color=args.color, note=args.note)
        elif args.start is not None and args.end is not None:
            h = marks.add(article, args.field, args.start, args.end, color=args.color, note=args.note)
        else:
            raise BaokuError("give --text PASSAGE, or --start and --end (with --field)")
    _show(args, h.to_json())
    return 0


def run_note(args: argparse.Namespace) -> int:
    from reader.bookmarks.highlights import Highlights

    with open_library(args) as library, Highlights.for_library(library) as marks:
        h = marks.update(args.id, note=args.note, color=args.color)
    _show(args, h.to_json())
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from reader.bookmarks.highlights import Highlights

    with open_library(args) as library, Highlights.for_library(library) as marks:
        if not marks.remove(args.id):
            raise NotFoundError(f"no highlight {args.id}")
    _show(args, {"removed": args.id})
    return 0


def _show(args: argparse.Namespace, data: dict[str, object]) -> None:
    if args.json:
        print_json(data)
    else:
        print(" ".join(f"{k}={v}" for k, v in data.items()))
