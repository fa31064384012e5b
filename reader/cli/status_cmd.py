"""``baoku status``: what the library holds, how big it is on disk, and whether search is level."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import add_json_flag, open_library, print_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("status", help="what the library holds and how much disk it takes")
    add_json_flag(p)
    p.set_defaults(run=run_status)


def _bytes(path: Path) -> int:
    """A file's size, or a folder's (its files, one level down and below)."""
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def run_status(args: argparse.Namespace) -> int:
    from reader.index import index_lags

    with open_library(args, read_only_ok=True) as library:
        totals = library.store.totals()
        db = sum(_bytes(library.db_path.with_name(library.db_path.name + s)) for s in ("", "-wal"))
        index = _bytes(library.index_dir)
        lags = index_lags(library)
        root = library.root
    source = int(totals["source_bytes"])
    status = {
        "library": str(root), **totals,
        "library_bytes": db, "index_bytes": index,
        "disk_per_text": round((db + index) / source, 2) if source else None,
        "index_level": not lags,
    }
    if args.json:
        print_json(status)
        return 0
    span = f"{totals['first']} … {totals['last']}" if totals["first"] else "日期不详"
    print(f"{root}")
    print(f"  {totals['papers']} paper(s), {totals['issues']} issues ({span}), "
          f"{totals['files']} files, {totals['articles']} articles")
    print(f"  text as imported {_size(source)}; on disk: library {_size(db)} + search index {_size(index)}"
          + (f" = {(db + index) / source:.1f}x the text" if source else ""))
    print("  search index: " + ("level with the library" if not lags
                                 else "behind the library ('baoku index' brings it level)"))
    return 0
