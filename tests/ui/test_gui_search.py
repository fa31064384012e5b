"""Search: results, exact highlights from the core's spans, hit navigation, errors, stale answers."""

from __future__ import annotations

from typing import Any

from gui_helpers import background_ranges, doc_text, pick_query
from PySide6.QtCore import Qt


def run_search(window: Any, qtbot: Any, query: str) -> None:
    panel = window.search_panel
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        panel.set_query(query)
        panel.run()


def test_ctrl_k_focuses_the_search_box(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.search_panel
    assert window.search_panel.box.hasFocus() or window.focusWidget() is window.search_panel.box


def test_search_open_result_highlights_exactly_the_core_spans(window: Any, qtbot: Any) -> None:
    query = pick_query(window.library)
    run_search(window, qtbot, query)
    panel = window.search_panel
    result = panel.last_result
    assert result is not None and result.total > 0
    assert panel.model.rowCount() == len(result.hits)
    assert str(result.total) in panel.count.text()
    hit = result.hits[0]
    with qtbot.waitSignal(window.articleShown):
        panel.view.clicked.emit(panel.model.index(0, 0))
    pane = window.reader
    article = window.library.article(hit.article_id)
    assert pane.article.id == hit.article_id
    doc = pane.document

    expected: list[tuple[int, int]] = []
    for span in hit.spans:  # one Span type, its field spelt as the pane's segments spell it
        text = span.text_of(article)
        ranges = pane.document_ranges(span.field, span.start, span.end)
        assert ranges, span
        shown = "".join(doc_text(doc, a, b) for a, b in ranges)
        assert shown == text[span.start:span.end].replace("\n", "")
        expected.extend(ranges)
    marked = background_ranges(doc, window.theme.colors["hit"])
    assert sorted(marked) == sorted(expected)
    assert pane.hit_count == len(hit.spans)
    assert pane.counter_text() == f"1 / {pane.hit_count}"


def test_f3_steps_through_hits_and_updates_the_counter(window: Any, qtbot: Any) -> None:
    query = pick_query(window.library)
    run_search(window, qtbot, query)
    result = window.search_panel.last_result
    best = max(range(len(result.hits)), key=lambda n: len(result.hits[n].spans))
    window.search_panel.hitActivated.emit(result.hits[best])
    pane = window.reader
    total = pane.hit_count
    assert total >= 2
    assert pane.counter_text() == f"1 / {total}"
    with qtbot.waitSignal(pane.hitChanged) as sig:
        qtbot.keyClick(window, Qt.Key.Key_F3)
    assert sig.args == [2, total]
    assert pane.counter_text() == f"2 / {total}"
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.counter_text() == f"1 / {total}"
    pane.next_button.click()
    assert pane.current_hit == 1
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert pane.hit_count == 0
    assert background_ranges(pane.document, window.theme.colors["hit"]) == []
    assert pane.article is not None


def test_malformed_query_shows_the_core_message(window: Any, qtbot: Any) -> None:
    run_search(window, qtbot, '"大同')
    panel = window.search_panel
    assert not panel.error.isHidden()
    assert panel.error.text()
    assert "\n" not in panel.error.text()
    assert panel.model.rowCount() == 0
    run_search(window, qtbot, pick_query(window.library))
    assert panel.error.isHidden()


def test_answers_to_older_queries_are_dropped(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    query = pick_query(window.library)
    run_search(window, qtbot, query)
    fresh = panel.last_result
    old_qid = panel.expected_qid - 1
    assert not panel.show_result(old_qid, fresh.__class__(query="old", total=0, hits=()))
    assert panel.last_result is fresh
    assert not panel.show_error(old_qid, "stale error")
    assert panel.error.isHidden()


def test_help_lists_the_query_syntax(window: Any, qtbot: Any) -> None:
    popup = window.search_panel.show_help()
    qtbot.waitExposed(popup)
    text = window.search_panel.help_text()
    for form in ("OR", "title:", "author:", "date:", "-"):
        assert form in text
    popup.close()


def test_arrow_keys_in_the_results_preview_each_hit(window: Any, qtbot: Any) -> None:
    run_search(window, qtbot, pick_query(window.library))
    panel = window.search_panel
    hits = panel.last_result.hits
    assert len(hits) >= 2
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(window.articleShown) as sig:
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert sig.args == [hits[1].article_id]
    assert window.reader.hit_count > 0


def test_a_newer_query_is_never_replaced_by_an_older_one(window: Any, qtbot: Any) -> None:
    panel = window.search_panel
    shown: list[str] = []
    window.searchShown.connect(lambda _n: shown.append(panel.last_result.query if panel.last_result else "error"))
    first = pick_query(window.library)
    second = first[0]  # a different, newer query
    panel.set_query(first)
    panel.run()
    panel.set_query(second)
    panel.run()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown == [second]
    assert panel.last_result.query == second
