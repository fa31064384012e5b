"""Papers and pages in the window: the tree's papers, an issue's page list, continuations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl

from reader.parsing.layout import page_label

DATA = Path(__file__).resolve().parents[1] / "data"
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))
import layouts  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def paged_root(tmp_path: Path) -> Path:
    """大同日报 (the seeds) and 人民日报 (seed 001 as page 1 and a page 3) in one library."""
    from reader.library import Library
    from reader.service import import_and_index

    root = tmp_path / "library"
    with Library(root) as lib:
        import_and_index(lib, [CORPUS])
        import_and_index(lib, [layouts.per_page_folder(tmp_path / "rmrb", "date_underscore")],
                         paper="人民日报")
    return root


def test_two_papers_are_the_trees_top_level(harness: Any, paged_root: Path) -> None:
    window = harness.open(paged_root)
    model = window.navigator.model
    assert [model.item(r).text() for r in range(model.rowCount())] == ["人民日报", "大同日报"]
    rmrb = next(i for i in window.library.issues() if i.paper == "人民日报")
    assert window.navigator.model.index_of(rmrb.id).isValid()


def test_an_issue_opens_on_its_page_list_and_steps_through_pages(harness: Any, paged_root: Path,
                                                                 qtbot: Any) -> None:
    window = harness.open(paged_root)
    issue = next(i for i in window.library.issues() if i.paper == "人民日报")
    window.navigator.select_issue(issue.id)
    pages = window.article_list.pages
    assert window.article_list.page_bar.isVisible()
    assert [pages.itemText(n) for n in range(pages.count())] == [
        "All pages · 12 articles", "第01版 · 9 articles", "第03版 要闻 · 3 articles"]
    assert window.article_list.current_page == 1 and window.article_list.model.rowCount() == 9
    assert window.reader.article is not None and window.reader.article.page == 1
    assert "人民日报" in window.reader.where.text() and page_label(1) in window.reader.where.text()
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.article_list.current_page == 3 and window.article_list.model.rowCount() == 3
    assert window.reader.article is not None and window.reader.article.page == 3
    assert not window.article_list.step_page(+1)  # the last page
    window.article_list.prev_page.click()
    assert window.article_list.current_page == 1
    window.article_list.show_page(None)
    assert window.article_list.model.rowCount() == 12


def test_a_continuation_is_a_link_to_page_3_and_back(harness: Any, paged_root: Path) -> None:
    window = harness.open(paged_root)
    issue = next(i for i in window.library.issues() if i.paper == "人民日报")
    start = next(a for a in window.library.articles(issue.id, 1)
                 if a.title == "习近平同白俄罗斯总统卢卡申科通电话")
    assert window.open_article(start.id)
    html = window.reader.browser.toHtml()
    assert "read on" in html and start.continues_in in html
    window.reader.browser.anchorClicked.emit(QUrl(f"baoku-article:{start.continues_in}"))
    rest = window.reader.article
    assert rest is not None and rest.id == start.continues_in and rest.page == 3
    assert window.article_list.current_page == 3
    assert "the start" in window.reader.browser.toHtml()
    window.reader.browser.anchorClicked.emit(QUrl(f"baoku-article:{rest.continues_from}"))
    assert window.reader.article is not None and window.reader.article.id == start.id


def test_a_page_not_in_the_library_is_said(harness: Any, paged_root: Path) -> None:
    window = harness.open(paged_root)
    issue = next(i for i in window.library.issues() if i.paper == "人民日报")
    other = next(a for a in window.library.articles(issue.id, 1) if a.title == "抢抓发展机遇 提升城市品质")
    assert other.continues_in  # linked; a story whose page is missing says so instead:
    seed = next(i for i in window.library.issues() if i.date == "2022-11-07")
    huang = next(a for a in window.library.articles(seed.id) if a.continued)
    window.open_article(huang.id)
    assert "(continued on 第二版)" in window.reader.browser.toPlainText()
