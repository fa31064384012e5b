"""``baoku import``, ``baoku issues`` and ``baoku articles``."""

from __future__ import annotations

import argparse
import sys

from reader.cli.common import add_json_flag, open_library, print_json
from reader.library import ProgressFn
from reader.messages import cli_text
from reader.models import ImportReport
from reader.parsing.layout import page_label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import issue files or folders into the library")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of issue files")
    p.add_argument("--paper", metavar="NAME", default="",
                   help="the paper these files are from, where a manifest or masthead does not say")
    add_json_flag(p)
    p.set_defaults(run=run_import)

    p = sub.add_parser("issues", help="list the library's issues by date")
    p.add_argument("--paper", metavar="NAME", help="only this paper's issues")
    add_json_flag(p)
    p.set_defaults(run=run_issues)

    p = sub.add_parser("articles", help="list an issue's articles")
    p.add_argument("issue", metavar="ISSUE", help="an issue id or a date (YYYY-MM-DD)")
    p.add_argument("--paper", metavar="NAME", help="the paper, when several have an issue that day")
    p.add_argument("--page", metavar="N", type=int, help="only the articles of page (版) N")
    add_json_flag(p)
    p.set_defaults(run=run_articles)


def run_import(args: argparse.Namespace) -> int:
    from reader.service import import_and_index

    with open_library(args) as library:
        report, note = import_and_index(library, args.paths, progress=_progress_printer(),
                                        paper=args.paper, wait=_say)
    if args.json:
        data = report.to_json()
        data["note"] = note  # the index and bookmarks, in a line
        print_json(data)
    else:
        _print_report(report)
        if note:
            print(cli_text(note))
    ok = sum(report.count(s) for s in ("imported", "updated", "unchanged", "moved", "duplicate"))
    if ok == 0:
        print(f"baoku: {cli_text('nothing could be imported')}", file=sys.stderr)
        return 1
    return 0


def _print_report(report: ImportReport) -> None:
    for f in report.files:
        extra = f" ({cli_text(f.reason)})" if f.reason else ""
        what = f" {f.date} {f.articles} articles" if f.status in ("imported", "updated") else ""
        print(f"{f.status:9} {f.path}{what}{extra}")
    print(cli_text(
        f"{report.count('imported')} imported, {report.count('updated')} updated, "
        f"{report.count('unchanged')} unchanged, {report.count('moved')} moved, "
        f"{report.count('duplicate')} duplicate, "
        f"{report.count('skipped')} skipped"
    ))


def _say(line: str) -> None:
    print(f"baoku: {line}", file=sys.stderr, flush=True)


def _progress_printer() -> ProgressFn | None:
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


def run_issues(args: argparse.Namespace) -> int:
    with open_library(args, read_only_ok=True) as library:
        issues = library.issues(args.paper)
    if args.json:
        print_json([i.to_json() for i in issues])
    else:
        for i in issues:
            number = f"第{i.number}号" if i.number else ""
            pages = f"{len(i.pages)} pages" if any(p.number is not None for p in i.pages) else ""
            print(f"{i.date or '日期不详':10}  {i.id}  {i.paper or '(unnamed)'}  {i.date_source:8}  "
                  f"{i.article_count:3} articles  {pages}  {number}  {', '.join(i.sources)}")
    return 0


def run_articles(args: argparse.Namespace) -> int:
    with open_library(args, read_only_ok=True) as library:
        issues = library.find_issues(args.issue, args.paper)
        articles = [a for i in issues for a in library.articles(i.id, args.page)]
    if args.json:
        print_json([a.to_json() for a in articles])
    else:
        for a in articles:
            head = " / ".join(p for p in (a.kicker, a.title, a.subtitle) if p)
            where = f" {page_label(a.page)}" if a.page is not None else ""
            print(f"{a.date}{where} #{a.seq:<2} {a.id}  {head}")
            if a.byline:
                print(f"      {a.byline}")
    return 0
