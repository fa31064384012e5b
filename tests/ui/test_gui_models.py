"""Every Qt model the GUI uses passes qtmodeltester, empty and filled."""

from __future__ import annotations

from typing import Any

from reader.ui.article_list import ArticleListModel
from reader.ui.bookmarks_panel import BookmarkListModel
from reader.ui.navigator import IssueTreeModel
from reader.ui.search_panel import SearchResultsModel


def test_article_model(window: Any, qtmodeltester: Any) -> None:
    model = ArticleListModel()
    qtmodeltester.check(model)
    model.set_articles(window.library.articles(window.library.issues()[0].id))
    qtmodeltester.check(model)


def test_issue_tree_model(window: Any, qtmodeltester: Any) -> None:
    model = IssueTreeModel()
    qtmodeltester.check(model)
    issues = window.library.issues()
    model.set_issues(issues, {i.id: i.date for i in issues}, "{year}", "{month}")
    qtmodeltester.check(model)
    qtmodeltester.check(window.navigator.model)


def test_search_results_model(window: Any, qtbot: Any, qtmodeltester: Any) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        window.search_panel.set_query("大同")
        window.search_panel.run()
    model.set_hits(list(window.search_panel.last_result.hits))
    qtmodeltester.check(model)
    qtmodeltester.check(window.search_panel.model)


def test_bookmark_model(window: Any, qtmodeltester: Any) -> None:
    model = BookmarkListModel()
    qtmodeltester.check(model)
    window.marks.add(window.reader.article, note="备注")
    model.set_items(window.marks.bookmarks.list())
    qtmodeltester.check(model)
    qtmodeltester.check(window.bookmarks_panel.model)
