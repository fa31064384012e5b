"""The reading pane and its renderer: escaping, exact field → document mapping, typesetting, scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import background_ranges, doc_text

from reader.models import Article, Span
from reader.ui.reading_pane import ReadingPane
from reader.ui.renderer import marked, normalize_spans, paragraphs, render_article
from reader.ui.style import load_theme

LIGHT = load_theme("light")


def make_article(**fields: Any) -> Article:
    base: dict[str, Any] = dict(id="a1", issue_id="i1", date="2022-01-11", seq=1, title="标题", body="正文")
    base.update(fields)
    return Article(**base)


@pytest.fixture
def pane(qtbot: Any) -> ReadingPane:
    p = ReadingPane(LIGHT, 15)
    p.resize(700, 500)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_marked_escapes_before_marking() -> None:
    assert marked("<a>&", 0, [(1, 2)]) == '&lt;<span class="hit">a</span>&gt;&amp;'
    assert marked("xy", 5, [(0, 6)]) == '<span class="hit">x</span>y'


def test_paragraph_offsets_point_into_the_field() -> None:
    body = "\u3000\u3000第一段\n\n  第二段  \n第三段"
    for _n, start, text in paragraphs(body):
        assert body[start:start + len(text)] == text


def test_captions_and_highlights_spans_are_keyed_by_index() -> None:
    spans = [Span("captions[1]", 0, 2), Span("highlights[0]", 1, 3), Span("body", 3, 5), Span("body", 1, 1)]
    assert normalize_spans(spans) == {"captions[1]": [(0, 2)], "highlights[0]": [(1, 3)], "body": [(3, 5)]}


def test_every_segment_is_a_slice_of_its_field() -> None:
    a = make_article(kicker="引题", subtitle="副题", byline="本报记者 某某", captions=("图一\n说明",),
                     body="\u3000\u3000第一段<b>\n小标题\n第三段", subheads=(1,), highlights=("要点",),
                     continued="第三版")
    r = render_article(a, colors=LIGHT.colors)
    for seg in r.segments:
        text = Span(seg.field, 0, 0).text_of(a)
        assert text[seg.start:seg.start + len(seg.text)] == seg.text
    assert "<b>" not in r.html.replace("&lt;b&gt;", "")


def test_typesetting(pane: ReadingPane) -> None:
    a = make_article(kicker="引题", title="大标题", subtitle="副题", byline="本报记者 某某",
                     body="第一段。\n小标题\n第三段。", subheads=(1,), highlights=("要点一",),
                     captions=("图片说明文字",), continued="第三版", continued_from="第一版")
    pane.show_article(a)
    text = pane.document.toPlainText()
    for piece in ("引题", "大标题", "副题", "本报记者 某某", "要点一", "图片说明文字", "第三版", "第一版"):
        assert piece in text
    doc = pane.document
    blocks = {}
    block = doc.begin()
    while block.isValid():
        blocks[block.text()] = block
        block = block.next()
    body = blocks["第一段。"].blockFormat()
    assert body.textIndent() > 0  # two-character first-line indent
    assert body.lineHeight() >= 120  # loose Chinese line spacing
    assert blocks["小标题"].blockFormat().textIndent() == 0  # a sub-head is not indented
    title_size = blocks["大标题"].charFormat().fontPointSize() or blocks["大标题"].begin().fragment().charFormat().fontPointSize()
    kicker_size = blocks["引题"].begin().fragment().charFormat().fontPointSize()
    assert title_size > kicker_size


def test_hits_map_to_exact_document_ranges(pane: ReadingPane) -> None:
    body = "第一段有大同。\n第二段也有大同和大同。"
    a = make_article(title="大同新闻", body=body)
    spans = [Span("title", 0, 2), *(Span("body", i, i + 2) for i in range(len(body)) if body.startswith("大同", i))]
    pane.show_article(a, spans)
    ranges = [r for hit in pane.hit_ranges() for r in hit]
    assert [doc_text(pane.document, s, e) for s, e in ranges] == ["大同"] * 4
    assert sorted(background_ranges(pane.document, LIGHT.colors["hit"])) == sorted(ranges)
    assert pane.counter_text() == "1 / 4"
    pane.previous_hit()
    assert pane.counter_text() == "4 / 4"


def test_hits_in_the_summary_box_are_marked_exactly(pane: ReadingPane) -> None:
    """A match in a bullet of the summary box marks its characters, not the bullet before them."""
    a = make_article(title="新闻", body="正文提到冷链。", highlights=("冷链物流提速", "另一条"))
    pane.show_article(a, [Span("highlights[0]", 0, 2), Span("body", 4, 6)])
    ranges = [r for hit in pane.hit_ranges() for r in hit]
    assert [doc_text(pane.document, s, e) for s, e in ranges] == ["冷链", "冷链"]
    assert sorted(background_ranges(pane.document, LIGHT.colors["hit"])) == sorted(ranges)
    assert "• 冷链物流提速" in pane.document.toPlainText()


def test_a_hit_far_down_is_scrolled_into_view(pane: ReadingPane) -> None:
    body = "\n".join(f"第{n}段，这是一段足够长的正文，用来把页面撑到需要滚动的长度。" for n in range(80)) + "\n末尾有大同"
    a = make_article(body=body)
    i = body.index("大同")
    pane.show_article(a, [Span("body", i, i + 2)])
    bar = pane.browser.verticalScrollBar()
    assert bar.value() > 0
    from PySide6.QtGui import QTextCursor

    cur = QTextCursor(pane.document)
    cur.setPosition(pane.hit_ranges()[0][0][0])
    rect = pane.browser.cursorRect(cur)
    assert 0 <= rect.top() < pane.browser.viewport().height()


def test_nothing_is_fetched(pane: ReadingPane) -> None:
    a = make_article(body='<img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.com/x.css">')
    pane.show_article(a)
    assert '<img src="file:///etc/passwd">' in pane.document.toPlainText()
    assert pane.browser.requested == []
