"""Benchmark: query latency on an existing library (not collected by pytest).

The queries of ``tests/bench_index.py``, three rounds: each query on a fresh
:class:`~reader.search.Searcher` (a new connection: cold), the same query again
(warm: its count kept), and its page at offset 2,000 (how deep pages cost).
Then the same for queries of single characters, alone and beside words (the index
keeps them in a table of their own, so a query mixing both is set against itself
in SQL), apart from the figures above. Then the costliest ordinary queries (ten terms
of common characters and words, with AND, OR and NOT: always answered, whatever they
take), with their timeline counted day by day. The library is only read::

    .venv/bin/python tests/bench_queries.py /tmp/bench/lib36500
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench_index import QUERIES  # noqa: E402

from reader.library import Library  # noqa: E402
from reader.models import SearchResult  # noqa: E402
from reader.search import Searcher  # noqa: E402


def timed(fn: Callable[[], SearchResult]) -> tuple[float, SearchResult]:
    t = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t) * 1000, result


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


CHARACTER_QUERIES = ("大", "的", "title:市", "发展 -大", "大 -发展", "中 国 发展", "市 OR 大同",
                     "疫 防控 工作 城市 建设")
TEN_TERM_QUERIES = (
    "的 OR 是 OR 在 OR 了 OR 和 OR 有 OR 大 OR 中 OR 人 OR 市",
    "的 是 在 了 和 有 大 中 人 市",
    "大同 发展 工作 城市 建设 文化 经济 服务 群众 疫情",
    "大同 OR 发展 OR 工作 OR 城市 OR 建设 OR 文化 OR 经济 OR 服务 OR 群众 OR 疫情",
    "的 -是 -在 -了 -和 -有 -大 -中 -人 -市",
    "中 国 -大同 发展 OR 市 的 工作 -疫 人",
    '"文化大同、文明大同" OR "强化服务保障" OR 12345 OR 5G OR 冷链 物流 的 是 -大',
)


def main(library: Path) -> None:
    lib = Library(library, readonly=True)
    run(lib, QUERIES)
    print("single characters, alone and beside words:")
    run(lib, CHARACTER_QUERIES)
    print("ten terms (cold: a fresh Searcher each), and the query's timeline day by day:")
    for q in TEN_TERM_QUERIES:
        s = Searcher(lib)
        first, result = timed(lambda s=s, q=q: s.search(q, limit=20))  # type: ignore[misc]
        t = time.perf_counter()
        s.day_counts(q)
        days = (time.perf_counter() - t) * 1000
        s.close()
        print(f"  {q[:40]!r:44} {result.total:7d} hits  search {first:6.1f}  timeline {days:7.1f} ms")


def run(lib: Library, queries: Sequence[str]) -> None:
    cold: list[float] = []
    warm: list[float] = []
    per: dict[str, list[tuple[float, float, float, int]]] = {}
    for _ in range(3):
        for q in queries:
            s = Searcher(lib)
            first, result = timed(lambda s=s, q=q: s.search(q, limit=20))  # type: ignore[misc]
            again, _r = timed(lambda s=s, q=q: s.search(q, limit=20))  # type: ignore[misc]
            deep, _r = timed(lambda s=s, q=q: s.search(q, limit=20, offset=2000))  # type: ignore[misc]
            cold.append(first)
            warm.append(again)
            per.setdefault(q, []).append((first, again, deep, result.total))
            s.close()
    print(f"cold p50 {statistics.median(cold):.1f} ms, p95 {pct(cold, 0.95):.1f} ms;"
          f" warm p50 {statistics.median(warm):.1f} ms, p95 {pct(warm, 0.95):.1f} ms")
    for q, rows in per.items():
        print(f"  {q!r:28} {rows[0][3]:7d} hits  cold {statistics.median(r[0] for r in rows):6.1f}"
              f"  warm {statistics.median(r[1] for r in rows):6.1f}"
              f"  page at 2,000 {statistics.median(r[2] for r in rows):6.1f} ms")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
