"""Benchmark: the research tools (timeline, 历史上的今天, related reports, citations).

Not collected by pytest. Builds (once, kept in WORK) a synthetic archive of
daily issues the way ``tests/bench_index.py`` does (seed titles over seed
paragraphs, fixed random seed), imports it, and times each tool on it::

    .venv/bin/python tests/bench_research.py --sizes 3650 --work /tmp/baoku-bench-research

The search's texts are loaded once before timing (as in the app, where the
search warms up at start); each figure is the median (and worst) of several
calls, with the search's term cache cleared before each timeline query.
"""

from __future__ import annotations

import argparse
import statistics
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

QUERIES = ("大同", "疫情防控", "冷链 物流", "卢东亮", "title:大同", "乡村振兴 OR 文明城市")
DAYS = ("02-24", "07-01", "12-31", "02-29")


def build(work: Path, n: int) -> Path:
    """The library of ``n`` synthetic issues in ``work`` (built the first time)."""
    lib_dir = work / f"lib{n}"
    if (lib_dir / ".complete").exists():
        return lib_dir
    titles, paras = seed_material()
    src = work / f"src{n}"
    if not src.exists():
        make_archive(src, n, archive_start(n), titles, paras)
    t = time.perf_counter()
    with Library(lib_dir) as lib:
        lib.import_paths([src])
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


def bench(lib_dir: Path, only_day: bool = False, related_only: bool = False) -> None:
    from reader.research.onthisday import on_this_day
    from reader.research.timeline import histogram
    from reader.search import Searcher

    with Library(lib_dir) as lib:
        issues = len(lib.issues())
        for day in DAYS:  # needs no search: measured first
            found = on_this_day(lib, day, before="2100-01-01")
            med, worst = timed(lambda day=day: on_this_day(lib, day, before="2100-01-01"))  # type: ignore[misc]
            print(f"  onthisday {day}  {found.total:5d} articles  p50 {med:6.1f} ms  max {worst:6.1f} ms")
        if only_day:
            return
        searcher = Searcher(lib)
        t = time.perf_counter()
        searcher.warm_up()
        print(f"{issues} issues: search warm-up {time.perf_counter() - t:.1f} s")
        clear = searcher._terms.clear  # noqa: SLF001 (a cold term cache for each query)
        for q in QUERIES if not related_only else ():
            try:
                matches = searcher.matches(q)
            except QueryError as exc:  # the search's own time budget
                print(f"  timeline {q!r:24} refused: {exc}")
                continue
            med, _w = timed(lambda m=matches: histogram(m, "month"))  # type: ignore[misc]
            print(f"  counting {len(matches)} matches per month (the timeline's own part) p50 {med:6.1f} ms")
            for g in ("year", "month"):
                med, worst = timed(lambda q=q, g=g: histogram(searcher.matches(q), g), before=clear)  # type: ignore[misc]
                print(f"  timeline {g:5} {q!r:24} {len(matches):6d} articles  cold p50 {med:6.1f} ms  "
                      f"max {worst:6.1f} ms", end="")
                # As in the app: the search just ran, its terms are cached.
                try:
                    med, worst = timed(lambda q=q, g=g: histogram(searcher.matches(q), g),  # type: ignore[misc]
                                       before=lambda q=q: (clear(), searcher.search(q)))  # type: ignore[misc]
                except QueryError as exc:
                    print(f"  after the search: refused ({exc})")
                    continue
                print(f"  after the search p50 {med:6.1f} ms  max {worst:6.1f} ms")
        from reader.research.authors import top_authors

        def bylines() -> object:
            names = {aid: n for aid, _d, n in lib.store.article_authors()}
            return top_authors(names, searcher.matches("大同"))

        med, worst = timed(bylines, repeat=1 if related_only else 3)
        print(f"  top bylines of '大同' (all its articles' bylines read)  p50 {med:6.1f} ms  max {worst:6.1f} ms")
        try:
            from reader.research.related import library_sample, related
        except ImportError:
            return
        t = time.perf_counter()
        sample = library_sample(lib)
        print(f"  related: library sample {(time.perf_counter() - t) * 1000:.0f} ms (once)")
        ids = [a.id for a in lib.articles(lib.issues()[len(lib.issues()) // 2].id)][:5]
        related(lib, searcher, ids[0])  # jieba's dictionary, once
        for aid in ids:
            med, worst = timed(lambda aid=aid: related(lib, searcher, aid, sample=sample), repeat=3, before=clear)  # type: ignore[misc]
            print(f"  related {aid}  p50 {med:6.1f} ms  max {worst:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="3650", help="comma-separated issue counts")
    parser.add_argument("--work", default="/tmp/baoku-bench-research", help="where the libraries are kept")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--onthisday-only", action="store_true", help="only 历史上的今天 (needs no search)")
    parser.add_argument("--related-only", action="store_true", help="no timelines")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(",")):
        lib_dir = build(work, n)
        if not args.build_only:
            bench(lib_dir, args.onthisday_only, args.related_only)


if __name__ == "__main__":
    main()
