"""Benchmark (not a test): response time of every hostile query, refused or answered.

Not collected by pytest (no test_ functions, bench_ name). Run::

    .venv/bin/python tests/bench_hostile_queries.py                 # seed corpus (+ /tmp/bench/lib3650)
    .venv/bin/python tests/bench_hostile_queries.py --library DIR   # also any other library

The queries are those of tests/core/test_hostile_queries.py. Each runs three
times through ``Searcher.search(query, limit=20)`` with the term cache cleared
first (every figure a cold query; the texts are loaded once before); the table
gives the median in ms and what came back, then the worst query per library.
A library at /tmp/bench/lib3650 (tests/bench_index.py --work /tmp/bench makes
one of 3,650 issues) is measured if it is there; it is only read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

from test_hostile_queries import hostile_queries  # noqa: E402

from reader.errors import QueryError  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.search import Searcher  # noqa: E402

BENCH_3650 = Path("/tmp/bench/lib3650")


def bench(lib_dir: Path, label: str, runs: int = 3) -> float:
    with Library(lib_dir, readonly=True) as lib:
        texts = [a.body for a in lib.iter_articles()]
        searcher = Searcher(lib)
        t0 = time.perf_counter()
        searcher.warm_up()
        print(f"\n== {label}: {len(texts)} articles; index opened in {time.perf_counter() - t0:.3f} s ==")
        worst = ("", 0.0)
        for name, query, _says in hostile_queries(texts):
            times = []
            for _ in range(runs):
                searcher.refresh()  # a cold connection to the index each time
                t0 = time.perf_counter()
                try:
                    outcome = f"{searcher.search(query, limit=20).total} hits"
                except QueryError as exc:
                    outcome = f"QueryError: {exc}"
                times.append(time.perf_counter() - t0)
            ms = statistics.median(times) * 1000
            worst = max(worst, (name, ms), key=lambda p: p[1])
            shown = outcome if len(outcome) <= 90 else outcome[:89] + "…"
            print(f"{ms:9.1f} ms  {name:34}  {shown}", flush=True)
        searcher.close()
    print(f"worst on {label}: {worst[1]:.0f} ms ({worst[0]})")
    return worst[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", action="append", default=[], help="another library to measure")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("BAOKU_CACHE", str(ROOT / ".pytest_cache" / "baoku-cache"))
    seed = Path(tempfile.mkdtemp(prefix="baoku-hostile-"))
    try:
        from reader.index import sync_index

        with Library(seed) as lib:
            lib.import_paths([ROOT / "corpus"])
            sync_index(lib)
        bench(seed, "seed corpus (5 issues)", args.runs)
    finally:
        shutil.rmtree(seed, ignore_errors=True)
    others = [Path(p) for p in args.library]
    if BENCH_3650.is_dir() and (BENCH_3650 / "library.db").exists():
        others.insert(0, BENCH_3650)
    else:
        print(f"\n(no library at {BENCH_3650}: make one with "
              f"tests/bench_index.py --sizes 3650 --work /tmp/bench)")
    for path in others:
        bench(path, str(path), args.runs)


if __name__ == "__main__":
    main()
