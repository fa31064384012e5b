"""Benchmark: the window on a large library (issue 12 item 7). Not collected by pytest.

Launches the real app offscreen in a fresh process on each library and prints, per library:
the time from process start to the newest issue's first article painted in the reading pane,
the peak resident memory of the process (VmHWM) over a scripted session, and the longest
event-loop stall (the gap between beats of a 5 ms QTimer, minus 5 ms) at start-up and in the
session, with the step that was running. The session, a few hundred steps, one per turn of
the event loop as a quick reader's hands would go::

    issues opened through the tree (a year expanded, a month expanded, an issue clicked),
    the calendar turned across months and years and a day clicked, previous/next issue,
    20 searches (common words with thousands of hits among them), each list scrolled a few
    screens and one (newest first) to the end, the first hit opened, articles stepped with Ctrl+↓.

The library is only read: the files in it are listed (size, mtime) before and after and any
change is printed. Opening it for reading must write nothing; if it does (bookmarks.db is
created beside a library that has none), run on a copy (``cp -a`` it to /tmp once)::

    .venv/bin/python tests/bench_gui.py --library /tmp/bigui-lib36500 --library /tmp/bigui-bench/lib3650

Say the machine's load (``uptime``) with the figures: the stalls are wall-clock gaps.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BEAT_MS = 5
SEARCHES = (
    "大同", "发展", "工作", "疫情", "城市", "建设", "文化", "经济", "服务", "群众",  # common words
    "疫情 防控", "冷链 物流", "大同 黄花", '"强化服务保障"', "title:大同",
    "乡村振兴 OR 文明城市", "大同 -疫情", "卢东亮", "沃尔玛", "蓄电池",
)
END_MAX = 20_000  # hits a list scrolled to the end may hold (a page more a scroll)
PAGE = 50  # the search panel's page
SCREENS = 4  # screens scrolled down in every other search's list
STEP_TIMEOUT_S = 120.0


# -- the parent: one fresh process per library ------------------------------------------
def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root``: (size, mtime_ns)."""
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    out = [f"new {p}" for p in sorted(after.keys() - before.keys())]
    out += [f"gone {p}" for p in sorted(before.keys() - after.keys())]
    out += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return out


def run_one(library: Path, extra: list[str], *, verbose: bool = False) -> dict[str, Any]:
    before = snapshot(library)
    with tempfile.TemporaryDirectory(prefix="bigui-settings-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.qpa.*=false")
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--t0", repr(t0), "--library", str(library),
             "--settings", str(Path(tmp) / "settings.ini"), *extra],
            env=env, stdout=subprocess.PIPE, stderr=None if verbose else subprocess.PIPE, text=True, check=False)
    result: dict[str, Any] = {"library": str(library), "code": proc.returncode}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result.update(json.loads(line[len("RESULT "):]))
    if proc.returncode or "first_paint_s" not in result:
        result["stderr"] = (proc.stderr or "")[-3000:]
    result["writes"] = changes(before, snapshot(library))
    return result


