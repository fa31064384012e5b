"""Small helpers for GUI tests: reading what the document shows."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor, QTextDocument


def background_ranges(doc: QTextDocument, color: str) -> list[tuple[int, int]]:
    """Document ranges whose character background is ``color`` (adjacent pieces merged)."""
    out: list[tuple[int, int]] = []
    block = doc.begin()
    target = color.lower()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid():
                brush = frag.charFormat().background()
                if brush.style().value != 0 and brush.color().name().lower() == target:
                    s, e = frag.position(), frag.position() + frag.length()
                    if out and out[-1][1] == s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
            it += 1
        block = block.next()
    return out


def doc_text(doc: QTextDocument, start: int, end: int) -> str:
    """The document's text between two positions (as the reader sees it)."""
    cur = QTextCursor(doc)
    cur.setPosition(start)
    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cur.selectedText()


def pick_query(library: Any) -> str:
    """A two-character string that occurs in several articles of the library (no hard-coding)."""
    counts: dict[str, int] = {}
    for a in library.iter_articles():
        for word in {"大同", "发展", "工作", "疫情"}:
            if word in a.body:
                counts[word] = counts.get(word, 0) + a.body.count(word)
    assert counts, "the seed articles should share a common word"
    return max(counts, key=lambda w: counts[w])
