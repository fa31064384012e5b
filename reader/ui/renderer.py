"""Article → HTML for the reading pane, built only from escaped text and the core's spans.

Every piece of text is escaped before any markup is added, so ``<script>`` or
``<img src=…>`` in an article is shown as those characters and loads nothing.
Each text block is recorded as a :class:`Segment` (which field, from which
offset) so the pane can map the core's character spans to document positions
exactly. Nothing here imports Qt.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from reader.models import Article, Span

FIELDS = ("kicker", "title", "subtitle", "byline", "body")
_INDENT = " \t\u3000"
# Blocks set justified (两端对齐): both edges straight, as the paper printed them.
JUSTIFIED = frozenset({"body", "caption", "box-item"})
LINE_BREAK = "\u2028"  # what Qt's document holds for <br/>: one character, like the space it replaces
BREAK_HEADLINES_FROM = 14  # characters: a headline this long breaks at its printed spaces


def headline_lines(title: str) -> str:
    """``title`` with the spaces it was printed with turned into line breaks, when it is long
    enough to wrap: a headline then breaks between its phrases, not inside a word. Same length.

    >>> headline_lines("维护疫情防控成果 坚决守好大同阵地") == "维护疫情防控成果\u2028坚决守好大同阵地"
    True
    >>> headline_lines("大同 冷链")
    '大同 冷链'
    """
    phrases = title.split(" ")
    if len(title) < BREAK_HEADLINES_FROM or len(phrases) < 2 or any(len(p) < 2 for p in phrases):
        return title
    return LINE_BREAK.join(phrases)


@dataclass(frozen=True)
class Segment:
    """One rendered block of text: ``text`` == ``field_text[start:start + len(text)]``."""

    field: str  # "title", "body", "captions[0]", "highlights[1]", ... (as Span.field)
    start: int
    text: str
    lead: str = ""  # shown in the same block before ``text`` (a bullet), not part of the field


@dataclass(frozen=True)
class Rendered:
    html: str
    segments: tuple[Segment, ...]
    hits: tuple[tuple[str, int, int], ...]  # (field, start, end) in reading order


def normalize_spans(spans: Iterable[Span] | None) -> dict[str, list[tuple[int, int]]]:
    """The core's spans grouped by field, sorted; empty ones dropped."""
    out: dict[str, list[tuple[int, int]]] = {}
    for span in spans or ():
        if span.end > span.start:
            out.setdefault(span.field, []).append((span.start, span.end))
    for key in out:
        out[key].sort()
    return out


def marked(text: str, start: int, spans: Iterable[tuple[int, int]], cls: str = "hit") -> str:
    """``text`` (which starts at ``start`` in its field) escaped, with ``spans`` wrapped in a span.

    >>> marked("a<b>c", 0, [(1, 4)])
    'a<span class="hit">&lt;b&gt;</span>c'
    """
    end = start + len(text)
    out: list[str] = []
    pos = start
    for s, e in spans:
        s, e = max(s, pos), min(e, end)
        if e <= s:
            continue
        out.append(html.escape(text[pos - start : s - start]))
        out.append(f'<span class="{cls}">{html.escape(text[s - start : e - start])}</span>')
        pos = e
    out.append(html.escape(text[pos - start :]))
    return "".join(out)


class _Builder:
    def __init__(self, spans: dict[str, list[tuple[int, int]]]) -> None:
        self.spans = spans
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.hit_fields: list[str] = []

    def block(self, cls: str, field: str | None, text: str, start: int = 0, lead: str = "",
              shown: str | None = None) -> None:
        """A paragraph of ``field`` from ``start``; ``shown`` (same length) is what is typeset
        when it differs from ``text`` (line breaks for spaces)."""
        if field is None:
            self.parts.append(f'<p class="{cls}" style="white-space: pre-wrap">{html.escape(lead + text)}</p>')
            return
        self.segments.append(Segment(field, start, text, lead))
        if field not in self.hit_fields:
            self.hit_fields.append(field)
        body = html.escape(lead) + marked(shown or text, start, self.spans.get(field, ()))
        body = body.replace(LINE_BREAK, "<br/>")
        align = ' align="justify"' if cls in JUSTIFIED else ""
        self.parts.append(f'<p class="{cls}"{align} style="white-space: pre-wrap">{body}</p>')

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def link(self, cls: str, href: str, text: str) -> None:
        self.parts.append(f'<p class="{cls}"><a href="{html.escape(href)}">{html.escape(text)}</a></p>')


