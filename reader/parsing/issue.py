"""Put the steps together: decoded text -> :class:`ParsedIssue` (issue, articles, text).

Steps: find the masthead (top of the page) -> date and number -> units ->
articles (:mod:`.segment`) -> fields with a map back to the source text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from reader.models import Article, DateSource, Issue, Origin, PaperSource, ParsedIssue
from reader.parsing.article_file import article_draft, markdown_draft
from reader.parsing.bylines import author_of
from reader.parsing.dates import infer_date, masthead_date, masthead_number
from reader.parsing.layout import Placement, is_markdown_article, page_header, place
from reader.parsing.manifest import ManifestEntry
from reader.parsing.segment import Draft, Piece, Segmenter
from reader.parsing.units import Unit, split_units

_MASTHEAD_MARKS = re.compile(
    r"日报|晚报|机关报|刊号|CN\s*\d|第\s*\d+\s*号|星期[一二三四五六日天]|农历|今日\s*\d+\s*版|出版|www\.|\.cn|\.com|邮发代号"
)


def parse_issue(
    text: str,
    *,
    source_name: str,
    source_path: str = "",
    sha256: str = "",
    manifest: ManifestEntry | None = None,
    manifest_date: str | None = None,
    manifest_number: int | None = None,
    placement: Placement | None = None,
    paper: str = "",
    known_papers: tuple[str, ...] = (),
    today: date | None = None,
) -> ParsedIssue:
    """Parse one file's decoded text: a whole issue, one page (版) or one article.

    ``placement`` is what the file's path says (see :func:`.layout.place`);
    ``manifest`` what a manifest says of it; ``paper`` the name given on the
    command line. The paper comes from the manifest, then ``paper``, then a
    masthead, then the path. The file's id hashes its text (and its place in the
    archive, for page and article files), so the same file always gets the same
    id; an article id hashes its paper, date, page and text, so it survives
    re-imports and new versions of Baoku as long as that text is unchanged.
    """
    today = today or date.today()
    entry = manifest or ManifestEntry(manifest_date, manifest_number)
    where = placement or place(Path(source_path or source_name), known_papers)
    extras: list[str] = []
    page, page_name = where.page, where.page_name
    layout = where.layout
    units = split_units(text)
    header = page_header(units[0].text) if units else None
    if header and layout != "article":
        page, page_name = header[0], header[1] or page_name
        extras.append(units[0].text)
        units = units[1:]
        if layout == "issue":
            layout = "page"
    if entry.page is not None:
        page, page_name = entry.page, entry.page_name or page_name
    masthead = ""
    drafts: list[Draft]
    if layout == "md_article" and is_markdown_article(text):
        draft, more, md_page = markdown_draft(text)
        extras += more
        if md_page and entry.page is None:
            page, page_name = md_page[0], md_page[1] or page_name
        drafts = [draft] if _has_words(draft) else []
    elif layout == "article":
        draft, more = article_draft(text, units)
        extras += more
        drafts = [draft] if _has_words(draft) else []
    else:
        layout = "page" if layout == "md_article" else layout
        head, units = _split_masthead(units)
        masthead = "\n".join(u.text for u in head)
        seg = Segmenter(units, text).run()
        drafts = list(seg.articles)
        extras = ([masthead] if masthead else []) + extras + seg.extras

    day, source, note = _date(text, masthead, where, entry, today)
    number = (masthead_number(masthead) if masthead else None) or entry.number
    paper_name, paper_source = _paper(entry, paper, masthead, where, known_papers)
    issue_date = day.isoformat() if day else ""
    place_key = where.key() if layout in ("page", "article", "md_article") else ""
    if page is not None and not place_key:
        place_key = f"page {page}"
    seed = f"{place_key}\n{text}" if place_key else text
    issue_id = hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]

    articles: list[Article] = []
    seen: set[str] = set()
    for seq, draft in enumerate(drafts, start=1):
        art = _article(draft, issue_id, issue_date, seq, paper_name, page, page_name)
        aid = art.id
        n = 2
        while aid in seen:
            aid = f"{art.id}-{n}"
            n += 1
        seen.add(aid)
        if aid != art.id:
            art = _replace_id(art, aid)
        articles.append(art)
    issue = Issue(
        id=issue_id, date=issue_date, date_source=source, source=source_name, number=number,
        date_note=note, source_path=source_path, sha256=sha256, article_count=len(articles),
        extras=tuple(extras), paper=paper_name, paper_source=paper_source,
        edition=entry.edition or where.edition,
    )
    return ParsedIssue(issue, tuple(articles), text, page=page, page_name=page_name,
                       sort_key=where.sort_key, layout=layout)


def _has_words(draft: Draft) -> bool:
    return any(ch.isalnum() for pieces in (draft.title, *(p.pieces for p in draft.paras))
               for piece in pieces for ch in piece[0])


def _date(
    text: str, masthead: str, where: Placement, entry: ManifestEntry, today: date
) -> tuple[date | None, DateSource, str]:
    """The issue's date, where it came from and a note; never a day after ``today``."""
    found = masthead_date(masthead) if masthead else None
    candidates: list[tuple[date, DateSource, str]] = []
    if found:
        candidates.append((found[0], "masthead", found[1]))
    if where.date is not None:
        candidates.append((where.date, "filename", ""))
    if entry.date:
        candidates.append((date.fromisoformat(entry.date), "manifest", ""))
    late: list[str] = []
    for day, source, note in _then_inferred(candidates, text, today):
        if day <= today:
            if late:
                note = "；".join([note, *late]) if note else "；".join(late)
            return day, source, note
        late.append(f"{_SOURCE_CN[source]}给出的{day.isoformat()}晚于今天，未采用")
    note = "；".join(late) if late else "文中没有可据以推定日期的信息"
    return None, "unknown", note


