"""Put the steps together: decoded text -> :class:`ParsedIssue` (issue, articles, text).

Steps: find the masthead (top of the page) -> date and number -> units ->
articles (:mod:`.segment`) -> fields with a map back to the source text.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from reader.models import Article, Issue, Origin, ParsedIssue
from reader.parsing.bylines import author_of
from reader.parsing.dates import filename_date, infer_date, masthead_date, masthead_number
from reader.parsing.segment import Draft, Piece, Segmenter
from reader.parsing.units import Unit, split_units

# Bump when parsing changes what articles come out: stored issues are then re-parsed.
PARSER_VERSION = 5

_MASTHEAD_MARKS = re.compile(
    r"日报|晚报|机关报|刊号|CN\s*\d|第\s*\d+\s*号|星期[一二三四五六日天]|农历|今日\s*\d+\s*版|出版|www\.|\.cn|\.com|邮发代号"
)


def parse_issue(
    text: str,
    *,
    source_name: str,
    source_path: str = "",
    sha256: str = "",
    manifest_date: str | None = None,
    manifest_number: int | None = None,
    fallback_date: date | None = None,
) -> ParsedIssue:
    """Parse one issue's decoded text.

    The issue id is a hash of the text, so the same text always gets the same
    id; an article id hashes the issue date and the article's text, so it
    survives re-imports and parser versions as long as that text is unchanged.
    """
    units = split_units(text)
    head, units = _split_masthead(units)
    masthead = "\n".join(u.text for u in head)
    number = masthead_number(masthead) if masthead else None
    found = masthead_date(masthead) if masthead else None
    note = ""
    if found:
        day, note = found
        source = "masthead"
    elif (fday := filename_date(source_path or source_name)) is not None:
        day, source = fday, "filename"
    elif manifest_date:
        day, source = date.fromisoformat(manifest_date), "manifest"
    else:
        inferred = infer_date(text)
        if inferred is not None:
            day, note = inferred
        else:  # no evidence in the text (issue 10 turns this into date_source "unknown")
            day, note = fallback_date or date.today(), "正文中没有日期，取文件的修改日期"
        source = "inferred"
    if number is None:
        number = manifest_number
    issue_date = day.isoformat()
    issue_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

    seg = Segmenter(units, text).run()
    articles: list[Article] = []
    seen: set[str] = set()
    for seq, draft in enumerate(seg.articles, start=1):
        art = _article(draft, issue_id, issue_date, seq)
        aid = art.id
        n = 2
        while aid in seen:
            aid = f"{art.id}-{n}"
            n += 1
        seen.add(aid)
        if aid != art.id:
            art = _replace_id(art, aid)
        articles.append(art)
    extras = tuple(([masthead] if masthead else []) + seg.extras)
    issue = Issue(
        id=issue_id, date=issue_date, date_source=source, source=source_name, number=number,  # type: ignore[arg-type]
        date_note=note, source_path=source_path, sha256=sha256, article_count=len(articles),
        extras=extras,
    )
    return ParsedIssue(issue, tuple(articles), text)


def _split_masthead(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """The masthead: short lines at the top, up to the last one that looks like masthead matter."""
    last = -1
    for n, u in enumerate(units[:24]):
        if u.level == 2 or len(u.text) > 40:
            break
        if _MASTHEAD_MARKS.search(u.text) or (u.level == 1 and n < 3):
            last = n
    if last < 0:
        return [], units
    marks = sum(1 for u in units[: last + 1] if _MASTHEAD_MARKS.search(u.text))
    if marks < 2:
        return [], units
    return units[: last + 1], units[last + 1:]


def _text(pieces: list[Piece]) -> str:
    return "".join(p[0] for p in pieces)


class _Field:
    """Builds one field's text and its origins."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parts: list[str] = []
        self.origins: list[Origin] = []
        self.length = 0

    def add(self, pieces: list[Piece]) -> None:
        for text, s, e in pieces:
            if s >= 0:
                self.origins.append(Origin(self.name, self.length, self.length + len(text), s, e))
            self.parts.append(text)
            self.length += len(text)

    def sep(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _article(d: Draft, issue_id: str, issue_date: str, seq: int) -> Article:
    origins: list[Origin] = []
    fields: dict[str, str] = {}
    for name, pieces in (("kicker", d.kicker), ("title", d.title), ("subtitle", d.subtitle),
                         ("byline", d.byline)):
        f = _Field(name)
        f.add(pieces)
        fields[name] = f.text
        origins += f.origins
    body = _Field("body")
    subheads = []
    paras = list(d.paras)
    if d.box:  # a box heading that never got its box: show it as the first sub-head
        from reader.parsing.segment import Para

        paras.insert(0, Para(d.box, subhead=True))
    for n, p in enumerate(paras):
        if n:
            body.sep("\n")
        if p.subhead:
            subheads.append(n)
        body.add(p.pieces)
    origins += body.origins
    captions = []
    for n, c in enumerate(d.captions):
        f = _Field(f"captions[{n}]")
        f.add(c)
        captions.append(f.text)
        origins += f.origins
    highlights = []
    for n, h in enumerate(d.highlights):
        f = _Field(f"highlights[{n}]")
        f.add(h)
        highlights.append(f.text)
        origins += f.origins
    title = fields["title"]
    inferred = False
    if not title:
        title = _title_from(body.text or (captions[0] if captions else ""))
        inferred = True
    byline = fields["byline"]
    author = author_of(byline)
    kind = d.kind
    content = "\n".join([body.text, *captions, *highlights]) or title
    digest = hashlib.sha1(f"{issue_date}\n{content}".encode()).hexdigest()[:16]
    return Article(
        id=f"a{digest}", issue_id=issue_id, date=issue_date, seq=seq, title=title, body=body.text,
        kicker=fields["kicker"], subtitle=fields["subtitle"], byline=byline, author=author,
        captions=tuple(captions), highlights=tuple(highlights), continued=d.continued,
        continued_from=d.continued_from, title_inferred=inferred, kind=kind,
        subheads=tuple(subheads), origins=tuple(origins),
    )


def _replace_id(a: Article, aid: str) -> Article:
    from dataclasses import replace

    return replace(a, id=aid)


_DATE_PREFIX = re.compile(r"^(?:今年|近日|日前|目前|\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?)[，,]\s*")


def _title_from(text: str) -> str:
    """A title for a story printed without one: its first sentence, without the date."""
    first = re.split(r"[。！？!?\n]", text, maxsplit=1)[0]
    first = _DATE_PREFIX.sub("", first).strip() or first.strip()
    if len(first) > 32:
        cut = max(first.rfind("，", 0, 32), first.rfind(",", 0, 32))
        first = first[:cut] if cut >= 8 else first[:30] + "…"
    return first
