"""Reading typography (issue 13 item 7): justified body text and hanging 要点 bullets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def blocks(window: Any) -> list[Any]:
    out = []
    block = window.reader.document.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


def test_body_paragraphs_are_justified(window: Any) -> None:
    article = next(a for i in window.library.issues() for a in window.library.articles(i.id) if a.body)
    window.open_article(article.id)
    first_para = article.body.split("\n")[0].strip()[:10]
    body = [b for b in blocks(window) if first_para and first_para in b.text()]
    assert body
    assert body[0].blockFormat().alignment() & Qt.AlignmentFlag.AlignJustify


def test_highlight_bullets_hang(window: Any) -> None:
    article = next((a for i in window.library.issues() for a in window.library.articles(i.id)
                    if a.highlights), None)
    if article is None:
        return  # the seed issues have no summary box
    window.open_article(article.id)
    items = [b for b in blocks(window) if b.text().startswith("• ")]
    assert items
    fmt = items[0].blockFormat()
    assert fmt.textIndent() < 0 < fmt.leftMargin()
    assert abs(fmt.textIndent() + fmt.leftMargin()) < 1


def test_long_headlines_break_at_their_printed_spaces(window: Any, qtbot: Any) -> None:
    article = next(a for i in window.library.issues() for a in window.library.articles(i.id)
                   if " " in a.title and len(a.title) >= 14)
    phrase = article.title.split(" ")[1][:2]  # a hit on the second line of the headline
    with qtbot.waitSignal(window.searchShown, timeout=30_000):
        window.search_panel.set_query(f"title:{phrase}")
        window.search_panel.run()
    hit = next(h for h in window.search_panel.last_result.hits if h.article_id == article.id)
    window.open_hit(hit)
    title = [b for b in blocks(window) if b.text().replace("\u2028", " ") == article.title]
    assert title and "\u2028" in title[0].text()
    start = article.title.index(" ") + 1
    assert window.reader.document_ranges("title", start, start + 2)  # the mapping still holds
    assert window.reader.hit_count >= 1