def _then_inferred(
    candidates: list[tuple[date, DateSource, str]], text: str, today: date
) -> Iterator[tuple[date, DateSource, str]]:
    """The given dates, then the one inferred from the text (inferred only when needed)."""
    yield from candidates
    inferred = infer_date(text, today)
    if inferred is not None:
        yield inferred[0], "inferred", inferred[1]


_SOURCE_CN = {"masthead": "报头", "filename": "文件名", "manifest": "清单", "inferred": "推断"}


def _paper(
    entry: ManifestEntry, option: str, masthead: str, where: Placement, known: tuple[str, ...]
) -> tuple[str, PaperSource]:
    if entry.paper:
        return entry.paper, "manifest"
    if option:
        return option, "option"
    if masthead and (name := masthead_paper(masthead, known)):
        return name, "masthead"
    if where.paper:
        return where.paper, "path"
    return "", "unknown"


def masthead_paper(masthead: str, known: tuple[str, ...] = ()) -> str:
    """The paper a masthead names: a known paper first, else a name ending in 日报/晚报/…."""
    found = [k for k in known if k in masthead]
    if found:
        return max(found, key=len)
    m = _PAPER_NAME.search(masthead)
    return m.group(1) if m else ""


_PAPER_NAME = re.compile(r"(?:^|\s)([\u4e00-\u9fff]{2,8}(?:日报|晚报|晨报|时报|早报|商报|都市报))")


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


def _article(d: Draft, issue_id: str, issue_date: str, seq: int, paper: str = "",
             page: int | None = None, page_name: str = "") -> Article:
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
    return Article(
        id=article_id(paper, page, issue_date, content), issue_id=issue_id, date=issue_date, seq=seq, title=title, body=body.text,
        kicker=fields["kicker"], subtitle=fields["subtitle"], byline=byline, author=author,
        captions=tuple(captions), highlights=tuple(highlights), continued=d.continued,
        continued_from=d.continued_from, title_inferred=inferred, kind=kind,
        subheads=tuple(subheads), origins=tuple(origins), paper=paper, page=page,
        page_name=page_name,
    )


def article_id(paper: str, page: int | None, issue_date: str, content: str) -> str:
    """An article's id: a hash of its paper, page, date and text.

    Paper and page join the hash only when known, so ids made before they were (and
    of files that never say) stay what they were.
    """
    where = "".join(f"{x}\n" for x in (paper, page) if x not in ("", None))
    return "a" + hashlib.sha1(f"{where}{issue_date}\n{content}".encode()).hexdigest()[:16]


def with_paper(parsed: ParsedIssue, paper: str, source: PaperSource) -> ParsedIssue:
    """The same parsed file filed under ``paper`` (named by its sibling files), ids to match."""
    articles = []
    for a in parsed.articles:
        content = "\n".join([a.body, *a.captions, *a.highlights]) or a.title
        aid = article_id(paper, a.page, a.date, content)
        suffix = a.id.rpartition("-")[2] if "-" in a.id else ""
        articles.append(replace(a, id=f"{aid}-{suffix}" if suffix else aid, paper=paper))
    issue = replace(parsed.issue, paper=paper, paper_source=source)
    return replace(parsed, issue=issue, articles=tuple(articles))


def _replace_id(a: Article, aid: str) -> Article:
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
