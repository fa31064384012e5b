"""Bookmarks and search results as reference lists: RIS, CSL-JSON, Markdown and CSV.

RIS (``TY  - NEWS``) and CSL-JSON (``article-newspaper``) are what Zotero,
EndNote and other reference managers import; Markdown and CSV carry the
GB/T 7714 citation beside the snippet or note, to read or to open in a
spreadsheet. Each takes a sequence of :class:`Entry` and returns the text.

>>> from reader.research.citation import Reference
>>> ris([Entry(Reference("a1", "题名", "2022-02-24", ("李明璇",), "大同日报", 1))]).splitlines()[:4]
['TY  - NEWS', 'AU  - 李明璇', 'TI  - 题名', 'T2  - 大同日报']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.research.citation import Reference, gbt7714

FORMATS = ("ris", "csl-json", "markdown", "csv")


@dataclass(frozen=True)
class Entry:
    """One exported item: the article's reference and what the reader wrote or found there."""

    ref: Reference
    snippet: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    quotes: tuple[str, ...] = field(default=())  # highlighted passages, with their notes


def export(entries: Sequence[Entry], fmt: str) -> str:
    """``entries`` in format ``fmt`` (one of :data:`FORMATS`)."""
    writers: dict[str, Callable[[Sequence[Entry]], str]] = {
        "ris": ris, "csl-json": csl_json, "markdown": markdown, "csv": csv_text}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return writers[fmt](entries)


def ris(entries: Sequence[Entry]) -> str:
    """RIS records, ``TY  - NEWS``: one per entry, tags in the order RIS readers expect."""
    out: list[str] = []
    for e in entries:
        r = e.ref
        lines = [("TY", "NEWS")]
        lines += [("AU", a) for a in r.authors]
        lines.append(("TI", r.full_title))
        if r.paper:
            lines.append(("T2", r.paper))
        year, _, _ = r.date.partition("-")
        lines += [("PY", year), ("DA", r.date.replace("-", "/"))]
        if r.page is not None:
            lines.append(("SP", str(r.page)))
        lines += [("LA", "zh"), ("ID", r.article_id)]
        if e.snippet:
            lines.append(("AB", _one_line(e.snippet)))
        for text in (e.note, *e.quotes):
            if text:
                lines.append(("N1", _one_line(text)))
        lines += [("KW", t) for t in e.tags]
        lines.append(("ER", ""))
        out.extend(f"{tag}  - {value}" for tag, value in lines)
    return "\n".join(out) + ("\n" if out else "")


def csl_json(entries: Sequence[Entry]) -> str:
    """A CSL-JSON array of ``article-newspaper`` items (names as literals: Chinese names
    are not split into given and family names)."""
    items = []
    for e in entries:
        r = e.ref
        item: dict[str, object] = {"id": r.article_id, "type": "article-newspaper",
                                   "title": r.full_title, "language": "zh-CN"}
        if r.authors:
            item["author"] = [{"literal": a} for a in r.authors]
        if r.paper:
            item["container-title"] = r.paper
        parts = [int(p) for p in r.date.split("-") if p.isdigit()]
        if parts:
            item["issued"] = {"date-parts": [parts]}
        if r.page is not None:
            item["page"] = str(r.page)
        if e.snippet:
            item["abstract"] = e.snippet
        note = "\n".join(t for t in (e.note, *e.quotes) if t)
        if note:
            item["note"] = note
        if e.tags:
            item["keyword"] = ", ".join(e.tags)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def markdown(entries: Sequence[Entry]) -> str:
    """A numbered list: the citation, then the snippet (quoted), the note and tags."""
    out = []
    for n, e in enumerate(entries, 1):
        out.append(f"{n}. {_md(gbt7714(e.ref))}")
        if e.snippet:
            out.append(f"   > {_md(_one_line(e.snippet))}")
        for q in e.quotes:
            out.append(f"   > {_md(_one_line(q))}")
        if e.note:
            out.append(f"   {_md(_one_line(e.note))}")
        if e.tags:
            out.append("   " + " ".join(f"`{t}`" for t in e.tags))
    return "\n".join(out) + ("\n" if out else "")


CSV_COLUMNS = ("article_id", "date", "paper", "page", "authors", "title", "citation", "snippet",
               "note", "tags")


def csv_text(entries: Sequence[Entry]) -> str:
    """CSV with a header (UTF-8; spreadsheets want the BOM the caller may add)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in entries:
        r = e.ref
        note = "\n".join(t for t in (e.note, *e.quotes) if t)
        w.writerow([r.article_id, r.date, r.paper, "" if r.page is None else r.page,
                    " ".join(r.authors), r.full_title, gbt7714(r), e.snippet, note, " ".join(e.tags)])
    return buf.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _md(text: str) -> str:
    """Text that Markdown shows as typed (its markup characters escaped)."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)