ARTICLE_SCHEME = "baoku-article"


def article_link(article_id: str) -> str:
    """The in-document link that opens another article (a continuation's other part)."""
    return f"{ARTICLE_SCHEME}:{article_id}"


def paragraphs(text: str) -> list[tuple[int, int, str]]:
    r"""Non-empty lines of ``text`` as (line number, start offset, text), leading indent removed.

    >>> paragraphs("\u3000\u3000甲\n\n乙")
    [(0, 2, '甲'), (2, 5, '乙')]
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        stripped = line.lstrip(_INDENT)
        if stripped.strip():
            out.append((n, pos + len(line) - len(stripped), stripped.rstrip()))
        pos += len(line) + 1
    return out


def render_article(
    article: Article,
    spans: Iterable[Span] | None = None,
    *,
    colors: Mapping[str, str],
    tr: Callable[[str], str] = lambda s: s,
) -> Rendered:
    """Typeset ``article``: kicker, headline, subtitle, byline, highlights, captions, body.

    ``spans`` are the core's hit spans (offsets into the article's own fields);
    ``colors`` the theme (for table cells, which Qt does not style from CSS);
    ``tr`` translates the few labels the pane adds.
    """
    norm = normalize_spans(spans)
    b = _Builder(norm)
    if article.continued_from:
        text = tr("(continued from {where})").format(where=article.continued_from)
        if article.continues_from:
            b.link("marker", article_link(article.continues_from), text + " " + tr("← the start"))
        else:
            b.block("marker", None, text)
    if article.kicker:
        b.block("kicker", "kicker", article.kicker)
    if article.title:
        b.block("title", "title", article.title, shown=headline_lines(article.title))
    if article.subtitle:
        b.block("subtitle", "subtitle", article.subtitle)
    if article.title_inferred:
        b.block("inferred", None, tr("No headline printed; the title is taken from the first sentence."))
    if article.byline:
        b.block("byline", "byline", article.byline)
    if article.highlights:
        b.raw(_box_open(colors["box_rule"], colors["box"]))
        b.block("box-label", None, tr("Highlights"))
        for i, text in enumerate(article.highlights):
            b.block("box-item", f"highlights[{i}]", text, lead="• ")
        b.raw(_BOX_CLOSE)
    if article.captions:
        b.raw(_box_open(colors["border"], colors["caption"]))
        b.block("caption-label", None, tr("Photo caption"))
        for i, text in enumerate(article.captions):
            for _, start, para in paragraphs(text):
                b.block("caption", f"captions[{i}]", para, start)
        b.raw(_BOX_CLOSE)
    subheads = set(article.subheads)
    for n, start, para in paragraphs(article.body):
        b.block("subhead" if n in subheads else "body", "body", para, start)
    if article.continued:
        text = tr("(continued on {where})").format(where=article.continued)
        if article.continues_in:
            b.link("continued", article_link(article.continues_in), text + " " + tr("read on →"))
        elif article.page is not None:  # the pages are known, and that one is not here
            b.block("continued", None, text + tr("(that page is not in the library)"))
        else:
            b.block("continued", None, text)
    order = {f: n for n, f in enumerate(b.hit_fields)}
    hits = sorted(
        ((f, s, e) for f, items in norm.items() if f in order for s, e in items),
        key=lambda h: (order[h[0]], h[1]),
    )
    page = "<html><body>" + "".join(b.parts) + "</body></html>"
    return Rendered(page, tuple(b.segments), tuple(hits))


def _box_open(rule: str, fill: str) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" border="0" '
        'style="margin-top: 6px; margin-bottom: 16px"><tr>'
        f'<td width="4" bgcolor="{html.escape(rule)}"></td>'
        f'<td bgcolor="{html.escape(fill)}" style="padding: 10px 14px">'
    )


_BOX_CLOSE = "</td></tr></table>"
