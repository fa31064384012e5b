"""Every result reachable (more hits load as the list scrolls), help when nothing is found,
↓ from the search box into the results, a reversed date range said in words (issue 13
items 4, 5, 6, 8)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt

from reader.ui.search_panel import SearchResultsModel


def run_search(window: Any, qtbot: Any, query: str) -> None:
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        window.search_panel.set_query(query)
        window.search_panel.run()


def test_scrolling_to_the_end_loads_every_hit(window: Any, qtbot: Any, qtmodeltester: Any) -> None:
    panel = window.search_panel
    panel.model.page = 3
    run_search(window, qtbot, "的")
    total = panel.last_result.total
    assert total > 7
    assert panel.model.rowCount() == 3
    assert str(total) in panel.count.text()
    for _ in range(total):
        if panel.model.rowCount() == total:
            break
        shown = panel.model.rowCount()
        panel.view.scrollToBottom()  # the view may ask for more itself: then this adds nothing
        panel.model.fetchMore()
        qtbot.waitUntil(lambda shown=shown: panel.model.rowCount() > shown, timeout=30_000)
    assert panel.model.rowCount() == total and not panel.model.canFetchMore()
    ids = [panel.model.hit(r).article_id for r in range(total)]
    assert len(set(ids)) == total  # each hit once, none skipped
    qtmodeltester.check(panel.model)


def test_a_new_search_drops_an_answer_for_more_of_the_old_one(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    panel.model.page = 2
    run_search(window, qtbot, "的")
    panel.model.fetchMore()
    stale = panel.more_qid
    run_search(window, qtbot, "大同")
    assert panel.last_result.query == "大同"
    assert not panel.show_result(stale, panel.last_result.__class__(query="的", total=99, hits=()))


def test_results_model_fetch_more_contract(qtmodeltester: Any) -> None:
    model = SearchResultsModel()
    asked: list[int] = []
    model.moreWanted.connect(asked.append)
    model.set_hits([], total=0)
    assert not model.canFetchMore()
    qtmodeltester.check(model)


def test_no_hits_offers_looser_queries(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    run_search(window, qtbot, '"大同 没有这种说法"')
    assert panel.last_result.total == 0
    assert not panel.suggest.isHidden()
    assert "大同" in panel.suggest.text()
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        panel.suggest.linkActivated.emit(str(panel._suggested.index("大同")))
    assert panel.box.text() == "大同"
    assert panel.last_result.total > 0
    assert panel.suggest.isHidden()


def test_down_from_the_search_box_enters_the_results(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    window.focus_search()
    run_search(window, qtbot, "大同")
    panel.box.setFocus()
    with qtbot.waitSignal(window.articleShown) as shown:
        qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    assert shown.args == [panel.last_result.hits[0].article_id]
    assert panel.view.currentIndex().row() == 0
    with qtbot.waitSignal(window.articleShown) as shown:
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.articleShown) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args == [panel.last_result.hits[1].article_id]


def test_a_reversed_date_range_is_said_in_words(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    panel.set_query("大同")
    panel.use_dates.setChecked(True)
    panel.date_from.setDate(QDate(2022, 3, 1))
    panel.date_to.setDate(QDate(2022, 1, 1))
    panel.run()
    assert not panel.error.isHidden()
    assert "--from" not in panel.error.text()
    assert "2022-03-01" in panel.error.text()
    assert panel.model.rowCount() == 0
