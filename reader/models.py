"""Plain, frozen data: issues, articles, search hits, import reports, bookmarks.

Everything downstream of the parser (library store, index, search, UI) passes
these around; none of them carry behaviour beyond small derived views.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["masthead", "filename", "manifest", "inferred", "unknown"]
# Where an issue's paper name came from, most trusted first; "unknown" is the unnamed paper.
PaperSource = Literal["manifest", "option", "masthead", "path", "unknown"]


@dataclass(frozen=True)
class Origin:
    """Where a piece of an article's mended text came from in the decoded source text.

    ``field`` names the article field ("title", "body", ...), ``start``/``end``
    are character offsets in that field, ``src_start``/``src_end`` offsets in the
    issue's decoded text. Joining broken lines removes line breaks only, so every
    character of a field maps back to a character the paper printed.
    """

    field: str
    start: int
    end: int
    src_start: int
    src_end: int


@dataclass(frozen=True)
class Article:
    """One story on a page, as a reader sees it.

    ``body`` holds paragraphs joined by "\\n". ``title_inferred`` is true when the
    paper printed no headline and the title was taken from the first sentence.
    ``kind`` is "article" or "photo" (a stand-alone news photo and its caption).
    """

    id: str
    issue_id: str
    date: str
    seq: int
    title: str
    body: str
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    author: str = ""
    captions: tuple[str, ...] = ()
    highlights: tuple[str, ...] = ()
    continued: str | None = None
    continued_from: str | None = None
    title_inferred: bool = False
    kind: str = "article"
    subheads: tuple[int, ...] = ()
    origins: tuple[Origin, ...] = field(default=(), compare=False, repr=False)
    paper: str = ""
    page: int | None = None
    page_name: str = ""
    continues_in: str | None = None
    continues_from: str | None = None

    @property
    def heading(self) -> str:
        """Kicker, title and subtitle as one line (what the index calls the title)."""
        return " ".join(p for p in (self.kicker, self.title, self.subtitle) if p)

    def plain_text(self) -> str:
        """The article as plain text, for copying and exporting."""
        parts = [p for p in (self.kicker, self.title, self.subtitle, self.byline) if p]
        parts.extend(self.highlights)
        parts.extend(self.captions)
        parts.append(self.body)
        if self.continued:
            parts.append(f"（下转{self.continued}）")
        return "\n".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "issue_id": self.issue_id,
            "date": self.date,
            "seq": self.seq,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "author": self.author,
            "body": self.body,
            "captions": list(self.captions),
            "highlights": list(self.highlights),
            "continued": self.continued,
            "continued_from": self.continued_from,
            "title_inferred": self.title_inferred,
            "kind": self.kind,
            "subheads": list(self.subheads),
            "paper": self.paper,
            "page": self.page,
            "page_name": self.page_name,
            "continues_in": self.continues_in,
            "continues_from": self.continues_from,
        }


@dataclass(frozen=True)
class Issue:
    """One issue of a paper: one date (and edition), made of one or more pages from one or more files."""

    id: str
    date: str
    date_source: DateSource
    source: str
    number: int | None = None
    date_note: str = ""
    source_path: str = ""
    sha256: str = ""
    article_count: int = 0
    extras: tuple[str, ...] = ()
    paper: str = ""
    paper_source: PaperSource = "unknown"
    edition: str = ""
    pages: tuple[Page, ...] = ()
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.date,
            "date_source": self.date_source,
            "date_note": self.date_note,
            "number": self.number,
            "articles": self.article_count,
            "source": self.source,
            "paper": self.paper,
            "paper_source": self.paper_source,
            "edition": self.edition,
            "pages": [p.to_json() for p in self.pages],
            "sources": list(self.sources) or [self.source],
        }


@dataclass(frozen=True)
class Page:
    """One page (版) of an issue: its number (None when the files do not say) and name."""

    number: int | None
    name: str = ""
    articles: int = 0

    def to_json(self) -> dict[str, object]:
        return {"page": self.number, "name": self.name, "articles": self.articles}


@dataclass(frozen=True)
class ParsedIssue:
    """What the parser makes of one decoded file (a whole issue, a page or an article).

    ``issue.id`` is the file's own id (a *part* of the issue the store files it
    under: one paper, one date, one edition); ``page``/``page_name`` place it in
    that issue, ``sort_key`` orders it among the issue's other files, ``layout``
    says how it was read ("issue", "page", "article" or "md_article").
    """

    issue: Issue
    articles: tuple[Article, ...]
    text: str
    page: int | None = None
    page_name: str = ""
    sort_key: str = ""
    layout: str = "issue"


FileStatus = Literal["imported", "updated", "unchanged", "moved", "duplicate", "skipped"]


@dataclass(frozen=True)
class FileReport:
    """What happened to one file during an import."""

    path: str
    status: FileStatus
    reason: str = ""
    issue_id: str | None = None
    date: str | None = None
    articles: int = 0
    encoding: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "issue_id": self.issue_id,
            "date": self.date,
            "articles": self.articles,
            "encoding": self.encoding,
        }


@dataclass(frozen=True)
class ImportReport:
    """The result of importing files or folders: one FileReport per file."""

    files: tuple[FileReport, ...]
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def changed(self) -> bool:
        return any(f.status in ("imported", "updated") for f in self.files)

    def to_json(self) -> dict[str, object]:
        return {
            "files": [f.to_json() for f in self.files],
            "imported": self.count("imported"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "moved": self.count("moved"),
            "articles": sum(f.articles for f in self.files if f.status in ("imported", "updated")),
            "duplicate": self.count("duplicate"),
            "skipped": self.count("skipped"),
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True)
class Bookmark:
    """A saved article: its stable id plus a snapshot, so it outlives the article.

    ``issue_id``, ``date``, ``title`` and ``kicker`` are copied from the article
    when it is bookmarked (and refreshed while it exists), so a bookmark whose
    article vanished after a re-import still shows what it was; ``paper``,
    ``page`` and ``excerpt`` (the opening of the text) travel in exports, so
    another library can find the article by them. ``detached`` is
    true while no article in the library matches it. Timestamps are ISO 8601 UTC.
    """

    article_id: str
    issue_id: str
    date: str
    title: str
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    detached: bool = False
    kicker: str = ""
    paper: str = ""
    page: int | None = None
    excerpt: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "issue_id": self.issue_id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "kicker": self.kicker,
            "title": self.title,
            "excerpt": self.excerpt,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "detached": self.detached,
        }


@dataclass(frozen=True, order=True)
class Span:
    """Where a search matched: ``text[start:end]`` of one article field.

    ``field`` is spelt one way from the index to the reading pane: "kicker",
    "title", "subtitle", "byline", "body", or "captions[k]" / "highlights[k]"
    for the k-th picture caption or summary line.
    """

    field: str
    start: int
    end: int

    @property
    def part(self) -> tuple[str, int | None]:
        """("captions", 2) for "captions[2]"; ("body", None) for "body"."""
        name, _, rest = self.field.partition("[")
        return name, int(rest[:-1]) if rest else None

    def text_of(self, article: Article) -> str:
        """The whole field of ``article`` this span is in."""
        name, k = self.part
        value = getattr(article, name)
        return str(value[k] if k is not None else value)


@dataclass(frozen=True)
class Hit:
    """One article found by a search, with where the query matched.

    ``spans`` are the matches in the article's own fields (:class:`Span`), in
    field order. ``snippet`` is about 80 characters of the body around the best
    match (of the caption or summary line that matched, when the body has no
    match); ``snippet_spans`` are the (start, end) of the matches inside it.
    """

    article_id: str
    issue_id: str
    date: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...] = field(default=(), compare=False)
    paper: str = ""
    page: int | None = None

    def spans_in(self, name: str) -> list[tuple[int, int]]:
        """(start, end) of the matches in field ``name`` ("title", "captions[0]", ...)."""
        return [(s.start, s.end) for s in self.spans if s.field == name]

    def to_json(self) -> dict[str, object]:
        spans: dict[str, list[list[int]]] = {k: [] for k in _SPAN_FIELDS}
        for s in self.spans:
            name, k = s.part
            spans.setdefault(name, []).append([s.start, s.end] if k is None else [k, s.start, s.end])
        return {
            "article_id": self.article_id,
            "issue_id": self.issue_id,
            "date": self.date,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            "spans": spans,
            "paper": self.paper,
            "page": self.page,
        }


# The JSON of a hit lists every field, matched or not: captions and highlights as [k, start, end].
_SPAN_FIELDS = ("kicker", "title", "subtitle", "byline", "body", "captions", "highlights")


@dataclass(frozen=True)
class SearchResult:
    """What a search found: ``total`` matching articles, ``hits`` the requested page of them."""

    query: str
    total: int
    hits: tuple[Hit, ...]

    def to_json(self) -> dict[str, object]:
        return {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits]}
