"""The window on a library of many years (issue 12 item 7): the newest issue opens first and
the list is read off the GUI thread; the tree makes a month's issues only when it is opened;
a result list asks only for the next page; a superseded research call is skipped; the
related reports fold to one line when there are none. No timing here: speed is measured by
``tests/bench_gui.py``."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from reader.models import Issue
from reader.research.related import Related
from reader.ui.delegates import ID_ROLE
from reader.ui.navigator import IssueTreeModel
from reader.ui.research import RELATED_HEIGHT

YEARS = range(2019, 2025)
ISSUES_PER_YEAR = 40  # every ninth day or so: a few hundred issues over six years


def issue_days() -> list[dt.date]:
    return [dt.date(year, 1, 1) + dt.timedelta(days=9 * k) for year in YEARS for k in range(ISSUES_PER_YEAR)]


@pytest.fixture(scope="module")
def years_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of 240 small issues over six years, imported and indexed."""
    from reader.library import Library
    from reader.service import import_and_index

    src = tmp_path_factory.mktemp("years-src")
    for n, day in enumerate(issue_days()):
        (src / f"{day.isoformat()}.txt").write_text(
            f"大同新闻第{n}号\n\n　　本报讯 大同市今天举行第{n}次座谈会，研究冷链物流和文化旅游。\n\n"
            f"黄花产业再上台阶\n\n　　云州区的黄花今年丰收，第{n}批产品运往各地。\n", encoding="utf-8")
    root = tmp_path_factory.mktemp("years") / "library"
    with Library(root) as lib:
        report, _note = import_and_index(lib, [src])
    assert report.count("imported") == len(issue_days())
    return root


def rows(model: Any, parent: QModelIndex) -> list[QModelIndex]:
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def test_the_newest_issue_opens_first_and_the_whole_list_follows(harness: Any, years_root: Path) -> None:
    window = harness.open(years_root)
    newest = max(issue_days()).isoformat()
    assert window.navigator.newest().date == newest
    assert window.navigator.current_issue == window.navigator.newest().id
    assert window.reader.article is not None and window.reader.article.date == newest
    assert len(window.navigator.issues) == len(issue_days())  # read on a thread, there by `loaded`
    assert str(len(issue_days())) in window.stats.text()


def test_the_newest_issue_shows_before_the_navigator_is_built_then_is_selected_in_it(
        harness: Any, years_root: Path, qtbot: Any) -> None:
    """The first paint needs one issue: the list, its tree and calendar marks follow from a
    thread, started only once the window has been painted, and then select that issue."""
    window = harness.open(years_root, wait=False)  # built and started; the event loop not yet run
    newest = max(issue_days()).isoformat()
    nav = window.navigator
    assert window.reader.article is not None and window.reader.article.date == newest
    assert [i.date for i in nav.issues] == [newest]  # the list is not read yet
    assert not window.search.started  # nor the search warm-up: nothing competes with the paint
    qtbot.waitUntil(lambda: window.is_loaded, timeout=60_000)
    assert len(nav.issues) == len(issue_days())
    current = nav.tree.currentIndex()
    assert current.data(ID_ROLE) == nav.newest().id == nav.current_issue
    assert nav.tree.selectionModel().isSelected(current)
    assert nav.calendar.selectedDate().toString("yyyy-MM-dd") == newest
    assert window.reader.article.date == newest  # what was shown first stays shown


def test_the_tree_makes_a_months_issues_when_it_is_opened(harness: Any, years_root: Path, qtbot: Any,
                                                          qtmodeltester: Any) -> None:
    window = harness.open(years_root)
    nav, model = window.navigator, window.navigator.model
    years = rows(model, QModelIndex())
    assert [y.data() for y in years] == [str(y) for y in YEARS]
    first_month = rows(model, years[0])[0]
    assert model.rowCount(first_month) == 0  # not made yet
    assert model.hasChildren(first_month) and model.canFetchMore(first_month)
    nav.tree.expand(years[0])
    nav.tree.expand(first_month)
    january = [i for i in nav.issues if i.date.startswith(f"{YEARS[0]}-01")]
    qtbot.waitUntil(lambda: model.rowCount(first_month) == len(january))
    assert not model.canFetchMore(first_month)
    made = rows(model, first_month)
    assert [m.data(ID_ROLE) for m in made] == [i.id for i in january]
    assert [m.data() for m in made] == [nav.issue_label(i) for i in january]
    # a click on a made row opens that issue
    nav.tree.setCurrentIndex(made[-1])
    assert window.navigator.current_issue == january[-1].id
    assert window.reader.article is not None and window.reader.article.issue_id == january[-1].id
    qtmodeltester.check(model)


