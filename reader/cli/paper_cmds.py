"""``baoku papers`` (list, rename) and ``baoku pages``: the library's papers and an issue's pages."""

from __future__ import annotations

import argparse

from reader.cli.common import add_json_flag, open_library, print_json
from reader.errors import BaokuError
from reader.parsing.layout import page_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("papers", help="list the library's papers, or rename one")
    add_json_flag(p)
    p.set_defaults(run=run_papers)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    r = actions.add_parser("rename", help="rename a paper ('' names the unnamed paper)")
    r.add_argument("old", metavar="OLD", help="its name now ('' for the unnamed paper)")
    r.add_argument("new", metavar="NEW", help="the name to show")
    add_json_flag(r)
    r.set_defaults(run=run_rename)

    p = sub.add_parser("pages", help="list an issue's pages (版) with their articles")
    p.add_argument("issue", metavar="ISSUE", help="an issue id or a date (YYYY-MM-DD)")
    p.add_argument("--paper", metavar="NAME", help="the paper, when several have an issue that day")
    add_json_flag(p)
    p.set_defaults(run=run_pages)


def run_papers(args: argparse.Namespace) -> int:
    with open_library(args, read_only_ok=True) as library:
        papers = library.papers()
    if args.json:
        print_json([p.to_json() for p in papers])
        return 0
    for p in papers:
        span = f"{p.first} … {p.last}" if p.first else "日期不详"
        print(f"{p.name or '(unnamed)'}  {p.issues} issues  {span}  ({p.source})")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    new = args.new.strip()
    if not new:
        raise BaokuError("a paper's new name cannot be empty")
    with open_library(args) as library:
        count = library.rename_paper(args.old, new)
    if args.json:
        print_json({"old": args.old, "new": new, "issues": count})
    else:
        print(f"{args.old or '(unnamed)'} -> {new}: {count} issues")
    return 0


def run_pages(args: argparse.Namespace) -> int:
    with open_library(args, read_only_ok=True) as library:
        issues = library.find_issues(args.issue, args.paper)
    if args.json:
        print_json([{"issue": i.id, "paper": i.paper, "date": i.date,
                     "pages": [p.to_json() for p in i.pages]} for i in issues])
        return 0
    for i in issues:
        print(f"{i.paper or '(unnamed)'}  {i.date or '日期不详'}  {i.id}")
        for p in i.pages:
            label = page_label(p.number) or "(page not given)"
            print(f"  {label}  {p.name}  {p.articles} articles")
    return 0
