"""``baoku repair``: rebuild a damaged library.db from the source files (the damaged file is kept)."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import add_json_flag, library_dir, print_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("repair", help="rebuild a damaged library database from the source files")
    p.add_argument("paths", nargs="*", metavar="PATH", type=Path,
                   help="also import these files or folders (if the damaged database kept too "
                        "little to know where the issues came from)")
    add_json_flag(p)
    p.set_defaults(run=run_repair)


def run_repair(args: argparse.Namespace) -> int:
    from reader.repair import repair_library

    report = repair_library(library_dir(args), args.paths)
    data = report.to_json()
    if args.json:
        print_json(data)
        return 0
    if report.damaged_kept:
        print(f"the damaged database is kept as {report.damaged_kept}")
    print(f"{data['reimported']} file(s) imported again from their sources, "
          f"{data['from_stored_text']} issue(s) rebuilt from the text the damaged database kept, "
          f"{len(report.lost)} lost, {data['skipped']} skipped")
    for name in report.lost:
        print(f"lost      {name}")
    for f in report.import_report.files:
        if f.status == "skipped":
            print(f"skipped   {f.path} ({f.reason})")
    if report.note:
        print(report.note)
    return 0