def report(results: list[dict[str, Any]]) -> None:
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("issues · articles", lambda r: f"{r['issues']:,} · {r['articles']:,}"),
        ("start → newest issue's article painted", lambda r: f"{r['first_paint_s']:.2f} s"),
        ("  of which: Python + Qt imports", lambda r: f"{r['imports_s']:.2f} s"),
        ("  window built and started, event loop running", lambda r: f"{r['loop_s']:.2f} s"),
        ("start → loaded (search warm)", lambda r: f"{r['loaded_s']:.2f} s"),
        ("longest stall at start-up (after the first paint)", lambda r: _stall(r["startup_stall"])),
        ("session steps (time)", lambda r: f"{r['steps']} ({r['session_s']:.0f} s)"),
        ("longest stall in the session", lambda r: _stall(r["session_stall"])),
        ("stalls > 100 ms in the session", lambda r: str(r["stalls_over_100"])),
        ("event-loop gap p99 in the session", lambda r: f"{r['gap_p99_ms']:.0f} ms"),
        ("peak RSS (VmHWM)", lambda r: f"{r['peak_rss_mb']:.0f} MB"),
        ("RSS after start / after the session", lambda r: f"{r['rss_start_mb']:.0f} / {r['rss_end_mb']:.0f} MB"),
        ("searches: median / slowest answer", lambda r: f"{r['search_p50_ms']:.0f} / {r['search_max_ms']:.0f} ms"),
        ("hits listed at the end of a list", lambda r: r["scrolled_to_end"]),
        ("files the app changed in the library", lambda r: ", ".join(r["writes"]) or "none"),
    ]
    ok = [r for r in results if "first_paint_s" in r]
    for r in results:
        if r not in ok:
            print(f"{r['library']}: failed (exit {r['code']})\n{r.get('stderr', '')}")
    if not ok:
        return
    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  " + "  ".join(f"{Path(r['library']).name:>24}" for r in ok))
    for name, cell in rows:
        print(f"{name:{width}}  " + "  ".join(f"{_cell(cell, r):>24}" for r in ok))
    for r in ok:
        print(f"\n{Path(r['library']).name}: the five longest session stalls")
        for ms, label in r["worst_stalls"]:
            print(f"  {ms:7.0f} ms  {label}")
        print("  by kind of step (longest stall, stalls > 100 ms, beats): " + ", ".join(
            f"{kind} {ms:.0f} ms {over}/{beats}" for kind, (ms, over, beats) in sorted(r.get("by_kind", {}).items())))
        print("  searches (total hits, ms to the answer): " + ", ".join(
            f"{q} {n:,} {ms:.0f}" for q, n, ms in r["searches"]))


def _cell(cell: Callable[[dict[str, Any]], str], r: dict[str, Any]) -> str:
    try:
        return cell(r)
    except (KeyError, TypeError, ValueError):
        return "?"


def _stall(stall: list[Any]) -> str:
    ms, label = stall
    return f"{ms:.0f} ms ({label[:28]})"


