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
