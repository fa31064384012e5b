"""Benchmark: the research tools (timeline, top bylines, 历史上的今天, related reports).

Not collected by pytest. Builds (once, kept in WORK) a synthetic archive of
daily issues the way ``tests/bench_index.py`` does (seed titles over seed
paragraphs, fixed random seed), imports and indexes it, and times each tool
through the path the command line and the window really use::

    .venv/bin/python tests/bench_research.py --sizes 3650 --work /tmp/baoku-bench-research
    .venv/bin/python tests/bench_research.py --library /work/bench/lib36500   # an existing library

A library that is already complete (``.complete`` in it, or given by
``--library``) is only read: opened read-only, never imported into or indexed.
Each figure is the median (and worst) of several calls in one process ("warm":
the search has run before); "cold" is a fresh process's first answer after
opening the library and the search (the operating system's file cache is as
the machine left it). The synthetic articles have no bylines, so the top
bylines are also timed with every article given one of 400 made-up names
("all bylined"), the worst case for their cost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_index import archive_start, make_archive, seed_material  # noqa: E402

from reader.errors import QueryError  # noqa: E402
from reader.library import Library  # noqa: E402

QUERIES = ("大同", "发展", "疫情防控", "冷链 物流", "卢东亮", "title:大同", "乡村振兴 OR 文明城市", "大同 -疫情")
DAYS = ("02-24", "07-01", "12-31", "02-29")
FAKE_NAMES = 400


def build(work: Path, n: int) -> Path:
    """The library of ``n`` synthetic issues in ``work``, imported and indexed the first time."""
    lib_dir = work / f"lib{n}"
    if (lib_dir / ".complete").exists():
        return lib_dir
    from reader.index import sync_index

    titles, paras = seed_material()
    src = work / f"src{n}"
    if not src.exists():
        make_archive(src, n, archive_start(n), titles, paras)
    t = time.perf_counter()
    with Library(lib_dir) as lib:
        lib.import_paths([src])
        sync_index(lib)
    print(f"built {n} issues in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    (lib_dir / ".complete").write_text("")
    return lib_dir


def timed(fn: Callable[[], object], repeat: int = 5, before: Callable[[], object] | None = None) -> tuple[float, float]:
    """(median, worst) milliseconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def cold(lib_dir: Path, query: str) -> dict[str, float]:
    """A fresh process's first answers on ``query`` (run by ``--cold``), in milliseconds."""
    from reader.research.onthisday import on_this_day
    from reader.search import Searcher
    from reader.ui.research import bylines_job, timeline_job

    out: dict[str, float] = {}
    t = time.perf_counter()
    with Library(lib_dir, readonly=True) as lib:
        out["library"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        on_this_day(lib, "02-24", before="2100-01-01")
        out["onthisday"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        searcher = Searcher(lib)
        searcher.warm_up()
        out["open"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        timeline_job(query, None, None)(lib, searcher)
        out["chart"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        bylines_job(query, None, None)(lib, searcher)
        out["bylines"] = (time.perf_counter() - t) * 1000
    return out


def cold_process(lib_dir: Path, query: str) -> dict[str, float]:
    """:func:`cold` in a fresh process, and the whole ``baoku search Q --histogram year`` command."""
    run = subprocess.run([sys.executable, __file__, "--cold", str(lib_dir), query],
                         capture_output=True, text=True, check=True)
    out: dict[str, float] = json.loads(run.stdout)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reader", "--library", str(lib_dir), "search", query,
                    "--histogram", "year", "--json"], capture_output=True, check=True, cwd=ROOT)
    out["command"] = (time.perf_counter() - t) * 1000
    return out


def bench(lib_dir: Path, only_day: bool = False, with_related: bool = False, repeat: int = 5) -> None:
    from reader.research.onthisday import on_this_day
    from reader.research.timeline import count_days
    from reader.search import Searcher
    from reader.ui.research import bylines_job, timeline_job

    with Library(lib_dir, readonly=True) as lib:
        issues = len(lib.issues())
        print(f"\n{lib_dir}: {issues} issues")
        for day in DAYS:  # needs no search: measured first
            found = on_this_day(lib, day, before="2100-01-01")
            med, worst = timed(lambda day=day: on_this_day(lib, day, before="2100-01-01"), repeat)  # type: ignore[misc]
            print(f"  onthisday {day}  {found.total:5d} articles in {len(found.issues):3d} issues"
                  f"  p50 {med:6.1f} ms  max {worst:6.1f} ms")
        if only_day:
            return
        searcher = Searcher(lib)
        t = time.perf_counter()
        searcher.byline_counts("大同")
        print(f"  bylines read once per library version: {(time.perf_counter() - t) * 1000:.0f} ms")
        rows = []
        for q in QUERIES:
            total = searcher.search(q, limit=1).total
            line = {"query": q, "total": total}
            line["timeline"] = timed(lambda q=q: count_days(searcher.day_counts(q), "year"), repeat)  # type: ignore[misc]
            line["chart"] = timed(lambda q=q: timeline_job(q, None, None)(lib, searcher), repeat)  # type: ignore[misc]
            line["bylines"] = timed(lambda q=q: bylines_job(q, None, None)(lib, searcher), repeat)  # type: ignore[misc]
            try:
                line["matches"] = timed(lambda q=q: searcher.matches(q), max(1, repeat // 2))  # type: ignore[misc]
            except QueryError:  # over the search's time budget
                line["matches"] = (float("nan"), float("nan"))
            rows.append(line)
        index = searcher._open()  # noqa: SLF001 (every article given a made-up byline)
        ids = index.article_ids_all()
        t = time.perf_counter()
        index.keep_bylines((aid, f"记者{k % FAKE_NAMES}") for k, aid in enumerate(ids))
        kept = (time.perf_counter() - t) * 1000
        searcher._bylines_kept = (index, lib.store.generation, index.generation, len(ids))  # noqa: SLF001
        for line in rows:
            q = str(line["query"])
            line["all bylined"] = timed(lambda q=q: bylines_job(q, None, None)(lib, searcher), repeat)  # type: ignore[misc]
        print(f"  all {len(ids)} articles bylined: kept in {kept:.0f} ms")
        print(f"  {'query':24} {'articles':>8}  {'CLI timeline':>15}  {'GUI chart':>15}  {'GUI bylines':>15}"
              f"  {'all bylined':>15}  {'matches()':>15}   (warm, ms: p50/max)")
        for line in rows:
            cells = "  ".join(f"{line[k][0]:7.1f}/{line[k][1]:7.1f}"  # type: ignore[index]
                              for k in ("timeline", "chart", "bylines", "all bylined", "matches"))
            print(f"  {line['query']!r:24} {line['total']:8d}  {cells}")
        print(f"  {'cold process':24} {'':8}  {'library':>9} {'onthisday':>9} {'search':>9} {'chart':>9}"
              f" {'bylines':>9} {'command':>9}   (ms; library, search: opening them; bylines: the first,"
              " reading them; command: baoku search Q --histogram year --json, start to end)")
        for q in ("大同", "疫情防控", "title:大同"):
            c = cold_process(lib_dir, q)
            print(f"  {q!r:24} {'':8}  " + " ".join(f"{c[k]:9.1f}" for k in (
                "library", "onthisday", "open", "chart", "bylines", "command")))
        if not with_related:
            return
        try:
            from reader.research.related import library_sample, related
        except ImportError:
            return
        t = time.perf_counter()
        sample = library_sample(lib)
        print(f"  related: library sample {(time.perf_counter() - t) * 1000:.0f} ms (once)")
        sample_ids = [a.id for a in lib.articles(lib.issues()[len(lib.issues()) // 2].id)][:5]
        related(lib, searcher, sample_ids[0])  # jieba's dictionary, once
        for aid in sample_ids:
            med, worst = timed(lambda aid=aid: related(lib, searcher, aid, sample=sample), repeat=3)  # type: ignore[misc]
            print(f"  related {aid}  p50 {med:6.1f} ms  max {worst:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="3650", help="comma-separated issue counts")
    parser.add_argument("--work", default="/tmp/baoku-bench-research", help="where the libraries are kept")
    parser.add_argument("--library", type=Path, help="time this existing library instead (only read)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--onthisday-only", action="store_true", help="only 历史上的今天 (needs no search)")
    parser.add_argument("--related", action="store_true", help="also related reports (slow)")
    parser.add_argument("--repeat", type=int, default=5, help="calls per figure")
    parser.add_argument("--cold", nargs=2, metavar=("LIBRARY", "QUERY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(json.dumps(cold(Path(args.cold[0]), args.cold[1])))
        return
    if args.library:
        bench(args.library, args.onthisday_only, args.related, args.repeat)
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(",")):
        lib_dir = build(work, n)
        if not args.build_only:
            bench(lib_dir, args.onthisday_only, args.related, args.repeat)


if __name__ == "__main__":
    main()
