"""``baoku bookmarks list|add|remove|export|import``: bookmarks from the command line.

Commands that show bookmarks reconcile them with the library first, so a
bookmark whose article changed in a re-import is shown re-attached or detached.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from reader.bookmarks import Bookmarks
from reader.cli.common import add_json_flag, library_dir, open_library, print_json
from reader.errors import LibraryDamagedError, NotFoundError
from reader.library import Library
from reader.models import Bookmark


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("bookmarks", help="list, add, remove, export and import bookmarks")
    actions = p.add_subparsers(dest="bookmarks_command", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="list bookmarks, newest first")
    a.add_argument("--tag", metavar="TAG", help="only bookmarks with this tag")
    add_json_flag(a)
    a.set_defaults(run=run_list)

    a = actions.add_parser("add", help="bookmark an article (or change its note and tags)")
    a.add_argument("article_id", metavar="ARTICLE_ID")
    a.add_argument("--note", metavar="NOTE", help="the bookmark's note (replaces the old one)")
    a.add_argument("--tag", metavar="TAG", action="append", dest="tags",
                   help="a tag; repeat for several (replaces the old tags)")
    add_json_flag(a)
    a.set_defaults(run=run_add)

    a = actions.add_parser("remove", help="remove an article's bookmark")
    a.add_argument("article_id", metavar="ARTICLE_ID")
    add_json_flag(a)
    a.set_defaults(run=run_remove)

    a = actions.add_parser("export", help="write every bookmark as JSON or Markdown")
    a.add_argument("--format", choices=("json", "markdown"), default="json")
    a.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    a.set_defaults(run=run_export)

    a = actions.add_parser("import", help="merge bookmarks from a JSON export")
    a.add_argument("file", metavar="FILE")
    add_json_flag(a)
    a.set_defaults(run=run_import)


@contextmanager
def _open(args: argparse.Namespace) -> Iterator[tuple[Library, Bookmarks]]:
    with open_library(args) as library:
        marks = Bookmarks.for_library(library)
        try:
            yield library, marks
        finally:
            marks.close()


@contextmanager
def _open_reading(args: argparse.Namespace) -> Iterator[Bookmarks]:
    """The bookmarks, reconciled with the library; as last reconciled if library.db is damaged
    (bookmarks live in their own file: a damaged library must not cost their list or export)."""
    try:
        with _open(args) as (library, marks):
            marks.reconcile(library)
            yield marks
            return
    except LibraryDamagedError as exc:
        print(f"baoku: {exc}; bookmarks are shown as last checked", file=sys.stderr)
    with Bookmarks(library_dir(args) / "bookmarks.db") as marks:
        yield marks


def run_list(args: argparse.Namespace) -> int:
    with _open_reading(args) as marks:
        found = marks.list(args.tag)
    if args.json:
        print_json([m.to_json() for m in found])
    else:
        for m in found:
            _print(m)
    return 0


def run_add(args: argparse.Namespace) -> int:
    with _open(args) as (library, marks):
        mark = marks.add(library.article(args.article_id), note=args.note, tags=args.tags)
    if args.json:
        print_json(mark.to_json())
    else:
        _print(mark)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with _open(args) as (_library, marks):
        if not marks.remove(args.article_id):
            raise NotFoundError(f"no bookmark for article {args.article_id}")
    if args.json:
        print_json({"removed": args.article_id})
    else:
        print(f"removed {args.article_id}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with _open_reading(args) as marks:
        if args.output:
            marks.export_file(args.output, args.format)
        else:
            sys.stdout.write(marks.export_markdown() if args.format == "markdown"
                             else marks.export_json())
    return 0


def run_import(args: argparse.Namespace) -> int:
    with _open(args) as (library, marks):
        changed = marks.import_file(args.file)
        report = marks.reconcile(library)
        total = len(marks.list())
    if args.json:
        print_json({"imported": changed, "total": total, "reattached": len(report.reattached),
                    "detached": len(report.detached)})
    else:
        print(f"{changed} bookmarks added or changed, {total} in all, "
              f"{len(report.detached)} not in the library (detached)")
    return 0


def _print(m: Bookmark) -> None:
    head = f"{m.kicker} / {m.title}" if m.kicker else m.title
    state = "  [detached]" if m.detached else ""
    tags = "  " + " ".join(f"#{t}" for t in m.tags) if m.tags else ""
    print(f"{m.date}  {m.article_id}  {head}{tags}{state}")
    for line in m.note.splitlines():
        print(f"      {line}")