# -- the child: the app, a heartbeat and the scripted session ------------------------------
def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Probe:
    """Wires into the app before its event loop runs: the heartbeat, the first paint, the
    session. ``stamps`` are seconds since the parent started the process."""

    def __init__(self, t0: float, options: argparse.Namespace) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.t0 = t0
        self.options = options
        self.stamps: dict[str, float] = {"imports_s": self.now()}
        self.label = "start-up"
        self.gaps: list[tuple[float, str]] = []  # (ms late, the step running)
        self.window: Any = None
        self.painted = False
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.beat = QTimer()
        self.beat.setTimerType(Qt.TimerType.PreciseTimer)
        self.beat.setInterval(BEAT_MS)
        self.beat.timeout.connect(self._beat)
        self.steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = []
        self.done_steps = 0
        self.searches: list[tuple[str, int, float]] = []
        self.shown = 0  # answers the search panel showed
        self.scrolled: list[str] = []
        self.waiting_since = 0.0
        QTimer.singleShot(0, self._attach)

    def now(self) -> float:
        return time.time() - self.t0

    def _beat(self) -> None:
        t = self.clock.elapsed()
        if self.last:
            self.gaps.append((max(0.0, t - self.last - BEAT_MS), self.label))
        self.last = t

    def _attach(self) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication

        from reader.ui.mainwindow import MainWindow

        self.window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        self.stamps["loop_s"] = self.now()  # the window built and started, the event loop running
        self.window.searchShown.connect(self._search_shown)
        probe = self

        class PaintWatch(QObject):
            def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802
                if (event.type() == QEvent.Type.Paint and not probe.painted
                        and probe.window.reader.article is not None):
                    probe.painted = True
                    probe.stamps["first_paint_s"] = probe.now()
                    probe.stamps["rss_start_mb"] = rss_mb()
                return False

        self.paint_watch = PaintWatch()
        self.window.reader.browser.viewport().installEventFilter(self.paint_watch)
        self.beat.start()
        if self.window.is_loaded:
            self._loaded()
        else:
            self.window.loaded.connect(self._loaded)

    def _search_shown(self, _count: int) -> None:
        self.shown += 1

    def _loaded(self) -> None:
        from PySide6.QtCore import QTimer

        self.stamps["loaded_s"] = self.now()
        self.label = "after loading"
        # a second of idle time: what start-up left queued shows as the start-up stall
        QTimer.singleShot(1000, self._session)

    def _session(self) -> None:
        startup = [g for g in self.gaps]
        self.stamps["startup_stall"] = max(startup, default=(0.0, "-"))  # type: ignore[assignment]
        self.gaps = []
        self.session_start = self.now()
        self.steps = (shot_steps(self, self.window, self.options.screenshots) if self.options.screenshots
                      else make_steps(self, self.window))
        self._next()

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.steps or self.done_steps >= self.options.max_steps > 0 and self.label.startswith("after"):
            self._finish()
            return
        label, action, ready = self.steps[0]
        if self.label != label:  # a new step: act, then wait for it to be ready
            self.label = label
            self.waiting_since = self.now()
            if self.options.verbose:
                print(f"{self.now():8.2f} {label}", file=sys.stderr, flush=True)
            action()
            self.done_steps += 1
        if ready() or self.now() - self.waiting_since > STEP_TIMEOUT_S:
            if self.now() - self.waiting_since > STEP_TIMEOUT_S:
                print(f"step timed out: {label}", file=sys.stderr)
            self.steps.pop(0)
            self.label = f"after {label}"
            QTimer.singleShot(0, self._next)
        else:
            QTimer.singleShot(2, self._next)

    def _finish(self) -> None:
        self.beat.stop()
        w = self.window
        gaps = sorted(self.gaps, reverse=True)
        result = dict(self.stamps)
        result.update(
            issues=len(w.navigator.issues),
            articles=sum(i.article_count for i in w.navigator.issues),
            steps=self.done_steps,
            session_s=self.now() - self.session_start,
            session_stall=gaps[0] if gaps else (0.0, "-"),
            stalls_over_100=sum(1 for g, _ in gaps if g > 100),
            gap_p99_ms=sorted(g for g, _ in gaps)[int(0.99 * (len(gaps) - 1))] if gaps else 0.0,
            worst_stalls=gaps[:5],
            by_kind=stalls_by_kind(gaps),
            peak_rss_mb=rss_mb("VmHWM"),
            rss_end_mb=rss_mb(),
            searches=self.searches,
            search_p50_ms=statistics.median(ms for _q, _n, ms in self.searches) if self.searches else 0,
            search_max_ms=max((ms for _q, _n, ms in self.searches), default=0),
            scrolled_to_end=", ".join(self.scrolled) or "-",
        )
        print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
        w.close()


def stalls_by_kind(gaps: list[tuple[float, str]]) -> dict[str, tuple[float, int, int]]:
    """{kind of step: (longest stall ms, stalls over 100 ms, beats)}; the kind is the step's
    first word ("tree:", "calendar:", "search", "scroll", ...), whether during it or after it."""
    out: dict[str, tuple[float, int, int]] = {}
    for ms, label in gaps:
        words = label.removeprefix("after ").split()
        kind = words[1].rstrip(":") if len(words) > 1 and words[0].isdigit() else label
        worst, over, beats = out.get(kind, (0.0, 0, 0))
        out[kind] = (max(worst, ms), over + (ms > 100), beats + 1)
    return out