def test_every_issue_is_in_the_tree_once_its_months_are_opened(harness: Any, years_root: Path) -> None:
    window = harness.open(years_root)
    model = window.navigator.model
    found = []
    for year in rows(model, QModelIndex()):
        for month in rows(model, year):
            while model.canFetchMore(month):
                model.fetchMore(month)
            found += [m.data(ID_ROLE) for m in rows(model, month)]
    assert found == [i.id for i in window.navigator.issues]


def test_selecting_an_issue_makes_its_row(harness: Any, years_root: Path) -> None:
    window = harness.open(years_root)
    nav = window.navigator
    oldest = nav.issues[0]
    assert nav.select_issue(oldest.id)
    index = nav.model.index_of(oldest.id)
    assert index.isValid() and index.data(ID_ROLE) == oldest.id
    assert nav.tree.currentIndex() == index
    before, after = nav.nearest("2020-06-15")
    assert before is not None and after is not None
    assert before.date < "2020-06-15" < after.date
    assert nav.issues.index(after) == nav.issues.index(before) + 1


def test_undated_issues_come_in_batches(qtmodeltester: Any) -> None:
    issues = [Issue(id=f"u{n}", date="", date_source="unknown", source=f"{n}.txt") for n in range(1200)]
    issues.append(Issue(id="d", date="2020-01-01", date_source="filename", source="d.txt"))
    model = IssueTreeModel()
    model.set_issues(issues, lambda i: i.source, "{year}", "{month}", "Date unknown")
    year, unknown = rows(model, QModelIndex())
    assert unknown.data() == "Date unknown"
    model.fetchMore(unknown)
    assert model.rowCount(unknown) == IssueTreeModel.BATCH
    assert model.index_of("u1100").isValid()  # made with the rows before it
    while model.canFetchMore(unknown):
        model.fetchMore(unknown)
    assert [m.data(ID_ROLE) for m in rows(model, unknown)] == [f"u{n}" for n in range(1200)]
    qtmodeltester.check(model)


def test_more_hits_are_asked_for_from_where_the_list_ends(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    panel.model.page = 2
    asked: list[int] = []
    panel.moreRequested.connect(lambda _q, _f, _t, _s, offset: asked.append(offset))
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        panel.set_query("的")
        panel.run()
    total = panel.model.total
    while panel.model.rowCount() < total:
        with qtbot.waitSignal(window.searchShown, timeout=30_000):
            panel.view.scrollToBottom()
            panel.model.fetchMore()  # nothing if the view, laid out, already asked for the page
    assert panel.model.rowCount() == total
    assert asked == list(range(2, total, 2))  # each time only the next page
    everything = window.search.search  # the same list asked for at once
    with qtbot.waitSignal(window.search.finished, timeout=30_000) as answer:
        everything("的", limit=None)
    assert [h.article_id for h in answer.args[1].hits] == [
        panel.model.hit(r).article_id for r in range(total)]


def test_a_superseded_call_of_a_kind_is_skipped(window: Any, qtbot: Any) -> None:
    gate = threading.Event()
    service = window.search
    answered: list[int] = []
    service.called.connect(lambda cid, _r: answered.append(cid))
    blocker = service.call(lambda _lib, _s: gate.wait(30))  # holds the search thread
    old = service.call(lambda _lib, _s: "old", kind="test")
    new = service.call(lambda _lib, _s: "new", kind="test")
    other = service.call(lambda _lib, _s: "other")
    gate.set()
    qtbot.waitUntil(lambda: other in answered, timeout=30_000)
    assert [c for c in answered if c >= blocker] == [blocker, new, other]  # (the window asks too)
    assert old not in answered


def test_the_related_reports_fold_to_one_line_when_there_are_none(window: Any, qtbot: Any) -> None:
    related, column = window.research.related, window.research.column
    some = [Related(article_id="x", issue_id="i", date="2022-01-11", title="一条相关报道", paper="大同日报",
                    score=1.0, follow_up=False, days=3, shared=("大同",))]
    related.set_related(some)
    assert not related.folded and related.view.isVisibleTo(related)
    qtbot.waitUntil(lambda: column.sizes()[1] >= RELATED_HEIGHT)
    assert related.model.rowCount() == 1
    reading_with_list = window.reader.height()
    related.set_related([])
    assert related.folded and related.view.isHidden()
    assert related.title.text().endswith("none found")
    qtbot.waitUntil(lambda: related.height() <= related.title.sizeHint().height())
    qtbot.waitUntil(lambda: window.reader.height() > reading_with_list)
    related.set_related(None)  # looking for the next article's: it stays as it is
    assert related.folded
    related.set_related(some)
    qtbot.waitUntil(lambda: column.sizes()[1] >= RELATED_HEIGHT)
