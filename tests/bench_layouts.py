"""Benchmark: a month of one-file-per-article (a crawler's YYYYMMDD-PP-NN.txt), imported.

Usage: .venv/bin/python tests/bench_layouts.py [--days 31 --pages 22 --per-page 3] [--work DIR]

Prints files, issues, pages, articles, and the seconds the import (and the index
after it) took. Issue 10 asks for ~2,000 files in <= 10 s on 2 cores, 31 issues.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data"))

import layouts  # noqa: E402

from reader.library import Library  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=31)
    ap.add_argument("--pages", type=int, default=22)
    ap.add_argument("--per-page", type=int, default=3)
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="baoku-bench-layouts-"))
    src = work / "src"
    files = layouts.article_month(src, days=args.days, pages=args.pages, per_page=args.per_page)
    with Library(work / "lib") as lib:
        t0 = time.perf_counter()
        report = lib.import_paths([src])
        t_import = time.perf_counter() - t0
        issues = lib.issues()
        from reader.index import sync_index

        t1 = time.perf_counter()
        sync_index(lib)
        t_index = time.perf_counter() - t1
    pages = sum(len(i.pages) for i in issues)
    articles = sum(i.article_count for i in issues)
    print(f"files {files}  imported {report.count('imported')}  issues {len(issues)}  pages {pages}  "
          f"articles {articles}")
    print(f"import {t_import:.2f} s ({files / t_import:.0f} files/s)  index {t_index:.2f} s  "
          f"total {t_import + t_index:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
