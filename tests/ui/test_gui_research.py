"""The research tools in the window: timeline (click and drag filter the search), top bylines,
related reports under the article, citation copy, 历史上的今天, reference export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication


def settle(window: Any, qtbot: Any, action: Any) -> None:
    """Do ``action`` (which searches), then wait for the results and their timeline."""
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        action()
    if window.research.busy:
        qtbot.waitSignal(window.research.idle, timeout=30_000).wait()


def search(window: Any, qtbot: Any, query: str) -> None:
    panel = window.search_panel
    panel.set_query(query)
    settle(window, qtbot, panel.run)


def bar_center(chart: Any, k: int) -> QPoint:
    return chart.bar_rect(k).center().toPoint()


def test_timeline_sums_to_the_total_and_a_click_filters_to_a_month(window: Any, qtbot: Any) -> None:
    search(window, qtbot, "大同")
    panel, chart = window.search_panel, window.research.chart
    result = panel.last_result
    timeline = chart.timeline
    assert not chart.isHidden() and timeline is not None
    assert timeline.granularity == "month"  # the seeds span two years
    assert timeline.total == result.total
    assert timeline.occurrences is None  # the chart counts articles only, from the index
    k = next(i for i, b in enumerate(timeline.buckets) if b.period == "2022-01")
    settle(window, qtbot, lambda: qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=bar_center(chart, k)))
    assert panel.use_dates.isChecked()
    assert panel.options()[:2] == ("2022-01-01", "2022-01-31")
    assert panel.last_result.total == timeline.buckets[k].articles
    assert {h.date[:7] for h in panel.last_result.hits} == {"2022-01"}


def test_dragging_across_bars_filters_to_the_range(window: Any, qtbot: Any) -> None:
    search(window, qtbot, "大同")
    chart = window.research.chart
    buckets = chart.timeline.buckets
    first = next(i for i, b in enumerate(buckets) if b.period == "2022-01")
    last = next(i for i, b in enumerate(buckets) if b.period == "2022-03")
    qtbot.mousePress(chart, Qt.MouseButton.LeftButton, pos=bar_center(chart, first))
    qtbot.mouseMove(chart, bar_center(chart, last))
    settle(window, qtbot, lambda: qtbot.mouseRelease(chart, Qt.MouseButton.LeftButton, pos=bar_center(chart, last)))
    panel = window.search_panel
    assert panel.options()[:2] == ("2022-01-01", "2022-03-31")
    assert panel.last_result.total == sum(b.articles for b in buckets[first:last + 1])


def test_another_order_of_the_same_search_keeps_its_chart(window: Any, qtbot: Any) -> None:
    """The chart and bylines are counted once per search, not again for each page or order."""
    search(window, qtbot, "大同")
    research, panel = window.research, window.search_panel
    timeline, authors = research.timeline, research.top_authors
    assert timeline is not None
    settle(window, qtbot, lambda: panel.sort.setCurrentIndex(panel.sort.findData("oldest")))
    assert panel.last_result.hits[0].date <= panel.last_result.hits[-1].date
    assert research.timeline is timeline and research.top_authors is authors and not research.busy
    search(window, qtbot, "疫情")  # another query is counted afresh
    assert research.timeline is not timeline and research.timeline.total == panel.last_result.total


def test_top_bylines_filter_the_search(window: Any, qtbot: Any) -> None:
    search(window, qtbot, "疫情")
    research = window.research
    names = [a.name for a in research.top_authors]
    assert "李明璇" in names and not research.authors.isHidden()
    assert "李明璇" in research.authors.text()
    settle(window, qtbot, lambda: research.authors.linkActivated.emit("李明璇"))
    assert window.search_panel.query() == "疫情 author:李明璇"
    assert {window.library.article(h.article_id).author for h in window.search_panel.last_result.hits} == {"李明璇"}


def test_related_reports_under_the_article_open_on_click(window: Any, qtbot: Any) -> None:
    target = next(a for a in window.library.iter_articles() if a.title.startswith("坚决把防线防住"))
    if window.research.busy:  # the related reports of the article opened at start
        qtbot.waitSignal(window.research.idle, timeout=30_000).wait()
    with qtbot.waitSignal(window.research.idle, timeout=30_000):
        window.open_article(target.id)
    related = window.research.related
    assert related.model.rowCount() > 0
    first = related.model.item(0)
    assert first.follow_up and first.date == "2022-03-26"
    assert "卢东亮" in first.shared
    with qtbot.waitSignal(window.articleShown) as shown:
        related.view.clicked.emit(related.model.index(0, 0))
    assert shown.args == [first.article_id]


def test_copy_citation(window: Any, qtbot: Any) -> None:
    target = next(a for a in window.library.iter_articles() if a.title.startswith("坚决把防线防住"))
    window.open_article(target.id)
    window.research.copy_citation.trigger()
    assert QGuiApplication.clipboard().text() == "李明璇. 坚决把防线防住、底线守牢[N]. 大同日报, 2022-02-24."


def test_author_page(window: Any, qtbot: Any) -> None:
    target = next(a for a in window.library.iter_articles() if a.author == "韩云峰")
    window.open_article(target.id)
    assert window.research.by_author.isEnabled()
    settle(window, qtbot, window.research.by_author.trigger)
    assert window.search_panel.query() == "author:韩云峰"
    assert window.search_panel.last_result.total == 3
    assert window.research.chart.timeline.total == 3


def test_on_this_day_dialog(window: Any, qtbot: Any) -> None:
    dialog = window.research.show_on_this_day("02-24")
    qtbot.addWidget(dialog)
    ids = dialog.article_ids()
    assert ids and all(window.library.article(i).date == "2022-02-24" for i in ids)
    assert "1 " in dialog.summary.text() or dialog.tree.topLevelItemCount() == 1
    top = dialog.tree.topLevelItem(0)
    with qtbot.waitSignal(window.articleShown) as shown:
        dialog.tree.itemActivated.emit(top.child(1), 0)
    assert shown.args == [ids[1]]
    dialog.set_day("02-25")
    dialog.dayChanged.emit("02-25")
    assert dialog.article_ids() == [] and dialog.tree.topLevelItemCount() == 0


def test_export_search_results_and_bookmarks(window: Any, qtbot: Any, tmp_path: Path) -> None:
    search(window, qtbot, "李明璇")
    out = tmp_path / "hits.json"
    assert window.research.write_export(out, "search", "csl-json")
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == [h.article_id for h in window.search_panel.last_result.hits]
    window.marks.add(window.library.article(items[0]["id"]), note="笔记")
    out = tmp_path / "marks.ris"
    assert window.research.write_export(out, "bookmarks", "ris")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("TY  - NEWS") and "N1  - 笔记" in text


def test_highlight_a_selected_passage_with_a_note(window: Any, qtbot: Any) -> None:
    from PySide6.QtGui import QTextCursor

    target = next(a for a in window.library.iter_articles() if a.title.startswith("坚决把防线防住"))
    window.open_article(target.id)
    reader = window.reader
    passage = "从严从紧落实落细各项疫情防控措施"
    start = target.body.index(passage)
    (a, b), = reader.document_ranges("body", start, start + len(passage))
    cur = QTextCursor(reader.document)
    cur.setPosition(a)
    cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    reader.browser.setTextCursor(cur)
    assert reader.selected_passage() == ("body", start, start + len(passage))
    research = window.research
    dialog = research.passages.highlight_selection()
    qtbot.addWidget(dialog)
    dialog.colour.setCurrentIndex(1)
    dialog.note.setPlainText("措施要点")
    dialog.accept()
    (h,) = research.passages.store.list(target.id)
    assert (h.text, h.color, h.note, h.field) == (passage, "green", "措施要点", "body")
    assert reader.passage_ranges() == [(a, b)]
    # listed in the Highlights tab, searchable, and it opens its article
    panel = research.passages.panel
    assert window.tabs.indexOf(panel) >= 0 and panel.model.rowCount() == 1
    panel.filter.setText("不相干")
    assert panel.model.rowCount() == 0
    panel.filter.setText("要点")
    assert panel.model.rowCount() == 1
    window.show_newest()
    with qtbot.waitSignal(window.articleShown) as shown:
        panel.view.clicked.emit(panel.model.index(0, 0))
    assert shown.args == [target.id] and reader.passage_ranges() == [(a, b)]
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.remove_button.click()
    assert research.passages.store.list() == [] and reader.passage_ranges() == []


def test_highlight_without_a_selection_says_so(window: Any) -> None:
    window.reader.browser.textCursor().clearSelection()
    assert window.research.passages.highlight_selection() is None


def test_save_a_search_and_the_history(window: Any, qtbot: Any) -> None:
    research = window.research
    search(window, qtbot, "疫情 防控")
    search(window, qtbot, "大同")
    assert research.searches.history.stringList()[:2] == ["大同", "疫情 防控"]
    research.searches.show_history()
    assert research.searches.completer.popup().isVisible()
    research.searches.completer.popup().hide()
    with qtbot.waitSignal(research.idle, timeout=30_000):
        research.searches.save_current("大同的报道")
    (saved,) = research.searches.store.list()
    assert (saved.name, saved.query) == ("大同的报道", "大同")
    assert len(research.searches.store.seen("大同的报道")) == window.search_panel.last_result.total
    labels = [a.text() for a in research.searches.menu.actions()]
    assert labels == ["大同的报道 — 大同"]
    window.search_panel.set_query("")
    settle(window, qtbot, research.searches.menu.actions()[0].trigger)
    assert window.search_panel.query() == "大同"
    if research.busy:
        qtbot.waitSignal(research.idle, timeout=30_000).wait()
    with qtbot.waitSignal(research.idle, timeout=30_000):
        research.searches.count_new()
    assert research.searches.counts == {"大同的报道": 0}


def test_save_article_as_pdf_with_the_citation_footer(window: Any, tmp_path: Path) -> None:
    target = next(a for a in window.library.iter_articles() if a.title.startswith("坚决把防线防住"))
    window.open_article(target.id)
    out = tmp_path / "article.pdf"
    pages = window.research.save_as_pdf(out)
    data = out.read_bytes()
    assert pages >= 1 and data.startswith(b"%PDF") and len(data) > 5_000


def test_printed_document_is_the_article_without_hit_marks() -> None:
    from PySide6.QtPrintSupport import QPrinter

    from reader.models import Article
    from reader.ui.printing import article_document, print_document

    article = Article(id="x", issue_id="i", date="2022-02-24", seq=1, title="标题", body="第一段。\n第二段。" * 400)
    doc = article_document(article, 14, 96)
    assert "标题" in doc.toPlainText() and "第二段" in doc.toPlainText()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName("/dev/null")
    assert print_document(doc, "题[N]. 2022-02-24.", printer) > 1  # a long article: several pages


def test_on_this_day_as_start_page(harness: Any, seeded_root: Path, settings: Any) -> None:
    settings.on_this_day_at_start = True
    window = harness.open(seeded_root)
    dialog = window.research.dialog
    assert dialog is not None and dialog.isVisible()
    assert window.research.day_at_start.isChecked()
    window.research.day_at_start.trigger()
    assert settings.on_this_day_at_start is False


def test_click_a_byline_name_opens_the_author_page(window: Any, qtbot: Any) -> None:
    target = next(a for a in window.library.iter_articles() if a.author == "韩云峰")
    window.open_article(target.id)
    reader = window.reader
    at = target.byline.index("韩云峰") + 1
    (a, _b), = reader.document_ranges("byline", at, at + 1)
    assert window.research.author_at(a) == "韩云峰"
    assert window.research.author_at(reader.document_ranges("byline", 0, 1)[0][0]) == ""  # 本报记者
    browser = reader.browser
    cur = browser.textCursor()
    cur.setPosition(a)
    point = browser.cursorRect(cur).center()
    settle(window, qtbot, lambda: qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point))
    assert window.search_panel.query() == "author:韩云峰"
    assert window.search_panel.last_result.total == 3


def test_a_refused_query_hides_the_timeline(window: Any, qtbot: Any) -> None:
    search(window, qtbot, "大同")
    assert window.research.chart.timeline is not None
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        window.search_panel.set_query("date:2023..2022 大同")
        window.search_panel.run()
    assert window.research.chart.timeline is None and window.research.chart.isHidden()


def test_the_related_pane_keeps_its_size(harness: Any, seeded_root: Path) -> None:
    window = harness.open(seeded_root)
    window.research.column.setSizes([500, 250])
    sizes = window.research.column.sizes()
    harness.close(window)
    again = harness.open(seeded_root)
    assert again.research.column.sizes()[1] == sizes[1]  # the related pane; the reader takes the rest


def test_a_failing_tool_is_answered_not_left_waiting(window: Any, qtbot: Any) -> None:
    def broken(_library: Any, _searcher: Any) -> None:
        raise AttributeError("'Searcher' object has no attribute 'matches'")

    with qtbot.waitSignal(window.search.callFailed, timeout=30_000) as failed:
        cid = window.search.call(broken)
    assert failed.args == [cid, "AttributeError: 'Searcher' object has no attribute 'matches'"]