def make_steps(probe: Probe, w: Any) -> list[tuple[str, Callable[[], None], Callable[[], bool]]]:
    """The scripted session: (label, action, ready) per step; ``ready`` is polled until true."""
    from PySide6.QtCore import QDate, QModelIndex

    steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = []

    def add(label: str, action: Callable[[], None], ready: Callable[[], bool] = lambda: True) -> None:
        steps.append((f"{len(steps) + 1:03d} {label}", action, ready))

    nav, tree = w.navigator, w.navigator.tree
    model = tree.model()

    def rows(parent: QModelIndex) -> list[QModelIndex]:
        while model.canFetchMore(parent):
            model.fetchMore(parent)
        return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]

    def years() -> list[QModelIndex]:
        top = rows(QModelIndex())
        if len(top) == 1 or (top and not top[0].data().isdigit() and model.hasChildren(top[0])
                             and rows(top[0]) and rows(top[0])[0].data().isdigit()):
            return rows(top[0]) if not top[0].data().isdigit() else top
        return top

    picks = 20
    for k in range(picks):  # the tree: a year, one of its months, an issue of it
        def open_year(k: int = k) -> None:
            ys = years()
            probe.tree_year = ys[k * len(ys) // picks]
            tree.expand(probe.tree_year)

        def open_month(k: int = k) -> None:
            months = rows(probe.tree_year)
            probe.tree_month = months[(k * 5) % len(months)]
            tree.expand(probe.tree_month)

        def open_issue(k: int = k) -> None:
            issues = rows(probe.tree_month)
            tree.setCurrentIndex(issues[k % len(issues)])

        add("tree: expand a year", open_year)
        add("tree: expand a month", open_month)
        add("tree: click an issue", open_issue)
    cal = nav.calendar
    for k in range(60):  # the calendar across months and years
        turns = (cal.showNextMonth, cal.showPreviousMonth, cal.showPreviousYear, cal.showNextYear)
        add("calendar: turn", turns[k % 4] if k % 8 < 6 else cal.showPreviousYear)
    for k in range(20):
        def click_day(k: int = k) -> None:
            issues = nav.issues
            dated = [i for i in issues[:: max(1, len(issues) // 40)] if i.date]
            if dated:
                nav.go_to_date(QDate.fromString(dated[k % len(dated)].date, "yyyy-MM-dd"))

        add("calendar: a day clicked", click_day)
    for k in range(40):  # previous/next issue (Alt+PgUp/PgDn)
        add("issue: previous" if k % 4 else "issue: next",
            (w.actions_.prev_issue if k % 4 else w.actions_.next_issue).trigger)
    for _ in range(30):  # articles one after another (Ctrl+↓), on into the next issues
        add("article: next (Ctrl+↓)", w.actions_.next_article.trigger)
    add("newest issue (Alt+Home)", w.show_newest)
    panel = w.search_panel
    for query in SEARCHES:
        asked: dict[str, float] = {}

        def search(query: str = query, asked: dict[str, float] = asked) -> None:
            w.tabs.setCurrentIndex(1)
            panel.set_query(query)
            asked["t"] = time.perf_counter()
            asked["shown"] = probe.shown
            panel.run()

        def answered(query: str = query, asked: dict[str, float] = asked) -> bool:
            done = probe.shown > asked["shown"]
            if done and "ms" not in asked:
                asked["ms"] = (time.perf_counter() - asked["t"]) * 1000
                probe.searches.append((query, panel.model.total, asked["ms"]))
            return done

        add(f"search {query}", search, answered)
        add(f"open the first hit of {query}", lambda: panel.open_first())
        for _ in range(SCREENS):
            add(f"scroll a screen of {query}", lambda: _scroll(panel, screens=1), lambda: _settled(panel))
    # a list scrolled to the end, newest first (deep pages in relevance order cost the search
    # thread a second or two each at 36,500 issues: every page ranks all hits above it again)
    for query in () if probe.options.short else ('"强化服务保障"',):
        again: dict[str, int] = {}

        def search_again(query: str = query, again: dict[str, int] = again) -> None:
            again["shown"] = probe.shown
            panel.sort.setCurrentIndex(panel.sort.findData("newest"))
            panel.set_query(query)
            panel.run()

        add(f"search {query} again", search_again, lambda again=again: probe.shown > again["shown"])
        for _ in range(END_MAX // PAGE + 1):
            add(f"scroll {query} to the end", lambda: _scroll(panel, screens=0, more=True), lambda: _settled(panel))
        add(f"at the end of {query}", lambda query=query: probe.scrolled.append(
            f"{panel.model.rowCount():,}/{panel.model.total:,}"))
    return steps


def shot_steps(probe: Probe, w: Any, folder: Path) -> list[tuple[str, Callable[[], None], Callable[[], bool]]]:
    """Screenshots instead of the session: the window as launched, a common word's results
    scrolled down, the calendar turned to another year and 往期回顾 (every month at a glance)."""
    folder.mkdir(parents=True, exist_ok=True)
    panel = w.search_panel
    asked: dict[str, int] = {}

    def shoot(name: str, widget: Any = None) -> Callable[[], None]:
        return lambda: (widget or w).grab().save(str(folder / f"{name}.png"), "PNG")

    def search() -> None:
        asked["shown"] = probe.shown
        w.tabs.setCurrentIndex(1)
        panel.set_query(probe.options.query)
        panel.run()

    def year() -> None:
        w.tabs.setCurrentIndex(0)
        newest = w.navigator.newest()
        w.navigator.calendar.setCurrentPage(int(newest.date[:4]) - 1, 6)
        probe.year_view = w.navigator.show_year_view()

    steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = [
        ("shot: launch", shoot("launch"), lambda: True),
        ("search", search, lambda: probe.shown > asked["shown"]),
        ("open the first hit", lambda: panel.open_first(), lambda: not w.research.busy),
    ]
    steps += [(f"scroll {n}", lambda: _scroll(panel, screens=3), lambda: _settled(panel)) for n in range(4)]
    steps += [("wait", lambda: None, lambda: not w.research.busy),
              ("shot: search", shoot("search-scrolled"), lambda: True),
              ("year", year, lambda: True),
              ("shot: year", lambda: (shoot("calendar-year")(), shoot("year-view", probe.year_view)()),
               lambda: True)]
    return steps


def _scroll(panel: Any, *, screens: int, more: bool = False) -> None:
    """Scroll the results down ``screens`` pages (0: to the bottom), as the wheel would; with
    ``more``, held at the bottom: the view asks for more even while its last rows are still
    being laid out (a batch a turn), when the bottom it scrolled to is not yet the last."""
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum() if screens == 0 else min(bar.maximum(), bar.value() + screens * bar.pageStep()))
    if more and panel.model.canFetchMore():
        panel.model.fetchMore()


def _settled(panel: Any) -> bool:
    """No more hits on their way."""
    return panel.more_qid < 0


def child(options: argparse.Namespace) -> int:
    from reader.ui.app import Options, make_app, run

    make_app()
    probe = Probe(options.t0, options)  # noqa: F841 - attaches on the first turn of the loop
    code = run(Options(library=options.library, settings_path=options.settings, import_corpus=False))
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", type=Path, action="append", required=True)
    parser.add_argument("--verbose", action="store_true", help="print each step as it starts")
    parser.add_argument("--short", action="store_true", help="no list scrolled to the end")
    parser.add_argument("--screenshots", type=Path, help="take screenshots in this folder instead of the session")
    parser.add_argument("--max-steps", type=int, default=0, help="stop the session after this many steps")
    parser.add_argument("--query", default="发展", help="the search the screenshots show (default 发展)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--settings", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        options.library = options.library[0]
        return child(options)
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} (1/5/15 min)")
    extra = ["--verbose"] * options.verbose + ["--short"] * options.short
    if options.max_steps:
        extra += ["--max-steps", str(options.max_steps)]
    if options.screenshots:
        extra += ["--screenshots", str(options.screenshots), "--query", options.query]
    results = [run_one(lib, extra, verbose=options.verbose)
               for lib in options.library]
    report(results)
    print(f"load after: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    return 0 if all("first_paint_s" in r for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
