"""Benchmark: import + index + search on a synthetic archive made from the seed issues.

Not collected by pytest (no test_ functions, bench_ name). Run::

    .venv/bin/python tests/bench_index.py            # 365 and 3,650 issues
    .venv/bin/python tests/bench_index.py --sizes 365 --plain-max 365

Each synthetic issue (fixed random seed, about 15 KB, a dated file name like
2025-12-31.txt, the last) is a run of articles: a seed article's title over paragraphs
drawn at random from all seed paragraphs. Prints, per size: import and index
time, MB/s, index size, peak memory (the whole process tree, sampled), query
p50/p95 over a fixed list of queries with snippets and spans (term cache
cleared before each query, so every figure is a cold query), the time to add
one issue, exactness on 200 random 2-6 character substrings against brute
force; and the same figures for the plain recipe (jieba's ChineseAnalyzer in
one Whoosh TEXT field, one document per file, QueryParser, top 20 with
highlights) with ratios.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.analysis import normalize  # noqa: E402
from reader.library import Library  # noqa: E402

QUERIES = [
    "大同", "疫情", "发展", "工作",                     # common words
    "沃尔玛", "12345", "蓄电池", "冷链", "5G", "GW",     # rare words, digits, Latin
    "疫情 防控", "大同 黄花",                           # two-term AND
    '"强化服务保障"', '"文化大同、文明大同"',           # phrases
    "大同 date:2016", "疫情 date:2020-03..2020-06",    # date filters
    "title:大同", "author:李雪峰",                      # fields
    "太原 OR 西安", "大同 -疫情",                       # OR, NOT
]


# -- the synthetic archive -----------------------------------------------------
def seed_material() -> tuple[list[str], list[str]]:
    tmp = Path(tempfile.mkdtemp(prefix="baoku-seed-"))
    try:
        with Library(tmp) as lib:
            lib.import_paths([ROOT / "corpus"])
            titles, paras = [], []
            for a in lib.iter_articles():
                if a.title:
                    titles.append(a.title)
                paras.extend(p for p in a.body.split("\n") if len(p) >= 20)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return titles, paras


def archive_start(n: int) -> date:
    """The first day of an archive of ``n`` daily issues ending on 2025-12-31.

    Never in the future: Baoku refuses a date after the day of the import (a
    file name dated 2090 is taken for a mistake), so an archive running on
    from 2015 would lose most of its dates at 36,500 issues.
    """
    return date(2025, 12, 31) - timedelta(days=n - 1)


def make_archive(folder: Path, n: int, start: date, titles: list[str], paras: list[str],
                 seed: int = 20150101) -> int:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(n):
        day = start + timedelta(days=k)
        parts: list[str] = []
        size = 0
        while size < 15_000:
            article = [rng.choice(titles), ""]
            for _ in range(rng.randint(3, 9)):
                article += [rng.choice(paras), ""]
            text = "\n".join(article)
            parts.append(text)
            size += len(text.encode("utf-8"))
        data = ("\n\n\n".join(parts) + "\n").encode("utf-8")
        (folder / f"{day.isoformat()}.txt").write_bytes(data)
        total += len(data)
    return total


# -- measuring -------------------------------------------------------------------
class PeakRSS:
    """Samples the memory of this process and all its descendants (Linux /proc).

    ``peak``: proportional set size (Pss) of the whole tree, pages shared by forked
    workers counted once, sampled every half second; ``largest``: the largest resident
    size (Rss) any one process reached, its kernel-kept high-water mark (VmHWM).

    Reading a process's Pss walks its page tables while holding its memory map's lock, and
    the bigger the process, the longer the walk: at ten samples a second, `perf` found 4% of
    a 36,500-issue import and index's CPU time in those walks, timed as Baoku's.
    """

    def __init__(self) -> None:
        self.peak = 0
        self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRSS:
        with contextlib.suppress(OSError):  # this process's high-water mark starts again here
            Path(f"/proc/{os.getpid()}/clear_refs").write_text("5")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss, rss = _tree_memory(os.getpid())
            self.peak = max(self.peak, pss)
            self.largest = max(self.largest, rss)
            self._stop.wait(0.5)


def _tree_memory(pid: int) -> tuple[int, int]:
    total = largest = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    largest = max(largest, int(line.split()[1]) * 1024)
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total, largest


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def substrings(lib: Library, count: int, seed: int = 7) -> list[str]:
    """``count`` random 1-6 character pieces of article bodies (a sample of the articles)."""
    rng = random.Random(seed)
    bodies = []
    for k, a in enumerate(lib.iter_articles()):
        if k % 97 == 0 and len(a.body) > 10:
            bodies.append(a.body)
    out: list[str] = []
    while len(out) < count:
        body = rng.choice(bodies)
        n = rng.randint(1, 6)
        start = rng.randrange(0, len(body) - n)
        s = body[start : start + n]
        if s.strip() == s and not any(c.isspace() or c in '"()-：:' for c in s):
            out.append(s)
    return out


def _brute_pattern(needle: str) -> str:
    """A regular expression for ``needle`` as search defines a match (tests/core/brute_search.py)."""
    head = "(?<![0-9a-z])" if re.match("[0-9a-z]", needle[0]) else ""
    tail = "(?![0-9a-z])" if re.match("[0-9a-z]", needle[-1]) else ""
    return head + re.escape(needle) + tail


def first_answer(lib_dir: Path, query: str) -> tuple[float, float, int]:
    """A fresh ``baoku search`` process: (wall seconds, max resident MB, hits total)."""
    t0 = time.perf_counter()
    # The peak is the process's own high-water mark, which its last act prints: Linux carries
    # ru_maxrss across exec, so wait4 would report this (large) benchmark process's size.
    run = ("import sys\nfrom reader.cli import main\ntry:\n    code = main(sys.argv[1:])\nfinally:\n"
           "    print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr)\n"
           "sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", run, "--library", str(lib_dir), "search", query, "--json"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    peak_kb = int(proc.stderr.strip().splitlines()[-1].split()[1])
    return wall, peak_kb / 1024, json.loads(proc.stdout)["total"]


# -- Baoku -------------------------------------------------------------------------
def bench_baoku(src: Path, work: Path, n: int, mb: float, extra: Path) -> dict[str, Any]:
    from reader.index import sync_index
    from reader.search import Searcher

    lib_dir = work / f"lib{n}"
    shutil.rmtree(lib_dir, ignore_errors=True)
    res: dict[str, Any] = {}
    files = sorted(src.glob("*.txt"))
    chunk = 3650  # a year's folder at a time, each import followed by its index update
    import reader.index as index_sync
    from reader.search.catalogue import sync_catalogue

    # The catalogue (related reports, bylines) of a first import this large is built by a
    # background process after the exact index: timed on its own below, so that it does not
    # share the cores with the imports and searches timed here.
    later = index_sync.sync_catalogue
    index_sync.sync_catalogue = lambda *_a, **_k: ""  # type: ignore[assignment]
    with PeakRSS() as peak, Library(lib_dir) as lib:
        t_import = t_index = 0.0
        years: list[tuple[float, float]] = []  # each year's import and index: linear or not
        for i in range(0, len(files), chunk):
            t0 = time.perf_counter()
            lib.import_paths(files[i : i + chunk])
            t1 = time.perf_counter()
            note = sync_index(lib)
            t2 = time.perf_counter()
            t_import += t1 - t0
            t_index += t2 - t1
            years.append((t1 - t0, t2 - t1))
        index_sync.sync_catalogue = later
        t0 = time.perf_counter()
        sync_catalogue(lib.store, lib.index_dir, background=False)
        t_catalogue = time.perf_counter() - t0
    res.update(years=years, import_s=t_import, index_s=t_index, total_s=t_import + t_index, catalogue_s=t_catalogue,
               mb_s=mb / (t_import + t_index), peak_mb=peak.peak / 2**20, largest_mb=peak.largest / 2**20,
               index_mb=dir_size(lib_dir / "index") / 2**20,
               catalogue_mb=dir_size(lib_dir / "index" / "catalogue") / 2**20,
               db_mb=(lib_dir / "library.db").stat().st_size / 2**20, note=note)
    wall, rss, total = first_answer(lib_dir, "大同")
    res.update(first_s=wall, first_mb=rss, first_total=total)
    with Library(lib_dir) as lib:
        res["articles"] = sum(1 for _ in lib.store.iter_articles())
        cold, warm = [], []
        for _ in range(3):
            for q in QUERIES:
                searcher = Searcher(lib)  # a fresh connection: SQLite's page cache empty
                t0 = time.perf_counter()
                r = searcher.search(q, limit=20)
                cold.append(time.perf_counter() - t0)
                assert all(h.snippet is not None for h in r.hits)
                t0 = time.perf_counter()
                searcher.search(q, limit=20)
                warm.append(time.perf_counter() - t0)
                searcher.close()
        res["p50_ms"] = statistics.median(cold) * 1000
        res["p95_ms"] = pct(cold, 0.95) * 1000
        res["warm_p50_ms"] = statistics.median(warm) * 1000
        res["warm_p95_ms"] = pct(warm, 0.95) * 1000
        res["per_query_ms"] = {
            q: statistics.median(warm[k::len(QUERIES)]) * 1000 for k, q in enumerate(QUERIES)
        }
        # exactness against brute force over every article's searched fields: each substring
        # looked for in C over the text of 20,000 articles at a time
        subs = substrings(lib, 200)
        truth: dict[str, set[str]] = {s: set() for s in subs}
        patterns = [(s, re.compile(_brute_pattern(normalize(s)))) for s in subs]
        batch: list[tuple[str, str]] = []

        def scan() -> None:
            ids = [aid for aid, _h in batch]
            text = "\x01".join(h for _aid, h in batch)
            starts = list(itertools.accumulate([0] + [len(h) + 1 for _aid, h in batch[:-1]]))
            for s, pattern in patterns:
                for m in pattern.finditer(text):
                    truth[s].add(ids[bisect.bisect_right(starts, m.start()) - 1])
            batch.clear()

        for a in lib.store.iter_articles():
            batch.append((a.id, normalize("\x00".join((a.kicker, a.title, a.subtitle, a.byline, a.author,
                                                       a.body, *a.captions, *a.highlights)))))
            if len(batch) == 20_000:
                scan()
        if batch:
            scan()
        recall_hit = recall_all = false_hits = returned = 0
        searcher = Searcher(lib)
        for s in subs:
            got = searcher.matching_ids(f'"{s}"')
            recall_hit += len(truth[s] & got)
            recall_all += len(truth[s])
            false_hits += len(got - truth[s])
            returned += len(got)
        res["recall"] = recall_hit / recall_all
        res["precision"] = (returned - false_hits) / returned if returned else 1.0
        res["false_hits"] = false_hits
    # one more issue: import + index, then a fresh process finds it
    with Library(lib_dir) as lib:
        t0 = time.perf_counter()
        lib.import_paths([extra])
        t1 = time.perf_counter()
        note = sync_index(lib)
        t2 = time.perf_counter()
        res.update(add_import_s=t1 - t0, add_index_s=t2 - t1, add_note=note)
        t0 = time.perf_counter()
        again = sync_index(lib)
        res["noop_sync_ms"] = (time.perf_counter() - t0) * 1000
        res["noop_note"] = again
    wall, _rss, _total = first_answer(lib_dir, "大同")
    res["add_total_s"] = res["add_import_s"] + res["add_index_s"] + wall
    res["disk_mb"] = dir_size(lib_dir) / 2**20
    return res


# -- the plain recipe ----------------------------------------------------------------
def bench_plain(src: Path, work: Path, n: int, mb: float, subs: list[str]) -> dict[str, Any]:
    from jieba.analyse import ChineseAnalyzer
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import QueryParser

    from reader.textio import decode_bytes

    ix_dir = work / f"plain{n}"
    shutil.rmtree(ix_dir, ignore_errors=True)
    ix_dir.mkdir(parents=True)
    res: dict[str, Any] = {}
    schema = Schema(path=ID(stored=True, unique=True), content=TEXT(stored=True, analyzer=ChineseAnalyzer()))
    files = sorted(src.glob("*.txt"))
    texts = {f.name: decode_bytes(f.read_bytes()).text for f in files}
    with PeakRSS() as peak:
        t0 = time.perf_counter()
        ix = index.create_in(str(ix_dir), schema)
        w = ix.writer()
        for name, text in texts.items():
            w.add_document(path=name, content=text)
        w.commit()
        res["total_s"] = time.perf_counter() - t0
    res.update(mb_s=mb / res["total_s"], peak_mb=peak.peak / 2**20, index_mb=dir_size(ix_dir) / 2**20)
    times = []
    with ix.searcher() as searcher:
        parser = QueryParser("content", ix.schema)
        for q in QUERIES:
            t0 = time.perf_counter()
            try:
                hits = searcher.search(parser.parse(q), limit=20)
                for h in hits[:10]:
                    h.highlights("content")
            except Exception:
                pass
            times.append(time.perf_counter() - t0)
        res["p50_ms"] = statistics.median(times) * 1000
        res["p95_ms"] = pct(times, 0.95) * 1000
        found = wrong = truth_n = returned = 0
        for s in subs:
            truth = {name for name, text in texts.items() if s in text}
            got = {h["path"] for h in searcher.search(parser.parse(s), limit=None)}
            found += len(truth & got)
            truth_n += len(truth)
            wrong += len(got - truth)
            returned += len(got)
        res["recall"] = found / truth_n
        res["false_hits"] = wrong
        res["precision"] = (returned - wrong) / returned if returned else 1.0
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="365,3650")
    ap.add_argument("--plain-max", type=int, default=365, help="run the plain recipe up to this size")
    ap.add_argument("--work", default="", help="working directory (default: a temporary one)")
    args = ap.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="baoku-bench-"))
    os.environ.setdefault("BAOKU_CACHE", str(work / "cache"))
    titles, paras = seed_material()
    rows: list[tuple[int, dict[str, Any], float]] = []
    print(f"seed material: {len(titles)} titles, {len(paras)} paragraphs; work dir {work}")
    for n in (int(s) for s in args.sizes.split(",")):
        src = work / f"src{n}"
        shutil.rmtree(src, ignore_errors=True)
        size = make_archive(src, n, archive_start(n), titles, paras)
        extra = work / f"extra{n}"
        shutil.rmtree(extra, ignore_errors=True)
        make_archive(extra, 1, archive_start(n) + timedelta(days=n), titles, paras, seed=99)
        mb = size / 2**20
        print(f"\n== {n} issues, {mb:.1f} MB ==", flush=True)
        b = bench_baoku(src, work, n, mb, extra)
        print(f"baoku: {b['articles']} articles; import {b['import_s']:.1f} s + index {b['index_s']:.1f} s"
              f" = {b['total_s']:.1f} s ({b['mb_s']:.2f} MB/s); peak {b['peak_mb']:.0f} MB (Pss, all"
              f" processes), largest process {b['largest_mb']:.0f} MB (Rss)")
        if len(b["years"]) > 1:
            print("baoku: each year's import + index (s): "
                  + ", ".join(f"{a:.1f}+{x:.1f}" for a, x in b["years"]), flush=True)
        print(f"baoku: first answer of a fresh `baoku search` process {b['first_s'] * 1000:.0f} ms,"
              f" {b['first_mb']:.0f} MB max resident")
        print(f"baoku: query p50 {b['p50_ms']:.1f} ms, p95 {b['p95_ms']:.1f} ms (cold: a new connection);"
              f" warm p50 {b['warm_p50_ms']:.1f} ms, p95 {b['warm_p95_ms']:.1f} ms")
        print("baoku: per query, warm (ms): " + ", ".join(f"{q} {t:.1f}" for q, t in b["per_query_ms"].items()))
        print(f"baoku: +1 issue: import {b['add_import_s']:.2f} s + index {b['add_index_s']:.2f} s + a fresh"
              f" search = {b['add_total_s']:.2f} s ({b['add_note']}); no-op sync {b['noop_sync_ms']:.1f} ms")
        print(f"baoku: catalogue (related reports, bylines; a background process in the app)"
              f" {b['catalogue_s']:.1f} s, {b['catalogue_mb']:.0f} MB")
        print(f"baoku: disk: library.db {b['db_mb']:.0f} MB + exact index {b['index_mb'] - b['catalogue_mb']:.0f} MB"
              f" + catalogue {b['catalogue_mb']:.0f} MB"
              f" = {b['disk_mb']:.0f} MB ({b['disk_mb'] / mb:.2f}x the {mb:.0f} MB of text)")
        print(f"baoku: exactness on 200 substrings of 1-6 characters: recall {b['recall']:.4f},"
              f" precision {b['precision']:.4f}, false hits {b['false_hits']}", flush=True)
        rows.append((n, b, mb))
        if n <= args.plain_max:
            with Library(work / f"lib{n}") as lib:
                subs = substrings(lib, 200)
            p = bench_plain(src, work, n, mb, subs)
            print(f"plain: build {p['total_s']:.1f} s ({p['mb_s']:.2f} MB/s); peak {p['peak_mb']:.0f} MB;"
                  f" index {p['index_mb']:.1f} MB; query p50 {p['p50_ms']:.1f} ms, p95 {p['p95_ms']:.1f} ms;"
                  f" recall {p['recall']:.3f} (issues), precision {p['precision']:.3f},"
                  f" false hits {p['false_hits']}")
            print(f"ratios (plain / baoku): build time {p['total_s'] / b['total_s']:.1f}x,"
                  f" p50 {p['p50_ms'] / b['p50_ms']:.1f}x, p95 {p['p95_ms'] / b['p95_ms']:.1f}x,"
                  f" peak memory {p['peak_mb'] / b['peak_mb']:.2f}x", flush=True)
        else:
            print(f"plain: not run at {n} issues (too slow; see the 365-issue ratios)")
    print_table(rows)


def print_table(rows: list[tuple[int, dict[str, Any], float]]) -> None:
    """Issue 12's table: one column per size."""
    if not rows:
        return
    head = "| | " + " | ".join(f"{n:,} issues ({mb:.0f} MB)" for n, _b, mb in rows) + " |"
    print("\n" + head)
    print("|---" * (len(rows) + 1) + "|")
    lines = [
        ("import + index", lambda b, mb: f"{b['total_s']:.0f} s ({b['import_s']:.0f} + {b['index_s']:.0f})"),
        ("then the catalogue, in the background", lambda b, mb: f"{b['catalogue_s']:.0f} s"),
        ("peak memory: all processes (Pss) / largest one (Rss)",
         lambda b, mb: f"{b['peak_mb']:.0f} / {b['largest_mb']:.0f} MB"),
        ("a fresh process's first answer", lambda b, mb: f"{b['first_s'] * 1000:.0f} ms, {b['first_mb']:.0f} MB"),
        ("query p50 / p95, cold", lambda b, mb: f"{b['p50_ms']:.1f} / {b['p95_ms']:.1f} ms"),
        ("query p50 / p95, warm", lambda b, mb: f"{b['warm_p50_ms']:.1f} / {b['warm_p95_ms']:.1f} ms"),
        ("+1 issue searchable (import, index, fresh search)", lambda b, mb: f"{b['add_total_s']:.2f} s"),
        ("library + index on disk", lambda b, mb: f"{b['disk_mb']:.0f} MB ({b['disk_mb'] / mb:.2f}x text)"),
        ("… of which library.db / exact index / catalogue",
         lambda b, mb: f"{b['db_mb'] / mb:.2f}x / {(b['index_mb'] - b['catalogue_mb']) / mb:.2f}x"
                       f" / {b['catalogue_mb'] / mb:.2f}x"),
        ("exactness, 200 substrings of 1-6 chars",
         lambda b, mb: f"recall {b['recall']:.4f}, precision {b['precision']:.4f}"),
    ]
    for name, fmt in lines:
        print(f"| {name} | " + " | ".join(fmt(b, mb) for _n, b, mb in rows) + " |")


if __name__ == "__main__":
    main()
